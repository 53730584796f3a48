// Live monitoring (W7): a supervisor watches an agent's conversation on a socket of its own and
// sees the customer's and the agent's messages, the agent typing and the agent's notes as they
// happen; a note from the supervisor reaches the agent at once; only that conversation is heard,
// and only supervisors and admins may watch.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  frameLog,
  makeDataDir,
  openLiveSocket,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  until,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';

let dataDir;
let server;
let tenant;
let other;
let integrator;
const as = {};
let watched; // the agent's conversation
let elsewhere; // another conversation, still waiting
let agentFrames;
let watcherFrames;
const sockets = [];

async function inbound(identity, text) {
  const response = await integrator.post('/api/v1/channels/api/messages', { contact: { identity, name: identity }, text });
  assert.ok([200, 202].includes(response.status), `inbound: ${response.status} ${response.text}`);
  return response.json;
}

async function live(client, query = '') {
  const socket = await openLiveSocket(server, { cookie: client.cookieHeader() }, query);
  if (socket.ws) {
    sockets.push(socket.ws);
  }
  return socket;
}

before(async () => {
  dataDir = makeDataDir('monitoring');
  tenant = seedTenant(dataDir, 'Monitoring');
  other = seedTenant(dataDir, 'Watched');
  server = await startServer(dataDir);
  for (const role of ['admin', 'supervisor', 'agent']) {
    as[role] = await signedIn(server.url, tenant.users[role]);
  }
  integrator = new Client(server.url, { token: tenant.adminToken });
  await inbound('cust-watched', 'My parcel never came');
  await inbound('cust-elsewhere', 'Unrelated question');
  const find = async (identity) =>
    until(`${identity}'s conversation`, async () =>
      (await as.supervisor.get(`/api/v1/conversations?identity=${identity}&channel=api`)).json.items?.[0]);
  watched = await find('cust-watched');
  elsewhere = await find('cust-elsewhere');
  assert.equal((await as.agent.post(`/api/v1/conversations/${watched.id}/pick`, {})).status, 200);
  const agentSocket = await live(as.agent);
  assert.ok(agentSocket.ws, JSON.stringify(agentSocket));
  agentFrames = frameLog(agentSocket, 10_000);
  const watcher = await live(as.supervisor, `?watch=${watched.id}`);
  assert.ok(watcher.ws, JSON.stringify(watcher));
  watcherFrames = frameLog(watcher, 10_000);
  await watcherFrames.wait((frame) => frame.type === 'hello', 'hello');
}, { timeout: SUITE_TIMEOUT_MS });

after(async () => {
  for (const ws of sockets) {
    ws.close();
  }
  await stopAll([server], dataDir);
});

