// Live monitoring (W7), in headless Chromium against the real server: an agent (Bob) has a conversation open in
// his Workspace while a supervisor (Sue) opens it from All conversations, in a browser of her own. Without a
// reload, Sue sees the customer's next message, Bob typing, Bob's reply and Bob's note; her note appears on Bob's
// screen at once; she takes the conversation over and Bob's screen says it is no longer his. The watched view is
// checked with axe-core and saved as monitoring.png.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { expectAccessible } from './axe.mjs';
import { launchBrowser, openPage, saveScreenshot, signIn } from './browser.mjs';
import { startServer } from './server.mjs';

const bob = { email: 'bob@example.test', password: 'bobs real password', role: 'agent', displayName: 'Bob Agent' };

let server;
let browser;
/** The integrator's webhook, where replies in API conversations go: it takes them all. */
let integrator;
let conversationId;
const pages = [];
/** Bob's page (his conversation) and Sue's (watching it). */
let agent;
let supervisor;
/** The supervisor's watch sockets, routed through the test so that one can be dropped; refused while set. */
const watchSockets = [];
let refuseWatch = false;

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

/** The customer writes through the API channel (an integrator posting for them). */
function customerWrites(text) {
  return api('POST', '/channels/api/messages', { contact: { identity: 'customer-carla', name: 'Carla Customer' }, text });
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

const timeline = (page) => page.getByRole('region', { name: /^Timeline/ });

async function open() {
  const opened = await openPage(browser);
  pages.push(opened);
  return opened.page;
}

before(async () => {
  server = await startServer({ role: 'supervisor', displayName: 'Sue Lead', extraUsers: [bob], apiToken: true });
  browser = await launchBrowser();
  integrator = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200).end());
  });
  await new Promise((resolve) => integrator.listen(0, '127.0.0.1', resolve));
  await api('PATCH', '/settings/routing', { apiWebhookUrl: `http://127.0.0.1:${integrator.address().port}/hook` });
  // Nobody is available, so it waits until it is given to Bob.
  const posted = await customerWrites('Hello, where is my parcel?');
  conversationId = posted.conversation.id;
  const bobId = (await api('GET', '/users')).items.find((user) => user.email === bob.email).id;
  await api('POST', `/conversations/${conversationId}/transfer`, { agentId: bobId });
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

test('the agent has the conversation open, and the supervisor opens it from All conversations, live', async () => {
  agent = await open();
  await signIn(agent, server.url, bob, `/conversations/${conversationId}`);
  await timeline(agent).getByText('Hello, where is my parcel?').waitFor();
  await agent.getByLabel('Reply').waitFor();

  supervisor = await open();
  await supervisor.routeWebSocket(/\/api\/v1\/live\?watch=/, (socket) => {
    if (refuseWatch) {
      socket.close({ code: 1011, reason: 'refused by the test' });
      return;
    }
    socket.connectToServer();
    watchSockets.push(socket);
  });
  await signIn(supervisor, server.url, server.user, `/all-conversations/${conversationId}`);
  await timeline(supervisor).getByText('Hello, where is my parcel?').waitFor();
  await supervisor.getByText('Assigned to Bob Agent').waitFor();
  await supervisor.getByText('You are looking on').waitFor();
  // The watch's own socket is open (its hello came): from here on, nothing on this page is fetched again.
  await supervisor.locator('.ac-watch-live [data-state="open"]').waitFor();
  assert.equal(await supervisor.getByLabel('Reply').count(), 0, 'no composer while looking on');
});

test('the customer’s next message appears on the supervisor’s page as it arrives', async () => {
  await customerWrites('The tracking number is 1234');
  await timeline(supervisor).getByText('The tracking number is 1234').waitFor();
  await timeline(agent).getByText('The tracking number is 1234').waitFor();
});

