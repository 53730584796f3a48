// WhatsApp's 24-hour reply window and message templates, in headless Chromium against the real server and the fake
// Graph API (tests/integration/meta_graph_fake.mjs): an admin adds a WhatsApp number in the Configurator and syncs
// its templates; a customer's message from 25 hours ago reaches an agent, whose composer says the window closed and
// offers the template picker right there; the agent fills the approved template in, sees the preview, sends it, and
// Meta receives the template. A message from ten minutes ago shows the window counting down. The protocol itself is
// tested in tests/integration/whatsapp_channel.test.mjs.
//
// Screenshots go to PARLEY_SCREENSHOT_DIR, else /tmp/whatsapp-shots.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startMetaGraphFake } from '../integration/meta_graph_fake.mjs';
import { expectAccessible } from './axe.mjs';
import { launchBrowser, openPage, signIn } from './browser.mjs';
import { startServer } from './server.mjs';

const PHONE_NUMBER_ID = '106540352242922';
const WABA_ID = '102290129340398';
const shots = process.env.PARLEY_SCREENSHOT_DIR ?? '/tmp/whatsapp-shots';
const bob = { email: 'bob@example.test', password: 'bobs real password', role: 'agent', displayName: 'Bob Agent' };

let meta;
let server;
let browser;
let admin;
let agent;
let channelId;

async function shot(page, name) {
  await mkdir(shots, { recursive: true });
  await page.screenshot({ path: join(shots, name), fullPage: false });
}

before(async () => {
  meta = await startMetaGraphFake();
  meta.addPhoneNumber({ phoneNumberId: PHONE_NUMBER_ID, businessAccountId: WABA_ID, displayPhoneNumber: '+1 555-000-1111', verifiedName: 'Parley Shop' });
  meta.setTemplates(WABA_ID, [
    { name: 'ticket_update', language: 'en_US', components: [{ type: 'BODY', text: 'Your ticket {{1}} was updated: {{2}}' }] },
    { name: 'autumn_sale', language: 'en_US', status: 'PENDING', category: 'MARKETING', components: [{ type: 'BODY', text: 'Sale!' }] },
  ]);
  server = await startServer({ extraUsers: [bob] });
  browser = await launchBrowser();
  admin = await openPage(browser);
  await signIn(admin.page, server.url, server.user, '/configurator/channels');
});

after(async () => {
  const problems = [admin, agent].filter(Boolean).flatMap((person) => person.problems);
  await browser?.close();
  await server?.stop();
  await meta?.close();
  assert.deepEqual(problems, [], 'no page errors, CSP violations or console errors');
});

test('an admin adds a WhatsApp number and syncs its message templates in the Configurator', async () => {
  const page = admin.page;
  await page.getByRole('button', { name: 'Add WhatsApp number' }).click();
  await page.getByLabel('Name').fill('Shop number');
  await page.getByLabel('Phone number ID').fill(PHONE_NUMBER_ID);
  await page.getByLabel('WhatsApp Business Account ID').fill(WABA_ID);
  await page.getByLabel('Access token').fill(meta.accessToken);
  await page.getByLabel('App secret').fill(meta.appSecret);
  await page.getByLabel('Graph API address').fill(meta.url);
  await page.getByLabel('Graph API version').fill(meta.version);
  await page.getByRole('button', { name: 'Add channel' }).click();
  const card = page.locator('section.cfg-channel-card', { has: page.getByRole('heading', { name: 'Shop number' }) });
  await card.getByText('Connected').first().waitFor({ timeout: 15_000 });

  const templates = card.locator('section', { has: page.getByRole('heading', { name: 'Message templates' }) });
  await templates.getByRole('button', { name: 'Sync now' }).click();
  await templates.getByText('Synced 2 templates from Meta: 1 approved.').waitFor({ timeout: 15_000 });
  const approved = templates.getByRole('row', { name: /ticket_update/ });
  await approved.getByText('Approved').waitFor();
  assert.equal(await approved.getByRole('cell').last().textContent(), 'Your ticket {{1}} was updated: {{2}}');
  await templates.getByRole('row', { name: /autumn_sale/ }).getByText('In review').waitFor();
  await templates.getByRole('heading', { name: 'Message templates' }).scrollIntoViewIfNeeded();
  await shot(page, 'configurator-whatsapp-templates.png');
  await expectAccessible(page, 'Configurator: a WhatsApp number with its templates');

  const listed = await page.evaluate(async () => (await (await fetch('/api/v1/channels')).json()).items);
  const whatsapp = listed.find((channel) => channel.type === 'whatsapp');
  assert.equal(whatsapp.capabilities.templates, true);
  channelId = whatsapp.id;
  // Meta is told where to send the number's messages, with the verify token the channel shows.
  const subscribed = await meta.subscribe(`${server.url}/api/v1/channels/${channelId}/webhook`, whatsapp.verifyToken);
  assert.equal(subscribed.ok, true, JSON.stringify(subscribed));
});

