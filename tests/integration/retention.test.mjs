// Retention (P3) with the real server and a moved clock: conversations are stored and closed
// today, then the same data directory is served 40 days later (Debian's libfaketime). The sweeper
// anonymises on its own at start-up, a changed setting takes effect within seconds (not at the next
// minute's look), open conversations and the statistics stay, and the pruned audit chain still
// verifies.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  daysLater,
  makeDataDir,
  runParley,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  until,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';

const ANONYMISED = 'Anonymised by retention';
let dataDir;
let server;
let tenant;
let integrator;
let admin;
let closed; // a conversation closed today
let open; // one still open
let today;

async function inbound(identity, text, messageId) {
  const response = await integrator.post('/api/v1/channels/api/messages', {
    contact: { identity, name: `Customer ${identity}` },
    text,
    messageId,
  });
  assert.ok([200, 202].includes(response.status), `inbound: ${response.status} ${response.text}`);
  return response.json;
}

async function texts(conversationId) {
  const response = await integrator.get(`/api/v1/conversations/${conversationId}/messages?limit=50`);
  assert.equal(response.status, 200, response.text);
  return response.json.items.map((message) => message.content.text);
}

async function metric(name) {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : undefined;
}

before(async () => {
  dataDir = makeDataDir('retention');
  tenant = seedTenant(dataDir, 'Retention');
  server = await startServer(dataDir);
  integrator = new Client(server.url, { token: tenant.adminToken });
  admin = await signedIn(server.url, tenant.users.admin);

  closed = await inbound('customer-closed', 'my order number is 4471', 'ext-closed-1');
  await inbound('customer-closed', 'and my address is 7 Elm Row', 'ext-closed-2');
  const note = await admin.post(`/api/v1/conversations/${closed.conversation.id}/notes`, { text: 'refund promised' });
  assert.equal(note.status, 201, note.text);
  const done = await integrator.post(`/api/v1/conversations/${closed.conversation.id}/close`, {});
  assert.equal(done.status, 200, done.text);
  open = await inbound('customer-open', 'still waiting for an answer', 'ext-open-1');

  const saved = await admin.put('/api/v1/privacy/settings', { anonymiseAfterDays: 30, deleteAfterDays: 60, auditKeepDays: 35 });
  assert.equal(saved.status, 200, saved.text);
  today = Date.now();
  // Nothing is due today.
  assert.deepEqual(await texts(closed.conversation.id), ['my order number is 4471', 'and my address is 7 Elm Row']);
  await server.stop();

  server = await startServer(dataDir, [], { env: daysLater(40) });
  integrator = new Client(server.url, { token: tenant.adminToken });
  admin = await signedIn(server.url, tenant.users.admin);
}, { timeout: SUITE_TIMEOUT_MS });

after(async () => {
  await stopAll([server], dataDir);
});

