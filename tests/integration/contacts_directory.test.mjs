// The contacts directory (W5): listing, searching by name and channel identity, a contact's profile;
// roles, tenant isolation, pagination, the read audit and bad input.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, errorCode, makeDataDir, seedTenant, signedIn, startServer, stopAll, until, SUITE_TIMEOUT_MS } from './harness.mjs';

let dataDir;
let server;
let tenant;
let other; // a second tenant, to prove isolation
const as = {}; // role → signed-in client of `tenant`
let integrator;
const ids = {}; // label → contact id

async function inbound(identity, name, text) {
  const response = await integrator.post('/api/v1/channels/api/messages', { contact: { identity, name }, text });
  assert.ok([200, 202].includes(response.status), `inbound: ${response.status} ${response.text}`);
  return response.json;
}

const itemIds = (response) => response.json.items.map((contact) => contact.id);

before(async () => {
  dataDir = makeDataDir('contacts-directory');
  tenant = seedTenant(dataDir, 'Directory');
  other = seedTenant(dataDir, 'Elsewhere');
  server = await startServer(dataDir);
  for (const role of ['admin', 'supervisor', 'agent', 'dpo']) {
    as[role] = await signedIn(server.url, tenant.users[role]);
  }
  integrator = new Client(server.url, { token: tenant.adminToken });
  for (const [label, body] of [
    ['ada', { name: 'Ada Lovelace', email: 'ada@example.test', phone: '+44 20 7946 0001' }],
    ['grace', { name: 'Grace Hopper', email: 'grace@example.test' }],
    ['alan', { name: 'Alan Turing', attributes: { plan: 'gold' } }],
  ]) {
    const created = await as.supervisor.post('/api/v1/contacts', body);
    assert.equal(created.status, 201, created.text);
    ids[label] = created.json.contact.id;
  }
  const received = await inbound('cust-7781', 'Edsger Dijkstra', 'Hello from the API channel');
  ids.edsger = received.contactId ?? received.message?.contactId ?? received.conversation?.contactId;
  assert.ok(ids.edsger, `no contact id in ${JSON.stringify(received)}`);
  const elsewhere = await signedIn(server.url, other.users.admin);
  assert.equal((await elsewhere.post('/api/v1/contacts', { name: 'Ada Elsewhere' })).status, 201);
}, { timeout: SUITE_TIMEOUT_MS });

after(() => stopAll([server], dataDir));

describe('the directory', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('lists the tenant’s contacts page by page, each once, and only its own', async () => {
    // Ids start with their key's making time, so the order is stable and about oldest first; keys
    // made ahead in one batch share a millisecond, so the exact order of these four is not known.
    const pages = [];
    let after = '';
    for (let page = 0; page < 5; page += 1) {
      const response = await as.agent.get(`/api/v1/contacts?limit=2${after ? `&after=${after}` : ''}`);
      assert.equal(response.status, 200, response.text);
      pages.push(itemIds(response));
      if (response.json.nextCursor === null) {
        break;
      }
      assert.equal(response.json.nextCursor, pages.at(-1).at(-1));
      after = response.json.nextCursor;
    }
    assert.deepEqual(pages.map((page) => page.length), [2, 2, 0]);
    const listed = pages.flat();
    assert.deepEqual([...listed].sort(), [ids.ada, ids.grace, ids.alan, ids.edsger].sort());
    assert.deepEqual(listed, [...listed].sort(), 'not in id order');
    const all = await as.agent.get('/api/v1/contacts');
    assert.equal(all.json.nextCursor, null);
    assert.deepEqual(itemIds(all), listed);
    assert.ok(!all.json.items.some((contact) => contact.name === 'Ada Elsewhere'), 'another tenant’s contact listed');
    const alan = all.json.items.find((contact) => contact.id === ids.alan);
    assert.deepEqual([alan.name, alan.attributes], ['Alan Turing', { plan: 'gold' }]);
  });

  test('each page listed is on the read audit, without whom', async () => {
    await as.supervisor.get('/api/v1/contacts?limit=1');
    await until('the listing is audited', async () => {
      const audit = await as.admin.get('/api/v1/audit/entries?entity=contact&entityId=*');
      assert.equal(audit.status, 200, audit.text);
      return audit.json.items.some(
        (entry) => entry.attribute === 'list' && entry.actor.id === tenant.users.supervisor.id,
      );
    });
  });

  test('a contact merged into another leaves the directory', async () => {
    const twin = await as.supervisor.post('/api/v1/contacts', { name: 'Grace Twin', email: 'grace.twin@example.test' });
    assert.equal(twin.status, 201, twin.text);
    assert.ok(itemIds(await as.agent.get('/api/v1/contacts')).includes(twin.json.contact.id));
    const merged = await as.supervisor.post(`/api/v1/contacts/${ids.grace}/merge`, { from: twin.json.contact.id });
    assert.equal(merged.status, 200, merged.text);
    const listed = itemIds(await as.agent.get('/api/v1/contacts'));
    assert.ok(!listed.includes(twin.json.contact.id), 'the merged contact is still listed');
    assert.ok(listed.includes(ids.grace));
  });
});

