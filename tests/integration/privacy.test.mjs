// Contacts are encrypted at rest, found through the blind index, and every field change is in a
// tamper-evident audit chain that `parley admin verify-audit` checks.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  Client,
  PASSWORD,
  RFC3339_MS,
  makeDataDir,
  removeDir,
  runParley,
  seedTenant,
  signedIn,
  sqlite,
  startServer,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';

// Distinctive values that cannot occur in the files by chance.
const FIRST = {
  name: 'Zebulon Quillfeather-Marchbanks',
  email: 'zebulon.qm.90417@privacy-probe.test',
  phone: '+447700900417',
  attributes: { loyaltyTier: 'platinum-aardvark-55291', favouriteColour: 'ultramarine-okapi-31337' },
};
const SECOND = {
  name: 'Henrietta Vexillology-Pemberton',
  email: 'henrietta.vp.77123@privacy-probe.test',
  phone: '+15550177123',
  attributes: { accountNumber: 'ACCT-QUOKKA-884411' },
};

let dataDir;
let server;
let tenant;
let adminClient;
let tokenClient;
let adminTokenId;
let first;
let second;
let stderrAtStop = '';

function plaintexts() {
  return [
    FIRST.name,
    FIRST.email,
    FIRST.phone,
    FIRST.phone.slice(1),
    ...Object.values(FIRST.attributes),
    SECOND.name,
    SECOND.email,
    SECOND.phone,
    ...Object.values(SECOND.attributes),
    tenant.users.admin.email,
    tenant.users.agent.email,
    PASSWORD,
  ];
}

before(async () => {
  dataDir = makeDataDir('privacy');
  tenant = seedTenant(dataDir, 'Privacy');
  server = await startServer(dataDir);
  adminClient = await signedIn(server.url, tenant.users.admin);
  tokenClient = new Client(server.url, { token: tenant.adminToken });
  const tokens = await adminClient.get('/api/v1/tokens');
  assert.equal(tokens.status, 200, tokens.text);
  adminTokenId = tokens.json.items.find((token) => token.name === 'integration Privacy')?.id;
}, { timeout: SUITE_TIMEOUT_MS });

after(async () => {
  if (server && server.child.exitCode === null) {
    await server.stop();
  }
  removeDir(dataDir);
});

function verifyAudit(dir) {
  return runParley(['admin', 'verify-audit', '--data', dir]);
}

function findPlaintexts(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) {
      continue;
    }
    const bytes = readFileSync(path);
    for (const text of plaintexts()) {
      if (bytes.includes(Buffer.from(text, 'utf8'))) {
        found.push(`${name}: ${text}`);
      }
    }
  }
  return found;
}

describe('contacts', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('a contact created in a session reads back exactly', async () => {
    const created = await adminClient.post('/api/v1/contacts', FIRST);
    assert.equal(created.status, 201, created.text);
    first = created.json.contact;
    assert.match(first.id, /^con_/);
    assert.equal(first.name, FIRST.name);
    assert.equal(first.email, FIRST.email);
    assert.equal(first.phone, FIRST.phone);
    assert.deepEqual(first.attributes, FIRST.attributes);
    assert.match(first.createdAt, RFC3339_MS);

    const read = await adminClient.get(`/api/v1/contacts/${first.id}`);
    assert.equal(read.status, 200, read.text);
    assert.deepEqual(read.json.contact, first);
  });

  test('a contact created with a token reads back exactly', async () => {
    const created = await tokenClient.post('/api/v1/contacts', SECOND);
    assert.equal(created.status, 201, created.text);
    second = created.json.contact;
    const read = await tokenClient.get(`/api/v1/contacts/${second.id}`);
    assert.equal(read.status, 200, read.text);
    assert.deepEqual(read.json.contact, second);
  });

  test('a contact with no fields has nulls and empty attributes', async () => {
    const created = await adminClient.post('/api/v1/contacts', {});
    assert.equal(created.status, 201, created.text);
    const contact = created.json.contact;
    assert.equal(contact.name, null);
    assert.equal(contact.email, null);
    assert.equal(contact.phone, null);
    assert.deepEqual(contact.attributes, {});
  });

  test('look-up by email finds exactly that contact', async () => {
    const response = await adminClient.get(`/api/v1/contacts?email=${encodeURIComponent(FIRST.email)}`);
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.json.items, [first]);
  });

  test('look-up by phone finds exactly that contact', async () => {
    const response = await adminClient.get(`/api/v1/contacts?phone=${encodeURIComponent(SECOND.phone)}`);
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.json.items, [second]);
  });

  test('look-up of an unknown email finds no items', async () => {
    const response = await adminClient.get(`/api/v1/contacts?email=${encodeURIComponent('nobody@privacy-probe.test')}`);
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.json.items, []);
  });

  test('an unknown contact id is 404 not_found', async () => {
    const response = await adminClient.get('/api/v1/contacts/con_doesnotexist');
    assert.equal(response.status, 404, response.text);
    assert.equal(response.json?.error?.code, 'not_found');
  });
});

