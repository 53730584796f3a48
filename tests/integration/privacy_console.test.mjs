// The privacy console's routes (P2): a DPO finds a customer by phone, email, name or channel id,
// anonymises one and erases another; each action reaches what it must, leaves everyone else alone,
// is audited, and purges the copies kept for resuming live sockets. One server for the file.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  Client,
  errorCode,
  frameLog,
  makeDataDir,
  openLiveSocket,
  rawExchange,
  runParley,
  seedTenant,
  signedIn,
  sqlite,
  startServer,
  stopAll,
  until,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';

let dataDir;
let server;
let tenant;
let integrator;
let dpo;
let admin;
let agent;
let agentLive;
let agentFrames;

// Distinctive values that cannot occur in the files by chance.
const ERASED = {
  identity: '447700900512',
  name: 'Ximena Quintanilla-Ñúñez',
  messageIds: ['ext-erased-9f3a71', 'ext-erased-c20b44'],
  texts: ['my parcel tracking is ZX-ORCHID-5519', 'please call me at home'],
};
const ANONYMISED = { identity: 'visitor-anon-7713', name: 'Bartholomew Anonymous', text: 'my flat is 7B Heron Court' };
const FORMULA = { identity: 'visitor-formula-8080', name: '@Mallory', text: '=HYPERLINK("http://evil.test","click")' };
const BYSTANDER = { identity: 'visitor-stays-2291', name: 'Cordelia Bystander', text: 'I stay exactly as I am' };

async function inbound(customer, text, messageId) {
  const response = await integrator.post('/api/v1/channels/api/messages', {
    contact: { identity: customer.identity, name: customer.name },
    text,
    ...(messageId ? { messageId } : {}),
  });
  assert.ok([200, 202].includes(response.status), `inbound: ${response.status} ${response.text}`);
  return response.json;
}

async function search(query) {
  const response = await dpo.get(`/api/v1/privacy/subjects?${new URLSearchParams(query)}`);
  assert.equal(response.status, 200, response.text);
  return response.json.items;
}

let erased;
let anonymised;
let bystander;
let formula;
let cursorBefore;

before(async () => {
  dataDir = makeDataDir('privacy-console');
  tenant = seedTenant(dataDir, 'Console');
  server = await startServer(dataDir);
  integrator = new Client(server.url, { token: tenant.adminToken });
  dpo = await signedIn(server.url, tenant.users.dpo);
  admin = await signedIn(server.url, tenant.users.admin);
  agent = await signedIn(server.url, tenant.users.agent);
  const available = await agent.patch('/api/v1/me/agent', { presence: 'available' });
  assert.equal(available.status, 200, available.text);
  agentLive = await openLiveSocket(server, { cookie: agent.cookieHeader() });
  const hello = (await agentLive.next()).json;
  assert.equal(hello.type, 'hello');
  cursorBefore = hello.cursor;
  agentFrames = frameLog(agentLive);

  erased = await inbound(ERASED, ERASED.texts[0], ERASED.messageIds[0]);
  await inbound(ERASED, ERASED.texts[1], ERASED.messageIds[1]);
  anonymised = await inbound(ANONYMISED, ANONYMISED.text, 'ext-anon-1');
  bystander = await inbound(BYSTANDER, BYSTANDER.text, 'ext-stays-1');
  formula = await inbound(FORMULA, FORMULA.text, 'ext-formula-1');
}, { timeout: SUITE_TIMEOUT_MS });

after(async () => {
  agentLive?.ws.close();
  await stopAll([server], dataDir);
});

