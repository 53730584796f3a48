// User lifecycle (issue 17, A2–A4) against the real server: deactivating an agent signs them out
// at once (their live socket closes, sign-in answers 403 after the right password), routing forgets
// them and their conversation goes back to the queue at its original place, ahead of one that came
// later; reactivating lets them back; deleting (typed "delete") erases their email, name and
// password while the id stays in the audit, and frees the email. The last active admin cannot be
// deactivated, deleted or demoted; nobody deactivates or deletes themselves. Skills are renamed and
// kept by who has them.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  PASSWORD,
  SUITE_TIMEOUT_MS,
  createUser,
  errorCode,
  makeDataDir,
  openLiveSocket,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  until,
} from './harness.mjs';

const limits = { timeout: SUITE_TIMEOUT_MS };
let dataDir;
let server;
let tenant;
let admin;
let supervisor;
let agent;
let integrator;

async function inbound(identity, text) {
  const response = await integrator.post('/api/v1/channels/api/messages', { contact: { identity, name: identity }, text });
  assert.equal(response.status, 202, response.text);
  return response.json.conversation?.id ?? response.json.conversationId;
}

async function conversation(id) {
  const response = await supervisor.get(`/api/v1/conversations/${id}`);
  assert.equal(response.status, 200, response.text);
  return response.json.conversation;
}

before(async () => {
  dataDir = makeDataDir('user-lifecycle');
  tenant = seedTenant(dataDir, 'Lifecycle');
  server = await startServer(dataDir);
  admin = await signedIn(server.url, tenant.users.admin);
  supervisor = await signedIn(server.url, tenant.users.supervisor);
  integrator = new Client(server.url, { token: tenant.adminToken });
}, limits);

after(() => stopAll([server], dataDir));

