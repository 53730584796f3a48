// What each role may do, as the endpoint table of docs/api.md says.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  PASSWORD,
  RFC3339_MS,
  errorCode,
  makeDataDir,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';

let dataDir;
let server;
let tenant;
const as = {}; // role → signed-in client
let contactId;

before(async () => {
  dataDir = makeDataDir('roles');
  tenant = seedTenant(dataDir, 'Roles');
  server = await startServer(dataDir);
  for (const role of ['admin', 'supervisor', 'agent', 'dpo']) {
    as[role] = await signedIn(server.url, tenant.users[role]);
  }
  const created = await as.agent.post('/api/v1/contacts', { name: 'Role Contact', email: 'role.contact@parley.test' });
  assert.equal(created.status, 201, created.text);
  contactId = created.json.contact.id;
}, { timeout: SUITE_TIMEOUT_MS });

after(() => stopAll([server], dataDir));

function assertForbidden(response, what) {
  assert.equal(response.status, 403, `${what}: ${response.status} ${response.text}`);
  assert.equal(errorCode(response), 'forbidden', what);
}

const newUser = (label) => ({ email: `new.${label}@parley.test`, password: PASSWORD, role: 'agent' });

describe('agent', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('agent cannot create users (403 forbidden)', async () => {
    assertForbidden(await as.agent.post('/api/v1/users', newUser('by-agent')), 'POST /users');
  });
  test('agent cannot list tokens (403 forbidden)', async () => {
    assertForbidden(await as.agent.get('/api/v1/tokens'), 'GET /tokens');
  });
  test('agent cannot create tokens (403 forbidden)', async () => {
    assertForbidden(await as.agent.post('/api/v1/tokens', { name: 'agent token' }), 'POST /tokens');
  });
  test('agent cannot list users (403 forbidden)', async () => {
    assertForbidden(await as.agent.get('/api/v1/users'), 'GET /users');
  });
  test('agent cannot read the audit (403 forbidden)', async () => {
    assertForbidden(await as.agent.get(`/api/v1/audit?entity=contact&entityId=${contactId}`), 'GET /audit');
  });
  test('agent creates and reads contacts', async () => {
    const read = await as.agent.get(`/api/v1/contacts/${contactId}`);
    assert.equal(read.status, 200, read.text);
    assert.equal(read.json.contact.name, 'Role Contact');
  });
});

describe('supervisor', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('supervisor lists users', async () => {
    const response = await as.supervisor.get('/api/v1/users');
    assert.equal(response.status, 200, response.text);
    const emails = response.json.items.map((user) => user.email).sort();
    for (const role of ['admin', 'supervisor', 'agent', 'dpo']) {
      assert.ok(emails.includes(tenant.users[role].email), `missing ${role} in ${emails}`);
    }
  });
  test('supervisor reads one user', async () => {
    const response = await as.supervisor.get(`/api/v1/users/${tenant.users.agent.id}`);
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.user.email, tenant.users.agent.email);
  });
  test('supervisor cannot create users (403 forbidden)', async () => {
    assertForbidden(await as.supervisor.post('/api/v1/users', newUser('by-supervisor')), 'POST /users');
  });
  test('supervisor cannot list tokens (403 forbidden)', async () => {
    assertForbidden(await as.supervisor.get('/api/v1/tokens'), 'GET /tokens');
  });
  test('supervisor cannot read the audit (403 forbidden)', async () => {
    assertForbidden(await as.supervisor.get(`/api/v1/audit?entity=contact&entityId=${contactId}`), 'GET /audit');
  });
  test('supervisor creates contacts', async () => {
    const response = await as.supervisor.post('/api/v1/contacts', { name: 'By Supervisor' });
    assert.equal(response.status, 201, response.text);
  });
});

describe('dpo', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('dpo cannot create contacts (403 forbidden)', async () => {
    assertForbidden(await as.dpo.post('/api/v1/contacts', { name: 'By Dpo' }), 'POST /contacts');
  });
  test('dpo reads contacts by id and by email', async () => {
    const byId = await as.dpo.get(`/api/v1/contacts/${contactId}`);
    assert.equal(byId.status, 200, byId.text);
    assert.equal(byId.json.contact.email, 'role.contact@parley.test');
    const byEmail = await as.dpo.get(`/api/v1/contacts?email=${encodeURIComponent('role.contact@parley.test')}`);
    assert.equal(byEmail.status, 200, byEmail.text);
    assert.deepEqual(
      byEmail.json.items.map((contact) => contact.id),
      [contactId],
    );
  });
  test('dpo reads the audit', async () => {
    const response = await as.dpo.get(`/api/v1/audit?entity=contact&entityId=${contactId}`);
    assert.equal(response.status, 200, response.text);
    assert.ok(response.json.items.length > 0);
  });
  test('dpo cannot list users or tokens (403 forbidden)', async () => {
    assertForbidden(await as.dpo.get('/api/v1/users'), 'GET /users');
    assertForbidden(await as.dpo.get('/api/v1/tokens'), 'GET /tokens');
    assertForbidden(await as.dpo.post('/api/v1/users', newUser('by-dpo')), 'POST /users');
  });
});

