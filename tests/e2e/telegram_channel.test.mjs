// An admin adds a Telegram bot in the Configurator, in headless Chromium against the real server, pointing at the
// npm `telegram-test-api` Bot API emulator (behind tests/integration/telegram_bot_api.mjs) in polling mode (this
// server has no public URL): the channel connects and says so, the test asks getMe; then a Telegram user writes,
// the agent answers in the Workspace, and the user receives the answer. The Bot API protocol itself is tested in
// tests/integration/telegram_channel.test.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BotApi } from '../integration/telegram_bot_api.mjs';
import { expectAccessible } from './axe.mjs';
import { launchBrowser, openPage, saveScreenshot, signIn } from './browser.mjs';
import { startServer } from './server.mjs';

const TOKEN = '246813579:AAE-e2e_browser_bot';
const bob = { email: 'bob@example.test', password: 'bobs real password', role: 'agent', displayName: 'Bob Agent' };

let server;
let browser;
let botApi;
let admin;

before(async () => {
  botApi = await BotApi.start();
  server = await startServer({ extraUsers: [bob] });
  browser = await launchBrowser();
  admin = await openPage(browser);
  await signIn(admin.page, server.url, server.user, '/configurator/channels');
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await botApi?.stop();
});

test('an admin adds a Telegram bot in the Configurator: it connects, and the test asks Telegram about it', async () => {
  const page = admin.page;
  await page.getByRole('button', { name: 'Add Telegram bot' }).click();
  await page.getByLabel('Name').fill('Support bot');
  await page.getByLabel('Bot token').fill(TOKEN);
  await page.getByLabel(/Polling/).check();
  await page.getByLabel('Bot API address').fill(botApi.url);
  await page.getByRole('button', { name: 'Add channel' }).click();
  const card = page.locator('section', { has: page.getByText('Support bot') }).last();
  await card.getByText('Connected').first().waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Test bot' }).click();
  await page.getByText('Telegram knows the bot: the token works.').waitFor({ timeout: 15_000 });
  await card.getByText('Support bot').first().evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await saveScreenshot(page, 'configurator-telegram.png');
  await expectAccessible(page, 'Configurator: a Telegram channel');

  const listed = await page.evaluate(async () => (await (await fetch('/api/v1/channels')).json()).items);
  const telegram = listed.find((channel) => channel.type === 'telegram');
  assert.equal(telegram.status.state, 'connected');
  assert.deepEqual(telegram.settings, { mode: 'polling', apiBaseUrl: botApi.url });
  assert.equal(telegram.passwordSet, true);
  assert.ok(!JSON.stringify(listed).includes(TOKEN), 'the token is never shown');
});

test('a Telegram user writes, the agent answers in the Workspace, and the user receives it', async () => {
  const agent = await openPage(browser);
  await signIn(agent.page, server.url, bob, '/');
  await agent.page.getByLabel('Presence').selectOption('available');
  await agent.page.waitForFunction(async () => {
    const answer = await fetch('/api/v1/me/agent');
    return answer.ok && (await answer.json()).agent.presence === 'available';
  });
  const user = botApi.user(TOKEN, 31337, 'Dana');
  await user.sendMessage(user.makeMessage('Where is my order?'));
  await agent.page.getByRole('link', { name: 'Conversations' }).click();
  await agent.page.getByText('Where is my order?').first().waitFor({ timeout: 15_000 });
  await agent.page.getByText('Where is my order?').first().click();
  // Typing in the composer shows "typing…" in Telegram (sendChatAction).
  await agent.page.getByLabel('Reply').pressSequentially('It ships today.');
  await waitUntil(() => botApi.callsOf('sendChatAction').length > 0, 'Telegram is told the agent is typing');
  await agent.page.getByRole('button', { name: 'Send' }).click();
  await waitUntil(
    () => botApi.sentTo(TOKEN, 31337).some((message) => message.text === 'It ships today.'),
    'the answer reaches the Telegram user',
  );

  // Dana sends a photo (a parcel label drawn by the browser): Parley fetches and stores it, and the
  // agent sees it in the timeline.
  const label = Buffer.from(
    await agent.page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 240;
      canvas.height = 120;
      const draw = canvas.getContext('2d');
      draw.fillStyle = '#f4d35e';
      draw.fillRect(0, 0, 240, 120);
      draw.fillStyle = '#1d3557';
      draw.font = 'bold 22px sans-serif';
      draw.fillText('PARCEL 2026-117', 18, 68);
      return canvas.toDataURL('image/png').split(',')[1];
    }),
    'base64',
  );
  botApi.addFile('dana-photo', label);
  const photo = user.makeMessage(undefined, {
    photo: [{ file_id: 'dana-photo', file_unique_id: 'dp', width: 240, height: 120, file_size: label.length }],
    caption: 'the parcel label',
  });
  delete photo.text;
  await user.sendMessage(photo);
  const image = agent.page.getByRole('img', { name: 'the parcel label' });
  await image.waitFor({ timeout: 15_000 });
  await agent.page.waitForFunction(
    () => [...document.querySelectorAll('img.tl-image')].some((img) => img.complete && img.naturalWidth > 0),
    undefined,
    { timeout: 15_000 },
  );
  await expectAccessible(agent.page, 'Workspace: a Telegram conversation with a photo');

  // Bob answers with a file from his computer: it is uploaded as he picks it, then to Telegram with
  // the call, and what Telegram gets is Bob's file.
  const chooser = agent.page.waitForEvent('filechooser');
  await agent.page.getByRole('button', { name: 'Attach a file' }).click();
  await (await chooser).setFiles({ name: 'return-label.png', mimeType: 'image/png', buffer: label });
  await agent.page.getByText(/return-label\.png · \d+ KB/).waitFor({ timeout: 15_000 });
  await agent.page.getByLabel('Reply').fill('Your return label');
  await agent.page.getByRole('button', { name: 'Send' }).click();
  await waitUntil(() => botApi.callsOf('sendPhoto').length > 0, 'Telegram is asked to send the photo');
  const sendPhoto = botApi.callsOf('sendPhoto').at(-1);
  assert.equal(sendPhoto.params.caption, 'Your return label');
  assert.equal(sendPhoto.params.photo.name, 'return-label.png');
  assert.deepEqual(sendPhoto.params.photo.bytes, label);
  await agent.page.getByRole('img', { name: 'Your return label' }).waitFor({ timeout: 15_000 });
  await agent.page.getByText(/return-label\.png · /).waitFor({ state: 'detached' });

  // Dana blocks the bot: the next answer is not delivered, and the agent sees why.
  botApi.failNext('sendMessage', 403);
  await agent.page.getByLabel('Reply').fill('Anything else?');
  await agent.page.getByRole('button', { name: 'Send' }).click();
  await agent.page.getByText('Not delivered: unreachable (blocked the bot)').waitFor({ timeout: 15_000 });
  await saveScreenshot(agent.page, 'workspace-telegram.png');
  await agent.context.close();
});

async function waitUntil(check, what, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    assert.ok(Date.now() < deadline, what);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