describe('audit', { timeout: SUITE_TIMEOUT_MS }, () => {
  function entryFor(items, attribute) {
    return items.find((entry) => entry.attribute === attribute);
  }

  test("audit entries record each field of a session-created contact with the user as actor", async () => {
    const response = await adminClient.get(`/api/v1/audit?entity=contact&entityId=${first.id}`);
    assert.equal(response.status, 200, response.text);
    const items = response.json.items;
    for (const [attribute, value] of [['name', FIRST.name], ['email', FIRST.email], ['phone', FIRST.phone]]) {
      const entry = entryFor(items, attribute);
      assert.ok(entry, `no audit entry for ${attribute} in ${JSON.stringify(items)}`);
      assert.equal(entry.value, value);
      assert.equal(entry.entity, 'contact');
      assert.equal(entry.entityId, first.id);
      assert.deepEqual(entry.actor, { kind: 'user', id: tenant.users.admin.id });
      assert.match(entry.at, RFC3339_MS);
    }
    for (const [key, value] of Object.entries(FIRST.attributes)) {
      const entry = items.find((item) => item.attribute.includes(key) || JSON.stringify(item.value ?? '').includes(value));
      assert.ok(entry, `no audit entry for attribute ${key} in ${JSON.stringify(items)}`);
      assert.ok(JSON.stringify(entry.value).includes(value), JSON.stringify(entry));
    }
    const seqs = items.map((entry) => entry.seq);
    assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), 'audit entries must be oldest first');
    assert.equal(new Set(seqs).size, seqs.length, 'seq must be unique');
  });

  test('audit entries of a token-created contact name the token as actor', async () => {
    const response = await adminClient.get(`/api/v1/audit?entity=contact&entityId=${second.id}`);
    assert.equal(response.status, 200, response.text);
    const entry = entryFor(response.json.items, 'email');
    assert.ok(entry, JSON.stringify(response.json.items));
    assert.equal(entry.value, SECOND.email);
    assert.equal(entry.actor.kind, 'token');
    assert.equal(entry.actor.id, adminTokenId);
  });
});

describe('at rest', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('while running, parley.db and parley.db-wal hold none of the plaintexts', () => {
    const db = join(dataDir, 'parley.db');
    assert.ok(existsSync(db), 'parley.db missing');
    const found = findPlaintexts(dataDir);
    assert.deepEqual(found, [], `plaintext in the data dir while running: ${found.join(', ')}`);
  });

  test('after a graceful stop, no file of the data dir holds any of the plaintexts', async () => {
    const { code } = await server.stop();
    stderrAtStop = server.stderr;
    assert.equal(code, 0, `parley exited ${code}; stderr:\n${stderrAtStop}`);
    const found = findPlaintexts(dataDir);
    assert.deepEqual(found, [], `plaintext in the data dir: ${found.join(', ')}`);
    // Control: the scan does read the database (tenant ids are stored in the clear as keys).
    const database = readFileSync(join(dataDir, 'parley.db'));
    assert.ok(database.includes(Buffer.from(tenant.tenantId)), 'the scan did not see the tenant id');
  });

  test('the server log holds no full phone number', () => {
    assert.ok(!stderrAtStop.includes(FIRST.phone.slice(1)), 'a full phone number is in the log');
    assert.ok(!stderrAtStop.includes(SECOND.phone.slice(1)), 'a full phone number is in the log');
  });

  test('the master key and the contact key store are mode 0600', () => {
    for (const name of ['master.key', 'parley-keys.db']) {
      const mode = statSync(join(dataDir, name)).mode & 0o777;
      assert.equal(mode.toString(8), '600', name);
    }
  });
});