test('a closed reply window offers the template picker: the agent fills the template in and Meta receives it', async () => {
  assert.ok(channelId, 'the channel from the first test');
  agent = await openPage(browser);
  const page = agent.page;
  await signIn(page, server.url, bob, '/');
  await page.getByLabel('Presence').selectOption('available');
  await page.waitForFunction(async () => {
    const answer = await fetch('/api/v1/me/agent');
    return answer.ok && (await answer.json()).agent.presence === 'available';
  });

  const late = meta.whatsapp.text('4915199999999', 'Are you still there?', { timestamp: Math.floor(Date.now() / 1000) - 25 * 3600 });
  const posted = await meta.whatsapp.post({ phoneNumberId: PHONE_NUMBER_ID, messages: [late], names: { '4915199999999': 'Ana' } });
  assert.equal(posted.status, 200, posted.body);
  await page.getByRole('link', { name: 'Conversations' }).click();
  await page.getByText('Are you still there?').first().waitFor({ timeout: 15_000 });
  await page.getByText('Are you still there?').first().click();

  const notice = page.getByText(/^The 24-hour reply window closed 1 h( \d+ min)? ago\. WhatsApp only delivers approved templates now/);
  await notice.waitFor({ timeout: 15_000 });
  assert.equal(await page.getByLabel('Reply', { exact: true }).isDisabled(), true, 'no free-form reply');
  await shot(page, 'workspace-whatsapp-closed.png');

  // The picker, from the notice, with the keyboard.
  await page.getByRole('button', { name: 'Send a template' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Send a template' });
  await dialog.getByRole('radio', { name: 'ticket_update · en_US · Utility' }).waitFor({ timeout: 15_000 });
  assert.equal(await dialog.getByRole('radio').count(), 1, 'only the approved template');
  assert.equal(await dialog.getByText('autumn_sale').count(), 0);
  const preview = dialog.locator('.ws-template-preview');
  assert.equal(await preview.textContent(), 'Your ticket {{1}} was updated: {{2}}');

  await dialog.getByLabel('Parameter 1').fill('#4711');
  assert.equal(await preview.textContent(), 'Your ticket #4711 was updated: {{2}}');
  await dialog.getByRole('button', { name: 'Send template' }).click();
  await dialog.getByText('Fill this in: the template needs a value here.').waitFor();
  await shot(page, 'workspace-whatsapp-template-picker-empty.png');
  assert.equal(await dialog.getByLabel('Parameter 2').evaluate((input) => input === document.activeElement), true, 'the empty one has focus');
  await dialog.getByLabel('Parameter 2').fill('shipped  \ttoday');
  await dialog.getByText('No line breaks or tabs').waitFor();
  await expectAccessible(page, 'Workspace: the template picker');
  await shot(page, 'workspace-whatsapp-template-picker-problem.png');
  await dialog.getByLabel('Parameter 2').fill('shipped today');
  assert.equal(await preview.textContent(), 'Your ticket #4711 was updated: shipped today');
  await shot(page, 'workspace-whatsapp-template-picker.png');

  const sends = meta.sent.length;
  await dialog.getByRole('button', { name: 'Send template' }).click();
  const sent = await meta.waitForSent((entry) => entry.ok && entry.body.type === 'template');
  assert.deepEqual(sent.body.template, {
    name: 'ticket_update',
    language: { code: 'en_US' },
    components: [{ type: 'body', parameters: [{ type: 'text', text: '#4711' }, { type: 'text', text: 'shipped today' }] }],
  });
  assert.equal(sent.body.to, '4915199999999');
  await dialog.waitFor({ state: 'hidden' });
  // The timeline shows what the customer read, marked as a template.
  await page.getByText('Template: ticket_update').waitFor({ timeout: 15_000 });
  await page.getByText('Your ticket #4711 was updated: shipped today').waitFor();
  assert.equal(meta.sent.length, sends + 1, 'sent once');
  assert.equal(await page.getByRole('button', { name: 'Send a template' }).evaluate((button) => button === document.activeElement), true, 'focus back on the button that opened the picker');
  await shot(page, 'workspace-whatsapp-template-sent.png');
});

test('an open reply window counts down, with templates among the reply tools', async () => {
  const page = agent.page;
  const hello = meta.whatsapp.text('4915112345678', 'Hi, where is my parcel?', { timestamp: Math.floor(Date.now() / 1000) - 600 });
  const posted = await meta.whatsapp.post({ phoneNumberId: PHONE_NUMBER_ID, messages: [hello], names: { '4915112345678': 'Ben' } });
  assert.equal(posted.status, 200, posted.body);
  await page.getByText('Hi, where is my parcel?').first().waitFor({ timeout: 15_000 });
  await page.getByText('Hi, where is my parcel?').first().click();
  await page.getByText(/^Reply window: 23 h (4\d|50) min left$/).waitFor({ timeout: 15_000 });
  assert.equal(await page.getByLabel('Reply', { exact: true }).isDisabled(), false);
  assert.equal(await page.getByText(/reply window closed/).count(), 0);
  await page.getByRole('button', { name: 'Send a template' }).click();
  await page.getByRole('dialog', { name: 'Send a template' }).getByLabel('Parameter 1').waitFor({ timeout: 15_000 });
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Send a template' }).waitFor({ state: 'hidden' });
  await expectAccessible(page, 'Workspace: a WhatsApp conversation with the window open');
  await shot(page, 'workspace-whatsapp-open.png');
});
