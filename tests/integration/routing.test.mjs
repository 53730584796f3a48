// Issue 3 end to end, as a newcomer would do it: skills, categories and agents through the API,
// inbound messages on the API channel, allocations watched on the agents' live sockets; replies,
// notes, transfer, close, decisions, dry run, statistics; then kill -9 and a restart that loses
// nothing and double-assigns nothing.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  createUser,
  errorCode,
  makeDataDir,
  openLiveSocket,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';

let dataDir;
let server;
let tenant;
let integrator; // admin API token: configures routing and posts inbound messages
let supervisor;
const agents = {}; // name → { user, client, live }
const skills = {}; // name → id
const categories = {}; // name → id

// The next frame of `type` on a live socket (other frames are skipped), within `ms`.
async function nextEvent(live, type, predicate = () => true, ms = 5000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const frame = await Promise.race([
      live.next(),
      new Promise((resolve) => setTimeout(() => resolve(null), deadline - Date.now())),
    ]);
    if (frame === null) {
      break;
    }
    if (frame.json?.type === type && predicate(frame.json)) {
      return frame.json;
    }
  }
  throw new Error(`no ${type} event within ${ms} ms`);
}

async function inbound(identity, text, extra = {}) {
  const response = await integrator.post('/api/v1/channels/api/messages', {
    contact: { identity, name: `Customer ${identity}` },
    text,
    ...extra,
  });
  assert.ok([200, 202].includes(response.status), `inbound: ${response.status} ${response.text}`);
  return response.json;
}

async function openAgent(name, user) {
  const client = await signedIn(server.url, user);
  const live = await openLiveSocket(server, { cookie: client.cookieHeader() });
  assert.ok(live.ws, `live socket of ${name}: ${JSON.stringify(live)}`);
  const hello = (await live.next()).json;
  assert.equal(hello.type, 'hello');
  assert.match(hello.cursor, /^[0-9a-f]{16}\.\d+$/);
  agents[name] = { user, client, live, hello };
}

before(async () => {
  dataDir = makeDataDir('routing');
  tenant = seedTenant(dataDir, 'Routing');
  const second = {
    id: createUser(dataDir, { tenant: tenant.tenantId, email: 'bob.routing@parley.test', role: 'agent' }),
    email: 'bob.routing@parley.test',
  };
  tenant.users.bob = second;
  server = await startServer(dataDir);
  integrator = new Client(server.url, { token: tenant.adminToken });
  supervisor = await signedIn(server.url, tenant.users.supervisor);
  await openAgent('ann', tenant.users.agent);
  await openAgent('bob', tenant.users.bob);
}, { timeout: SUITE_TIMEOUT_MS });

after(async () => {
  for (const { live } of Object.values(agents)) {
    live.ws.close();
  }
  await stopAll([server], dataDir);
});

