// An admin adds an SMS (SMPP) channel in the Configurator, in headless Chromium against the real server, pointing
// at a test SMS center (the npm `smpp` package's server, tests/integration/smsc.mjs): the channel binds and says
// so, the connection test binds with the saved settings, a wrong password shows the refusal; then a text from a
// handset reaches the agent's Workspace and the agent's answer reaches the SMS center. The SMS protocol itself
// is tested in tests/integration/smpp_channel.test.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deliver, PASSWORD, startSmsc, stopSmsc, submittedMessages, SYSTEM_ID } from '../integration/smsc.mjs';
import { expectAccessible } from './axe.mjs';
import { launchBrowser, openPage, saveScreenshot, signIn } from './browser.mjs';
import { startServer } from './server.mjs';

const bob = { email: 'bob@example.test', password: 'bobs real password', role: 'agent', displayName: 'Bob Agent' };

let server;
let browser;
let smsc;
let admin;

before(async () => {
  smsc = await startSmsc();
  server = await startServer({ extraUsers: [bob] });
  browser = await launchBrowser();
  admin = await openPage(browser);
  await signIn(admin.page, server.url, server.user, '/configurator/channels');
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await stopSmsc(smsc);
});

test('an admin adds an SMS channel in the Configurator: its status turns to bound live, the connection test binds', async () => {
  const page = admin.page;
  await page.getByRole('button', { name: /Add SMS \(SMPP\)/ }).click();
  await page.getByLabel('Name').fill('Text us');
  await page.getByLabel('Host').fill('127.0.0.1');
  await page.getByLabel('Port').fill(String(smsc.port));
  await page.getByLabel('System id').fill(SYSTEM_ID);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Sender id').fill('+4477001');
  await page.getByRole('button', { name: 'Add channel' }).click();
  const card = page.locator('section', { has: page.getByText('Text us') }).last();
  await card.getByText(/Bound/).first().waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Test connection' }).first().click();
  await page.getByText('Connected: the SMS center accepted the saved settings.').waitFor({ timeout: 15_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await card.getByText('Text us').first().evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await saveScreenshot(page, 'configurator-sms.png');
  await expectAccessible(page, 'Configurator: an SMS channel');

  // The channel as the API sees it.
  const listed = await page.evaluate(async () => (await (await fetch('/api/v1/channels')).json()).items);
  const sms = listed.find((channel) => channel.type === 'smpp');
  assert.equal(sms.status.state, 'bound');
  assert.equal(sms.settings.sourceAddress, '+4477001');
  assert.equal(sms.passwordSet, true);
  assert.ok(!JSON.stringify(listed).includes(PASSWORD), 'the password is never shown');
});

test('a text from a handset reaches the agent in the Workspace, and the answer reaches the SMS center', async () => {
  const agent = await openPage(browser);
  await signIn(agent.page, server.url, bob, '/');
  await agent.page.getByLabel('Presence').selectOption('available');
  await agent.page.waitForFunction(async () => {
    const answer = await fetch('/api/v1/me/agent');
    return answer.ok && (await answer.json()).agent.presence === 'available';
  });
  await deliver(smsc, {
    source_addr: '15550123',
    destination_addr: '4477001',
    data_coding: 0,
    short_message: { message: 'Is my bike ready?' },
  });
  await agent.page.getByRole('link', { name: 'Conversations' }).click();
  await agent.page.getByText('Is my bike ready?').first().waitFor({ timeout: 15_000 });
  await agent.page.getByText('Is my bike ready?').first().click();
  await agent.page.getByLabel('Reply').fill('Yes, pick it up any time after 3.');
  await agent.page.getByRole('button', { name: 'Send' }).click();
  await smsc.until(
    () => submittedMessages(smsc.submits).some((message) => message.text === 'Yes, pick it up any time after 3.'),
    { label: 'the reply as submit_sm', ms: 15_000 },
  );
  const sent = submittedMessages(smsc.submits).find((message) => message.text === 'Yes, pick it up any time after 3.');
  assert.equal(sent.records[0].pdu.destination_addr, '15550123');
  await agent.context.close();
});