describe('retention', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('40 days on, what closed over 30 days ago is anonymised on its own; statistics and open conversations stay', async () => {
    await until('the closed conversation anonymised', async () =>
      (await texts(closed.conversation.id)).every((text) => text === ANONYMISED));
    assert.equal((await texts(closed.conversation.id)).length, 2, 'the messages are still counted');
    const notes = await integrator.get(`/api/v1/conversations/${closed.conversation.id}/notes`);
    assert.equal(notes.status, 200, notes.text);
    assert.deepEqual(notes.json.items.map((item) => item.text), [ANONYMISED]);
    const conversation = await integrator.get(`/api/v1/conversations/${closed.conversation.id}`);
    assert.equal(conversation.status, 200, conversation.text);
    assert.equal(conversation.json.conversation.state, 'closed');
    assert.equal(conversation.json.conversation.channel, 'api');
    assert.deepEqual(await texts(open.conversation.id), ['still waiting for an answer']);
    assert.equal(await metric('parley_retention_anonymised_conversations_total'), 1);

    const audit = await admin.get('/api/v1/audit/entries?attribute=retention.anonymised');
    assert.equal(audit.status, 200, audit.text);
    assert.equal(audit.json.items.length, 1);
    assert.equal(audit.json.items[0].actor.kind, 'system');
    assert.equal(audit.json.items[0].value, '1 older than 30 days');
    assert.ok(Date.parse(audit.json.items[0].at) - today > 39 * 24 * 3600_000, 'the server ran 40 days later');
  });

  test('audit entries older than 35 days are pruned and the rest is kept', async () => {
    await until('the audit pruned', async () => (await metric('parley_retention_pruned_audit_entries_total')) > 0);
    const entries = await admin.get('/api/v1/audit/entries?limit=1000');
    assert.equal(entries.status, 200, entries.text);
    assert.ok(entries.json.items.length > 0);
    // Everything written today (the tenant, its users, the customers) was 40 days old.
    assert.ok(entries.json.items.every((entry) => Date.parse(entry.at) - today > 39 * 24 * 3600_000), JSON.stringify(entries.json.items.map((entry) => entry.at)));
    assert.ok(entries.json.items.some((entry) => entry.attribute === 'retention.auditPruned'));
  });

  test('usage records keep one row per message, without the contact once anonymised and never the text', async () => {
    const day = (ms) => new Date(ms).toISOString().slice(0, 10);
    const range = `from=${day(today - 24 * 3600_000)}&until=${day(today + 60 * 24 * 3600_000)}`;
    const csv = await integrator.get(`/api/v1/usage/messages?${range}`);
    assert.equal(csv.status, 200, csv.text);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    const [header, ...rows] = csv.text.trim().split('\r\n');
    assert.equal(header, 'messageId,conversationId,channel,direction,at,status,statusReason,categoryId,agentId,authorId,contactId');
    const records = rows.map((row) => row.split(','));
    assert.equal(records.length, 3);
    const ofClosed = records.filter((record) => record[1] === closed.conversation.id);
    assert.equal(ofClosed.length, 2);
    assert.ok(ofClosed.every((record) => record[3] === 'inbound' && record[10] === ''), 'anonymised: no contact');
    const ofOpen = records.find((record) => record[1] === open.conversation.id);
    assert.equal(ofOpen[10], open.contactId);
    for (const text of ['4471', 'Elm Row', 'still waiting']) {
      assert.ok(!csv.text.includes(text), `never the text (${text})`);
    }
    const json = await integrator.get(`/api/v1/usage/messages?${range}&format=json`);
    assert.equal(json.status, 200, json.text);
    assert.equal(json.json.length, 3);
    assert.equal(json.json.find((record) => record.conversationId === open.conversation.id).contactId, open.contactId);
    const later = await integrator.get(`/api/v1/usage/messages?from=${day(today + 2 * 24 * 3600_000)}&until=${day(today + 60 * 24 * 3600_000)}`);
    assert.equal(later.text.trim().split('\r\n').length, 1, 'only the header: nothing was sent in that range');
    for (const bad of ['', 'from=2026-01-01', 'from=yesterday&until=2026-01-01', 'from=2026-02-01&until=2026-01-01', `${range}&format=xml`]) {
      const refused = await integrator.get(`/api/v1/usage/messages?${bad}`);
      assert.equal(refused.status, 422, `${bad}: ${refused.text}`);
    }
    const agent = await signedIn(server.url, tenant.users.agent);
    assert.equal((await agent.get(`/api/v1/usage/messages?${range}`)).status, 403);
  });

  test('a changed setting takes effect at once, not at the next look', async () => {
    const started = Date.now();
    const saved = await admin.put('/api/v1/privacy/settings', { deleteAfterDays: 38 });
    assert.equal(saved.status, 200, saved.text);
    await until('the conversation deleted', async () =>
      (await integrator.get(`/api/v1/conversations/${closed.conversation.id}`)).status === 404);
    assert.ok(Date.now() - started < 30_000, 'well within the minute between two looks');
    assert.equal((await integrator.get(`/api/v1/conversations/${open.conversation.id}`)).status, 200);
    assert.equal(await metric('parley_retention_deleted_conversations_total'), 1);
    // The customer stays: contact data has no schedule, only conversations do.
    assert.equal((await integrator.get(`/api/v1/contacts/${closed.contactId}`)).status, 200);
  });

  test('the pruned chain still verifies', async () => {
    await server.stop();
    const verified = runParley(['admin', 'verify-audit', '--data', dataDir]);
    assert.equal(verified.status, 0, verified.stderr + verified.stdout);
    assert.match(verified.stdout, /audit chain intact/);
    server = await startServer(dataDir, [], { env: daysLater(40) });
  });
});