describe('privacy console', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('only DPOs and admins may use it', async () => {
    for (const role of ['agent', 'supervisor']) {
      const client = await signedIn(server.url, tenant.users[role]);
      const response = await client.get('/api/v1/privacy/subjects?name=ximena');
      assert.equal(response.status, 403, `${role}: ${response.text}`);
    }
    const byAdmin = await admin.get('/api/v1/privacy/settings');
    assert.equal(byAdmin.status, 200, byAdmin.text);
    assert.deepEqual(byAdmin.json.settings, {
      phoneRegion: '',
      anonymiseAfterDays: 90,
      deleteAfterDays: 365,
      auditKeepDays: 365,
    });
  });

  test('a phone written nationally is read in the tenant region once it is set', async () => {
    const saved = await dpo.put('/api/v1/privacy/settings', { phoneRegion: 'GB' });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.json.settings.phoneRegion, 'GB');
    for (const bad of [{ phoneRegion: 'XX' }, { anonymiseAfterDays: 0 }, { anonymiseAfterDays: 400, deleteAfterDays: 365 }, { auditKeepDays: 'soon' }]) {
      const refused = await dpo.put('/api/v1/privacy/settings', bad);
      assert.equal(refused.status, 422, `${JSON.stringify(bad)}: ${refused.text}`);
      assert.equal(errorCode(refused), 'validation_failed');
    }
    // Created now, its national number is read in GB.
    const contact = await admin.post('/api/v1/contacts', {
      name: 'Ximena Second Record',
      email: 'Ximena.Q@Example.TEST',
      phone: '07700 900512',
    });
    assert.equal(contact.status, 201, contact.text);
  });

  test('a DPO finds the customer by phone however it is written, by email, name and channel id', async () => {
    const ids = (items) => items.map((item) => item.contact.id).sort();
    // The SMS-style identity "447700900512" and the contact whose phone is "07700 900512" (GB).
    const byPhone = await search({ phone: '+44 7700 900512' });
    assert.equal(byPhone.length, 2, JSON.stringify(byPhone));
    assert.ok(byPhone.some((item) => item.contact.id === erased.contactId));
    assert.deepEqual(ids(await search({ phone: '07700900512' })), ids(byPhone));
    const byEmail = await search({ email: 'ximena.q@example.test' });
    assert.equal(byEmail.length, 1);
    assert.equal(byEmail[0].contact.name, 'Ximena Second Record');
    const byName = await search({ name: 'nunez XIMENA' });
    assert.deepEqual(ids(byName), [erased.contactId]);
    assert.equal((await search({ name: 'ximena' })).length, 2);
    const byIdentity = await search({ identity: ERASED.identity, channel: 'api' });
    assert.deepEqual(ids(byIdentity), [erased.contactId]);
    const [subject] = byIdentity;
    assert.equal(subject.contact.name, ERASED.name);
    assert.deepEqual(subject.identities, [{ channel: 'api', identity: ERASED.identity, unreachable: null }]);
    assert.deepEqual(subject.channels, ['api']);
    assert.equal(subject.conversations, 1);
    assert.equal(subject.messages, 2);
    assert.equal(subject.erasedAt, null);
    assert.deepEqual(await search({ name: 'nobody-by-this-name' }), []);
  });

  test('bad searches and unconfirmed actions get clear errors', async () => {
    for (const query of ['', 'phone=1&email=a@b.c', `name=${'x'.repeat(400)}`, 'name=%20-%20', 'phone=%2B']) {
      const response = await dpo.get(`/api/v1/privacy/subjects?${query}`);
      assert.equal(response.status, 422, `${query}: ${response.text}`);
      assert.equal(errorCode(response), 'validation_failed');
    }
    const path = `/api/v1/privacy/subjects/${erased.contactId}/erase`;
    for (const body of [{}, { confirm: 'yes' }, { confirm: 'anonymise' }, { confirm: 'ERASE ' }]) {
      const response = await dpo.post(path, body);
      assert.equal(response.status, 422, `${JSON.stringify(body)}: ${response.text}`);
    }
    const malformed = await dpo.request('POST', path, { body: '{"confirm":', headers: { 'content-type': 'application/json' } });
    assert.equal(malformed.status, 400, malformed.text);
    const unknown = await dpo.post('/api/v1/privacy/subjects/con_nobody/erase', { confirm: 'erase' });
    assert.equal(unknown.status, 404, unknown.text);
    const missing = await dpo.get('/api/v1/privacy/subjects/con_nobody');
    assert.equal(missing.status, 404);
    // Nothing happened to the customer.
    const still = await dpo.get(`/api/v1/privacy/subjects/${erased.contactId}`);
    assert.equal(still.json.subject.messages, 2);
    assert.equal(still.json.subject.erasedAt, null);
  });

  test('a DPO downloads everything held about the customer, as JSON and as CSV', async () => {
    const response = await dpo.get(`/api/v1/privacy/subjects/${erased.contactId}/export`);
    assert.equal(response.status, 200, response.text);
    assert.equal(response.headers.get('transfer-encoding'), 'chunked');
    assert.match(response.headers.get('content-disposition'), /^attachment; filename="parley-con_[0-9a-f]+\.json"$/);
    const data = JSON.parse(response.text);
    assert.equal(data.subject.contact.id, erased.contactId);
    assert.equal(data.subject.contact.name, ERASED.name);
    assert.deepEqual(data.subject.identities, [{ channel: 'api', identity: ERASED.identity, unreachable: null }]);
    assert.equal(data.conversations.length, 1);
    assert.equal(data.conversations[0].conversation.id, erased.conversation.id);
    assert.deepEqual(data.conversations[0].messages.map((m) => m.content.text), ERASED.texts);
    assert.deepEqual(data.conversations[0].notes, []);
    assert.ok(data.audit.some((entry) => entry.attribute === 'name' && entry.value === ERASED.name), JSON.stringify(data.audit));

    const csv = await dpo.get(`/api/v1/privacy/subjects/${formula.contactId}/export?format=csv`);
    assert.equal(csv.status, 200, csv.text);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    assert.equal(lines[0], 'record,conversation,id,at,direction,author,field,value');
    // A spreadsheet must not run what the customer wrote.
    assert.ok(lines.some((line) => line.startsWith('contact,') && line.endsWith(",name,'@Mallory")), csv.text);
    const message = lines.find((line) => line.startsWith('message,'));
    assert.ok(message.endsWith(`,content,"'=HYPERLINK(""http://evil.test"",""click"")"`), message);

    for (const query of ['?format=xml', '']) {
      const bad = await dpo.get(`/api/v1/privacy/subjects/${query ? erased.contactId : 'con_nobody'}/export${query}`);
      assert.equal(bad.status, query ? 422 : 404, bad.text);
    }
    const byAgent = await agent.get(`/api/v1/privacy/subjects/${erased.contactId}/export`);
    assert.equal(byAgent.status, 403);

    // HTTP/1.0 knows no chunks: the body runs until the connection closes.
    const { response: old } = await rawExchange(server.port, [
      `GET /api/v1/privacy/subjects/${formula.contactId}/export HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${tenant.adminToken}\r\n\r\n`,
    ]);
    assert.equal(old.status, 200, old.statusLine);
    assert.equal(old.headers['transfer-encoding'], undefined);
    assert.equal(JSON.parse(old.body).subject.contact.id, formula.contactId);
  });

  test('a long history is exported whole, page after page, in order', async () => {
    const paged = { identity: 'visitor-paged-4242', name: 'Penelope Paged' };
    let first;
    for (let i = 0; i < 450; i++) {
      const stored = await inbound(paged, `message number ${i}`, `ext-paged-${i}`);
      first ??= stored;
    }
    const response = await dpo.get(`/api/v1/privacy/subjects/${first.contactId}/export`);
    assert.equal(response.status, 200);
    const texts = JSON.parse(response.text).conversations.flatMap((c) => c.messages.map((m) => m.content.text));
    assert.deepEqual(texts, Array.from({ length: 450 }, (_, i) => `message number ${i}`));
    const csv = await dpo.get(`/api/v1/privacy/subjects/${first.contactId}/export?format=csv`);
    assert.equal(csv.text.trimEnd().split('\r\n').filter((line) => line.startsWith('message,')).length, 450);
  });

  test('card numbers are masked on the API channel, in replies and in notes (P8)', async () => {
    const card = { identity: 'visitor-card-5150', name: 'Carla Card' };
    const stored = await inbound(card, 'my card is 4111 1111 1111 1111, expiry 12/29', 'ext-card-1');
    assert.equal(stored.message.content.text, 'my card is •••• •••• •••• 1111, expiry 12/29');
    const path = `/api/v1/conversations/${stored.conversation.id}`;
    const picked = await agent.post(`${path}/pick`, {});  // the agent's places are full by now
    assert.equal(picked.status, 200, picked.text);
    const reply = await agent.post(`${path}/messages`, { text: 'did you mean 4111-1111-1111-1111?' });
    assert.equal(reply.status, 201, reply.text);
    assert.equal(reply.json.message.content.text, 'did you mean ••••-••••-••••-1111?');
    const note = await agent.post(`${path}/notes`, { text: 'customer pasted 4111111111111111 again' });
    assert.equal(note.status, 201, note.text);
    assert.equal(note.json.note.text, 'customer pasted ••••••••••••1111 again');
    const messages = await admin.get(`${path}/messages`);
    assert.ok(!messages.text.includes('4111 1111') && !messages.text.includes('4111-1111'), messages.text);
  });

  test('anonymising keeps the counts, replaces the text and makes old values unreadable', async () => {
    const before = (await dpo.get(`/api/v1/privacy/subjects/${anonymised.contactId}`)).json.subject;
    const response = await dpo.post(`/api/v1/privacy/subjects/${anonymised.contactId}/anonymise`, { confirm: 'anonymise' });
    assert.equal(response.status, 200, response.text);
    const after = response.json.subject;
    assert.ok(after.anonymisedAt);
    assert.equal(after.erasedAt, null);
    assert.equal(after.contact.name, null);
    assert.deepEqual(after.identities, []);
    assert.equal(after.messages, before.messages);
    assert.equal(after.conversations, before.conversations);
    assert.equal(response.json.closedConversations, 1);
    const messages = await admin.get(`/api/v1/conversations/${anonymised.conversation.id}/messages`);
    assert.equal(messages.status, 200, messages.text);
    assert.deepEqual(messages.json.items.map((m) => m.content.text), ['Anonymised by DPO']);
    const audit = await dpo.get(`/api/v1/audit?entity=contact&entityId=${anonymised.contactId}`);
    assert.ok(audit.json.items.every((entry) => entry.value === null), JSON.stringify(audit.json.items));
    const last = audit.json.items.at(-1);
    assert.equal(last.attribute, 'anonymised');
    assert.deepEqual(last.actor, { kind: 'user', id: tenant.users.dpo.id });
    assert.deepEqual(await search({ identity: ANONYMISED.identity }), []);
  });

  test('erasing destroys the key at once, closes the conversation, purges the replay, and the sweeper removes the rows', async () => {
    // The agent holds the conversation: its frames are among those kept for resuming.
    const assigned = (frame) => frame.type === 'conversation.assigned' && frame.change.conversationId === erased.conversation.id;
    await agentFrames.wait(assigned, 'the erased conversation assigned');
    // The contact's key is in the key store beside the data, not in the data.
    const keys = join(dataDir, 'parley-keys.db');
    const keyId = sqlite(join(dataDir, 'parley.db'), `SELECT key_id FROM contacts WHERE id = '${erased.contactId}';`);
    assert.ok(keyId, 'the contact names no key');
    const wrapped = Buffer.from(sqlite(keys, `SELECT hex(wrapped_key) FROM contact_keys WHERE id = '${keyId}';`), 'hex');
    assert.ok(wrapped.length >= 32, 'the key is not in the key store');
    const filesHolding = (bytes) => readdirSync(dataDir).filter((name) => {
      const path = join(dataDir, name);
      return statSync(path).isFile() && readFileSync(path).includes(bytes);
    });
    const holding = filesHolding(wrapped);
    assert.ok(holding.length > 0 && holding.every((name) => name.startsWith('parley-keys.db')), holding.join());

    const response = await dpo.post(`/api/v1/privacy/subjects/${erased.contactId}/erase`, { confirm: 'erase' });
    assert.equal(response.status, 200, response.text);
    // Destroyed before the answer; its older copies leave the key store's log within a moment.
    assert.equal(sqlite(keys, `SELECT count(*) FROM contact_keys WHERE id = '${keyId}';`), '0');
    let holdingAfter = filesHolding(wrapped);
    for (let i = 0; i < 100 && holdingAfter.length > 0; i += 1) {
      await new Promise((resolve) => { setTimeout(resolve, 20); });
      holdingAfter = filesHolding(wrapped);
    }
    assert.deepEqual(holdingAfter, []);
    assert.ok(response.json.subject.erasedAt);
    assert.deepEqual(response.json.contacts, [erased.contactId]);
    assert.equal(response.json.closedConversations, 1);

    // Unreadable at once, everywhere the API shows it.
    const contact = await admin.get(`/api/v1/contacts/${erased.contactId}`);
    assert.equal(contact.status, 200);
    assert.equal(contact.json.contact.name, null);
    const conversation = await admin.get(`/api/v1/conversations/${erased.conversation.id}`);
    assert.equal(conversation.json.conversation.state, 'closed');
    assert.deepEqual(await search({ name: 'nunez' }), []);
    assert.deepEqual(await search({ identity: ERASED.identity }), []);
    const again = await dpo.post(`/api/v1/privacy/subjects/${erased.contactId}/erase`, { confirm: 'erase' });
    assert.equal(again.status, 409, again.text);

    // The agent who held it hears it closed; a socket resuming from before sees no trace of it.
    await agentFrames.wait(
      (frame) => frame.type === 'conversation.closed' && frame.conversation.id === erased.conversation.id,
      'the erased conversation closed');
    const supervisor = await signedIn(server.url, tenant.users.supervisor);
    const marker = await supervisor.post('/api/v1/broadcasts', { text: 'after the erasure' });
    assert.equal(marker.status, 202, marker.text);
    const socket = await openLiveSocket(server, { cookie: agent.cookieHeader() }, `?since=${cursorBefore}`);
    const resumed = frameLog(socket);
    await resumed.wait((frame) => frame.type === 'broadcast' && frame.text === 'after the erasure', 'the marker');
    socket.ws.close();
    const frames = resumed.frames.filter((frame) => frame.type !== 'hello');
    const replay = JSON.stringify(frames);
    for (const text of ERASED.texts) {
      assert.ok(!replay.includes(text), `the replay still holds "${text}"`);
    }
    assert.ok(frames.some((frame) => frame.type === 'redacted'), replay);

    // The sweeper removes the messages; the bystander keeps everything.
    await until('the sweep', async () => {
      const subject = (await dpo.get(`/api/v1/privacy/subjects/${erased.contactId}`)).json.subject;
      return subject.messages === 0;
    });
    const kept = await admin.get(`/api/v1/conversations/${bystander.conversation.id}/messages`);
    assert.deepEqual(kept.json.items.map((m) => m.content.text), [BYSTANDER.text]);
    assert.equal((await search({ name: 'cordelia' })).length, 1);

    // A late retry of an erased message is a duplicate: the customer does not come back.
    const retry = await integrator.post('/api/v1/channels/api/messages', {
      contact: { identity: ERASED.identity, name: ERASED.name },
      text: ERASED.texts[0],
      messageId: ERASED.messageIds[0],
    });
    assert.equal(retry.status, 200, retry.text);
    assert.deepEqual(retry.json, { duplicate: true, erased: true });
    assert.deepEqual(await search({ identity: ERASED.identity }), []);
  });

  test('reads of personal data are audited too: who read what and when, never what was searched', async () => {
    const found = await search({ name: 'Cordelia' });
    assert.deepEqual(found.map((item) => item.contact.id), [bystander.contactId]);
    assert.equal((await dpo.get(`/api/v1/privacy/subjects/${bystander.contactId}`)).status, 200);
    const exported = await dpo.get(`/api/v1/privacy/subjects/${bystander.contactId}/export?format=csv`);
    assert.equal(exported.status, 200);
    assert.equal((await search({ phone: '+44 7700 900999' })).length, 0);
    assert.equal((await admin.get(`/api/v1/contacts/${bystander.contactId}`)).status, 200);
    assert.equal((await integrator.get(`/api/v1/conversations/${bystander.conversation.id}/messages`)).status, 200);

    // Reads reach the audit in batches, within about a second.
    const trail = await until('the reads audited', async () => {
      const response = await dpo.get(`/api/v1/audit/entries?entity=contact&entityId=${bystander.contactId}&limit=100`);
      assert.equal(response.status, 200, response.text);
      const attributes = response.json.items.map((entry) => `${entry.attribute}:${entry.actor.id}`);
      return ['search.name', 'read', 'export.csv'].every((what) => attributes.includes(`${what}:${tenant.users.dpo.id}`)) &&
        attributes.includes(`read:${tenant.users.admin.id}`)
        ? response.json.items
        : null;
    });
    assert.ok(trail.filter((entry) => /^(search|read|export)/.test(entry.attribute)).every((entry) => entry.value === null));
    const nobody = await dpo.get('/api/v1/audit/entries?entity=privacy&attribute=search.phone');
    assert.equal(nobody.status, 200, nobody.text);
    assert.ok(nobody.json.items.some((entry) => entry.entityId === 'nobody'));
    assert.ok(!JSON.stringify(nobody.json).includes('900999'), 'never what was searched for');
    const conversation = await dpo.get(`/api/v1/audit/entries?entity=conversation&entityId=${bystander.conversation.id}`);
    assert.equal(conversation.status, 200, conversation.text);
    assert.ok(conversation.json.items.some((entry) => entry.attribute === 'read.messages' && entry.actor.kind === 'token'));
  });

  test('the audit viewer filters, pages and downloads the tenant\'s entries', async () => {
    const page = async (query) => {
      const response = await dpo.get(`/api/v1/audit/entries${query}`);
      assert.equal(response.status, 200, response.text);
      return response.json;
    };
    const first = await page('?limit=5');
    assert.equal(first.items.length, 5);
    const seqs = first.items.map((entry) => entry.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');
    assert.equal(first.nextBefore, seqs.at(-1));
    const second = await page(`?limit=5&before=${first.nextBefore}`);
    assert.ok(second.items.every((entry) => entry.seq < first.nextBefore));

    const erasures = (await page('?attribute=erased')).items;
    assert.deepEqual(erasures.map((entry) => [entry.entityId, entry.actor.id, entry.value]), [
      [erased.contactId, tenant.users.dpo.id, null],
    ]);
    const settings = (await page('?entity=tenant&attribute=privacySettings')).items;
    assert.ok(settings.length >= 1);
    assert.match(settings.at(-1).value, /^phoneRegion=GB anonymiseAfterDays=90/);
    const byDpo = (await page(`?actorKind=user&actorId=${tenant.users.dpo.id}`)).items;
    assert.ok(byDpo.length >= 3 && byDpo.every((entry) => entry.actor.id === tenant.users.dpo.id), JSON.stringify(byDpo));
    const oneContact = (await page(`?entity=contact&entityId=${anonymised.contactId}`)).items;
    assert.ok(oneContact.length >= 2 && oneContact.every((entry) => entry.entityId === anonymised.contactId));
    assert.deepEqual((await page('?from=2200-01-01')).items, []);
    assert.deepEqual((await page('?until=1970-01-02')).items, []);
    const today = new Date().toISOString().slice(0, 10);
    assert.ok((await page(`?from=${today}&limit=1000`)).items.length > 10);

    for (const query of ['?actorKind=robot', '?from=2026-13-01', '?until=2999-01-01', '?entityId=con_x', '?before=abc', '?limit=0', `?attribute=${'a'.repeat(201)}`]) {
      const bad = await dpo.get(`/api/v1/audit/entries${query}`);
      assert.equal(bad.status, 422, `${query}: ${bad.text}`);
    }
    assert.equal((await agent.get('/api/v1/audit/entries')).status, 403);

    const all = (await page('?limit=1000')).items;
    const json = await dpo.get('/api/v1/audit/entries/export');
    assert.equal(json.status, 200);
    assert.deepEqual(JSON.parse(json.text).map((entry) => entry.seq), all.map((entry) => entry.seq));
    const csv = await dpo.get('/api/v1/audit/entries/export?format=csv&attribute=erased');
    const lines = csv.text.trimEnd().split('\r\n');
    assert.equal(lines[0], 'seq,at,entity,entityId,attribute,actorKind,actorId,value');
    assert.equal(lines.length, 2);
    assert.ok(lines[1].includes(`,contact,${erased.contactId},erased,user,${tenant.users.dpo.id},`), lines[1]);
  });

  test('after a restart nothing of the erased customer is in the files, and the audit chain verifies', async () => {
    await server.stop();
    const found = [];
    for (const name of readdirSync(dataDir)) {
      const path = join(dataDir, name);
      if (!statSync(path).isFile()) {
        continue;
      }
      const bytes = readFileSync(path);
      for (const text of [...ERASED.messageIds, ...ERASED.texts, ERASED.name, ERASED.identity]) {
        if (bytes.includes(Buffer.from(text, 'utf8'))) {
          found.push(`${name}: ${text}`);
        }
      }
    }
    assert.deepEqual(found, []);
    const verified = runParley(['admin', 'verify-audit', '--data', dataDir]);
    assert.equal(verified.status, 0, verified.stderr + verified.stdout);
    server = await startServer(dataDir);
    const client = await signedIn(server.url, tenant.users.dpo);
    const subject = await client.get(`/api/v1/privacy/subjects/${erased.contactId}`);
    assert.equal(subject.status, 200);
    assert.ok(subject.json.subject.erasedAt);
  });
});
