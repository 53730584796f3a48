// Contacts import and export (I5) through the real server: a preview that writes nothing and says
// what the import then does, the import's progress, per-row errors, matches through the blind
// indexes, every field audited as the admin who imported, an export that imports back unchanged,
// and files it cannot read refused with a sentence. One server for the file.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  errorCode,
  makeDataDir,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  until,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';

let dataDir;
let server;
let tenant;
let admin;
let integrator;

const csv = (text) => ({ body: text, headers: { 'content-type': 'text/csv' } });
const preview = (client, text) => client.request('POST', '/api/v1/contacts/import?dryRun=true', csv(text));
const startImport = (client, text) => client.request('POST', '/api/v1/contacts/import', csv(text));

async function importToEnd(text) {
  const started = await startImport(admin, text);
  assert.equal(started.status, 202, started.text);
  return until('the import done', async () => {
    const response = await admin.get(`/api/v1/contacts/imports/${started.json.import.id}`);
    assert.equal(response.status, 200, response.text);
    return ['done', 'failed'].includes(response.json.import.state) ? response.json.import : null;
  });
}

async function byEmail(email) {
  const response = await admin.get(`/api/v1/contacts?email=${encodeURIComponent(email)}`);
  assert.equal(response.status, 200, response.text);
  return response.json.items;
}

// Distinctive values, and a customer the file must leave alone.
const FILE = [
  'Name,Email,Phone,plan,identity.api',
  'Ottilie Marchbanks,ottilie@import.test,,gold,crm-7001',
  'Ignatius Pemberton,,07700 900123,silver,',
  'Ottilie M.,OTTILIE@import.test,,platinum,',
  'Broken Row,ottilie@,,,',
  '"=HYPERLINK(""http://evil.test"")",formula@import.test,,,',
].join('\r\n');

before(async () => {
  dataDir = makeDataDir('contacts-import');
  tenant = seedTenant(dataDir, 'Importer');
  server = await startServer(dataDir);
  admin = await signedIn(server.url, tenant.users.admin);
  integrator = new Client(server.url, { token: tenant.adminToken });
  const region = await admin.put('/api/v1/privacy/settings', { phoneRegion: 'GB' });
  assert.equal(region.status, 200, region.text);
  const existing = await admin.post('/api/v1/contacts', { name: 'Ignatius', phone: '+44 7700 900123' });
  assert.equal(existing.status, 201, existing.text);
  const bystander = await admin.post('/api/v1/contacts', { name: 'Bystander', email: 'stays@import.test' });
  assert.equal(bystander.status, 201, bystander.text);
  // A twin merged into the bystander: an export must not bring its old fields back.
  const twin = await admin.post('/api/v1/contacts', { name: 'Bystander Twin', email: 'twin@import.test' });
  assert.equal(twin.status, 201, twin.text);
  const merged = await admin.post(`/api/v1/contacts/${bystander.json.contact.id}/merge`, { from: twin.json.contact.id });
  assert.equal(merged.status, 200, merged.text);
}, { timeout: SUITE_TIMEOUT_MS });

after(async () => {
  await stopAll([server], dataDir);
});

