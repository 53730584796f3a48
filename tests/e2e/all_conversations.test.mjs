// All conversations (W8), in headless Chromium against the real server: a supervisor lists every conversation
// newest first, filters it by state and channel (the filters live in the address: the back button and a
// bookmark bring them back), finds a customer by phone number, opens one read-only, takes it, and sees a
// colleague's conversation change without a reload. Conversations are seeded by an integrator posting through
// the API channel and by a web chat visitor. The list and an opened conversation are checked with axe-core, and
// the list is saved as all-conversations.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { expectAccessible } from './axe.mjs';
import { launchBrowser, openPage, saveScreenshot, signIn } from './browser.mjs';
import { startServer } from './server.mjs';

const SHOP = 'https://shop.example';
const bob = { email: 'bob@example.test', password: 'bobs real password', role: 'agent', displayName: 'Bob Agent' };
const LIST = 'Conversations, newest first';

let server;
let browser;
let webchatId;
let bobId;
/** Seeded conversations by customer: { conversationId, contactId }. */
const seeded = {};
const pages = [];

async function api(method, path, body) {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = response.status === 204 ? null : await response.json();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** A customer writes through the API channel; `phone` is then set on their contact (as an agent would). */
async function customerWrites(identity, name, text, phone) {
  const posted = await api('POST', '/channels/api/messages', { contact: { identity, name }, text });
  if (phone) {
    await api('PATCH', `/contacts/${posted.contactId}`, { phone });
  }
  seeded[name] = { conversationId: posted.conversation.id, contactId: posted.contactId };
  return posted;
}

/** A web chat visitor (no name) writes on the shop's site. */
async function visitorWrites(text) {
  const started = await fetch(`${server.url}/api/v1/widget/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: SHOP },
    body: JSON.stringify({ channel: webchatId }),
  }).then((response) => response.json());
  const url = `${server.url.replace(/^http/, 'ws')}/api/v1/widget/live?channel=${webchatId}&token=${encodeURIComponent(started.visitorToken)}`;
  const socket = new WebSocket(url, { origin: SHOP });
  await new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.type === 'hello') {
        socket.send(JSON.stringify({ type: 'message', clientId: 'c_sunday', text }));
      } else if (frame.type === 'ack') {
        resolve();
      }
    });
  });
  socket.close();
}

async function conversation(id) {
  return (await api('GET', `/conversations/${id}`)).conversation;
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

/** The customers listed, top to bottom. */
function listed(page) {
  return page.getByRole('region', { name: LIST }).getByRole('listitem').getByRole('link').allInnerTexts();
}

async function expectListed(page, names) {
  let last = null;
  await waitUntil(async () => {
    last = await listed(page);
    return JSON.stringify(last) === JSON.stringify(names);
  }, `the list shows ${JSON.stringify(names)} (it shows ${JSON.stringify(last)})`);
}

function row(page, name) {
  return page.getByRole('region', { name: LIST }).getByRole('listitem').filter({ has: page.getByRole('link', { name }) });
}

before(async () => {
  server = await startServer({ role: 'supervisor', displayName: 'Sue Lead', extraUsers: [bob], apiToken: true });
  browser = await launchBrowser();

  const created = await api('POST', '/channels', {
    type: 'webchat',
    name: 'Web chat',
    settings: { allowedOrigins: [SHOP], title: 'Chat with us', colors: { primary: '#0f766e', onPrimary: '#ffffff' } },
  });
  webchatId = created.channel.id;
  // Categories by keyword, so the rows have one.
  await api('POST', '/categories', { name: 'Billing', rules: { keywords: ['invoice'] } });
  await api('POST', '/categories', { name: 'Deliveries', rules: { keywords: ['parcel', 'delivery', 'deliver'] } });
  bobId = (await api('GET', '/users')).items.find((user) => user.email === bob.email).id;

  // Oldest first; nobody is available, so each waits until moved.
  await customerWrites('customer-frank', 'Frank Former', 'Thanks, all sorted now.');
  await api('POST', `/conversations/${seeded['Frank Former'].conversationId}/transfer`, { agentId: bobId });
  await api('POST', `/conversations/${seeded['Frank Former'].conversationId}/close`);
  await customerWrites('customer-erin', 'Erin Example', 'A question about invoice 2026-117.');
  await api('POST', `/conversations/${seeded['Erin Example'].conversationId}/transfer`, { agentId: bobId });
  await customerWrites('customer-dan', 'Dan Customer', 'Can I change my delivery address?', '+44 7700 900123');
  await customerWrites('customer-carla', 'Carla Customer', 'Hello, where is my parcel?', '+44 7911 123456');
  await visitorWrites('Do you deliver on Sundays?');
});

after(async () => {
  const problems = pages.flatMap((each) => each.problems);
  await browser?.close();
  const stopped = await server?.stop();
  assert.deepEqual(problems, [], 'a page reported errors');
  if (stopped) {
    const { code, signal, stderr } = stopped;
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, `server did not exit cleanly; stderr:\n${stderr}`);
  }
});

async function open() {
  const opened = await openPage(browser);
  pages.push(opened);
  return opened.page;
}

let page;

test('a supervisor lists every conversation newest first, and filters by state and channel', async () => {
  page = await open();
  await signIn(page, server.url, server.user, '/all-conversations');
  await page.getByRole('heading', { name: 'All conversations', level: 1 }).waitFor();
  const everyone = ['Unknown contact', 'Carla Customer', 'Dan Customer', 'Erin Example', 'Frank Former'];
  await expectListed(page, everyone);
  await page.getByRole('status').filter({ hasText: '5 conversations.' }).waitFor();
  await row(page, 'Erin Example').getByText('Bob Agent').waitFor();
  await row(page, 'Erin Example').getByText('Billing').waitFor();
  await row(page, 'Frank Former').getByText('Closed').waitFor();

  await page.getByLabel('Category').selectOption({ label: 'Deliveries' });
  await page.waitForURL(/\/all-conversations\?category=cat_\w+$/);
  await expectListed(page, ['Unknown contact', 'Carla Customer', 'Dan Customer']);
  await page.getByLabel('Category').selectOption({ label: 'Any category' });
  await page.waitForURL(/\/all-conversations$/);

  await page.getByLabel('State').selectOption({ label: 'Waiting' });
  await page.waitForURL(/\/all-conversations\?state=queued$/);
  await expectListed(page, ['Unknown contact', 'Carla Customer', 'Dan Customer']);

  await page.getByLabel('Channel').selectOption({ label: 'API' });
  await page.waitForURL(/\?state=queued&channel=api$/);
  await expectListed(page, ['Carla Customer', 'Dan Customer']);

  await page.getByLabel('Channel').selectOption({ label: 'Web chat' });
  await expectListed(page, ['Unknown contact']);
  await row(page, 'Unknown contact').getByText('Web chat').waitFor();

  // The filters are in the address: back goes to the previous ones, and the form follows.
  await page.goBack();
  await page.waitForURL(/\?state=queued&channel=api$/);
  await expectListed(page, ['Carla Customer', 'Dan Customer']);
  assert.equal(await page.getByLabel('Channel').inputValue(), 'api');

  await page.getByRole('button', { name: 'Clear' }).click();
  await page.waitForURL(/\/all-conversations$/);
  await expectListed(page, everyone);
  assert.equal(await page.getByLabel('State').inputValue(), '');
  await expectAccessible(page, 'All conversations');
  await page.evaluate(() => document.activeElement?.blur());
  await saveScreenshot(page, 'all-conversations.png');

  // A small laptop: the filters wrap, nothing scrolls sideways.
  await page.setViewportSize({ width: 1024, height: 640 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `All conversations scrolls sideways by ${overflow}px at 1024 wide`);
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('a search by phone number finds the customer, and a bookmark of it opens the same list', async () => {
  await page.getByLabel('Search by').selectOption({ label: 'Phone' });
  await page.getByLabel('Phone number').fill('+44 7911 123456');
  await page.getByLabel('Phone number').press('Enter');
  await page.waitForURL(/\?by=phone&q=%2B44\+7911\+123456$/);
  await expectListed(page, ['Carla Customer']);
  await page.getByRole('status').filter({ hasText: '1 conversation matches the filters.' }).waitFor();

  // Not a phone number: said at the field, nothing sent.
  await page.getByLabel('Phone number').fill('carla');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByText('A phone number needs digits.').waitFor();
  assert.equal(await page.getByLabel('Phone number').getAttribute('aria-invalid'), 'true');
  assert.match(page.url(), /q=%2B44\+7911\+123456$/);

  // Signed out, the bookmark asks for a sign-in and then opens the filtered list.
  const other = await open();
  await signIn(other, server.url, server.user, '/all-conversations?state=queued&by=phone&q=%2B44%207700%20900123');
  await other.waitForURL(/\/all-conversations\?state=queued&by=phone&q=%2B44\+7700\+900123$/);
  await expectListed(other, ['Dan Customer']);
  assert.equal(await other.getByLabel('Phone number').inputValue(), '+44 7700 900123');
  await other.context().close();
});

test('a conversation opens read-only, and the supervisor takes it', async () => {
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByRole('region', { name: LIST }).getByRole('link', { name: 'Carla Customer' }).click();
  const { conversationId } = seeded['Carla Customer'];
  await page.waitForURL(new RegExp(`/all-conversations/${conversationId}$`));
  await page.getByRole('region', { name: /^Timeline/ }).getByText('Hello, where is my parcel?').waitFor();
  await page.getByText('You are looking on').waitFor();
  assert.equal(await page.getByLabel('Reply').count(), 0, 'no composer while looking on');
  assert.equal(await page.getByRole('button', { name: 'Close conversation' }).count(), 0);
  await page.getByText('Routing decisions').waitFor();
  await expectAccessible(page, 'All conversations: one conversation, read-only');

  await page.getByRole('button', { name: 'Take it' }).click();
  await page.waitForURL(new RegExp(`/conversations/${conversationId}$`));
  await page.getByLabel('Reply').waitFor();
  const taken = await conversation(conversationId);
  assert.equal(taken.state, 'assigned');
  assert.equal((await api('GET', '/users')).items.find((user) => user.id === taken.agentId)?.email, server.user.email);
});

test('a colleague’s conversation is taken from them with a transfer to oneself', async () => {
  const { conversationId } = seeded['Erin Example'];
  await page.goto(`${server.url}/all-conversations/${conversationId}`);
  await page.getByText('Assigned to Bob Agent').waitFor();
  await page.getByRole('button', { name: 'Take it' }).click();
  await page.waitForURL(new RegExp(`/conversations/${conversationId}$`));
  await waitUntil(async () => (await conversation(conversationId)).agentId !== bobId, 'Erin’s conversation left Bob');
});

test('rows follow live when a colleague’s conversation changes, in place', async () => {
  await page.goto(`${server.url}/all-conversations?state=queued`);
  await expectListed(page, ['Unknown contact', 'Dan Customer']);
  await row(page, 'Dan Customer').getByText('Waiting').waitFor();

  await api('POST', `/conversations/${seeded['Dan Customer'].conversationId}/transfer`, { agentId: bobId });
  // No reload: the row says whose it is now, and stays where it was.
  await row(page, 'Dan Customer').getByText('Bob Agent').waitFor();
  await row(page, 'Dan Customer').getByText('Assigned').waitFor();
  await expectListed(page, ['Unknown contact', 'Dan Customer']);

  // A new one that matches is offered, not pushed into the list.
  await customerWrites('customer-gina', 'Gina New', 'Is anyone there?');
  await page.getByRole('button', { name: 'Show 1 more conversation' }).click();
  await expectListed(page, ['Gina New', 'Unknown contact']);
});

test('the Queue page links supervisors to everything waiting', async () => {
  await page.getByRole('link', { name: 'Queue', exact: true }).click();
  await page.getByRole('link', { name: 'See all 2 waiting' }).click();
  await page.waitForURL(/\/all-conversations\?state=queued$/);
  await page.getByRole('heading', { name: 'All conversations', level: 1 }).waitFor();
  await expectListed(page, ['Gina New', 'Unknown contact']);
});

test('agents have no All conversations: their own Conversations and the Queue are theirs', async () => {
  const agent = await open();
  await signIn(agent, server.url, bob, '/all-conversations');
  await agent.getByRole('heading', { name: 'Page not found' }).waitFor();
  assert.equal(await agent.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'All conversations' }).count(), 0);
  await agent.context().close();
});

test('a long list loads page by page as it scrolls, and draws only the rows in view', async () => {
  const count = 120;
  for (let i = 1; i <= count; i += 1) {
    await api('POST', '/channels/api/messages', {
      contact: { identity: `bulk-${i}`, name: `Bulk Customer ${String(i).padStart(3, '0')}` },
      text: `Message number ${i}`,
    });
  }
  await page.goto(`${server.url}/all-conversations?channel=api`);
  const region = page.getByRole('region', { name: LIST });
  await page.getByRole('status').filter({ hasText: 'The newest 50 conversations matching the filters' }).waitFor();
  await region.getByRole('link', { name: `Bulk Customer ${count}` }).waitFor();
  const drawn = await region.getByRole('listitem').count();
  assert.ok(drawn > 0 && drawn < 50, `${drawn} rows in the page for the first 50`);

  // Scrolling to the end fetches the next pages, until every one is listed.
  const total = count + 5; // and Gina, Carla, Dan, Erin, Frank
  await waitUntil(async () => {
    await region.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    return (await page.getByRole('status').filter({ hasText: `${total} conversations match the filters.` }).count()) === 1;
  }, `all ${total} are listed`, 20_000);
  await region.getByRole('link', { name: 'Frank Former' }).waitFor();
  assert.ok((await region.getByRole('listitem').count()) < 60, 'only a window of the rows is drawn');
  assert.equal(await region.getByRole('link', { name: `Bulk Customer ${count}` }).count(), 0, 'the top rows left the page');
  assert.equal(await region.getByRole('listitem').last().getAttribute('aria-setsize'), String(total));
});
