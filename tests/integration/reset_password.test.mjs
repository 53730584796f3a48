// `parley admin reset-password`: the operator's way back in. The new password signs in, the old one
// no longer does, and every session the user had is signed out, while the server runs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  SUITE_TIMEOUT_MS, admin, makeDataDir, removeDir, runParley, seedTenant, signedIn, startServer,
  stopAll,
} from './harness.mjs';

const dataDir = makeDataDir('reset-password');
let server;
let seeded;
before(async () => {
  seeded = seedTenant(dataDir, 'Reset');
  server = await startServer(dataDir);
});
after(() => stopAll([server], dataDir));

test('a reset password replaces the old one and ends every session', { timeout: SUITE_TIMEOUT_MS }, async () => {
  const agent = seeded.users.agent;
  const before = await signedIn(server.url, agent);
  assert.equal((await before.request('GET', '/api/v1/me')).status, 200);

  const printed = admin(['reset-password', '--data', dataDir, '--email', agent.email],
    { input: 'a brand new passphrase\n' });
  assert.match(printed, /password set for usr_/);

  assert.equal((await before.request('GET', '/api/v1/me')).status, 401);
  await assert.rejects(signedIn(server.url, agent), /gave 401/);
  const after = await signedIn(server.url, { ...agent, password: 'a brand new passphrase' });
  assert.equal((await after.request('GET', '/api/v1/me')).status, 200);
});

test('a too short password or an unknown email is refused with a clear message', () => {
  const short = runParley(['admin', 'reset-password', '--data', dataDir, '--email',
    seeded.users.agent.email], { input: 'short\n' });
  assert.equal(short.status, 1);
  assert.match(short.stderr, /10 to 256 characters/);
  const unknown = runParley(['admin', 'reset-password', '--data', dataDir, '--email',
    'nobody@parley.test'], { input: 'long enough password\n' });
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no user with that email/);
});
