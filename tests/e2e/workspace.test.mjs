// The flows of a working day, in headless Chromium against the real server: an admin sets up a skill, a
// category and the API channel's webhook and invites an agent; the agent accepts, turns auto-allocate on,
// gets a conversation an integrator posts through the API channel, replies (delivered to the integrator's
// webhook, signature checked), adds a note and closes it; a second agent picks a waiting conversation from the
// queue by hand; a supervisor watches the wallboard follow. Every main screen is checked with axe-core and
// saved to docs/screenshots/.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { verifySignature } from '../tools/parley_webhook.mjs';
import { expectAccessible } from './axe.mjs';
import { launchBrowser, openPage, saveScreenshot, signIn } from './browser.mjs';
import { startServer } from './server.mjs';

// The integrator's copy of the webhook secret: Parley makes it when the URL is saved and shows it once.
let webhookSecret = 'not shown yet';
const FIRST_LOAD_JS_LIMIT = 250 * 1024;
const bob = { email: 'bob@example.test', password: 'bobs real password', role: 'agent', displayName: 'Bob Agent' };
const sue = { email: 'sue@example.test', password: 'sues real password', role: 'supervisor', displayName: 'Sue Lead' };
const alice = { email: 'alice@example.test', password: 'alices new password', displayName: 'Alice Agent' };

let server;
let browser;
let integrator;
/** One page per person, each with its own cookies, open through the whole day. */
const people = {};