describe('a supervisor watching', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('sees the customer’s next message as the agent does', async () => {
    await inbound('cust-watched', 'Tracking number is 1234');
    const seen = await watcherFrames.wait(
      (frame) => frame.type === 'message.created' && frame.message.conversationId === watched.id,
      'the customer’s message',
    );
    assert.equal(seen.message.direction, 'inbound');
    assert.deepEqual(seen.message.content, { text: 'Tracking number is 1234' });
    await agentFrames.wait((frame) => frame.type === 'message.created', 'the agent’s copy');
  });

  test('sees the agent typing, which the agent’s own socket is not sent', async () => {
    const typing = await as.agent.post(`/api/v1/conversations/${watched.id}/typing`, { typing: true });
    assert.equal(typing.status, 204, typing.text);
    const seen = await watcherFrames.wait((frame) => frame.type === 'agent.typing', 'the agent typing');
    assert.deepEqual(
      { conversationId: seen.conversationId, userId: seen.userId, typing: seen.typing },
      { conversationId: watched.id, userId: tenant.users.agent.id, typing: true },
    );
    assert.equal(seen.seq, undefined, 'typing is not kept for resuming');
    // A frame published after the typing reaches the agent after anything published before it.
    await as.supervisor.post(`/api/v1/conversations/${watched.id}/notes`, { text: 'marker' });
    await agentFrames.wait((frame) => frame.type === 'note.created' && frame.note.text === 'marker', 'the marker');
    assert.ok(!agentFrames.frames.some((frame) => frame.type === 'agent.typing'), 'the agent was sent its own typing');
  });

  test('sees the agent’s reply and note', async () => {
    const reply = await as.agent.post(`/api/v1/conversations/${watched.id}/messages`, { text: 'Let me look that up' });
    assert.equal(reply.status, 201, reply.text);
    const note = await as.agent.post(`/api/v1/conversations/${watched.id}/notes`, { text: 'Carrier lost it' });
    assert.equal(note.status, 201, note.text);
    const sent = await watcherFrames.wait(
      (frame) => frame.type === 'message.created' && frame.message.direction === 'outbound',
      'the reply',
    );
    assert.deepEqual(sent.message.content, { text: 'Let me look that up' });
    const noted = await watcherFrames.wait(
      (frame) => frame.type === 'note.created' && frame.note.authorId === tenant.users.agent.id,
      'the agent’s note',
    );
    assert.equal(noted.note.text, 'Carrier lost it');
  });

  test('writes a note the agent sees at once', async () => {
    const note = await as.supervisor.post(`/api/v1/conversations/${watched.id}/notes`, { text: 'Offer a refund' });
    assert.equal(note.status, 201, note.text);
    const seen = await agentFrames.wait(
      (frame) => frame.type === 'note.created' && frame.note.text === 'Offer a refund',
      'the supervisor’s note',
    );
    assert.equal(seen.note.authorId, tenant.users.supervisor.id);
  });

  test('hears nothing of other conversations or of the tenant at large', async () => {
    await inbound('cust-elsewhere', 'Still waiting here');
    await inbound('cust-watched', 'Any news?');
    await watcherFrames.wait((frame) => frame.type === 'message.created' && frame.message.content.text === 'Any news?', 'news');
    const about = watcherFrames.frames.filter((frame) => frame.type !== 'hello');
    for (const frame of about) {
      const conversation = frame.message?.conversationId ?? frame.note?.conversationId ?? frame.conversationId ?? frame.change?.conversation;
      assert.equal(conversation, watched.id, JSON.stringify(frame));
    }
    assert.ok(!about.some((frame) => frame.type === 'queue.changed'));
    assert.ok(elsewhere.id !== watched.id);
  });

  test('takes it over, and the agent is told', async () => {
    const taken = await as.supervisor.post(`/api/v1/conversations/${watched.id}/transfer`, {
      agentId: tenant.users.supervisor.id,
    });
    assert.equal(taken.status, 200, taken.text);
    await agentFrames.wait((frame) => frame.type === 'conversation.requeued', 'the agent losing it');
    await watcherFrames.wait((frame) => frame.type === 'conversation.assigned', 'the watcher seeing it move');
  });
});

describe('who may watch', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('agents may not', async () => {
    const refused = await live(as.agent, `?watch=${watched.id}`);
    assert.equal(refused.refused, 403, JSON.stringify(refused));
  });

  test('another tenant’s supervisor cannot watch it (404, as if it did not exist)', async () => {
    const stranger = await signedIn(server.url, other.users.supervisor);
    const socket = await live(stranger, `?watch=${watched.id}`);
    assert.equal(socket.refused, 404, JSON.stringify(socket));
  });

  test('a watch longer than an id is refused, and one of no conversation is 404', async () => {
    const refused = await live(as.supervisor, `?watch=${'c'.repeat(65)}`);
    assert.equal(refused.refused, 422, JSON.stringify(refused));
    const unknown = await live(as.supervisor, '?watch=cnv_nothing');
    assert.equal(unknown.refused, 404, JSON.stringify(unknown));
  });

  test('watching is on the read audit', async () => {
    await until('the watch is audited', async () => {
      const audit = await as.admin.get(`/api/v1/audit/entries?entity=conversation&entityId=${watched.id}`);
      return audit.json.items?.some(
        (entry) => entry.attribute === 'watch' && entry.actor.id === tenant.users.supervisor.id,
      );
    });
  });

  test('a supervisor made an agent stops watching at once', async () => {
    const lead = tenant.users.supervisor;
    const socket = await live(as.supervisor, `?watch=${watched.id}`);
    assert.ok(socket.ws);
    const demoted = await as.admin.patch(`/api/v1/users/${lead.id}`, { role: 'agent' });
    assert.equal(demoted.status, 200, demoted.text);
    const closed = await Promise.race([
      socket.closed,
      new Promise((resolve) => setTimeout(() => resolve(null), 5000)),
    ]);
    assert.ok(closed, 'the watch socket stayed open after the role changed');
  });
});
