// What the Workspace needs beyond conversations: canned responses (W3), kept by admins and
// supervisors and read by agents, and GET /api/v1/me/stats (the caller's day and the team's).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  errorCode,
  makeDataDir,
  openLiveSocket,
  RFC3339_MS,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';

let dataDir;
let server;
let tenant;
let integrator; // admin API token
let admin;
let supervisor;
let agent;
let dpo;

before(async () => {
  dataDir = makeDataDir('workspace');
  tenant = seedTenant(dataDir, 'Workspace');
  server = await startServer(dataDir);
  integrator = new Client(server.url, { token: tenant.adminToken });
  admin = await signedIn(server.url, tenant.users.admin);
  supervisor = await signedIn(server.url, tenant.users.supervisor);
  agent = await signedIn(server.url, tenant.users.agent);
  dpo = await signedIn(server.url, tenant.users.dpo);
}, { timeout: SUITE_TIMEOUT_MS });

after(async () => {
  await stopAll([server], dataDir);
});

describe('canned responses', () => {
  test('supervisors and admins keep them; agents read them, ordered by shortcut', async () => {
    const thanks = await supervisor.post('/api/v1/canned-responses', { shortcut: 'thanks', text: 'Thank you!' });
    assert.equal(thanks.status, 201, thanks.text);
    assert.match(thanks.json.cannedResponse.id, /^cnr_/);
    assert.equal(thanks.json.cannedResponse.shortcut, 'thanks');
    assert.equal(thanks.json.cannedResponse.text, 'Thank you!');
    assert.match(thanks.json.cannedResponse.createdAt, RFC3339_MS);
    assert.equal(thanks.json.cannedResponse.updatedAt, thanks.json.cannedResponse.createdAt);
    const hello = await admin.post('/api/v1/canned-responses', { shortcut: 'hello-1', text: 'Hello, how can I help?' });
    assert.equal(hello.status, 201, hello.text);

    const listed = await agent.get('/api/v1/canned-responses');
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(listed.json.items.map((item) => item.shortcut), ['hello-1', 'thanks']);

    const replaced = await supervisor.request('PUT', `/api/v1/canned-responses/${thanks.json.cannedResponse.id}`, {
      json: { shortcut: 'ty', text: 'Thanks a lot!' },
    });
    assert.equal(replaced.status, 200, replaced.text);
    assert.equal(replaced.json.cannedResponse.shortcut, 'ty');
    assert.equal(replaced.json.cannedResponse.createdAt, thanks.json.cannedResponse.createdAt);

    const clash = await supervisor.request('PUT', `/api/v1/canned-responses/${thanks.json.cannedResponse.id}`, {
      json: { shortcut: 'hello-1', text: 'x' },
    });
    assert.equal(clash.status, 409, clash.text);
    const duplicate = await supervisor.post('/api/v1/canned-responses', { shortcut: 'ty', text: 'again' });
    assert.equal(duplicate.status, 409, duplicate.text);
    assert.equal(errorCode(duplicate), 'conflict');
    const unknown = await supervisor.request('PUT', '/api/v1/canned-responses/cnr_unknown', {
      json: { shortcut: 'new', text: 'x' },
    });
    assert.equal(unknown.status, 404, unknown.text);

    const deleted = await supervisor.delete(`/api/v1/canned-responses/${hello.json.cannedResponse.id}`);
    assert.equal(deleted.status, 204, deleted.text);
    assert.equal((await supervisor.delete(`/api/v1/canned-responses/${hello.json.cannedResponse.id}`)).status, 404);
    assert.deepEqual((await agent.get('/api/v1/canned-responses')).json.items.map((item) => item.text), ['Thanks a lot!']);
  });

  test('bad input and the wrong role are refused', async () => {
    for (const body of [
      { shortcut: 'Hello', text: 'x' },
      { shortcut: 'with space', text: 'x' },
      { shortcut: '', text: 'x' },
      { shortcut: 'a'.repeat(33), text: 'x' },
      { shortcut: 'ok', text: '' },
      { shortcut: 'ok', text: 'x'.repeat(4097) },
      { shortcut: 'ok' },
      { text: 'x' },
    ]) {
      const response = await supervisor.post('/api/v1/canned-responses', body);
      assert.equal(response.status, 422, `${JSON.stringify(body).slice(0, 60)}: ${response.text}`);
      assert.equal(errorCode(response), 'validation_failed');
    }
    const byAgent = await agent.post('/api/v1/canned-responses', { shortcut: 'mine', text: 'x' });
    assert.equal(byAgent.status, 403, byAgent.text);
    assert.equal((await agent.delete('/api/v1/canned-responses/cnr_any')).status, 403);
    assert.equal((await dpo.get('/api/v1/canned-responses')).status, 403);
  });
});

