// Invites (A2) and admins' changes to users, end to end: an admin invites by email and role, the
// invitee looks the one-time link up, sets a password and is signed in; the link then stops working.
// An admin changes a user's role and name (the user's live socket hears it), but never demotes the
// tenant's last admin.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  cookieByName,
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

const NEW_PASSWORD = 'invited and welcome 42';

let dataDir;
let server;
let tenant;
let admin; // signed-in admin (cookie)
let supervisor;
let agent;

async function invite(email, role = 'agent', extra = {}) {
  const response = await admin.post('/api/v1/invites', { email, role, ...extra });
  assert.equal(response.status, 201, response.text);
  return response.json;
}

before(async () => {
  dataDir = makeDataDir('invites');
  tenant = seedTenant(dataDir, 'Invites');
  server = await startServer(dataDir);
  admin = await signedIn(server.url, tenant.users.admin);
  supervisor = await signedIn(server.url, tenant.users.supervisor);
  agent = await signedIn(server.url, tenant.users.agent);
}, { timeout: SUITE_TIMEOUT_MS });

after(async () => {
  await stopAll([server], dataDir);
});

describe('invites', () => {
  test('an admin invites; the invitee looks it up, accepts once and is signed in', async () => {
    const created = await invite('Nova.Invites@parley.test', 'supervisor', { displayName: 'Nova' });
    assert.match(created.token, /^[A-Za-z0-9_-]{43}$/);
    assert.match(created.invite.id, /^inv_/);
    assert.equal(created.invite.email, 'nova.invites@parley.test');
    assert.equal(created.invite.role, 'supervisor');
    assert.equal(created.invite.displayName, 'Nova');
    assert.equal(created.invite.createdBy, tenant.users.admin.id);
    assert.match(created.invite.createdAt, RFC3339_MS);
    assert.equal(Date.parse(created.invite.expiresAt) - Date.parse(created.invite.createdAt), 7 * 24 * 3600 * 1000);

    const listed = await admin.get('/api/v1/invites');
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(listed.json.items.map((item) => item.id), [created.invite.id]);

    const visitor = new Client(server.url);
    const looked = await visitor.post('/api/v1/invites/lookup', { token: created.token });
    assert.equal(looked.status, 200, looked.text);
    assert.deepEqual(looked.json, {
      invite: { email: 'nova.invites@parley.test', role: 'supervisor', displayName: 'Nova', expiresAt: created.invite.expiresAt },
    });

    const weak = await visitor.post('/api/v1/invites/accept', { token: created.token, password: 'short' });
    assert.equal(weak.status, 422, weak.text);
    assert.equal((await visitor.post('/api/v1/invites/lookup', { token: created.token })).status, 200, 'still pending');

    const accepted = await visitor.post('/api/v1/invites/accept', {
      token: created.token,
      password: NEW_PASSWORD,
      displayName: 'Nova Prime',
    });
    assert.equal(accepted.status, 201, accepted.text);
    assert.equal(accepted.json.user.email, 'nova.invites@parley.test');
    assert.equal(accepted.json.user.role, 'supervisor');
    assert.equal(accepted.json.user.displayName, 'Nova Prime');
    assert.equal(accepted.json.user.tenantId, tenant.tenantId);
    assert.equal(typeof accepted.json.csrfToken, 'string');
    assert.equal(cookieByName(accepted.setCookies, 'parley_session')?.attributes.httponly, true);
    assert.equal(visitor.csrf, accepted.json.csrfToken);

    const me = await visitor.get('/api/v1/me');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.user.id, accepted.json.user.id);
    const users = await visitor.get('/api/v1/users'); // a supervisor may list users
    assert.equal(users.status, 200, users.text);
    await signedIn(server.url, { email: 'nova.invites@parley.test', password: NEW_PASSWORD });

    const again = await new Client(server.url).post('/api/v1/invites/accept', { token: created.token, password: NEW_PASSWORD });
    assert.equal(again.status, 404, again.text);
    assert.equal(errorCode(again), 'not_found');
    assert.equal((await visitor.post('/api/v1/invites/lookup', { token: created.token })).status, 404);
    assert.deepEqual((await admin.get('/api/v1/invites')).json.items, []);

    const audit = await admin.get(`/api/v1/audit?entity=invite&entityId=${created.invite.id}`);
    assert.equal(audit.status, 200, audit.text);
    assert.deepEqual(audit.json.items.map((entry) => entry.attribute), ['email', 'displayName', 'role', 'usedBy']);
    assert.equal(audit.json.items[3].value, accepted.json.user.id);
  });

  test('invites are validated and only admins handle them', async () => {
    const badEmail = await admin.post('/api/v1/invites', { email: 'not an email', role: 'agent' });
    assert.equal(badEmail.status, 422, badEmail.text);
    assert.equal(errorCode(badEmail), 'validation_failed');
    const badRole = await admin.post('/api/v1/invites', { email: 'x.invites@parley.test', role: 'owner' });
    assert.equal(badRole.status, 422, badRole.text);
    const noRole = await admin.post('/api/v1/invites', { email: 'x.invites@parley.test' });
    assert.equal(noRole.status, 422, noRole.text);
    const existing = await admin.post('/api/v1/invites', { email: tenant.users.agent.email, role: 'agent' });
    assert.equal(existing.status, 409, existing.text);
    assert.equal(errorCode(existing), 'conflict');

    for (const client of [supervisor, agent]) {
      const create = await client.post('/api/v1/invites', { email: 'y.invites@parley.test', role: 'agent' });
      assert.equal(create.status, 403, create.text);
      assert.equal((await client.get('/api/v1/invites')).status, 403);
    }
    const anonymous = await new Client(server.url).get('/api/v1/invites');
    assert.equal(anonymous.status, 401, anonymous.text);

    const unknown = await new Client(server.url).post('/api/v1/invites/lookup', { token: 'A'.repeat(43) });
    assert.equal(unknown.status, 404, unknown.text);
    assert.equal(errorCode(unknown), 'not_found');
    const missing = await new Client(server.url).post('/api/v1/invites/lookup', {});
    assert.equal(missing.status, 422, missing.text);
  });

  test('a revoked invite stops working', async () => {
    const created = await invite('revoked.invites@parley.test');
    const revoked = await admin.delete(`/api/v1/invites/${created.invite.id}`);
    assert.equal(revoked.status, 204, revoked.text);
    assert.equal((await admin.delete(`/api/v1/invites/${created.invite.id}`)).status, 404);
    assert.equal((await admin.delete('/api/v1/invites/inv_unknown')).status, 404);
    const accept = await new Client(server.url).post('/api/v1/invites/accept', { token: created.token, password: NEW_PASSWORD });
    assert.equal(accept.status, 404, accept.text);
    const audit = await admin.get(`/api/v1/audit?entity=invite&entityId=${created.invite.id}`);
    assert.equal(audit.json.items.at(-1).attribute, 'revoked');
  });

  test('accepting after someone took the email is a conflict; a foreign origin is refused', async () => {
    const created = await invite('taken.invites@parley.test');
    const foreign = await new Client(server.url).post(
      '/api/v1/invites/accept',
      { token: created.token, password: NEW_PASSWORD },
      { headers: { origin: 'https://evil.example' } },
    );
    assert.equal(foreign.status, 403, foreign.text);
    assert.equal(errorCode(foreign), 'csrf_failed');

    const direct = await admin.post('/api/v1/users', { email: 'taken.invites@parley.test', password: NEW_PASSWORD, role: 'agent' });
    assert.equal(direct.status, 201, direct.text);
    const accept = await new Client(server.url).post('/api/v1/invites/accept', { token: created.token, password: NEW_PASSWORD });
    assert.equal(accept.status, 409, accept.text);
    assert.equal(errorCode(accept), 'conflict');
  });
});

