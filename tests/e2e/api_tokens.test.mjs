// API tokens in the Configurator, in headless Chromium against the real server: an admin creates a token for an
// order bot (some permissions, 30 days) and copies its secret, which is shown once; the bot posts a customer's
// message and replies with it; a supervisor sees the reply in the conversation as an API integration's, with a Bot
// badge; the list shows when the token was last used; the admin revokes it with a typed confirmation, and the
// secret is refused from then on. The tab (list, form) is checked with axe-core; screenshots: api-tokens-list.png,
// api-tokens-create.png, api-tokens-secret.png, timeline-integration-reply.png.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { expectAccessible } from './axe.mjs';
import { launchBrowser, openPage, saveScreenshot, signIn } from './browser.mjs';
import { startServer } from './server.mjs';

const sue = { email: 'sue@example.test', password: 'sues long password', role: 'supervisor', displayName: 'Sue Super' };
const TAB = '/configurator/api-tokens';

let server;
let browser;
/** The integrator's webhook, where replies in API conversations go: it takes them all. */
let integrator;
let admin;
const pages = [];
/** What the page showed once: the new token's secret, and the token as the server created it. */
let secret;
let created;
let conversationId;

/** A call to the API with `bearer` (the CLI's setup token, or the secret from the page): { status, body }. */
async function call(bearer, method, path, body) {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json().catch(() => null) };
}

async function open() {
  const opened = await openPage(browser);
  pages.push(opened);
  return opened.page;
}

const tokenRow = (page, name) => page.getByRole('row', { name: new RegExp(name) });
/** The row's cells after its name: role, permissions, created, last used, expires, actions. */
const cell = (row, index) => row.getByRole('cell').nth(index);

before(async () => {
  server = await startServer({ extraUsers: [sue], apiToken: true });
  browser = await launchBrowser();
  integrator = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200).end());
  });
  await new Promise((resolve) => integrator.listen(0, '127.0.0.1', resolve));
  const hook = await call(server.token, 'PATCH', '/settings/routing', {
    apiWebhookUrl: `http://127.0.0.1:${integrator.address().port}/hook`,
  });
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
});

after(async () => {
  const problems = pages.flatMap((each) => each.problems);
  await browser?.close();
  integrator?.close();
  const stopped = await server?.stop();
  assert.deepEqual(problems, [], 'a page reported errors');
  if (stopped) {
    const { code, signal, stderr } = stopped;
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, `server did not exit cleanly; stderr:\n${stderr}`);
  }
});

test('an admin creates a token with some permissions and 30 days, and sees its secret once', async () => {
  admin = await open();
  await signIn(admin, server.url, server.user, TAB);
  await admin.getByRole('heading', { name: 'API tokens', level: 2 }).waitFor();
  // The setup token the CLI made is listed, with full access.
  const setup = tokenRow(admin, 'E2E integrator');
  await setup.waitFor();
  assert.equal(await cell(setup, 1).innerText(), 'Full access');
  assert.equal(await cell(setup, 2).innerText(), 'Command line', 'made by the operator\'s CLI');
  await expectAccessible(admin, 'Configurator: API tokens');

  await admin.getByRole('button', { name: 'Create token' }).click();
  const form = admin.getByRole('region', { name: 'New API token' });
  await form.waitFor();
  assert.equal(await admin.evaluate(() => document.activeElement?.textContent), 'New API token', 'focus on the form');

  // Nothing filled in: it says what to fix, and sends nothing.
  await form.getByRole('button', { name: 'Create token' }).click();
  await form.getByText('Enter a name: what uses the token').waitFor();
  await form.getByText('Choose at least one permission.').waitFor();
  assert.equal(await form.getByLabel('Name').evaluate((element) => element === document.activeElement), true);

  await form.getByLabel('Name').fill('Order bot');
  await form.getByLabel('Role').selectOption('admin');
  // Full access includes the rest: they show ticked and cannot be changed on their own.
  const full = form.getByRole('checkbox', { name: /^Full access/ });
  const send = form.getByRole('checkbox', { name: /^Send messages/ });
  await full.check();
  assert.equal(await send.isChecked(), true);
  assert.equal(await send.isDisabled(), true);
  await form.getByText('Included in full access.').first().waitFor();
  await full.uncheck();
  assert.equal(await send.isChecked(), false);
  await send.check();
  await form.getByRole('checkbox', { name: /^Read conversations/ }).check();
  await form.getByRole('checkbox', { name: /^Post inbound messages/ }).check();
  await form.getByLabel('Expiry', { exact: true }).selectOption('30');
  await form.getByText(/^It stops working on /).waitFor();
  await expectAccessible(admin, 'Configurator: new API token');
  await saveScreenshot(admin, 'api-tokens-create.png');

  const answered = admin.waitForResponse(
    (answer) => new URL(answer.url()).pathname === '/api/v1/tokens' && answer.request().method() === 'POST',
  );
  const clicked = Date.now();
  await form.getByRole('button', { name: 'Create token' }).click();
  const answer = await answered;
  assert.equal(answer.status(), 201);
  created = (await answer.json()).token;
  assert.equal(created.name, 'Order bot');
  assert.equal(created.role, 'admin');
  assert.deepEqual([...created.scopes].sort(), ['channels:inbound', 'conversations:read', 'messages:send']);
  const days = (Date.parse(created.expiresAt) - clicked) / 86_400_000;
  assert.ok(days > 29.99 && days < 30.01, `expires in 30 days, not ${days}`);

  await admin.getByRole('heading', { name: 'Token “Order bot” created' }).waitFor();
  await admin.getByText('Copy the secret now: you will not see it again.').waitFor();
  secret = await admin.getByLabel('Secret', { exact: true }).inputValue();
  assert.match(secret, /^pat_/);
  await saveScreenshot(admin, 'api-tokens-secret.png');

  // Back to the list: the secret is gone from the page, for good.
  await admin.getByRole('button', { name: 'Done' }).click();
  const row = tokenRow(admin, 'Order bot');
  await row.waitFor();
  assert.equal(await admin.evaluate(() => document.activeElement?.textContent), 'Create token');
  assert.equal((await admin.content()).includes(secret), false, 'the secret is not in the page any more');
  assert.equal(await cell(row, 1).innerText(), 'Read conversations\nSend messages\nPost inbound messages');
  assert.equal(await cell(row, 2).innerText(), 'Ada Admin', 'it acts for the admin who made it');
  assert.equal(await cell(row, 4).innerText(), 'Never', 'not used yet');
  await admin.reload();
  await row.waitFor();
  assert.equal((await admin.content()).includes(secret), false, 'nor after a reload');
});