/** The integrator's webhook: records every genuine delivery, refuses forged ones. */
function startIntegrator() {
  const deliveries = [];
  const refused = [];
  const httpServer = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const problem = verifySignature(request.headers, body, webhookSecret);
      if (problem) {
        refused.push(problem);
        response.writeHead(401).end();
        return;
      }
      deliveries.push(JSON.parse(body.toString('utf8')));
      response.writeHead(200).end();
    });
  });
  return new Promise((resolve) => {
    httpServer.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${httpServer.address().port}/hooks/parley`;
      resolve({ url, deliveries, refused, close: () => new Promise((done) => httpServer.close(done)) });
    });
  });
}

/** An integrator posting a customer's message through the API channel. */
async function postInbound(identity, text, name) {
  const response = await fetch(`${server.url}/api/v1/channels/api/messages`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ contact: { identity, name }, text }),
  });
  const body = await response.json();
  assert.equal(response.status, 202, JSON.stringify(body));
  return body;
}

async function open(name) {
  people[name] = await openPage(browser);
  return people[name].page;
}

before(async () => {
  server = await startServer({ extraUsers: [bob, sue], apiToken: true });
  browser = await launchBrowser();
  integrator = await startIntegrator();
});

after(async () => {
  // Stop everything before asserting: a failed assertion must not leave the server running, which
  // would keep this file's process alive.
  const problems = Object.values(people).flatMap((person) => person.problems);
  await browser?.close();
  await integrator?.close();
  const stopped = await server?.stop();
  assert.deepEqual(problems, [], 'a page reported errors');
  if (stopped) {
    const { code, signal, stderr } = stopped;
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, `server did not exit cleanly; stderr:\n${stderr}`);
  }
});

test('the first load of the app stays under 250 KB of gzipped JavaScript', async () => {
  const page = await open('firstLoad');
  let scriptBytes = 0;
  page.on('response', async (answer) => {
    if (/\.js$/.test(new URL(answer.url()).pathname)) {
      scriptBytes += (await answer.request().sizes()).responseBodySize;
    }
  });
  await signIn(page, server.url, server.user);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.ok(scriptBytes > 0, 'no JavaScript was loaded');
  assert.ok(scriptBytes <= FIRST_LOAD_JS_LIMIT, `first load fetched ${scriptBytes} bytes of JavaScript`);
  await people.firstLoad.context.close();
});

test('an admin sets up a skill, a category and the API channel, and invites an agent by link', async () => {
  const page = await open('admin');
  await signIn(page, server.url, server.user, '/configurator/skills');

  await page.getByLabel('Skill name').fill('Billing');
  await page.getByRole('button', { name: 'Add skill' }).click();
  await page.getByRole('rowheader', { name: 'Billing', exact: true }).waitFor();

  await page.getByRole('link', { name: 'Categories' }).click();
  await page.getByRole('button', { name: 'Add category' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Invoices');
  await page.getByRole('checkbox', { name: 'Billing' }).check();
  await page.getByLabel('Keywords').fill('invoice, refund');
  await page.getByRole('button', { name: 'Save category' }).click();
  await page.getByRole('rowheader', { name: /^Invoices/ }).waitFor();
  await expectAccessible(page, 'Configurator: categories');
  await saveScreenshot(page, 'configurator-categories.png');

  await page.getByRole('link', { name: 'Channels' }).click();
  await page.getByLabel('Webhook URL').fill(integrator.url);
  await page.getByRole('button', { name: 'Save webhook' }).click();
  webhookSecret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
  assert.match(webhookSecret, /^whsec_[A-Za-z0-9_-]{43}$/);
  await page.getByRole('button', { name: 'Send test' }).click();
  await page.getByText('Test sent: the webhook answered HTTP 200.').waitFor();
  assert.deepEqual(integrator.refused, []);
  assert.equal(integrator.deliveries.at(-1)?.type, 'ping');
  await expectAccessible(page, 'Configurator: channels');
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshot(page, 'configurator-channels.png');

  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByLabel('Email').fill(alice.email);
  await page.getByLabel('Role').selectOption('agent');
  await page.getByLabel('Display name').fill(alice.displayName);
  await page.getByRole('button', { name: 'Create invite' }).click();
  const link = await page.getByLabel('Invite link').inputValue();
  assert.match(link, new RegExp(`^${server.url}/invite#[A-Za-z0-9_-]{20,}$`));
  await expectAccessible(page, 'Configurator: users');
  await page.getByLabel('Invite link').scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'configurator-users.png');

  const agent = await open('alice');
  await agent.goto(link);
  await agent.getByText(alice.email).waitFor();
  await expectAccessible(agent, 'invite acceptance');
  await saveScreenshot(agent, 'invite.png');
  await agent.getByLabel('Password', { exact: true }).fill(alice.password);
  await agent.getByLabel('Confirm password').fill(alice.password);
  await agent.getByRole('button', { name: 'Create account' }).click();
  await agent.getByRole('heading', { name: 'Dashboard' }).waitFor();
  assert.equal(new URL(agent.url()).hash, '', 'the invite token stayed in the address bar');

  // The link is single-use.
  const reuse = await open('reuse');
  await reuse.goto(link);
  await reuse.getByRole('heading', { name: 'This invite link cannot be used' }).waitFor();
  await people.reuse.context.close();
  delete people.reuse;

  // Back to the admin: Alice is a user now; give her the skill and a capacity of 2.
  await page.reload();
  const row = page.getByRole('row').filter({ hasText: alice.email });
  await row.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Capacity').fill('2');
  await page.getByRole('checkbox', { name: 'Billing' }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: `Saved ${alice.displayName}.` }).waitFor();
});