describe('deactivate, reactivate, delete', limits, () => {
  let first;
  let later;

  test('deactivating signs the agent out now and requeues their conversation at its place', limits, async () => {
    agent = await signedIn(server.url, tenant.users.agent);
    const capacity = await admin.patch(`/api/v1/agents/${tenant.users.agent.id}`, { capacity: 1 });
    assert.equal(capacity.status, 200, capacity.text);
    assert.equal((await agent.patch('/api/v1/me/agent', { presence: 'available' })).status, 200);
    const live = await openLiveSocket(server, { cookie: agent.cookieHeader() });
    assert.equal((await live.next()).json.type, 'hello');
    const closed = new Promise((resolve) => live.ws.once('close', resolve));

    first = await inbound('lifecycle-first', 'I came first');
    await until('the first conversation is the agent\'s', async () => (await conversation(first)).agentId === tenant.users.agent.id);
    later = await inbound('lifecycle-later', 'I came later');
    const firstBefore = await conversation(first);

    const refused = await supervisor.post(`/api/v1/users/${tenant.users.agent.id}/deactivate`, {});
    assert.equal(refused.status, 403, 'supervisors do not manage users');
    const deactivated = await admin.post(`/api/v1/users/${tenant.users.agent.id}/deactivate`, {});
    assert.equal(deactivated.status, 200, deactivated.text);
    assert.equal(deactivated.json.user.status, 'deactivated');
    assert.match(deactivated.json.user.deactivatedAt, /Z$/);

    await closed; // at once, not at the next periodic check
    assert.equal((await agent.get('/api/v1/me')).status, 401, 'the session is gone');
    const again = new Client(server.url);
    const signIn = await again.signIn(tenant.users.agent.email, PASSWORD);
    assert.equal(signIn.status, 403, signIn.text);
    assert.match(signIn.text, /deactivated/);
    const wrong = await new Client(server.url).signIn(tenant.users.agent.email, 'not the password');
    assert.equal(wrong.status, 401, 'the state is told only to who knows the password');

    // Back in the queue, ahead of the later one, with its original waiting time.
    const firstAfter = await conversation(first);
    assert.equal(firstAfter.state, 'queued');
    assert.equal(firstAfter.agentId, null);
    const queue = await supervisor.get('/api/v1/queue');
    assert.equal(queue.status, 200, queue.text);
    const order = queue.json.items.map((item) => item.conversationId);
    assert.ok(order.indexOf(first) >= 0 && order.indexOf(first) < order.indexOf(later), JSON.stringify(order));
    const queued = queue.json.items.find((item) => item.conversationId === first);
    assert.equal(queued.enqueuedAt, firstBefore.enqueuedAt, 'it keeps its original waiting time');
    assert.equal(firstAfter.enqueuedAt, firstBefore.enqueuedAt);
    const agents = await supervisor.get('/api/v1/agents');
    assert.ok(!agents.json.items.some((item) => item.userId === tenant.users.agent.id), 'routing forgot them');
    // Still listed for admins, as deactivated.
    const listed = (await admin.get('/api/v1/users')).json.items.find((item) => item.id === tenant.users.agent.id);
    assert.equal(listed.status, 'deactivated');

    const audit = await admin.get(`/api/v1/audit?entity=user&entityId=${tenant.users.agent.id}`);
    const entry = audit.json.items.find((item) => item.attribute === 'active');
    assert.ok(entry, audit.text);
    assert.equal(entry.value, 'false');
    assert.equal(entry.actor.id, tenant.users.admin.id);
  });

  test('reactivating lets them sign in and be routed again', limits, async () => {
    const reactivated = await admin.post(`/api/v1/users/${tenant.users.agent.id}/reactivate`, {});
    assert.equal(reactivated.status, 200, reactivated.text);
    assert.equal(reactivated.json.user.status, 'active');
    agent = await signedIn(server.url, tenant.users.agent);
    const agents = await supervisor.get('/api/v1/agents');
    assert.ok(agents.json.items.some((item) => item.userId === tenant.users.agent.id), 'routing has them back');
    assert.equal((await agent.patch('/api/v1/me/agent', { presence: 'available' })).status, 200);
    await until('they get the first conversation again', async () => (await conversation(first)).agentId === tenant.users.agent.id);
  });

  test('deleting needs "delete", erases what is personal, keeps the id and frees the email', limits, async () => {
    const path = `/api/v1/users/${tenant.users.agent.id}`;
    for (const body of [{}, { confirm: 'yes' }, { confirm: 'DELETE' }]) {
      const response = await admin.request('DELETE', path, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      assert.equal(response.status, 422, `${JSON.stringify(body)}: ${response.text}`);
    }
    const deleted = await admin.request('DELETE', path, { body: JSON.stringify({ confirm: 'delete' }), headers: { 'content-type': 'application/json' } });
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(deleted.json.user.status, 'deleted');
    assert.equal(deleted.json.user.email, '');
    assert.equal(deleted.json.user.displayName, 'Deleted user');
    assert.equal((await agent.get('/api/v1/me')).status, 401);
    assert.equal((await conversation(first)).state, 'queued', 'their conversation went back to the queue');
    const users = (await admin.get('/api/v1/users')).json.items;
    assert.ok(!users.some((item) => item.id === tenant.users.agent.id), 'no longer listed');
    assert.ok(users.some((item) => item.id === tenant.users.supervisor.id), 'the others are');
    assert.equal((await admin.get(path)).json.user.status, 'deleted', 'the id still resolves');
    const signIn = await new Client(server.url).signIn(tenant.users.agent.email, PASSWORD);
    assert.equal(signIn.status, 401);
    const again = await admin.request('DELETE', path, { body: JSON.stringify({ confirm: 'delete' }), headers: { 'content-type': 'application/json' } });
    assert.equal(again.status, 404);
    const audit = await admin.get(`/api/v1/audit?entity=user&entityId=${tenant.users.agent.id}`);
    assert.ok(audit.json.items.some((item) => item.attribute === 'deleted'), audit.text);
    // The audit keeps that their email was set, by whom and when, but no longer the email: its key
    // went with them. Others' still read.
    const emailEntry = audit.json.items.find((item) => item.attribute === 'email');
    assert.ok(emailEntry, audit.text);
    assert.equal(emailEntry.value ?? null, null, audit.text);
    assert.equal(audit.text.indexOf(tenant.users.agent.email), -1, audit.text);
    const others = await admin.get(`/api/v1/audit?entity=user&entityId=${tenant.users.supervisor.id}`);
    assert.equal(others.json.items.find((item) => item.attribute === 'email')?.value, tenant.users.supervisor.email, others.text);
    // The email is free for someone new.
    const created = await admin.post('/api/v1/users', {
      email: tenant.users.agent.email, displayName: 'New Agent', role: 'agent', password: PASSWORD,
    });
    assert.equal(created.status, 201, created.text);
  });
});

describe('API tokens act for the user who made them', limits, () => {
  test('deactivating a user revokes the tokens they made, and those their tokens made; the operator\'s stay', limits, async () => {
    const made = await admin.post('/api/v1/users', { email: 'token.maker@parley.test', password: PASSWORD, role: 'admin' });
    assert.equal(made.status, 201, made.text);
    const second = await signedIn(server.url, { email: 'token.maker@parley.test', password: PASSWORD });
    const byThem = await second.post('/api/v1/tokens', { name: 'their CRM' });
    assert.equal(byThem.status, 201, byThem.text);
    assert.equal(byThem.json.token.createdBy, made.json.user.id);
    const theirToken = new Client(server.url, { token: byThem.json.secret });
    const byTheirToken = await theirToken.post('/api/v1/tokens', { name: 'made by their token', scopes: ['reports:read'] });
    assert.equal(byTheirToken.status, 201, byTheirToken.text);
    assert.equal(byTheirToken.json.token.createdBy, made.json.user.id, 'a token acts for whom its maker acts for');
    const listed = (await admin.get('/api/v1/tokens')).json.items;
    assert.equal(listed.find((item) => item.name === 'their CRM').createdBy, made.json.user.id);
    assert.equal(listed.find((item) => item.id !== byThem.json.token.id && item.id !== byTheirToken.json.token.id).createdBy, null, 'the CLI\'s token has no creator');

    const live = await openLiveSocket(server, { authorization: `Bearer ${byThem.json.secret}` });
    assert.equal((await live.next()).json.type, 'hello');
    const closed = new Promise((resolve) => live.ws.once('close', resolve));

    const off = await admin.post(`/api/v1/users/${made.json.user.id}/deactivate`, {});
    assert.equal(off.status, 200, off.text);
    await closed; // at once, not at the next periodic check (30 s here)
    assert.equal((await theirToken.get('/api/v1/stats')).status, 401);
    assert.equal((await new Client(server.url, { token: byTheirToken.json.secret }).get('/api/v1/stats')).status, 401);
    assert.equal((await integrator.get('/api/v1/stats')).status, 200, 'the operator\'s token stays');
    const audit = await admin.get(`/api/v1/audit/entries?entity=token&entityId=${byThem.json.token.id}`);
    assert.equal(audit.status, 200, audit.text);
    const revoked = audit.json.items.find((item) => item.attribute === 'revoked');
    assert.equal(revoked?.actor.id, tenant.users.admin.id, audit.text);
  });
});

describe('guards', limits, () => {
  test('the last active admin stays; nobody deactivates or deletes themselves', limits, async () => {
    const self = await admin.post(`/api/v1/users/${tenant.users.admin.id}/deactivate`, {});
    assert.equal(self.status, 409, self.text);
    assert.match(self.text, /yourself/);
    // An admin token is nobody: the rule that stops it is the last admin's.
    const token = new Client(server.url, { token: tenant.adminToken });
    for (const [method, path, body] of [
      ['POST', `/api/v1/users/${tenant.users.admin.id}/deactivate`, {}],
      ['DELETE', `/api/v1/users/${tenant.users.admin.id}`, { confirm: 'delete' }],
      ['PATCH', `/api/v1/users/${tenant.users.admin.id}`, { role: 'agent' }],
    ]) {
      const response = await token.request(method, path, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      assert.equal(response.status, 409, `${method} ${path}: ${response.text}`);
      assert.equal(errorCode(response), 'conflict');
      assert.match(response.text, /without an admin/);
    }
    assert.equal((await admin.get('/api/v1/me')).status, 200, 'the admin is untouched');
    // With a second admin, the first may go.
    const secondId = createUser(dataDir, { tenant: tenant.tenantId, email: 'second.admin@parley.test', role: 'admin' });
    const second = await signedIn(server.url, { email: 'second.admin@parley.test', password: PASSWORD });
    const done = await second.post(`/api/v1/users/${tenant.users.admin.id}/deactivate`, {});
    assert.equal(done.status, 200, done.text);
    assert.equal((await admin.get('/api/v1/me')).status, 401, 'deactivation signed them out');
    const back = await second.post(`/api/v1/users/${tenant.users.admin.id}/reactivate`, {});
    assert.equal(back.status, 200, back.text);
    admin = await signedIn(server.url, tenant.users.admin);
    assert.match(secondId, /^usr_/);
  });

  test('a skill is renamed and kept by the agent who has it', limits, async () => {
    const skill = await admin.post('/api/v1/skills', { name: 'Spanish' });
    assert.equal(skill.status, 201, skill.text);
    const other = await admin.post('/api/v1/skills', { name: 'French' });
    assert.equal(other.status, 201, other.text);
    const given = await admin.patch(`/api/v1/agents/${tenant.users.supervisor.id}`, { skills: [{ skillId: skill.json.skill.id, active: true }] });
    assert.equal(given.status, 200, given.text);
    const renamed = await admin.patch(`/api/v1/skills/${skill.json.skill.id}`, { name: 'Español' });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.json.skill.name, 'Español');
    assert.equal(renamed.json.skill.id, skill.json.skill.id);
    const taken = await admin.patch(`/api/v1/skills/${skill.json.skill.id}`, { name: 'French' });
    assert.equal(taken.status, 409, taken.text);
    assert.equal((await admin.patch(`/api/v1/skills/${skill.json.skill.id}`, { name: '' })).status, 422);
    assert.equal((await admin.patch('/api/v1/skills/skl_nope', { name: 'X' })).status, 404);
    assert.equal((await supervisor.patch(`/api/v1/skills/${skill.json.skill.id}`, { name: 'Mine' })).status, 403);
    const agentView = await admin.get(`/api/v1/agents/${tenant.users.supervisor.id}`);
    assert.ok(JSON.stringify(agentView.json).includes(skill.json.skill.id), agentView.text);
    const skills = (await admin.get('/api/v1/skills')).json.items.map((item) => item.name).sort();
    assert.deepEqual(skills, ['Español', 'French']);
  });
});