test('the bot posts and replies with the secret, and a supervisor sees the reply as the integration’s', async () => {
  const posted = await call(secret, 'POST', '/channels/api/messages', {
    contact: { identity: '+15550100' },
    text: 'Where is my order?',
  });
  assert.equal(posted.status, 202, JSON.stringify(posted.body));
  conversationId = posted.body.conversation.id;
  const replied = await call(secret, 'POST', `/conversations/${conversationId}/messages`, { text: 'It ships today.' });
  assert.equal(replied.status, 201, JSON.stringify(replied.body));
  assert.equal(replied.body.message.authorKind, 'token');
  assert.equal(replied.body.message.authorId, created.id);

  const page = await open();
  await signIn(page, server.url, sue, `/all-conversations/${conversationId}`);
  const timeline = page.getByRole('region', { name: /^Timeline/ });
  await timeline.getByText('Where is my order?').waitFor();
  const reply = timeline.locator('.tl-message').filter({ hasText: 'It ships today.' });
  await reply.getByText('An integration wrote:').waitFor();
  await reply.getByText('API integration').waitFor();
  await reply.getByText('Bot', { exact: true }).waitFor();
  const text = await reply.innerText();
  assert.doesNotMatch(text, /tok_|colleague|unknown/i, 'never a raw id or an unknown user');
  await timeline.getByLabel(/^Sent/).waitFor();
  await expectAccessible(page, 'a conversation with an integration’s reply');
  await saveScreenshot(page, 'timeline-integration-reply.png');
});

test('the list shows when the token was last used', async () => {
  await admin.reload();
  const row = tokenRow(admin, 'Order bot');
  await row.waitFor();
  const lastUsed = await cell(row, 4).innerText();
  assert.notEqual(lastUsed, 'Never');
  assert.match(lastUsed, /\d/);
  await saveScreenshot(admin, 'api-tokens-list.png');
});

test('the admin revokes the token with the typed confirmation, and its secret is refused', async () => {
  const row = tokenRow(admin, 'Order bot');
  await row.getByRole('button', { name: 'Revoke' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.waitFor();
  const confirm = dialog.getByRole('button', { name: 'Revoke token' });
  assert.equal(await confirm.isDisabled(), true, 'disabled until the word is typed');
  await dialog.getByLabel(/Type revoke to confirm/).fill('revok');
  assert.equal(await confirm.isDisabled(), true);
  await dialog.getByLabel(/Type revoke to confirm/).fill('revoke');
  await expectAccessible(admin, 'Configurator: revoke an API token');
  await confirm.click();
  await dialog.waitFor({ state: 'detached' });
  await admin.getByRole('status').filter({ hasText: 'Token “Order bot” revoked.' }).waitFor();
  await row.waitFor({ state: 'detached' });
  await tokenRow(admin, 'E2E integrator').waitFor();

  const refused = await call(secret, 'GET', '/conversations');
  assert.equal(refused.status, 401);
  await admin.reload();
  await tokenRow(admin, 'E2E integrator').waitFor();
  assert.equal(await tokenRow(admin, 'Order bot').count(), 0, 'gone for good');
});