test('an agent turns auto-allocate on, gets a conversation from the API channel, replies, notes and closes', async () => {
  const page = people.alice.page;
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('checkbox', { name: 'Billing' }).waitFor();
  await page.getByLabel('Presence').selectOption('available');
  const autoAllocate = page.getByRole('switch', { name: 'Auto-allocate' });
  if ((await autoAllocate.getAttribute('aria-checked')) !== 'true') {
    await autoAllocate.click();
  }
  await waitUntil(async () => {
    const agent = await myAgent(page);
    return agent.presence === 'available' && agent.autoAllocate && agent.skills.some((skill) => skill.active);
  }, 'the server has Alice available, auto-allocating, with her skill active');
  await expectAccessible(page, 'Dashboard');
  await saveScreenshot(page, 'dashboard.png');

  const posted = await postInbound('customer-42', 'Hello, I have a question about my invoice', 'Carla Customer');
  await waitUntil(async () => (await conversationState(posted.conversation.id)) === 'assigned', 'it is allocated');

  // The allocation arrives live: a notice, and the conversation in her list without a reload.
  await page.getByRole('link', { name: 'Conversations' }).click();
  await page.getByText('Hello, I have a question about my invoice').first().waitFor();
  await page.getByRole('link', { name: /Carla Customer/ }).first().click();
  await page.getByLabel('Reply').fill('Happy to help, Carla. Which invoice is it?');
  await page.getByRole('button', { name: 'Send' }).click();

  // Delivered to the integrator's webhook, signed; the tick turns to sent.
  await waitUntil(() => integrator.deliveries.some((d) => d.type === 'message.outbound'), 'the reply reached the webhook');
  const delivery = integrator.deliveries.find((d) => d.type === 'message.outbound');
  assert.equal(delivery.message.content.text, 'Happy to help, Carla. Which invoice is it?');
  assert.equal(delivery.contact.identity, 'customer-42');
  await page.getByLabel(/^Sent/).first().waitFor();

  // The customer answers; it appears live.
  await postInbound('customer-42', 'Invoice 2026-117, thanks!', 'Carla Customer');
  await page.getByText('Invoice 2026-117, thanks!').waitFor();

  await page.getByLabel('Internal note').fill('Customer is on the annual plan.');
  await page.getByRole('button', { name: 'Add note' }).click();
  // In the timeline, not the note box (which may still hold the text when the live event arrives).
  await page.getByRole('region', { name: /^Timeline/ }).getByText('Customer is on the annual plan.').waitFor();
  await expectAccessible(page, 'Conversation');
  await saveScreenshot(page, 'conversation.png');

  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Close conversation' }).click();
  const confirm = page.getByRole('dialog').getByRole('button', { name: /Close/ });
  if (await confirm.count()) {
    await confirm.first().click();
  }
  await waitUntil(async () => (await conversationState(posted.conversation.id)) === 'closed', 'the conversation closed');
});

test('a second agent picks a waiting conversation from the queue while the supervisor watches the wallboard', async () => {
  const supervisor = await open('sue');
  await signIn(supervisor, server.url, sue, '/wallboard');
  await supervisor.getByRole('heading', { name: 'Wallboard' }).waitFor();

  // Alice steps away, so the next conversation waits in the queue.
  await people.alice.page.getByRole('link', { name: 'Dashboard' }).click();
  await people.alice.page.getByLabel('Presence').selectOption('away');
  await waitUntil(async () => (await myAgent(people.alice.page)).presence === 'away', 'Alice is away');

  const agent = await open('bob');
  await signIn(agent, server.url, bob, '/queue');
  await agent.getByRole('heading', { name: 'Queue' }).waitFor();

  const posted = await postInbound('customer-77', 'Where is my refund?', 'Dan Customer');
  assert.equal(posted.conversation.state, 'queued');

  // Both screens follow without a reload.
  const waiting = agent.getByRole('row').filter({ hasText: 'Invoices' });
  await waiting.waitFor();
  await supervisor.getByTestId('queue-depth').filter({ hasText: /^1$/ }).waitFor();

  // The queue over the last hours: a period chosen, the series fetched again, a chart drawn and its summary.
  const history = supervisor.getByRole('region', { name: /^Queue over the last/ });
  await history.getByLabel('Period').selectOption({ label: 'Last hour' });
  await history.getByRole('heading', { name: 'Queue over the last hour' }).waitFor();
  await history.getByTestId('queue-history-summary').filter({ hasText: /Peak queue: 1 waiting at \d\d:\d\d\./ }).waitFor();
  const canvas = history.locator('figure[data-testid="queue-length-chart"] canvas');
  await canvas.waitFor();
  await history.locator('figure[data-testid="longest-wait-chart"] canvas').waitFor();
  const drawn = await canvas.evaluate((element) => {
    const pixels = element.getContext('2d').getImageData(0, 0, element.width, element.height).data;
    return pixels.some((value, index) => index % 4 === 3 && value !== 0);
  });
  assert.ok(drawn, 'the queue length chart drew nothing');
  await expectAccessible(supervisor, 'Wallboard');
  await saveScreenshot(supervisor, 'wallboard.png');
  await expectAccessible(agent, 'Queue');
  await saveScreenshot(agent, 'queue.png');

  await waiting.getByRole('button', { name: 'Pick' }).click();
  await agent.waitForURL(new RegExp(`/conversations/${posted.conversation.id}$`));
  await agent.getByText('Where is my refund?').first().waitFor();
  assert.equal(await conversationState(posted.conversation.id), 'assigned');
  await supervisor.getByTestId('queue-depth').filter({ hasText: /^0$/ }).waitFor();
});

