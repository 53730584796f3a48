// Backups (O1, P10) against the real server: `parley admin backup` while the server serves and
// ingests, `verify-backup`, and `restore` into a new directory that a second server then serves
// with the same answers; a customer erased after a backup stays erased once that backup is
// restored (crypto-shredding reaches backups); backups on demand through the API, audited, and a
// failing backup on /readyz and /metrics; a rotation of the tenant's contact keys after a backup
// keeps that backup restorable beside the newer key store.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  Client,
  SUITE_TIMEOUT_MS,
  makeDataDir,
  parleyBin,
  removeDir,
  runParley,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  until,
} from './harness.mjs';

const limits = { timeout: SUITE_TIMEOUT_MS };
const KEPT = { identity: 'backup-kept-4471', name: 'Philippa Keepsake', text: 'my order KEEP-PANGOLIN-1188' };
const ERASED = { identity: 'backup-erased-9902', name: 'Erasmus Forgetme', text: 'my secret ERASE-NARWHAL-7731' };

let dataDir;
let scratch;
let server;
let tenant;
let integrator;
let admin;
let dpo;

// `parley ARGS` without blocking the event loop (the server's clients keep going meanwhile).
function parleyAsync(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(parleyBin, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

async function inbound(customer, text, messageId) {
  const response = await integrator.post('/api/v1/channels/api/messages', {
    contact: { identity: customer.identity, name: customer.name },
    text,
    messageId,
  });
  assert.ok([200, 202].includes(response.status), `inbound: ${response.status} ${response.text}`);
  return response.json;
}

// What the tenant's people see: every conversation with its messages, and the contacts.
async function answers(client) {
  const conversations = await client.get('/api/v1/conversations?limit=200');
  assert.equal(conversations.status, 200, conversations.text);
  const messages = {};
  for (const conversation of conversations.json.items) {
    const response = await client.get(`/api/v1/conversations/${conversation.id}/messages`);
    assert.equal(response.status, 200, response.text);
    messages[conversation.id] = response.json;
  }
  const contacts = await client.get('/api/v1/contacts?limit=200');
  assert.equal(contacts.status, 200, contacts.text);
  return { conversations: conversations.json, messages, contacts: contacts.json };
}

function backupFiles(dir, kind) {
  return readdirSync(dir)
    .filter((name) => name.startsWith(`parley-${kind}-`) && name.endsWith('.pbk'))
    .sort()
    .map((name) => join(dir, name));
}

async function serveRestored(dir) {
  const restored = await startServer(dir, ['--backup-at', 'off']);
  return {
    server: restored,
    admin: await signedIn(restored.url, tenant.users.admin),
    dpo: await signedIn(restored.url, tenant.users.dpo),
  };
}

before(async () => {
  dataDir = makeDataDir('backups');
  scratch = makeDataDir('backups-scratch');
  tenant = seedTenant(dataDir, 'Backups');
  server = await startServer(dataDir);
  integrator = new Client(server.url, { token: tenant.adminToken });
  admin = await signedIn(server.url, tenant.users.admin);
  dpo = await signedIn(server.url, tenant.users.dpo);
}, limits);

after(async () => {
  await stopAll([server], dataDir);
  removeDir(scratch);
});

describe('backup and restore', limits, () => {
  let kept;
  let erased;
  let before;
  let firstData;

  test('a backup made while messages arrive is whole, encrypted and checks out', limits, async () => {
    kept = await inbound(KEPT, KEPT.text, 'ext-kept-1');
    erased = await inbound(ERASED, ERASED.text, 'ext-erased-1');
    // Ingest goes on through the backup: the snapshot is one moment of it, and nothing waits.
    let stop = false;
    let sent = 0;
    const load = (async () => {
      while (!stop) {
        await inbound({ identity: `backup-load-${sent % 7}`, name: 'Load' }, `load ${sent}`, `ext-load-${sent}`);
        sent += 1;
      }
    })();
    while (sent < 20) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const made = await parleyAsync(['admin', 'backup', '--data', dataDir]);
    stop = true;
    await load;
    assert.equal(made.status, 0, made.stderr);
    const backups = join(dataDir, 'backups');
    const [data] = backupFiles(backups, 'data');
    const [keys] = backupFiles(backups, 'keys');
    assert.ok(data && keys, made.stdout);
    assert.match(made.stdout, /files, \d+ bytes/);

    const bytes = readFileSync(data);
    for (const secret of [KEPT.text, KEPT.name, ERASED.text, 'SQLite format 3']) {
      assert.equal(bytes.indexOf(secret), -1, `${secret} is readable in the backup`);
    }
    const checked = runParley(['admin', 'verify-backup', '--data', dataDir, data]);
    assert.equal(checked.status, 0, checked.stderr);
    assert.match(checked.stdout, /^ok: data backup of .*Z: \d+ files/);
    const checkedKeys = runParley(['admin', 'verify-backup', '--data', dataDir, keys]);
    assert.equal(checkedKeys.status, 0, checkedKeys.stderr);
    // sha256sum's format, beside each file.
    assert.match(readFileSync(`${data}.sha256`, 'utf8'), /^[0-9a-f]{64} {2}parley-data-\d{8}T\d{6}\.\d{3}Z\.pbk\n$/);

    // The restored load is one moment of the ingest: a prefix of what was acknowledged.
    const restoredDir = join(scratch, 'during');
    const restore = runParley(['admin', 'restore', '--from', data, '--data', restoredDir, '--master-key', join(dataDir, 'master.key')]);
    assert.equal(restore.status, 0, restore.stderr);
    const restored = await serveRestored(restoredDir);
    try {
      const loadConversations = (await restored.admin.get('/api/v1/conversations?limit=200')).json.items;
      assert.ok(loadConversations.length >= 2, 'the messages acknowledged before the backup are in it');
    } finally {
      await restored.server.stop();
    }
  });

  test('a restore answers the same as the server did when the backup was made', limits, async () => {
    before = await answers(admin);
    const made = await parleyAsync(['admin', 'backup', '--data', dataDir]);
    assert.equal(made.status, 0, made.stderr);
    firstData = backupFiles(join(dataDir, 'backups'), 'data').at(-1);
    const firstKeys = backupFiles(join(dataDir, 'backups'), 'keys').at(-1);

    const dir = join(scratch, 'same');
    const restore = runParley(['admin', 'restore', '--from', firstData, '--keys', firstKeys, '--data', dir, '--master-key', join(dataDir, 'master.key')]);
    assert.equal(restore.status, 0, restore.stderr);
    assert.match(restore.stdout, /0 contacts erased since the backup stay erased/);
    const restored = await serveRestored(dir);
    try {
      assert.deepEqual(await answers(restored.admin), before);
      const audit = runParley(['admin', 'verify-audit', '--data', dir]);
      assert.equal(audit.status, 0, audit.stdout + audit.stderr);
    } finally {
      await restored.server.stop();
    }
  });

  test('a customer erased after the backup stays erased in it once restored', limits, async () => {
    const erase = await dpo.post(`/api/v1/privacy/subjects/${erased.contactId}/erase`, { confirm: 'erase' });
    assert.equal(erase.status, 200, erase.text);
    // The next backup, on demand through the API: its key store no longer holds the erased key.
    const previous = (await admin.get('/api/v1/settings/backups')).json.lastSuccess.at;
    const started = await admin.post('/api/v1/settings/backups', {});
    assert.equal(started.status, 202, started.text);
    assert.equal(started.json.running, true);
    const status = await until('the backup is made', async () => {
      const response = await admin.get('/api/v1/settings/backups');
      return response.json.running === false && response.json.lastSuccess?.at !== previous ? response.json : null;
    });
    assert.equal(status.lastFailure, null);
    assert.ok(status.lastSuccess.bytes > 0 && status.lastSuccess.tookMs >= 0, JSON.stringify(status));

    // The older data with the newest key store, as restore picks by default.
    const dir = join(scratch, 'erased');
    const restore = runParley(['admin', 'restore', '--from', firstData, '--data', dir, '--master-key', join(dataDir, 'master.key')]);
    assert.equal(restore.status, 0, restore.stderr);
    assert.match(restore.stdout, /1 contacts erased since the backup stay erased/);
    const restored = await serveRestored(dir);
    try {
      const after = await answers(restored.admin);
      const erasedConversation = erased.conversation?.id ?? erased.conversationId;
      const text = JSON.stringify(after);
      assert.equal(text.indexOf(ERASED.text), -1, 'the erased customer\'s message is unreadable');
      assert.equal(text.indexOf(ERASED.name), -1, 'the erased customer\'s name is unreadable');
      const subject = await restored.dpo.get(`/api/v1/privacy/subjects/${erased.contactId}`);
      assert.equal(subject.status, 200, subject.text);
      assert.ok(subject.json.subject.erasedAt, JSON.stringify(subject.json.subject));
      // Everyone else is as they were.
      const keptConversation = kept.conversation?.id ?? kept.conversationId;
      assert.deepEqual(after.messages[keptConversation], before.messages[keptConversation]);
      assert.ok(text.includes(KEPT.text));
      assert.ok(erasedConversation);
    } finally {
      await restored.server.stop();
    }
  });

  test('contact keys rotated after a backup: the live server and that backup restored beside the newer key store read as before', limits, async () => {
    const agent = await signedIn(server.url, tenant.users.agent);
    const refused = await agent.post('/api/v1/privacy/contact-keys/rotate', {});
    assert.equal(refused.status, 403, refused.text);
    const keysFile = join(dataDir, 'parley-keys.db');
    const wrappedBefore = readFileSync(keysFile);

    const live = await answers(admin);
    const rotated = await dpo.post('/api/v1/privacy/contact-keys/rotate', {});
    assert.equal(rotated.status, 200, rotated.text);
    assert.ok(rotated.json.rewrappedKeys >= 2, rotated.text);  // every live customer, and keys made ahead
    assert.deepEqual(await answers(admin), live, 'the data reads the same under the new wrapping');
    assert.notDeepEqual(readFileSync(keysFile), wrappedBefore);

    const audit = await dpo.get(`/api/v1/audit/entries?entity=tenant&entityId=${tenant.tenantId}`);
    assert.equal(audit.status, 200, audit.text);
    const entry = audit.json.items.find((item) => item.attribute === 'contactKeysRotated');
    assert.ok(entry, audit.text);
    assert.equal(entry.actor.id, tenant.users.dpo.id);
    assert.equal(entry.value, `${rotated.json.rewrappedKeys} keys re-wrapped`);

    // The oldest data backup (before the rotation) with the key store as it is now.
    const made = await parleyAsync(['admin', 'backup', '--data', dataDir]);
    assert.equal(made.status, 0, made.stderr);
    const dir = join(scratch, 'rotated');
    const restore = runParley(['admin', 'restore', '--from', firstData, '--data', dir, '--master-key', join(dataDir, 'master.key')]);
    assert.equal(restore.status, 0, restore.stderr);
    assert.match(restore.stdout, /1 contacts erased since the backup stay erased/);
    const restored = await serveRestored(dir);
    try {
      const after = await answers(restored.admin);
      const keptConversation = kept.conversation?.id ?? kept.conversationId;
      assert.deepEqual(after.messages[keptConversation], before.messages[keptConversation]);
      assert.equal(JSON.stringify(after).indexOf(ERASED.text), -1);
    } finally {
      await restored.server.stop();
    }
  });

  test('the request is in the audit log with the admin who made it', limits, async () => {
    const audit = await admin.get('/api/v1/audit/entries?entity=backup');
    assert.equal(audit.status, 200, audit.text);
    const entry = audit.json.items.find((item) => item.entity === 'backup' && item.attribute === 'requested');
    assert.ok(entry, audit.text);
    assert.equal(entry.actor.id, tenant.users.admin.id);
    assert.equal(entry.actor.kind, 'user');
  });

  test('changed files, another key and a used directory are refused with clear errors', limits, async () => {
    const changed = join(scratch, 'changed.pbk');
    const bytes = readFileSync(firstData);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(changed, bytes);
    const damaged = runParley(['admin', 'verify-backup', '--data', dataDir, changed]);
    assert.equal(damaged.status, 1);
    assert.match(damaged.stderr, /changed after it was written/);

    const otherKey = runParley(['admin', 'verify-backup', firstData], { input: '' });
    const otherKeyEnv = await parleyAsync(['admin', 'verify-backup', firstData], { PARLEY_MASTER_KEY: 'ab'.repeat(32) });
    assert.equal(otherKeyEnv.status, 1);
    assert.match(otherKeyEnv.stderr, /another master key/);
    assert.equal(otherKey.status, 1, 'no key: ./data/master.key does not exist here');

    const used = join(scratch, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'keep-me'), 'x');
    const refused = runParley(['admin', 'restore', '--from', firstData, '--data', used, '--master-key', join(dataDir, 'master.key')]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /not empty/);
    assert.equal(readFileSync(join(used, 'keep-me'), 'utf8'), 'x');

    const keyless = runParley(['admin', 'restore', '--from', firstData, '--data', join(scratch, 'keyless')]);
    assert.equal(keyless.status, 1);
    assert.match(keyless.stderr, /--master-key/);
    assert.equal(existsSync(join(scratch, 'keyless')), false);
  });
});

describe('a backup that fails', limits, () => {
  test('shows on /readyz, in /metrics and to admins, without taking the node out of service', limits, async () => {
    const dir = makeDataDir('backups-failing');
    const other = seedTenant(dir, 'Failing');
    writeFileSync(join(dir, 'not-a-directory'), 'x');
    const failing = await startServer(dir, ['--backup-dir', join(dir, 'not-a-directory', 'backups')]);
    try {
      const client = await signedIn(failing.url, other.users.admin);
      const started = await client.post('/api/v1/settings/backups', {});
      assert.equal(started.status, 202, started.text);
      const status = await until('the backup fails', async () => {
        const response = await client.get('/api/v1/settings/backups');
        return response.json.lastFailure ? response.json : null;
      });
      assert.match(status.lastFailure.error, /cannot use backup directory/);
      assert.equal(status.lastSuccess, null);
      assert.equal(status.schedule.dailyAt, '03:00');
      const ready = await fetch(`${failing.url}/readyz`);
      assert.equal(ready.status, 200);
      const readiness = await ready.json();
      assert.equal(readiness.backup.ok, false);
      assert.equal(readiness.backup.lastFailureAt, status.lastFailure.at);
      assert.equal(JSON.stringify(readiness).indexOf('not-a-directory'), -1, 'no path on a public route');
      const metrics = await (await fetch(`${failing.url}/metrics`)).text();
      assert.match(metrics, /^parley_backup_last_failed 1$/m);
      assert.match(metrics, /^parley_backup_failures_total 1$/m);
      const agent = await signedIn(failing.url, other.users.agent);
      assert.equal((await agent.get('/api/v1/settings/backups')).status, 403);
    } finally {
      await stopAll([failing], dir);
    }
  });
});
