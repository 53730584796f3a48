// A live socket re-checks its credentials (`--live-recheck-seconds`): revocations made outside this
// server's API (another process) or of an API token still close it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  SUITE_TIMEOUT_MS, admin, makeDataDir, openLiveSocket, seedTenant, signedIn, startServer, stopAll,
} from './harness.mjs';

const dataDir = makeDataDir('live-recheck');
let server;
let tenant;
before(async () => {
  tenant = seedTenant(dataDir, 'Recheck');
  server = await startServer(dataDir, ['--live-recheck-seconds', '1']);
});
after(() => stopAll([server], dataDir));

test('a session revoked by another process closes its socket', { timeout: SUITE_TIMEOUT_MS }, async () => {
  const agent = tenant.users.agent;
  const client = await signedIn(server.url, agent);
  const live = await openLiveSocket(server, { cookie: client.cookieHeader() });
  assert.equal((await live.next()).json.type, 'hello');
  admin(['reset-password', '--data', dataDir, '--email', agent.email], { input: 'another long password\n' });
  assert.deepEqual((await live.next()).json, { type: 'session.revoked' });
  assert.equal((await live.closed).code, 1008);
});

test('a token revoked through the API closes its socket at once, not at the next check', { timeout: SUITE_TIMEOUT_MS }, async () => {
  // A server whose sockets re-check once an hour: only the revocation itself can close the socket.
  const hourlyDir = makeDataDir('live-recheck-hourly');
  const hourlyTenant = seedTenant(hourlyDir, 'Hourly');
  const hourly = await startServer(hourlyDir, ['--live-recheck-seconds', '3600']);
  try {
    const admin_ = await signedIn(hourly.url, hourlyTenant.users.admin);
    const created = await admin_.post('/api/v1/tokens', { name: 'short-lived' });
    assert.equal(created.status, 201);
    const live = await openLiveSocket(hourly, { authorization: `Bearer ${created.json.secret}` });
    assert.equal((await live.next()).json.type, 'hello');
    const other = await admin_.post('/api/v1/tokens', { name: 'stays' });
    const otherLive = await openLiveSocket(hourly, { authorization: `Bearer ${other.json.secret}` });
    assert.equal((await otherLive.next()).json.type, 'hello');
    assert.equal((await admin_.request('DELETE', `/api/v1/tokens/${created.json.token.id}`)).status, 204);
    assert.deepEqual((await live.next()).json, { type: 'session.revoked' });
    assert.equal((await live.closed).code, 1000, 'closed as sign-out closes a session');
    // Another token's socket is untouched.
    const stillOpen = await Promise.race([otherLive.closed.then(() => false), new Promise((r) => setTimeout(() => r(true), 500))]);
    assert.ok(stillOpen, 'the other token keeps its socket');
    otherLive.ws.close();
  } finally {
    await stopAll([hourly], hourlyDir);
  }
});