describe('routing configuration', () => {
  test('admins create skills; names are unique; agents may not', async () => {
    for (const name of ['billing', 'french']) {
      const created = await integrator.post('/api/v1/skills', { name });
      assert.equal(created.status, 201, created.text);
      assert.match(created.json.skill.id, /^skl_/);
      skills[name] = created.json.skill.id;
    }
    const again = await integrator.post('/api/v1/skills', { name: 'billing' });
    assert.equal(again.status, 409);
    assert.equal(errorCode(again), 'conflict');
    const byAgent = await agents.ann.client.post('/api/v1/skills', { name: 'sneaky' });
    assert.equal(byAgent.status, 403);
    const listed = await agents.ann.client.get('/api/v1/skills');
    assert.deepEqual(listed.json.items.map((s) => s.name).sort(), ['billing', 'french']);
  });

  test('an Idempotency-Key replays the first answer and refuses another body', async () => {
    const headers = { 'idempotency-key': 'create-support-skill' };
    const first = await integrator.post('/api/v1/skills', { name: 'support' }, { headers });
    assert.equal(first.status, 201, first.text);
    const replay = await integrator.post('/api/v1/skills', { name: 'support' }, { headers });
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.json.skill.id, first.json.skill.id);
    const other = await integrator.post('/api/v1/skills', { name: 'other' }, { headers });
    assert.equal(other.status, 409);
    skills.support = first.json.skill.id;
  });

  test('categories carry rules, requirements, priority and relaxation', async () => {
    const billing = await integrator.post('/api/v1/categories', {
      name: 'Billing',
      priority: 5,
      position: 1,
      skills: [skills.billing],
      rules: { keywords: ['invoice', 'refund'] },
      relaxation: [{ afterSeconds: 3600, anyOf: [[skills.billing], [skills.support]] }],
    });
    assert.equal(billing.status, 201, billing.text);
    assert.equal(billing.json.category.priority, 5);
    assert.deepEqual(billing.json.category.relaxation[0].anyOf, [[skills.billing], [skills.support]]);
    categories.billing = billing.json.category.id;
    const general = await integrator.post('/api/v1/categories', { name: 'General', position: 2 });
    assert.equal(general.status, 201, general.text);
    categories.general = general.json.category.id;
    const unknown = await integrator.post('/api/v1/categories', { name: 'Bad', skills: ['skl_nope'] });
    assert.equal(unknown.status, 422, unknown.text);
    const badType = await integrator.post('/api/v1/categories', { name: 'Bad', priority: 'high' });
    assert.equal(badType.status, 422);
    assert.equal(errorCode(badType), 'validation_failed');
  });

  test('skills and categories are deleted; unknown ids are 404', async () => {
    const skill = await integrator.post('/api/v1/skills', { name: 'temporary' });
    const category = await integrator.post('/api/v1/categories', { name: 'Temporary', skills: [skill.json.skill.id] });
    assert.equal(category.status, 201, category.text);
    assert.equal((await integrator.delete(`/api/v1/skills/${skill.json.skill.id}`)).status, 204);
    const after = await integrator.get('/api/v1/categories');
    assert.deepEqual(after.json.items.find((c) => c.name === 'Temporary').skills, []);
    assert.equal((await integrator.delete(`/api/v1/categories/${category.json.category.id}`)).status, 204);
    assert.equal((await integrator.delete(`/api/v1/categories/${category.json.category.id}`)).status, 404);
    assert.equal((await integrator.delete('/api/v1/skills/skl_nope')).status, 404);
    assert.equal((await integrator.get('/api/v1/agents/usr_nope')).status, 404);
  });

  test('admins set skills and capacity; agents set presence and toggle their own skills', async () => {
    const ann = await integrator.patch(`/api/v1/agents/${agents.ann.user.id}`, {
      capacity: 2,
      skills: [{ skillId: skills.billing, active: true }, { skillId: skills.french, active: false }],
    });
    assert.equal(ann.status, 200, ann.text);
    assert.equal(ann.json.agent.capacity, 2);
    const raise = await agents.ann.client.patch('/api/v1/me/agent', { capacity: 50 });
    assert.equal(raise.status, 403, 'agents do not change their capacity');
    const add = await agents.ann.client.patch('/api/v1/me/agent', {
      skills: [{ skillId: skills.billing, active: true }, { skillId: skills.support, active: true }],
    });
    assert.equal(add.status, 403, 'agents do not add skills');
    const drop = await agents.ann.client.patch('/api/v1/me/agent', {
      skills: [{ skillId: skills.billing, active: true }, { skillId: skills.billing, active: true }],
    });
    assert.equal(drop.status, 422, 'a list naming a skill twice');
    for (const name of ['ann', 'bob']) {
      const available = await agents[name].client.patch('/api/v1/me/agent', { presence: 'available' });
      assert.equal(available.status, 200, available.text);
      assert.equal(available.json.agent.presence, 'available');
    }
    const me = await agents.bob.client.get('/api/v1/me/agent');
    assert.equal(me.json.agent.capacity, 3, 'defaults');
    assert.equal(me.json.agent.autoAllocate, true);
  });
});

