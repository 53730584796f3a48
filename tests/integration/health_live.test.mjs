// Health, readiness, metrics, security headers and the live WebSocket.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, errorCode, makeDataDir, openLiveSocket, seedTenant, signedIn, startServer, stopAll, SUITE_TIMEOUT_MS } from './harness.mjs';

let dataDir;
let server;
let tenant;

before(async () => {
  dataDir = makeDataDir('health');
  tenant = seedTenant(dataDir, 'Live');
  server = await startServer(dataDir);
}, { timeout: SUITE_TIMEOUT_MS });

after(() => stopAll([server], dataDir));

describe('health, readiness and metrics', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('/healthz is 200 {"status":"ok"}', async () => {
    const response = await fetch(`${server.url}/healthz`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /application\/json/);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  test('/readyz is 200 {"status":"ready"} once listening, with the backups\' state', async () => {
    const response = await fetch(`${server.url}/readyz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      status: 'ready',
      backup: { ok: true, lastSuccessAt: null, lastFailureAt: null },
    });
  });

  test('/metrics is Prometheus text with parley_http_requests_total', async () => {
    await (await fetch(`${server.url}/healthz`)).text();
    const response = await fetch(`${server.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/plain/);
    const text = await response.text();
    assert.match(text, /^parley_http_requests_total(\{[^}]*\})? \d+(\.\d+)?(e\+?\d+)?$/m);
  });

  test('/metrics holds no tenant data', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.ok(!text.includes(tenant.users.admin.email));
    assert.ok(!text.includes(tenant.adminToken));
  });
});

describe('security headers', { timeout: SUITE_TIMEOUT_MS }, () => {
  const paths = {
    '/healthz': {},
    '/metrics': {},
    '/api/v1/me (401)': { path: '/api/v1/me' },
    '/api/v1/no-such-thing (404)': { path: '/api/v1/no-such-thing' },
    '/api/v1/users with a token (200)': { path: '/api/v1/users', token: true },
  };
  for (const [label, { path = label, token }] of Object.entries(paths)) {
    test(`${label} carries nosniff and a CSP with frame-ancestors 'none', and no HSTS on http`, async () => {
      const headers = token ? { authorization: `Bearer ${tenant.adminToken}` } : {};
      const response = await fetch(server.url + path, { headers });
      await response.text();
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      const csp = response.headers.get('content-security-policy');
      assert.ok(csp, 'no Content-Security-Policy');
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(response.headers.get('strict-transport-security'), null, 'HSTS must be sent under TLS only');
    });
  }
});

describe('WebSocket /api/v1/live', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('with the session cookie the first frame is {"type":"hello","user":User}', async () => {
    const client = await signedIn(server.url, tenant.users.agent);
    const live = await openLiveSocket(server, { cookie: client.cookieHeader() });
    assert.equal(live.refused, undefined, `upgrade refused: ${live.refused} ${live.body}`);
    const hello = await live.next();
    assert.equal(hello.isBinary, false);
    assert.equal(hello.json.type, 'hello');
    assert.equal(hello.json.user.id, tenant.users.agent.id);
    assert.equal(hello.json.user.email, tenant.users.agent.email);
    live.ws.close(1000);
    await live.closed;
  });

  test('with a Bearer token the first frame is hello', async () => {
    const live = await openLiveSocket(server, { authorization: `Bearer ${tenant.adminToken}` });
    assert.equal(live.refused, undefined, `upgrade refused: ${live.refused} ${live.body}`);
    const hello = await live.next();
    assert.equal(hello.json.type, 'hello');
    live.ws.close(1000);
    await live.closed;
  });

  test('without authentication the upgrade is refused with 401', async () => {
    const live = await openLiveSocket(server);
    assert.equal(live.refused, 401, `expected a refused upgrade, got ${live.refused ?? 'an open socket'}`);
    if (live.json) {
      assert.equal(live.json.error?.code, 'unauthenticated');
    }
  });

  test('with a revoked session cookie the upgrade is refused with 401', async () => {
    const client = await signedIn(server.url, tenant.users.agent);
    const cookie = client.cookieHeader();
    assert.equal((await client.post('/api/v1/auth/sign-out', undefined)).status, 204);
    const live = await openLiveSocket(server, { cookie });
    assert.equal(live.refused, 401, `expected a refused upgrade, got ${live.refused ?? 'an open socket'}`);
  });

  test('PATCH /me makes the socket receive user.updated', async () => {
    const client = await signedIn(server.url, tenant.users.supervisor);
    const live = await openLiveSocket(server, { cookie: client.cookieHeader() });
    assert.equal(live.refused, undefined, `upgrade refused: ${live.refused}`);
    assert.equal((await live.next()).json.type, 'hello');

    const patched = await client.patch('/api/v1/me', { displayName: 'Live Supervisor' });
    assert.equal(patched.status, 200, patched.text);
    const event = await live.next();
    assert.equal(event.json.type, 'user.updated', event.text);
    assert.equal(event.json.user.id, tenant.users.supervisor.id);
    assert.equal(event.json.user.displayName, 'Live Supervisor');
    live.ws.close(1000);
    await live.closed;
  });

  test('every socket of the user hears user.updated, also one opened with another session', async () => {
    const first = await signedIn(server.url, tenant.users.dpo);
    const second = await signedIn(server.url, tenant.users.dpo);
    const live = await openLiveSocket(server, { cookie: second.cookieHeader() });
    assert.equal((await live.next()).json.type, 'hello');
    assert.equal((await first.patch('/api/v1/me', { displayName: 'Dpo Renamed' })).status, 200);
    const event = await live.next();
    assert.equal(event.json.type, 'user.updated');
    assert.equal(event.json.user.displayName, 'Dpo Renamed');
    live.ws.close(1000);
    await live.closed;
  });

  test('signing out sends session.revoked and closes the socket', async () => {
    const client = await signedIn(server.url, tenant.users.admin);
    const live = await openLiveSocket(server, { cookie: client.cookieHeader() });
    assert.equal((await live.next()).json.type, 'hello');
    assert.equal((await client.post('/api/v1/auth/sign-out', undefined)).status, 204);
    const event = await live.next();
    assert.equal(event.json.type, 'session.revoked');
    assert.equal(typeof event.json.seq, 'number');
    await live.closed;
  });

  test('after the sockets the HTTP side still answers', async () => {
    const response = await new Client(server.url).get('/api/v1/me');
    assert.equal(response.status, 401);
    assert.equal(errorCode(response), 'unauthenticated');
  });
});