describe('verify-audit', { timeout: SUITE_TIMEOUT_MS }, () => {
  let db;
  let columns;
  let target; // SQL condition naming one row by its key (the table may be WITHOUT ROWID)

  before(() => {
    db = join(dataDir, 'parley.db');
  });

  function tamperedCopy(label) {
    const copy = makeDataDir(`tamper-${label}`);
    cpSync(dataDir, copy, { recursive: true });
    return copy;
  }

  test('verify-audit passes on the untouched data dir', () => {
    const result = verifyAudit(dataDir);
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    const match = /audit chain intact: (\d+) entries/.exec(result.stdout);
    assert.ok(match, result.stdout);
    assert.ok(Number(match[1]) >= 10, `expected the contacts' entries, got ${match[1]}`);

    columns = sqlite(db, 'SELECT name FROM pragma_table_info(\'audit_log\');').split('\n');
    for (const column of ['tenant_id', 'seq', 'value_enc']) {
      assert.ok(columns.includes(column), `audit_log has no ${column}: ${columns}`);
    }
    // A row in the middle of the tenant's chain, with a value.
    const seqs = sqlite(
      db,
      `SELECT seq FROM audit_log WHERE tenant_id = '${tenant.tenantId}' AND value_enc IS NOT NULL ORDER BY seq;`,
    ).split('\n');
    assert.ok(seqs.length >= 3, `too few audit rows: ${seqs}`);
    target = `tenant_id = '${tenant.tenantId}' AND seq = ${Number(seqs[Math.floor(seqs.length / 2)])}`;
  });

  function assertBroken(dir, what) {
    const result = verifyAudit(dir);
    assert.equal(result.status, 1, `${what}: verify-audit exited ${result.status}: ${result.stdout}${result.stderr}`);
    assert.ok(!/intact/.test(result.stdout), `${what}: ${result.stdout}`);
    assert.ok(`${result.stdout}${result.stderr}`.trim().length > 0, `${what}: verify-audit names no entry`);
  }

  // Changes one column of one row to a different value of the same type.
  function tamperColumn(dir, column) {
    const copyDb = join(dir, 'parley.db');
    const type = sqlite(copyDb, `SELECT typeof("${column}") FROM audit_log WHERE ${target};`);
    let expression;
    if (type === 'integer') {
      expression = `"${column}" + 1000003`;
    } else if (type === 'real') {
      expression = `"${column}" + 0.5`;
    } else if (type === 'text') {
      const value = sqlite(copyDb, `SELECT "${column}" FROM audit_log WHERE ${target};`);
      const last = value.slice(-1);
      const changed = value.slice(0, -1) + (last === 'x' ? 'y' : 'x');
      expression = `'${changed.replaceAll("'", "''")}'`;
    } else if (type === 'blob') {
      const hex = sqlite(copyDb, `SELECT hex("${column}") FROM audit_log WHERE ${target};`);
      const middle = Math.floor(hex.length / 4) * 2;
      const flipped = (parseInt(hex.slice(middle, middle + 2), 16) ^ 0x01).toString(16).padStart(2, '0');
      expression = `x'${hex.slice(0, middle)}${flipped}${hex.slice(middle + 2)}'`;
    } else {
      expression = "'tampered'";
    }
    sqlite(copyDb, `UPDATE audit_log SET "${column}" = ${expression} WHERE ${target};`);
    return type;
  }

  test('flipping one bit of one value_enc makes verify-audit exit 1', () => {
    const copy = tamperedCopy('value-enc');
    try {
      tamperColumn(copy, 'value_enc');
      assertBroken(copy, 'value_enc');
    } finally {
      removeDir(copy);
    }
  });

  test('changing any single column of one audit_log row makes verify-audit exit 1', () => {
    const survived = [];
    for (const column of columns) {
      const copy = tamperedCopy(column);
      try {
        const type = tamperColumn(copy, column);
        const result = verifyAudit(copy);
        if (result.status !== 1) {
          survived.push(`${column} (${type}): exit ${result.status} ${result.stdout.trim()} ${result.stderr.trim()}`);
        }
      } finally {
        removeDir(copy);
      }
    }
    assert.deepEqual(survived, [], `tampering went unnoticed for: ${survived.join('; ')}`);
  });

  test('deleting one row in the middle of the chain makes verify-audit exit 1', () => {
    const copy = tamperedCopy('delete');
    try {
      sqlite(join(copy, 'parley.db'), `DELETE FROM audit_log WHERE ${target};`);
      assertBroken(copy, 'deleted row');
    } finally {
      removeDir(copy);
    }
  });

  test('the untouched data dir still verifies after the tamper copies', () => {
    const result = verifyAudit(dataDir);
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });
});