describe('inbound on the API channel, routed live', () => {
  let billingConversation;
  let generalConversation;

  test('a billing question goes to the agent with the active billing skill', async () => {
    const received = await inbound('+15550001', 'Where is my invoice?', { messageId: 'ext-1' });
    assert.equal(received.newConversation, true);
    assert.equal(received.conversation.categoryId, categories.billing);
    billingConversation = received.conversation.id;
    const event = await nextEvent(agents.ann.live, 'conversation.assigned',
      (e) => e.change.conversationId === billingConversation);
    assert.equal(event.change.agentId, agents.ann.user.id);
    assert.equal(event.change.cause, 'allocated');
  });

  test('a retried webhook with the same messageId stores nothing', async () => {
    const again = await inbound('+15550001', 'Where is my invoice?', { messageId: 'ext-1' });
    assert.equal(again.duplicate, true);
    const messages = await agents.ann.client.get(`/api/v1/conversations/${billingConversation}/messages`);
    assert.equal(messages.status, 200, messages.text);
    assert.equal(messages.json.items.length, 1);
  });

  test('a second message of the same contact lands in the same conversation, live', async () => {
    const received = await inbound('+15550001', 'It is number 42');
    assert.equal(received.conversation.id, billingConversation);
    assert.equal(received.newConversation, false);
    const event = await nextEvent(agents.ann.live, 'message.created');
    assert.deepEqual(event.message.content, { text: 'It is number 42' });
  });

  test('anything else goes to the least loaded agent', async () => {
    const received = await inbound('+15550002', 'Hello there');
    generalConversation = received.conversation.id;
    assert.equal(received.conversation.categoryId, categories.general);
    const event = await nextEvent(agents.bob.live, 'conversation.assigned',
      (e) => e.change.conversationId === generalConversation);
    assert.equal(event.change.agentId, agents.bob.user.id);
  });

  test('every allocation keeps its reasons; supervisors read them', async () => {
    const decisions = await supervisor.get(`/api/v1/conversations/${generalConversation}/decisions`);
    assert.equal(decisions.status, 200, decisions.text);
    const [first] = decisions.json.items;
    assert.equal(first.cause, 'allocated');
    assert.equal(first.agentId, agents.bob.user.id);
    assert.equal(first.explanation.agent, agents.bob.user.id);
    assert.equal(first.explanation.load, 0);
    assert.ok(Array.isArray(first.explanation.skipped));
    const forAgent = await agents.bob.client.get(`/api/v1/conversations/${generalConversation}/decisions`);
    assert.equal(forAgent.status, 403);
  });

  test('agents see their own conversations, not each other\'s', async () => {
    const own = await agents.bob.client.get('/api/v1/conversations');
    assert.deepEqual(own.json.items.map((c) => c.id), [generalConversation]);
    const other = await agents.bob.client.get(`/api/v1/conversations/${billingConversation}`);
    assert.equal(other.status, 404);
    const othersList = await agents.bob.client.get(`/api/v1/conversations?agentId=${agents.ann.user.id}`);
    assert.equal(othersList.status, 403);
    assert.equal((await agents.bob.client.get('/api/v1/conversations?limit=10abc')).status, 422);
    const all = await supervisor.get('/api/v1/conversations?state=assigned');
    assert.equal(all.json.items.length, 2);
  });

  test('supervisors filter all conversations by channel, category, time and customer', async () => {
    const ids = async (query) => {
      const listed = await supervisor.get(`/api/v1/conversations?${query}`);
      assert.equal(listed.status, 200, `${query}: ${listed.text}`);
      return listed.json.items.map((c) => c.id);
    };
    const both = [generalConversation, billingConversation];
    assert.deepEqual(await ids('channel=api'), both, 'newest first');
    assert.deepEqual(await ids('channel=chn_nothing'), []);
    assert.deepEqual(await ids(`categoryId=${categories.billing}`), [billingConversation]);
    assert.deepEqual(await ids(`categoryId=${categories.billing}&state=assigned&channel=api`), [billingConversation]);
    const billing = (await supervisor.get(`/api/v1/conversations/${billingConversation}`)).json.conversation;
    const created = Date.parse(billing.createdAt);
    const at = (ms) => encodeURIComponent(new Date(ms).toISOString());
    assert.ok((await ids(`from=${at(created)}`)).includes(billingConversation));
    assert.ok(!(await ids(`from=${at(created + 1)}`)).includes(billingConversation));
    assert.deepEqual(await ids(`before=${at(created)}`), []);
    assert.ok((await ids(`before=${at(created + 1)}`)).includes(billingConversation));
    // The customer, by phone (any form of it), by name, by identity; nobody matches nothing.
    assert.deepEqual(await ids(`phone=${encodeURIComponent('+1 555 0001')}`), [billingConversation]);
    assert.deepEqual(await ids('name=customer'), both);
    assert.deepEqual(await ids(`identity=${encodeURIComponent('+15550002')}&channel=api`), [generalConversation]);
    assert.deepEqual(await ids('email=nobody%40example.test'), []);
    // The search is on the read audit of the contact found (written within a second), without
    // what was searched for.
    const contactId = billing.contactId;
    let audit;
    for (let i = 0; i < 40; i += 1) {
      audit = await integrator.get(`/api/v1/audit?entity=contact&entityId=${contactId}`);
      assert.equal(audit.status, 200, audit.text);
      if (audit.json.items.some((e) => e.attribute === 'search.phone')) {
        break;
      }
      await new Promise((resolve) => { setTimeout(resolve, 100); });
    }
    const searched = audit.json.items.find((e) => e.attribute === 'search.phone');
    assert.ok(searched, audit.text);
    assert.equal(searched.value, null);
    // Agents search only within their own conversations.
    const own = await agents.bob.client.get('/api/v1/conversations?name=customer');
    assert.deepEqual(own.json.items.map((c) => c.id), [generalConversation]);
    for (const bad of ['from=yesterday', 'before=2026-13-01T00:00:00Z', 'phone=1&email=a%40b.c',
      `contactId=${contactId}&name=customer`]) {
      const answer = await supervisor.get(`/api/v1/conversations?${bad}`);
      assert.equal(answer.status, 422, `${bad}: ${answer.text}`);
    }
  });

  test('replies and internal notes', async () => {
    const reply = await agents.ann.client.post(`/api/v1/conversations/${billingConversation}/messages`, {
      text: 'Let me check that for you.',
    });
    assert.equal(reply.status, 201, reply.text);
    assert.equal(reply.json.message.direction, 'outbound');
    const note = await agents.ann.client.post(`/api/v1/conversations/${billingConversation}/notes`, {
      text: 'Customer was charged twice',
    });
    assert.equal(note.status, 201, note.text);
    const notes = await supervisor.get(`/api/v1/conversations/${billingConversation}/notes`);
    assert.equal(notes.json.items[0].text, 'Customer was charged twice');
    const notMine = await agents.bob.client.post(`/api/v1/conversations/${billingConversation}/messages`, {
      text: 'hi',
    });
    assert.equal(notMine.status, 404);
    const bad = await agents.ann.client.post(`/api/v1/conversations/${billingConversation}/messages`, {
      content: { text: 'a', media: { url: 'https://x/y.png' } },
    });
    assert.equal(bad.status, 422);
    // Awaiting a reply: the conversations whose newest message is the customer's (a note is not
    // a reply); a new message from the customer puts one back.
    const unanswered = async () =>
      (await supervisor.get('/api/v1/conversations?channel=api&unanswered=true')).json.items.map((c) => c.id);
    assert.deepEqual(await unanswered(), [generalConversation]);
    await inbound('+15550001', 'Any news?');
    assert.deepEqual(await unanswered(), [generalConversation, billingConversation]);
    const answered = await agents.ann.client.post(`/api/v1/conversations/${billingConversation}/messages`, {
      text: 'Refunded: you will see it in two days.',
    });
    assert.equal(answered.status, 201, answered.text);
    assert.deepEqual(await unanswered(), [generalConversation]);
    const everything = await supervisor.get('/api/v1/conversations?channel=api&unanswered=false');
    assert.equal(everything.json.items.length, 2);
    assert.equal((await supervisor.get('/api/v1/conversations?unanswered=yes')).status, 422);
  });

  test('when an agent is full the conversation waits, and closing one allocates it at once', async () => {
    await inbound('+15550003', 'refund please');
    const waiting = await inbound('+15550004', 'another invoice question');
    // ann has capacity 2 and holds 2 billing conversations now; the third waits.
    const queue = await agents.ann.client.get('/api/v1/queue');
    assert.deepEqual(queue.json.items.map((q) => q.conversationId), [waiting.conversation.id]);
    assert.deepEqual(queue.json.items[0].requires, [[skills.billing]]);
    const both = await supervisor.post('/api/v1/routing/dry-run', {
      categoryId: categories.billing,
      conversationId: waiting.conversation.id,
    });
    assert.equal(both.status, 422);
    const dry = await supervisor.post('/api/v1/routing/dry-run', { categoryId: categories.billing });
    assert.equal(dry.status, 200, dry.text);
    assert.equal(dry.json.explanation.agent, null);
    const reasons = Object.fromEntries(dry.json.explanation.skipped.map((s) => [s.agent, s.reason]));
    assert.equal(reasons[agents.ann.user.id], 'at_capacity');
    assert.equal(reasons[agents.bob.user.id], 'skill_missing');

    const closed = await agents.ann.client.post(`/api/v1/conversations/${billingConversation}/close`, {});
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.json.conversation.state, 'closed');
    const event = await nextEvent(agents.ann.live, 'conversation.assigned',
      (e) => e.change.conversationId === waiting.conversation.id);
    assert.equal(event.change.agentId, agents.ann.user.id);
  });

  test('transfer to another agent, unassign, pick', async () => {
    const moved = await supervisor.post(`/api/v1/conversations/${generalConversation}/transfer`, {
      agentId: agents.ann.user.id,
    });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.json.change.previousAgentId, agents.bob.user.id);
    await nextEvent(agents.bob.live, 'conversation.requeued', (e) => e.change.conversationId === generalConversation);
    await nextEvent(agents.ann.live, 'conversation.assigned', (e) => e.change.conversationId === generalConversation);

    const off = await agents.bob.client.patch('/api/v1/me/agent', { autoAllocate: false });
    assert.equal(off.status, 200);
    const back = await agents.ann.client.post(`/api/v1/conversations/${generalConversation}/unassign`, {});
    assert.equal(back.status, 200, back.text);
    const picked = await agents.bob.client.post(`/api/v1/conversations/${generalConversation}/pick`, {});
    assert.equal(picked.status, 200, picked.text);
    assert.equal(picked.json.change.cause, 'picked');
    const twice = await agents.ann.client.post(`/api/v1/conversations/${generalConversation}/pick`, {});
    assert.equal(twice.status, 409);
  });

  test('a socket that reconnects with its cursor gets what it missed, in order', async () => {
    const ann = agents.ann;
    const ping = await supervisor.post('/api/v1/broadcasts', { text: 'before the drop' });
    assert.equal(ping.status, 202, ping.text);
    const seen = await nextEvent(ann.live, 'broadcast');
    const epoch = ann.hello.cursor.split('.')[0];
    ann.live.ws.close();
    await ann.live.closed;
    // While ann is away: a broadcast and a new billing conversation allocated to her.
    await supervisor.post('/api/v1/broadcasts', { text: 'while away' });
    const closing = (await agents.ann.client.get('/api/v1/conversations?state=assigned')).json.items[0];
    await agents.ann.client.post(`/api/v1/conversations/${closing.id}/close`, {});
    const missed = await inbound('+15550099', 'invoice while away');
    const live = await openLiveSocket(server, { cookie: ann.client.cookieHeader() }, `?since=${epoch}.${seen.seq}`);
    const hello = (await live.next()).json;
    assert.equal(hello.type, 'hello');
    assert.equal(hello.cursor, `${epoch}.${seen.seq}`);
    const away = await nextEvent(live, 'broadcast');
    assert.equal(away.text, 'while away');
    assert.ok(away.seq > seen.seq);
    const assigned = await nextEvent(live, 'conversation.assigned',
      (e) => e.change.conversationId === missed.conversation.id);
    assert.ok(assigned.seq > away.seq);
    ann.live = live;
    ann.hello = hello;

    const stale = await openLiveSocket(server, { cookie: ann.client.cookieHeader() }, '?since=0000.1');
    assert.equal((await stale.next()).json.type, 'hello');
    assert.equal((await stale.next()).json.type, 'resync');
    stale.ws.close();
  });

  test('statistics for supervisors', async () => {
    const stats = await supervisor.get('/api/v1/stats');
    assert.equal(stats.status, 200, stats.text);
    assert.equal(stats.json.stats.today.handled, 2); // closed above: one billing conversation, then one while ann was away
    assert.equal(stats.json.stats.agents.available, 2);
    assert.equal(typeof stats.json.stats.queueLength, 'number');
    const forAgent = await agents.ann.client.get('/api/v1/stats');
    assert.equal(forAgent.status, 403);
  });

  test('bad input gets the one error shape and changes nothing', async () => {
    const cases = [
      [{ raw: '{"contact":' }, 400, 'invalid_json'],
      [{ text: 'x' }, 422, 'validation_failed'],
      [{ contact: { identity: '' }, text: 'x' }, 422, 'validation_failed'],
      [{ contact: { identity: 'a' } }, 422, 'validation_failed'],
      [{ contact: { identity: 'a' }, text: 'x'.repeat(5000) }, 422, 'validation_failed'],
      [{ contact: { identity: 'a' }, content: { location: { latitude: 200, longitude: 0 } } }, 422, 'validation_failed'],
      [{ contact: 'a', text: 'x' }, 422, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const response = body.raw
        ? await integrator.request('POST', '/api/v1/channels/api/messages', {
            body: body.raw,
            headers: { 'content-type': 'application/json' },
          })
        : await integrator.post('/api/v1/channels/api/messages', body);
      assert.equal(response.status, status, `${JSON.stringify(body).slice(0, 80)}: ${response.text}`);
      assert.equal(errorCode(response), code);
    }
    const agentsMayNotInject = await agents.ann.client.post('/api/v1/channels/api/messages', {
      contact: { identity: 'z' },
      text: 'x',
    });
    assert.equal(agentsMayNotInject.status, 403);
  });
});

