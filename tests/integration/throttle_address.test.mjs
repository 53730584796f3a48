// Sign-in throttling per address: after 20 failures from one address, every sign-in from it is 429.
// A server of its own, since this throttles 127.0.0.1 for everything else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  SUITE_TIMEOUT_MS,
  errorCode,
  makeDataDir,
  seedTenant,
  startServer,
  stopAll,
} from './harness.mjs';

let dataDir;
let server;
let tenant;

before(async () => {
  dataDir = makeDataDir('throttle');
  tenant = seedTenant(dataDir, 'Throttle');
  server = await startServer(dataDir);
}, { timeout: SUITE_TIMEOUT_MS });

after(() => stopAll([server], dataDir));

test('after 20 failures from one address, sign-in is 429 too_many_attempts even for another account', { timeout: SUITE_TIMEOUT_MS }, async () => {
  const client = new Client(server.url);
  // 20 different accounts, 1 failure each: no account reaches its own limit of 5.
  for (let attempt = 1; attempt <= 20; attempt += 1) {
    const response = await client.signIn(`nobody.${attempt}@parley.test`, 'wrong password here');
    assert.equal(response.status, 401, `attempt ${attempt}: ${response.text}`);
    assert.equal(errorCode(response), 'invalid_credentials');
  }
  const throttled = await client.signIn(tenant.users.agent.email);
  assert.equal(throttled.status, 429, `right password after 20 failures: ${throttled.text}`);
  assert.equal(errorCode(throttled), 'too_many_attempts');
  assert.match(String(throttled.headers.get('retry-after')), /^\d+$/);
  assert.ok(Number(throttled.headers.get('retry-after')) > 0);
});
