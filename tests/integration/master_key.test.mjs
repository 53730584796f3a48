// The master key's lifecycle (issue 17, O6) against the real binary: a key is made only with new
// data; a missing or wrong key stops the start with a clear message (and no new key is made);
// `parley admin rotate-master-key` (refused while the server runs) re-wraps the keys, after which
// the data, sign-in (the email index) and the audit chain work as before, and backups made before
// need the old key; an interrupted rotation is finished at the next start; PARLEY_MASTER_KEY is not
// left in the server's environment; an open data directory is narrowed to its owner.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Client,
  SUITE_TIMEOUT_MS,
  makeDataDir,
  removeDir,
  runParley,
  runServeExpectingExit,
  seedTenant,
  signedIn,
  startServer,
} from './harness.mjs';

const limits = { timeout: SUITE_TIMEOUT_MS };
const CUSTOMER = { identity: 'key-customer-5521', name: 'Octavia Keyholder' };
let dataDir;
let tenant;
let contactId;

async function readsBack() {
  const server = await startServer(dataDir);
  try {
    const admin = await signedIn(server.url, tenant.users.admin); // the email index works
    const contact = await admin.get(`/api/v1/contacts/${contactId}`);
    assert.equal(contact.status, 200, contact.text);
    assert.equal(contact.json.contact.name, CUSTOMER.name);
  } finally {
    await server.stop();
  }
  const audit = runParley(['admin', 'verify-audit', '--data', dataDir]);
  assert.equal(audit.status, 0, audit.stdout + audit.stderr);
  assert.match(audit.stdout, /intact/);
}

before(async () => {
  dataDir = makeDataDir('master-key');
  tenant = seedTenant(dataDir, 'Keys');
  const server = await startServer(dataDir);
  const integrator = new Client(server.url, { token: tenant.adminToken });
  const inbound = await integrator.post('/api/v1/channels/api/messages', { contact: CUSTOMER, text: 'hello' });
  assert.equal(inbound.status, 202, inbound.text);
  contactId = inbound.json.contactId ?? inbound.json.contact?.id;
  assert.ok(contactId, inbound.text);
  await server.stop();
}, limits);

after(() => removeDir(dataDir));

describe('the master key', limits, () => {
  test('a missing key stops the start, and no new key is made', limits, async () => {
    renameSync(join(dataDir, 'master.key'), join(dataDir, 'master.key.aside'));
    try {
      const refused = await runServeExpectingExit(dataDir, [], { listen: '127.0.0.1:0' });
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /master\.key does not: put the data's key back/);
      assert.equal(existsSync(join(dataDir, 'master.key')), false, 'no key was made');
      const admin = runParley(['admin', 'list-tenants', '--data', dataDir]);
      assert.equal(admin.status, 1, 'admin commands refuse too');
    } finally {
      renameSync(join(dataDir, 'master.key.aside'), join(dataDir, 'master.key'));
    }
  });

  test('a wrong key stops the start with a clear message', limits, async () => {
    const wrong = await runServeExpectingExit(dataDir, [], {
      listen: '127.0.0.1:0',
      env: { PARLEY_MASTER_KEY: randomBytes(32).toString('hex') },
    });
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /not the one this data was made with/);
  });

  test('rotation re-wraps the keys; the data, sign-in and the audit chain work as before', limits, async () => {
    const backup = runParley(['admin', 'backup', '--data', dataDir]);
    assert.equal(backup.status, 0, backup.stderr);
    const [dataBackup] = backup.stdout.trim().split('\n');
    const oldKey = readFileSync(join(dataDir, 'master.key'), 'utf8').trim();

    const server = await startServer(dataDir);
    const busy = runParley(['admin', 'rotate-master-key', '--data', dataDir]);
    await server.stop();
    assert.equal(busy.status, 1);
    assert.match(busy.stderr, /stop parley serve first/);
    assert.equal(readFileSync(join(dataDir, 'master.key'), 'utf8').trim(), oldKey, 'unchanged');

    const rotated = runParley(['admin', 'rotate-master-key', '--data', dataDir]);
    assert.equal(rotated.status, 0, rotated.stderr);
    assert.match(rotated.stdout, /master key rotated: \d+ keys re-wrapped/);
    const newKey = readFileSync(join(dataDir, 'master.key'), 'utf8').trim();
    assert.notEqual(newKey, oldKey);
    assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600);
    assert.equal(readFileSync(join(dataDir, 'master.key.old'), 'utf8').trim(), oldKey, 'the old key is kept aside');
    assert.equal(statSync(join(dataDir, 'master.key.old')).mode & 0o777, 0o600);
    assert.match(rotated.stdout, /master\.key\.old: backups made before now open only with it/);
    await readsBack();

    // The backup made before opens with the old key only.
    const withNew = runParley(['admin', 'verify-backup', '--data', dataDir, dataBackup]);
    assert.equal(withNew.status, 1);
    const oldDir = makeDataDir('master-key-old');
    writeFileSync(join(oldDir, 'master.key'), `${oldKey}\n`, { mode: 0o600 });
    const withOld = runParley(['admin', 'verify-backup', '--data', oldDir, dataBackup]);
    removeDir(oldDir);
    assert.equal(withOld.status, 0, withOld.stderr);
  });

  test('a rotation a crash interrupted is finished at the next start', limits, async () => {
    // As if the process died after the data took the new key, before the rename: the data is
    // re-wrapped under the key in master.key.next.
    const copy = makeDataDir('master-key-crash');
    try {
      for (const name of readdirSync(dataDir)) {
        if (name.startsWith('parley') || name === 'master.key') {
          copyFileSync(join(dataDir, name), join(copy, name));
        }
      }
      const rotated = runParley(['admin', 'rotate-master-key', '--data', copy]);
      assert.equal(rotated.status, 0, rotated.stderr);
      renameSync(join(copy, 'master.key'), join(copy, 'master.key.next'));
      copyFileSync(join(dataDir, 'master.key'), join(copy, 'master.key'));
      const listed = runParley(['admin', 'list-tenants', '--data', copy]);
      assert.equal(listed.status, 0, listed.stderr);
      assert.match(listed.stderr, /finished a master key rotation/);
      assert.equal(existsSync(join(copy, 'master.key.next')), false);
    } finally {
      removeDir(copy);
    }
  });

  test('PARLEY_MASTER_KEY does not stay in the environment; an open directory is narrowed', limits, async () => {
    const key = readFileSync(join(dataDir, 'master.key'), 'utf8').trim();
    renameSync(join(dataDir, 'master.key'), join(dataDir, 'master.key.aside'));
    chmodSync(dataDir, 0o755);
    try {
      const server = await startServer(dataDir, [], { env: { PARLEY_MASTER_KEY: key } });
      try {
        const environ = readFileSync(`/proc/${server.pid}/environ`, 'utf8');
        assert.equal(environ.includes(key), false, 'the key is wiped from /proc/PID/environ');
        assert.equal(statSync(dataDir).mode & 0o777, 0o700);
        assert.match(server.stderr, /narrowed to its owner/);
      } finally {
        await server.stop();
      }
    } finally {
      renameSync(join(dataDir, 'master.key.aside'), join(dataDir, 'master.key'));
    }
  });
});