describe('PATCH /api/v1/users/{id}', () => {
  test('an admin changes a role and a name; the user hears it live', async () => {
    const live = await openLiveSocket(server, { cookie: agent.cookieHeader() });
    assert.ok(live.ws, JSON.stringify(live));
    assert.equal((await live.next()).json.type, 'hello');
    const patched = await admin.patch(`/api/v1/users/${tenant.users.agent.id}`, { role: 'supervisor', displayName: 'Agent Promoted' });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.json.user.role, 'supervisor');
    assert.equal(patched.json.user.displayName, 'Agent Promoted');
    const frame = (await live.next()).json;
    assert.equal(frame.type, 'user.updated');
    assert.equal(frame.user.role, 'supervisor');
    // The socket's audience was the old role: it closes after the frame, and one opened now is a supervisor's.
    await live.closed;
    const again = await openLiveSocket(server, { cookie: agent.cookieHeader() });
    assert.equal((await again.next()).json.user.role, 'supervisor');
    again.ws.close();
    // The new role applies at once.
    assert.equal((await agent.get('/api/v1/users')).status, 200);
    const back = await admin.patch(`/api/v1/users/${tenant.users.agent.id}`, { role: 'agent' });
    assert.equal(back.status, 200, back.text);
    assert.equal(back.json.user.displayName, 'Agent Promoted');
    assert.equal((await agent.get('/api/v1/users')).status, 403);

    const audit = await admin.get(`/api/v1/audit?entity=user&entityId=${tenant.users.agent.id}`);
    assert.deepEqual(audit.json.items.slice(-3).map((entry) => [entry.attribute, entry.value]), [
      ['displayName', 'Agent Promoted'],
      ['role', 'supervisor'],
      ['role', 'agent'],
    ]);

    // A name change alone keeps the socket open.
    const stay = await openLiveSocket(server, { cookie: agent.cookieHeader() });
    assert.equal((await stay.next()).json.type, 'hello');
    assert.equal((await admin.patch(`/api/v1/users/${tenant.users.agent.id}`, { displayName: 'Agent Renamed' })).status, 200);
    assert.equal((await stay.next()).json.type, 'user.updated');
    assert.equal((await admin.post('/api/v1/broadcasts', { text: 'still here' })).status, 202);
    assert.equal((await stay.next()).json.type, 'broadcast');
    stay.ws.close();
  });

  test('someone who no longer chats is taken out of routing', async () => {
    const id = tenant.users.agent.id;
    const available = await admin.patch(`/api/v1/agents/${id}`, { presence: 'available', autoAllocate: true });
    assert.equal(available.status, 200, available.text);
    assert.equal((await admin.patch(`/api/v1/users/${id}`, { role: 'dpo' })).status, 200);
    const after = await admin.get(`/api/v1/agents/${id}`);
    assert.equal(after.json.agent.presence, 'offline');
    assert.equal((await admin.patch(`/api/v1/users/${id}`, { role: 'agent' })).status, 200);
  });

  test('bad input, unknown users and other roles are refused', async () => {
    const id = tenant.users.dpo.id;
    assert.equal((await admin.patch(`/api/v1/users/${id}`, { role: 'owner' })).status, 422);
    assert.equal((await admin.patch(`/api/v1/users/${id}`, { displayName: '' })).status, 422);
    assert.equal((await admin.patch(`/api/v1/users/${id}`, { role: 5 })).status, 422);
    const unknown = await admin.patch('/api/v1/users/usr_unknown', { displayName: 'x' });
    assert.equal(unknown.status, 404, unknown.text);
    const bySupervisor = await supervisor.patch(`/api/v1/users/${id}`, { displayName: 'x' });
    assert.equal(bySupervisor.status, 403, bySupervisor.text);
  });

  test('the last admin cannot be demoted', async () => {
    const adminId = tenant.users.admin.id;
    const refused = await admin.patch(`/api/v1/users/${adminId}`, { role: 'agent' });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(errorCode(refused), 'conflict');
    const promoted = await admin.patch(`/api/v1/users/${tenant.users.dpo.id}`, { role: 'admin' });
    assert.equal(promoted.status, 200, promoted.text);
    const demoted = await admin.patch(`/api/v1/users/${adminId}`, { role: 'dpo' });
    assert.equal(demoted.status, 200, demoted.text);
    const dpoNowAdmin = await signedIn(server.url, tenant.users.dpo);
    const last = await dpoNowAdmin.patch(`/api/v1/users/${tenant.users.dpo.id}`, { role: 'agent' });
    assert.equal(last.status, 409, last.text);
  });
});
