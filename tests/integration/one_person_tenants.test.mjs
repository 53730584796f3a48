// One person in several tenants (issue 17, review finding): an email is unique within a tenant
// only, so an admin's answers never depend on another tenant's users, and sign-in asks which tenant
// when the same email and password open several.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  PASSWORD,
  SUITE_TIMEOUT_MS,
  admin as runAdmin,
  errorCode,
  makeDataDir,
  runParley,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
} from './harness.mjs';

const limits = { timeout: SUITE_TIMEOUT_MS };
const OTHER_PASSWORD = 'another fine long password';

let dataDir;
let server;
let acme;
let globex;
let globexAdmin;

before(async () => {
  dataDir = makeDataDir('one-person');
  acme = seedTenant(dataDir, 'Acme');
  globex = seedTenant(dataDir, 'Globex');
  server = await startServer(dataDir);
  globexAdmin = await signedIn(server.url, globex.users.admin);
}, limits);

after(() => stopAll([server], dataDir));

const signIn = (body) => new Client(server.url).post('/api/v1/auth/sign-in', body);

describe('an admin learns nothing of other tenants\' users', () => {
  test('an email used in another tenant is a new user and a new invite here, as any email is', limits, async () => {
    const user = await globexAdmin.post('/api/v1/users', { email: acme.users.agent.email, password: OTHER_PASSWORD, role: 'agent' });
    assert.equal(user.status, 201, user.text);
    const fresh = await globexAdmin.post('/api/v1/users', { email: 'nobody.anywhere@parley.test', password: OTHER_PASSWORD, role: 'agent' });
    assert.equal(fresh.status, 201, fresh.text);
    const invite = await globexAdmin.post('/api/v1/invites', { email: acme.users.supervisor.email, role: 'supervisor' });
    assert.equal(invite.status, 201, invite.text);
    // Within the tenant an email is still unique.
    const again = await globexAdmin.post('/api/v1/users', { email: acme.users.agent.email.toUpperCase(), password: OTHER_PASSWORD, role: 'agent' });
    assert.equal(again.status, 409, again.text);
    assert.equal(errorCode(again), 'conflict');
  });
});

describe('sign-in', () => {
  test('the password decides the tenant when it opens one', limits, async () => {
    const toAcme = await signedIn(server.url, acme.users.agent);
    assert.equal(toAcme.user.tenantId, acme.tenantId);
    const toGlobex = await signedIn(server.url, { email: acme.users.agent.email, password: OTHER_PASSWORD });
    assert.equal(toGlobex.user.tenantId, globex.tenantId);
    assert.notEqual(toGlobex.user.id, toAcme.user.id);
    assert.equal((await signIn({ email: acme.users.agent.email, password: 'wrong password here' })).status, 401);
  });

  test('the same password in two tenants: the answer asks which, then signs in to the one chosen', limits, async () => {
    const email = acme.users.dpo.email;
    const made = await globexAdmin.post('/api/v1/users', { email, password: PASSWORD, role: 'supervisor' });
    assert.equal(made.status, 201, made.text);

    const asked = await signIn({ email, password: PASSWORD });
    assert.equal(asked.status, 200, asked.text);
    assert.deepEqual(asked.json, {
      tenants: [
        { id: acme.tenantId, name: 'Tenant Acme' },
        { id: globex.tenantId, name: 'Tenant Globex' },
      ],
    });
    assert.deepEqual(asked.setCookies, [], 'no session before the choice');

    const client = new Client(server.url);
    const chosen = await client.post('/api/v1/auth/sign-in', { email, password: PASSWORD, tenant: globex.tenantId });
    assert.equal(chosen.status, 200, chosen.text);
    assert.equal(chosen.json.user.tenantId, globex.tenantId);
    assert.equal(chosen.json.user.role, 'supervisor');
    const me = await client.get('/api/v1/me');
    assert.equal(me.json.user.id, made.json.user.id);

    const other = await signIn({ email, password: PASSWORD, tenant: acme.tenantId });
    assert.equal(other.status, 200, other.text);
    assert.equal(other.json.user.role, 'dpo');

    for (const tenant of ['ten_unknown', '', 'x'.repeat(65)]) {
      const refused = await signIn({ email, password: PASSWORD, tenant });
      assert.ok([401, 422].includes(refused.status), `${JSON.stringify(tenant)}: ${refused.text}`);
    }
    assert.equal((await signIn({ email, password: PASSWORD, tenant: 42 })).status, 422);
    const wrong = await signIn({ email, password: 'wrong password here', tenant: globex.tenantId });
    assert.equal(wrong.status, 401, wrong.text);
  });

  test('a deleted tenant is not offered', limits, async () => {
    const doomed = seedTenant(dataDir, 'Doomed');
    const doomedAdmin = await signedIn(server.url, doomed.users.admin);
    const email = acme.users.admin.email;
    assert.equal((await doomedAdmin.post('/api/v1/users', { email, password: PASSWORD, role: 'agent' })).status, 201);
    assert.deepEqual((await signIn({ email, password: PASSWORD })).json.tenants.map((tenant) => tenant.id), [acme.tenantId, doomed.tenantId]);
    runAdmin(['delete-tenant', '--data', dataDir, '--tenant', doomed.tenantId, '--confirm', 'Tenant Doomed']);
    const only = await signIn({ email, password: PASSWORD });
    assert.equal(only.status, 200, only.text);
    assert.equal(only.json.user.tenantId, acme.tenantId);
  });
});

test('reset-password needs --tenant when the email signs in to several tenants', limits, async () => {
  const email = acme.users.dpo.email;
  const ambiguous = runParley(['admin', 'reset-password', '--data', dataDir, '--email', email], { input: 'a brand new passphrase\n' });
  assert.equal(ambiguous.status, 1);
  assert.match(ambiguous.stderr, /several tenants/);
  const named = runParley(['admin', 'reset-password', '--data', dataDir, '--email', email, '--tenant', globex.tenantId], { input: 'a brand new passphrase\n' });
  assert.equal(named.status, 0, named.stderr);
  const toGlobex = await signedIn(server.url, { email, password: 'a brand new passphrase' });
  assert.equal(toGlobex.user.tenantId, globex.tenantId);
  const toAcme = await signedIn(server.url, { email, password: PASSWORD });
  assert.equal(toAcme.user.tenantId, acme.tenantId, 'the other tenant\'s password is unchanged');
});