describe('searching', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('by name, in any case, through the blind index', async () => {
    const found = await as.agent.get('/api/v1/contacts?name=ada%20LOVELACE');
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(itemIds(found), [ids.ada]);
    assert.deepEqual(itemIds(await as.agent.get('/api/v1/contacts?name=Nobody%20Here')), []);
  });

  test('by channel identity', async () => {
    const found = await as.agent.get('/api/v1/contacts?identity=cust-7781&channel=api');
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(itemIds(found), [ids.edsger]);
  });

  test('by email and phone, exactly', async () => {
    assert.deepEqual(itemIds(await as.agent.get('/api/v1/contacts?email=ada%40example.test')), [ids.ada]);
    assert.deepEqual(itemIds(await as.agent.get(`/api/v1/contacts?phone=${encodeURIComponent('+442079460001')}`)), [
      ids.ada,
    ]);
  });

  test('never across tenants', async () => {
    const elsewhere = await signedIn(server.url, other.users.supervisor);
    assert.deepEqual(itemIds(await elsewhere.get('/api/v1/contacts?name=Ada%20Lovelace')), []);
    assert.equal((await elsewhere.get(`/api/v1/contacts/${ids.ada}/profile`)).status, 404);
  });

  test('bad searches and pages get a clear 422', async () => {
    for (const query of ['name=a&email=b%40c.d', `name=${'x'.repeat(321)}`, 'limit=0', 'limit=201', 'limit=ten']) {
      const response = await as.agent.get(`/api/v1/contacts?${query}`);
      assert.equal(response.status, 422, `${query}: ${response.status} ${response.text}`);
      assert.equal(errorCode(response), 'validation_failed', query);
    }
  });
});

describe('a profile', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('shows identities per channel, consents and what the contact holds, and is audited', async () => {
    const profile = await as.agent.get(`/api/v1/contacts/${ids.edsger}/profile`);
    assert.equal(profile.status, 200, profile.text);
    const { subject } = profile.json;
    assert.equal(subject.contact.name, 'Edsger Dijkstra');
    assert.deepEqual(
      subject.identities.map(({ channel, identity, unreachable }) => ({ channel, identity, unreachable })),
      [{ channel: 'api', identity: 'cust-7781', unreachable: null }],
    );
    assert.equal(subject.conversations, 1);
    assert.equal(subject.messages, 1);
    assert.ok(Array.isArray(subject.consents));
    await until('the profile read is audited', async () => {
      const audit = await as.admin.get(`/api/v1/audit/entries?entity=contact&entityId=${ids.edsger}`);
      return audit.json.items.some((entry) => entry.attribute === 'read' && entry.actor.id === tenant.users.agent.id);
    });
  });

  test('of a merged contact lists what was merged into it', async () => {
    const profile = await as.supervisor.get(`/api/v1/contacts/${ids.grace}/profile`);
    assert.equal(profile.status, 200, profile.text);
    assert.equal(profile.json.subject.mergedFrom.length, 1);
  });

  test('of an unknown contact is 404', async () => {
    const missing = await as.agent.get('/api/v1/contacts/con_000000000000nothere/profile');
    assert.equal(missing.status, 404, missing.text);
  });
});

describe('editing', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('a change is audited as the user who made it', async () => {
    const changed = await as.agent.patch(`/api/v1/contacts/${ids.alan}`, { name: 'Alan M. Turing' });
    assert.equal(changed.status, 200, changed.text);
    const audit = await as.admin.get(`/api/v1/audit/entries?entity=contact&entityId=${ids.alan}&attribute=name`);
    assert.equal(audit.status, 200, audit.text);
    const change = audit.json.items.find((entry) => entry.value === 'Alan M. Turing');
    assert.ok(change, JSON.stringify(audit.json.items));
    assert.deepEqual(change.actor, { kind: 'user', id: tenant.users.agent.id });
  });

  test('an email or phone that is not one is refused, and "" clears the field', async () => {
    for (const body of [{ email: 'call me' }, { email: 'ada@' }, { phone: 'call me' }, { phone: '12' }]) {
      const refused = await as.agent.patch(`/api/v1/contacts/${ids.alan}`, body);
      assert.equal(refused.status, 422, `${JSON.stringify(body)}: ${refused.status} ${refused.text}`);
      assert.equal(errorCode(refused), 'validation_failed');
    }
    assert.equal((await as.agent.post('/api/v1/contacts', { name: 'X', phone: 'not a number' })).status, 422);
    const set = await as.agent.patch(`/api/v1/contacts/${ids.alan}`, { phone: '+44 (20) 7946-0002' });
    assert.equal(set.status, 200, set.text);
    const cleared = await as.agent.patch(`/api/v1/contacts/${ids.alan}`, { phone: '' });
    assert.equal(cleared.status, 200, cleared.text);
    assert.equal(cleared.json.contact.phone, null);
  });
});