describe('agent.updated', () => {
  test("an admin's change of an agent's skills and capacity reaches that agent's sockets, and only theirs", async () => {
    const skill = await admin.post('/api/v1/skills', { name: 'Announced skill' });
    assert.equal(skill.status, 201, skill.text);
    const agentLive = await openLiveSocket(server, { cookie: agent.cookieHeader() });
    const supervisorLive = await openLiveSocket(server, { cookie: supervisor.cookieHeader() });
    assert.equal((await agentLive.next()).json.type, 'hello');
    assert.equal((await supervisorLive.next()).json.type, 'hello');

    const patched = await admin.patch(`/api/v1/agents/${tenant.users.agent.id}`, {
      capacity: 3,
      skills: [{ skillId: skill.json.skill.id, active: true }],
    });
    assert.equal(patched.status, 200, patched.text);
    const frame = (await agentLive.next()).json;
    assert.equal(frame.type, 'agent.updated');
    assert.deepEqual(frame.agent, patched.json.agent);
    assert.equal(frame.agent.capacity, 3);

    // The agent's own change (another tab) is announced the same way; a refused one is not.
    assert.equal((await agent.patch('/api/v1/me/agent', { capacity: 9 })).status, 403);
    const toggled = await agent.patch('/api/v1/me/agent', { presence: 'away' });
    assert.equal(toggled.status, 200, toggled.text);
    const next = (await agentLive.next()).json;
    assert.equal(next.type, 'agent.updated');
    assert.equal(next.agent.presence, 'away');

    // Frames are ordered per tenant: everything the supervisor got before this broadcast is all there was.
    assert.equal((await admin.post('/api/v1/broadcasts', { text: 'end of test' })).status, 202);
    const seen = [];
    for (let frame = (await supervisorLive.next()).json; frame.type !== 'broadcast'; frame = (await supervisorLive.next()).json) {
      seen.push(frame.type);
    }
    assert.ok(!seen.includes('agent.updated'), `the supervisor got ${seen.join(', ')}`);
    agentLive.ws.close();
    supervisorLive.ws.close();
  });
});

describe('note.created', () => {
  test("a colleague's note reaches the conversation's agent live; the agent's own note does not echo", async () => {
    const posted = await integrator.post('/api/v1/channels/api/messages', {
      contact: { identity: 'note-frame-contact', name: 'Nora' },
      text: 'Hello from a note test',
    });
    assert.equal(posted.status, 202, posted.text);
    const id = posted.json.conversation.id;
    const picked = await agent.post(`/api/v1/conversations/${id}/pick`, {});
    assert.equal(picked.status, 200, picked.text);
    const live = await openLiveSocket(server, { cookie: agent.cookieHeader() });
    assert.equal((await live.next()).json.type, 'hello');

    const own = await agent.post(`/api/v1/conversations/${id}/notes`, { text: 'my own reminder' });
    assert.equal(own.status, 201, own.text);
    const hint = await supervisor.post(`/api/v1/conversations/${id}/notes`, { text: 'VIP customer, be kind' });
    assert.equal(hint.status, 201, hint.text);
    let frame = (await live.next()).json;
    while (frame.type !== 'note.created') {
      frame = (await live.next()).json;
    }
    // Frames are in order: had the agent's own note been sent, it would have come first.
    assert.equal(frame.note.text, 'VIP customer, be kind');
    const again = await agent.get(`/api/v1/conversations/${id}/notes`);
    assert.deepEqual(again.json.items.map((note) => note.text), ['my own reminder', 'VIP customer, be kind']);
    live.ws.close();
  });

  test('the note frame carries the stored note', async () => {
    const posted = await integrator.post('/api/v1/channels/api/messages', {
      contact: { identity: 'note-frame-contact-2' },
      text: 'Second note test',
    });
    const id = posted.json.conversation.id;
    assert.equal((await agent.post(`/api/v1/conversations/${id}/pick`, {})).status, 200);
    const live = await openLiveSocket(server, { cookie: agent.cookieHeader() });
    assert.equal((await live.next()).json.type, 'hello');
    const hint = await admin.post(`/api/v1/conversations/${id}/notes`, { text: 'check the invoice first' });
    let frame = (await live.next()).json;
    while (frame.type !== 'note.created') {
      frame = (await live.next()).json;
    }
    assert.deepEqual(frame.note, hint.json.note);
    live.ws.close();
  });
});