describe('contacts', () => {
  test('two contacts of one customer are merged, audited, and the identity follows', async () => {
    const first = await inbound('+15557770001', 'hello from my phone');
    const second = await inbound('+15557770002', 'hello from my other phone');
    // Both conversations are open on the api channel: the merge waits until one is closed.
    const refused = await integrator.post(`/api/v1/contacts/${first.contactId}/merge`, { from: second.contactId });
    assert.equal(refused.status, 409, refused.text);
    const closed = await supervisor.post(`/api/v1/conversations/${second.conversation.id}/close`, {});
    assert.equal(closed.status, 200, closed.text);
    const merged = await integrator.post(`/api/v1/contacts/${first.contactId}/merge`, { from: second.contactId });
    assert.equal(merged.status, 200, merged.text);
    assert.equal(merged.json.contact.id, first.contactId);
    const old = await integrator.get(`/api/v1/contacts/${second.contactId}`);
    assert.equal(old.json.contact.mergedInto, first.contactId);
    const again = await inbound('+15557770002', 'still me');
    assert.equal(again.contactId, first.contactId);
    assert.equal(again.conversation.id, first.conversation.id, 'the kept contact\'s open conversation');
    const audit = await integrator.get(`/api/v1/audit?entity=contact&entityId=${first.contactId}`);
    assert.ok(audit.json.items.some((e) => e.attribute === 'mergedFrom' && e.value === second.contactId), audit.text);
    const twice = await integrator.post(`/api/v1/contacts/${first.contactId}/merge`, { from: second.contactId });
    assert.equal(twice.status, 409);
    const self = await integrator.post(`/api/v1/contacts/${first.contactId}/merge`, { from: first.contactId });
    assert.equal(self.status, 422);
  });
});

