// Objects of another tenant are always 404, for sessions and for API tokens alike.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, errorCode, makeDataDir, seedTenant, signedIn, startServer, stopAll, SUITE_TIMEOUT_MS } from './harness.mjs';

let dataDir;
let server;
let tenantA;
let tenantB;
const b = {}; // ids of tenant B's objects

before(async () => {
  dataDir = makeDataDir('tenants');
  tenantA = seedTenant(dataDir, 'Alpha');
  tenantB = seedTenant(dataDir, 'Bravo');
  server = await startServer(dataDir);

  const bAdmin = await signedIn(server.url, tenantB.users.admin, { userAgent: 'bravo-admin' });
  b.client = bAdmin;
  b.userId = tenantB.users.agent.id;
  const contact = await bAdmin.post('/api/v1/contacts', {
    name: 'Bravo Only',
    email: 'bravo.only.contact@parley.test',
    phone: '+15550100777',
  });
  assert.equal(contact.status, 201, contact.text);
  b.contactId = contact.json.contact.id;
  const token = await bAdmin.post('/api/v1/tokens', { name: 'bravo token' });
  assert.equal(token.status, 201, token.text);
  b.tokenId = token.json.token.id;
  b.tokenSecret = token.json.secret;
  const sessions = await bAdmin.get('/api/v1/me/sessions');
  b.sessionId = sessions.json.items.find((session) => session.current).id;
}, { timeout: SUITE_TIMEOUT_MS });

after(() => stopAll([server], dataDir));

function assertNotFound(response, what) {
  assert.equal(response.status, 404, `${what}: ${response.status} ${response.text}`);
  assert.equal(errorCode(response), 'not_found', what);
}

const callers = {
  'an admin session of tenant A': () => signedIn(server.url, tenantA.users.admin),
  'an admin token of tenant A': async () => new Client(server.url, { token: tenantA.adminToken }),
};

for (const [label, makeCaller] of Object.entries(callers)) {
  describe(label, { timeout: SUITE_TIMEOUT_MS }, () => {
    test("gets 404 for tenant B's user", async () => {
      const caller = await makeCaller();
      assertNotFound(await caller.get(`/api/v1/users/${b.userId}`), 'GET /users/{B}');
    });

    test("does not see tenant B's users in the list", async () => {
      const caller = await makeCaller();
      const response = await caller.get('/api/v1/users');
      assert.equal(response.status, 200, response.text);
      for (const user of response.json.items) {
        assert.equal(user.tenantId, tenantA.tenantId, JSON.stringify(user));
      }
    });

    test("gets 404 for tenant B's contact", async () => {
      const caller = await makeCaller();
      assertNotFound(await caller.get(`/api/v1/contacts/${b.contactId}`), 'GET /contacts/{B}');
    });

    test("finds no items when looking up tenant B's contact by email or phone", async () => {
      const caller = await makeCaller();
      const byEmail = await caller.get(`/api/v1/contacts?email=${encodeURIComponent('bravo.only.contact@parley.test')}`);
      assert.equal(byEmail.status, 200, byEmail.text);
      assert.deepEqual(byEmail.json.items, []);
      const byPhone = await caller.get(`/api/v1/contacts?phone=${encodeURIComponent('+15550100777')}`);
      assert.equal(byPhone.status, 200, byPhone.text);
      assert.deepEqual(byPhone.json.items, []);
    });

    test("sees no audit of tenant B's contact", async () => {
      const caller = await makeCaller();
      const response = await caller.get(`/api/v1/audit?entity=contact&entityId=${b.contactId}`);
      if (response.status === 200) {
        assert.deepEqual(response.json.items, []);
      } else {
        assertNotFound(response, 'GET /audit for B');
      }
    });

    test("gets 404 deleting tenant B's session, which keeps working", async () => {
      const caller = await makeCaller();
      assertNotFound(await caller.delete(`/api/v1/me/sessions/${b.sessionId}`), 'DELETE /me/sessions/{B}');
      assert.equal((await b.client.get('/api/v1/me')).status, 200, "B's session must still work");
    });
  });
}

test("tenant B still sees all of its own objects", { timeout: SUITE_TIMEOUT_MS }, async () => {
  assert.equal((await b.client.get(`/api/v1/contacts/${b.contactId}`)).status, 200);
  assert.equal((await b.client.get(`/api/v1/users/${b.userId}`)).status, 200);
  const tokens = await b.client.get('/api/v1/tokens');
  assert.ok(tokens.json.items.some((token) => token.id === b.tokenId));
});

// Token deletion last: a server that fails here must not hide the answers above.
for (const [label, makeCaller] of Object.entries(callers)) {
  describe(`${label}, deleting`, { timeout: SUITE_TIMEOUT_MS }, () => {
    test("gets 404 deleting tenant B's token, which keeps working", async () => {
      const caller = await makeCaller();
      assertNotFound(await caller.delete(`/api/v1/tokens/${b.tokenId}`), 'DELETE /tokens/{B}');
      const list = await caller.get('/api/v1/tokens');
      assert.ok(!list.json.items.some((token) => token.id === b.tokenId), "B's token listed for A");
      const bravo = new Client(server.url, { token: b.tokenSecret });
      assert.equal((await bravo.get('/api/v1/tokens')).status, 200, "B's token must still work");
    });
  });
}