describe('contacts import and export', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('only admins may import or export', async () => {
    for (const role of ['supervisor', 'agent', 'dpo']) {
      const client = await signedIn(server.url, tenant.users[role]);
      assert.equal((await preview(client, FILE)).status, 403, role);
      assert.equal((await client.get('/api/v1/contacts/export')).status, 403, role);
    }
  });

  test('the preview writes nothing and the import does what it said, audited as the admin', async () => {
    const seen = await preview(admin, FILE);
    assert.equal(seen.status, 200, seen.text);
    const { rows, create, update, unchanged, failed, columns, sample, errors } = seen.json.preview;
    assert.deepEqual({ rows, create, update, unchanged, failed }, { rows: 5, create: 2, update: 2, unchanged: 0, failed: 1 });
    assert.deepEqual(columns.map((column) => column.field), ['name', 'email', 'phone', 'attributes.plan', 'identity']);
    assert.equal(columns[4].channelName, 'API');
    assert.deepEqual(errors, [{ line: 5, error: 'email "ottilie@" is not an address' }]);
    const ignatius = sample.find((row) => row.line === 3);
    assert.equal(ignatius.action, 'update');
    assert.deepEqual(ignatius.changes, ['name', 'attributes.plan']);
    assert.equal(sample.find((row) => row.line === 4).sameAsLine, 2);
    assert.deepEqual(await byEmail('ottilie@import.test'), [], 'a preview writes nothing');

    const done = await importToEnd(FILE);
    assert.equal(done.state, 'done', JSON.stringify(done));
    assert.deepEqual(
      { rows: done.rows, processed: done.processed, created: done.created, updated: done.updated, failed: done.failed },
      { rows: 5, processed: 5, created: 2, updated: 2, failed: 1 },
    );
    assert.equal(done.by, tenant.users.admin.id);
    const [ottilie] = await byEmail('ottilie@import.test');
    assert.equal(ottilie.name, 'Ottilie M.', 'two rows about one customer make one contact');
    assert.equal(ottilie.attributes.plan, 'platinum');
    const [formula] = await byEmail('formula@import.test');
    assert.equal(formula.name, '=HYPERLINK("http://evil.test")', 'kept as written; made inert only in files');

    // The identity reaches her through the API channel: a message from crm-7001 is hers.
    const inbound = await integrator.post('/api/v1/channels/api/messages', { contact: { identity: 'crm-7001' }, text: 'hello' });
    assert.ok([200, 202].includes(inbound.status), inbound.text);
    assert.equal(inbound.json.contactId, ottilie.id);

    const audit = await admin.get(`/api/v1/audit/entries?entity=contact&entityId=${ottilie.id}&limit=100`);
    assert.equal(audit.status, 200, audit.text);
    const byAdmin = audit.json.items.filter((entry) => entry.actor.id === tenant.users.admin.id).map((entry) => `${entry.attribute}=${entry.value}`);
    for (const expected of ['name=Ottilie Marchbanks', 'email=ottilie@import.test', 'attributes.plan=gold', 'identity.api=crm-7001', 'name=Ottilie M.', 'attributes.plan=platinum']) {
      assert.ok(byAdmin.includes(expected), `${expected} in ${JSON.stringify(byAdmin)}`);
    }
    const [bystander] = await byEmail('stays@import.test');
    assert.equal(bystander.name, 'Bystander');
    const listed = await admin.get('/api/v1/contacts/imports');
    assert.equal(listed.json.items[0].id, done.id);
  });

  test('an edit changes what it names and is audited', async () => {
    const [ottilie] = await byEmail('ottilie@import.test');
    const edited = await admin.patch(`/api/v1/contacts/${ottilie.id}`, { name: 'Ottilie Marchbanks-Reyes', attributes: { plan: '' } });
    assert.equal(edited.status, 200, edited.text);
    assert.equal(edited.json.contact.name, 'Ottilie Marchbanks-Reyes');
    assert.equal(edited.json.contact.attributes.plan, undefined);
    assert.equal(edited.json.contact.email, 'ottilie@import.test');
    const missing = await admin.patch('/api/v1/contacts/con_missing', { name: 'x' });
    assert.equal(missing.status, 404, missing.text);
    const bad = await admin.patch(`/api/v1/contacts/${ottilie.id}`, { name: 'x'.repeat(201) });
    assert.equal(bad.status, 422, bad.text);
  });

  test('the export lists every contact and imports back unchanged', async () => {
    // Several addresses on one channel, one of them with a space: one per line of the cell.
    const multi = await importToEnd('name,identity.api\r\nMulti Address,"crm 7002\ncrm-7003"\r\n');
    assert.equal(multi.created, 1, JSON.stringify(multi));
    const exported = await admin.get('/api/v1/contacts/export');
    assert.equal(exported.status, 200, exported.text);
    assert.match(exported.headers.get('content-disposition'), /parley-contacts\.csv/);
    const lines = exported.text.trimEnd().split('\r\n');
    assert.equal(lines[0], 'id,name,email,phone,createdAt,identity.api,attributes.plan');
    assert.equal(lines.length, 1 + 5, exported.text);
    assert.ok(!exported.text.includes('Bystander Twin'), 'a merged-away contact is not exported');
    // Both addresses in one cell, a line each (created in the same millisecond: in either order).
    assert.match(exported.text, /"(crm 7002\ncrm-7003|crm-7003\ncrm 7002)"/);
    assert.ok(lines.some((line) => line.includes(`"'=HYPERLINK(""http://evil.test"")"`)), 'a formula is made inert');
    assert.ok(lines.some((line) => line.includes("'+447700900123") || line.includes("'+44 7700 900123")), exported.text);
    const again = await preview(admin, exported.text);
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(
      { rows: again.json.preview.rows, unchanged: again.json.preview.unchanged, failed: again.json.preview.failed },
      { rows: 5, unchanged: 5, failed: 0 },
      JSON.stringify(again.json.preview.sample),
    );
    const reads = await until('the export audited', async () => {
      const response = await admin.get('/api/v1/audit/entries?entity=contacts&attribute=export');
      return response.json.items.length > 0 ? response.json.items : null;
    });
    assert.equal(reads[0].actor.id, tenant.users.admin.id);
  });

  test('a file it cannot read is refused with a sentence, and nothing is written', async () => {
    const cases = [
      ['name\r\n"never closed\r\n', 'line 2: a quoted cell is never closed'],
      [Buffer.from('name\n\xff\xfe\n', 'latin1'), 'line 2: the file is not UTF-8'],
      ['plan,tier\r\ngold,1\r\n', 'no column says who a contact is'],
      ['name,identity.telegram\r\nx,1\r\n', 'no channel has the id or name "telegram"'],
      ['', 'no header line'],
    ];
    for (const [body, message] of cases) {
      const response = await startImport(admin, body);
      assert.equal(response.status, 422, response.text);
      assert.equal(errorCode(response), 'validation_failed');
      assert.ok(response.json.error.message.includes(message), `${response.json.error.message} should say ${message}`);
    }
    const huge = 'name\n' + 'x'.repeat(21 * 1024 * 1024) + '\n';
    const tooLarge = await startImport(admin, huge);
    assert.equal(tooLarge.status, 413, tooLarge.text.slice(0, 200));
    const rows = 'name\n' + Array.from({ length: 100_001 }, (_, i) => `n${i}`).join('\n') + '\n';
    const tooMany = await startImport(admin, rows);
    assert.equal(tooMany.status, 422, tooMany.text);
    assert.match(tooMany.json.error.message, /more than 100000 rows/);
    const vague = await admin.request('POST', '/api/v1/contacts/import?dryRun=1', csv('name\nx\n'));
    assert.equal(vague.status, 422, 'anything but true or false is refused, not taken as a real import');
    const listed = await admin.get('/api/v1/contacts/imports');
    assert.equal(listed.json.items.length, 2, 'no import was started by a refused file');
  });
});