test('the supervisor sees the agent typing, then his reply', async () => {
  await agent.getByLabel('Reply').fill('Let me look that up for you.');
  const typing = supervisor.getByText('Bob Agent is typing…');
  await typing.waitFor();
  await agent.getByRole('button', { name: 'Send' }).click();
  await timeline(supervisor).getByText('Let me look that up for you.').waitFor();
  // Its status follows too: delivered to the integrator's webhook, it is sent.
  await timeline(supervisor).getByLabel(/^Sent/).waitFor();
  // What he was typing has arrived: the line goes.
  await typing.waitFor({ state: 'detached' });
});

test('the agent’s internal note appears on the supervisor’s page', async () => {
  await agent.getByLabel('Internal note').fill('Carrier says it was delivered to a neighbour.');
  await agent.getByRole('button', { name: 'Add note' }).click();
  await timeline(supervisor).getByText('Carrier says it was delivered to a neighbour.').waitFor();
});

test('the supervisor’s note appears live on the agent’s screen', async () => {
  const box = supervisor.getByLabel('Add an internal note for Bob Agent');
  await box.fill('Offer a refund if the neighbour has nothing.');
  await supervisor.getByRole('button', { name: 'Add note' }).click();
  await timeline(supervisor).getByText('Offer a refund if the neighbour has nothing.').waitFor();
  // The note can reach the timeline through the live socket before the POST's answer empties the box.
  await waitUntil(async () => (await box.inputValue()) === '', 'the note box is emptied once the note is stored');
  // Bob did nothing: the note arrives on his socket.
  await timeline(agent).getByText('Offer a refund if the neighbour has nothing.').waitFor();
});

test('the watched view passes axe-core, and is saved while the agent types', async () => {
  await expectAccessible(supervisor, 'All conversations: a conversation watched live');
  await agent.getByLabel('Reply').fill('I have asked the carrier');
  await supervisor.getByText('Bob Agent is typing…').waitFor();
  await supervisor.evaluate(() => document.activeElement?.blur());
  await saveScreenshot(supervisor, 'monitoring.png');
  await expectAccessible(supervisor, 'All conversations: a conversation watched live, the agent typing');
  await agent.getByLabel('Reply').fill('');
  await supervisor.getByText('Bob Agent is typing…').waitFor({ state: 'detached' });
});

test('a watch that drops reconnects, and catches up on what was said meanwhile', async () => {
  const live = supervisor.locator('.ac-watch-live .live-indicator');
  refuseWatch = true;
  for (const socket of watchSockets.splice(0)) {
    await socket.close({ code: 1011, reason: 'dropped by the test' });
  }
  await waitUntil(async () => (await live.getAttribute('data-state')) === 'reconnecting', 'the watch is reconnecting');
  await supervisor.getByText('Reconnecting…').waitFor();
  await customerWrites('Hello? Is anyone there?');
  await timeline(agent).getByText('Hello? Is anyone there?').waitFor();
  assert.equal(await timeline(supervisor).getByText('Hello? Is anyone there?').count(), 0, 'nothing brought it yet');
  refuseWatch = false;
  await waitUntil(async () => (await live.getAttribute('data-state')) === 'open', 'the watch is back', 20_000);
  await timeline(supervisor).getByText('Hello? Is anyone there?').waitFor();
});

test('the supervisor takes the conversation over, and the agent’s screen says it is no longer his', async () => {
  await supervisor.getByRole('button', { name: 'Take it' }).click();
  await supervisor.waitForURL(new RegExp(`/conversations/${conversationId}$`));
  await supervisor.getByLabel('Reply').waitFor();
  await agent.getByText('This conversation is assigned to a colleague.').waitFor();
  await agent.getByText('Assigned to a colleague', { exact: true }).waitFor();
  assert.equal(await agent.getByLabel('Reply').isDisabled(), true, 'Bob can no longer reply');
  const taken = (await api('GET', `/conversations/${conversationId}`)).conversation;
  assert.equal((await api('GET', '/users')).items.find((user) => user.id === taken.agentId)?.email, server.user.email);
});