describe("a colleague's conversation", () => {
  test('read and typing answer 404 as GET does, and change nothing', async () => {
    const posted = await integrator.post('/api/v1/channels/api/messages', {
      contact: { identity: 'not-yours-contact' },
      text: 'For the supervisor only',
    });
    assert.equal(posted.status, 202, posted.text);
    const id = posted.json.conversation.id;
    const taken = await supervisor.post(`/api/v1/conversations/${id}/pick`, {});
    assert.equal(taken.status, 200, taken.text);

    assert.equal((await agent.get(`/api/v1/conversations/${id}`)).status, 404);
    const read = await agent.post(`/api/v1/conversations/${id}/read`, {});
    assert.equal(read.status, 404, read.text);
    const typing = await agent.post(`/api/v1/conversations/${id}/typing`, { typing: true });
    assert.equal(typing.status, 404, typing.text);
    // The same answers as for an id that does not exist: nothing tells one from the other.
    assert.equal((await agent.post('/api/v1/conversations/cnv_doesnotexist/read', {})).status, 404);

    const messages = await supervisor.get(`/api/v1/conversations/${id}/messages`);
    assert.equal(messages.status, 200, messages.text);
    assert.deepEqual(messages.json.items.map((message) => message.status), ['received']);
    // Its own agent still can.
    assert.equal((await supervisor.post(`/api/v1/conversations/${id}/read`, {})).status, 204);
    const after = await supervisor.get(`/api/v1/conversations/${id}/messages`);
    assert.deepEqual(after.json.items.map((message) => message.status), ['read']);
  });
});

describe('GET /api/v1/me/stats', () => {
  test("counts what the caller closed today, and the team's queue", async () => {
    const empty = await agent.get('/api/v1/me/stats');
    assert.equal(empty.status, 200, empty.text);
    assert.deepEqual(empty.json.stats.today, { handled: 0, averageFirstResponseSeconds: 0, averageHandlingSeconds: 0 });

    const conversationIds = [];
    for (const identity of ['+15550201', '+15550202']) {
      const posted = await integrator.post('/api/v1/channels/api/messages', { contact: { identity }, text: 'hello' });
      assert.equal(posted.status, 202, posted.text);
      conversationIds.push(posted.json.conversation.id);
    }
    const picked = await agent.post(`/api/v1/conversations/${conversationIds[0]}/pick`, {});
    assert.equal(picked.status, 200, picked.text);
    const replied = await agent.post(`/api/v1/conversations/${conversationIds[0]}/messages`, { text: 'hi' });
    assert.equal(replied.status, 201, replied.text);
    const closed = await agent.post(`/api/v1/conversations/${conversationIds[0]}/close`, {});
    assert.equal(closed.status, 200, closed.text);

    const mine = await agent.get('/api/v1/me/stats');
    assert.equal(mine.status, 200, mine.text);
    assert.equal(mine.json.stats.today.handled, 1);
    assert.equal(typeof mine.json.stats.today.averageFirstResponseSeconds, 'number');
    assert.equal(typeof mine.json.stats.today.averageHandlingSeconds, 'number');
    assert.equal(mine.json.stats.team.queueLength, 1); // the second one waits
    assert.match(mine.json.stats.team.oldestEnqueuedAt, RFC3339_MS);
    assert.equal(mine.json.stats.team.agentsAvailable, 0);
    assert.equal(mine.json.stats.team.handledToday, 1);

    const theirs = await supervisor.get('/api/v1/me/stats');
    assert.equal(theirs.status, 200, theirs.text);
    assert.equal(theirs.json.stats.today.handled, 0);
    assert.equal(theirs.json.stats.team.handledToday, 1);

    const available = await supervisor.patch('/api/v1/me/agent', { presence: 'available', autoAllocate: false });
    assert.equal(available.status, 200, available.text);
    assert.equal((await agent.get('/api/v1/me/stats')).json.stats.team.agentsAvailable, 1);
  });

  test('an API token and the dpo get 403', async () => {
    const byToken = await integrator.get('/api/v1/me/stats');
    assert.equal(byToken.status, 403, byToken.text);
    assert.equal(errorCode(byToken), 'forbidden');
    assert.equal((await dpo.get('/api/v1/me/stats')).status, 403);
    assert.equal((await new Client(server.url).get('/api/v1/me/stats')).status, 401);
  });
});