describe('admin', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('admin creates a user who can then sign in', async () => {
    const response = await as.admin.post('/api/v1/users', {
      email: 'created.by.admin@parley.test',
      password: 'a fine long password',
      role: 'supervisor',
      displayName: 'Created By Admin',
    });
    assert.equal(response.status, 201, response.text);
    const user = response.json.user;
    assert.match(user.id, /^usr_/);
    assert.equal(user.tenantId, tenant.tenantId);
    assert.equal(user.email, 'created.by.admin@parley.test');
    assert.equal(user.displayName, 'Created By Admin');
    assert.equal(user.role, 'supervisor');
    assert.match(user.createdAt, RFC3339_MS);
    assert.equal(user.password, undefined);

    const fresh = await signedIn(server.url, { email: user.email, password: 'a fine long password' });
    assert.equal(fresh.user.id, user.id);
    const read = await as.admin.get(`/api/v1/users/${user.id}`);
    assert.equal(read.status, 200, read.text);
    assert.equal(read.json.user.email, user.email);
  });

  test('creating a user whose email exists is 409 conflict', async () => {
    const response = await as.admin.post('/api/v1/users', {
      email: tenant.users.agent.email,
      password: 'a fine long password',
      role: 'agent',
    });
    assert.equal(response.status, 409, response.text);
    assert.equal(errorCode(response), 'conflict');
  });

  test('a password under 10 characters or an unknown role is 422 validation_failed', async () => {
    const short = await as.admin.post('/api/v1/users', { email: 'short@parley.test', password: '123456789', role: 'agent' });
    assert.equal(short.status, 422, short.text);
    assert.equal(errorCode(short), 'validation_failed');
    const long = await as.admin.post('/api/v1/users', { email: 'long@parley.test', password: 'x'.repeat(257), role: 'agent' });
    assert.equal(long.status, 422, long.text);
    assert.equal(errorCode(long), 'validation_failed');
    const role = await as.admin.post('/api/v1/users', { email: 'role@parley.test', password: PASSWORD, role: 'root' });
    assert.equal(role.status, 422, role.text);
    assert.equal(errorCode(role), 'validation_failed');
    const missing = await as.admin.post('/api/v1/users', { password: PASSWORD, role: 'agent' });
    assert.equal(missing.status, 422, missing.text);
    assert.equal(errorCode(missing), 'validation_failed');
  });

  test('admin creates contacts and reads the audit', async () => {
    const created = await as.admin.post('/api/v1/contacts', { name: 'By Admin' });
    assert.equal(created.status, 201, created.text);
    const audit = await as.admin.get(`/api/v1/audit?entity=contact&entityId=${created.json.contact.id}`);
    assert.equal(audit.status, 200, audit.text);
    assert.ok(audit.json.items.length > 0);
  });

  test('an admin-role API token can do what an admin can', async () => {
    const bearer = new Client(server.url, { token: tenant.adminToken });
    assert.equal((await bearer.get('/api/v1/users')).status, 200);
    assert.equal((await bearer.get('/api/v1/tokens')).status, 200);
    const user = await bearer.post('/api/v1/users', { email: 'by.token@parley.test', password: PASSWORD, role: 'dpo' });
    assert.equal(user.status, 201, user.text);
  });

  test('an unknown user id is 404 not_found', async () => {
    const response = await as.admin.get('/api/v1/users/usr_doesnotexist');
    assert.equal(response.status, 404, response.text);
    assert.equal(errorCode(response), 'not_found');
  });

  // Last: deleting a token must not take the other answers down with it.
  test('admin lists, creates and deletes tokens; the secret is shown once and works until deleted', async () => {
    const created = await as.admin.post('/api/v1/tokens', { name: 'agent integration', role: 'agent' });
    assert.equal(created.status, 201, created.text);
    const { token, secret } = created.json;
    assert.match(token.id, /^tok_/);
    assert.equal(token.name, 'agent integration');
    assert.equal(token.role, 'agent');
    assert.match(token.createdAt, RFC3339_MS);
    assert.equal(token.lastUsedAt, null);
    assert.equal(typeof secret, 'string');

    const list = await as.admin.get('/api/v1/tokens');
    assert.equal(list.status, 200, list.text);
    const listed = list.json.items.find((item) => item.id === token.id);
    assert.ok(listed, 'new token not listed');
    assert.ok(!JSON.stringify(list.json).includes(secret), 'the secret must not be listed');

    const bearer = new Client(server.url, { token: secret });
    const contact = await bearer.post('/api/v1/contacts', { name: 'By Agent Token' });
    assert.equal(contact.status, 201, contact.text);
    assertForbidden(await bearer.get('/api/v1/tokens'), 'agent-role token GET /tokens');
    const used = (await as.admin.get('/api/v1/tokens')).json.items.find((item) => item.id === token.id);
    assert.match(String(used.lastUsedAt), RFC3339_MS, 'lastUsedAt is set once the token was used');

    const removed = await as.admin.delete(`/api/v1/tokens/${token.id}`);
    assert.equal(removed.status, 204, removed.text);
    const after = await bearer.get('/api/v1/me');
    assert.equal(after.status, 401, after.text);
    assert.equal(errorCode(after), 'unauthenticated');
    const again = await as.admin.delete(`/api/v1/tokens/${token.id}`);
    assert.equal(again.status, 404, again.text);
    assert.equal(errorCode(again), 'not_found');
  });
});