test('after the server restarts, the open conversation catches up without a reload', async () => {
  const page = people.bob.page;
  const conversationUrl = page.url();
  await server.restart();
  // While the server was down every open page's socket, and any request a page made then (a read
  // receipt, say), was refused: expected, not a page error. The browser may report them late, so they
  // are dropped again once the page is live.
  const forgetRefusals = () => {
    for (const person of Object.values(people)) {
      const unexpected = person.problems.filter(
        (problem) => !/WebSocket connection to .* failed|net::ERR_CONNECTION_REFUSED/.test(problem));
      person.problems.splice(0, person.problems.length, ...unexpected);
    }
  };
  forgetRefusals();
  // Posted before the page's socket is back: the page learns of it through the resync after reconnecting.
  await postInbound('customer-77', 'Any news on the refund?', 'Dan Customer');
  await page.getByText('Any news on the refund?').waitFor({ timeout: 20_000 });
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 20_000 });
  forgetRefusals();
  assert.equal(page.url(), conversationUrl);
  await postInbound('customer-77', 'Hello again?', 'Dan Customer');
  await page.getByText('Hello again?').waitFor();
});

async function conversationState(conversationId) {
  const response = await fetch(`${server.url}/api/v1/conversations/${conversationId}`, {
    headers: { Authorization: `Bearer ${server.token}` },
  });
  return (await response.json()).conversation?.state;
}

/** The signed-in person's routing record, as the server has it. */
function myAgent(page) {
  return page.evaluate(async () => (await (await fetch('/api/v1/me/agent')).json()).agent);
}

async function waitUntil(condition, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a long timeline renders only the rows in view, and stays at the newest message', async () => {
  const page = people.bob.page;
  const count = 600;
  for (let i = 1; i <= count; i += 1) {
    await postInbound('customer-77', `Long thread message ${i}`, 'Dan Customer');
  }
  await page.getByText(`Long thread message ${count}`, { exact: true }).waitFor();
  const rendered = await page.locator('.vlist-row').count();
  assert.ok(rendered > 0 && rendered < 100, `${rendered} timeline rows in the DOM for ${count + 3} messages`);
  // After a reload the whole thread is fetched again, page by page, and still only a window of it is drawn.
  await page.reload();
  await page.getByText(`Long thread message ${count}`, { exact: true }).waitFor();
  assert.ok((await page.locator('.vlist-row').count()) < 100);
  assert.equal(await page.getByText('Long thread message 1', { exact: true }).count(), 0);
});

test('the workspace is usable from the keyboard and fits a small laptop screen', async () => {
  const page = people.bob.page;
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.waitFor();
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });
  await page.keyboard.press('r');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.labels?.[0]?.textContent), 'Reply');
  // A shortcut letter typed in the reply box is text, not a command.
  await page.keyboard.type('e');
  assert.equal(await page.getByLabel('Reply').inputValue(), 'e');
  assert.equal(await page.getByRole('dialog').count(), 0);
  await page.getByLabel('Reply').fill('');

  const screens = [
    [page, ['/workspace', '/queue', `/conversations`]],
    [people.admin.page, ['/wallboard', '/configurator/channels', '/configurator/users', '/configurator/categories']],
  ];
  for (const [each, paths] of screens) {
    await each.setViewportSize({ width: 1024, height: 640 });
    for (const path of paths) {
      await each.goto(`${server.url}${path}`);
      await each.getByRole('heading', { level: 1 }).waitFor();
      const overflow = await each.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at 1024 wide`);
    }
  }
});
