// `parley admin …` beside a running server (the README says it may run): what the command writes,
// the server sees at once, and the server's own writes keep going to the database's log, which the
// command must not take away (a process that closes a descriptor of the database file loses its
// locks on it; the server must never do so, or the command's exit deletes the log under it).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  Client, PASSWORD, SUITE_TIMEOUT_MS, makeDataDir, seedTenant, signedIn, sqlite, startServer, stopAll,
} from './harness.mjs';

const limits = { timeout: SUITE_TIMEOUT_MS };
let dataDir;
let server;

before(async () => {
  dataDir = makeDataDir('cli-beside');
  seedTenant(dataDir, 'First');
  seedTenant(dataDir, 'Second');
  server = await startServer(dataDir);
}, limits);

after(() => stopAll([server], dataDir));

test('a tenant, users and a token made by the CLI work at once, and the server keeps its log', limits, async () => {
  const made = seedTenant(dataDir, 'Third');
  assert.ok(existsSync(join(dataDir, 'parley.db-wal')), 'the write-ahead log is still there');
  const admin = await signedIn(server.url, made.users.admin);
  assert.equal(admin.user.tenantId, made.tenantId);
  const integrator = new Client(server.url, { token: made.adminToken });
  const skill = await integrator.post('/api/v1/skills', { name: 'Beside the CLI' });
  assert.equal(skill.status, 201, skill.text);
  // Another process reads the server's write: it went to the log every process shares.
  assert.equal(sqlite(join(dataDir, 'parley.db'), `SELECT count(*) FROM skills WHERE id = '${skill.json.skill.id}'`).trim(), '1');
  assert.equal((await new Client(server.url).signIn(made.users.agent.email, PASSWORD)).status, 200);
});