describe('a crash loses nothing and double-assigns nothing', () => {
  test('kill -9, restart: assignments and the queue are rebuilt from storage', async () => {
    const before = await supervisor.get('/api/v1/conversations?limit=200');
    const open = before.json.items.filter((c) => c.state !== 'closed');
    // A burst of inbound messages, then kill -9 while they are being routed.
    const burst = [];
    for (let i = 0; i < 20; i += 1) {
      burst.push(inbound(`+1555100${i}`, `invoice ${i}`));
    }
    const accepted = await Promise.all(burst);
    for (const { live } of Object.values(agents)) {
      live.ws.close();
    }
    process.kill(server.pid, 'SIGKILL');
    await server.exited;

    server = await startServer(dataDir);
    supervisor = await signedIn(server.url, tenant.users.supervisor);
    const after = await supervisor.get('/api/v1/conversations?limit=200');
    const byId = new Map(after.json.items.map((c) => [c.id, c]));
    for (const c of open) {
      assert.ok(byId.has(c.id), `conversation ${c.id} survived`);
    }
    for (const { conversation } of accepted) {
      assert.ok(byId.has(conversation.id), `acknowledged conversation ${conversation.id} survived`);
    }
    // Each new customer's key survived with it (made ahead on disk; the start destroyed only the
    // keys no contact uses): their words still open.
    for (const [i, { conversation }] of accepted.entries()) {
      const messages = await supervisor.get(`/api/v1/conversations/${conversation.id}/messages`);
      assert.equal(messages.status, 200, messages.text);
      const texts = messages.json.items.map((m) => m.content?.text);
      assert.ok(texts.includes(`invoice ${i}`), `conversation ${conversation.id}: ${texts}`);
    }
    // No agent holds more automatic allocations than capacity, no conversation has two agents.
    const agentsNow = await supervisor.get('/api/v1/agents');
    const ann = agentsNow.json.items.find((a) => a.userId === agents.ann.user.id);
    assert.ok(ann.load <= 3, `ann's load ${ann.load}`); // capacity 2 + the manual transfer at most
    const assigned = after.json.items.filter((c) => c.state === 'assigned');
    const heldByAgents = agentsNow.json.items.flatMap((a) => a.conversations);
    assert.deepEqual([...heldByAgents].sort(), assigned.map((c) => c.id).sort());
    assert.equal(new Set(heldByAgents).size, heldByAgents.length);
    const queue = await supervisor.get('/api/v1/queue?limit=1000');
    const queued = after.json.items.filter((c) => c.state === 'queued').map((c) => c.id).sort();
    assert.deepEqual(queue.json.items.map((q) => q.conversationId).sort(), queued);
    assert.equal(queue.json.total, queued.length);
    // A page of the queue says how many wait in all.
    const first = await supervisor.get('/api/v1/queue?limit=1');
    assert.equal(first.json.items.length, Math.min(1, queued.length));
    assert.equal(first.json.total, queued.length);
  });
});
