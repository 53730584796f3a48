// Reports (W6) through the API: what a day's traffic adds up to, by agent, channel, hour and day,
// as JSON and CSV; roles, tenant isolation, bad input, and an erasure that leaves the figures as
// they were.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, errorCode, makeDataDir, seedTenant, signedIn, startServer, stopAll, until, SUITE_TIMEOUT_MS } from './harness.mjs';

let dataDir;
let server;
let tenant;
let other;
const as = {}; // role → signed-in client of `tenant`
let integrator;
let erasedContact;

const today = () => new Date().toISOString().slice(0, 10);
const report = (client, query) => client.get(`/api/v1/reports/conversations?from=${today()}&until=${today()}&${query}`);

async function inbound(identity, text) {
  const response = await integrator.post('/api/v1/channels/api/messages', { contact: { identity, name: identity }, text });
  assert.ok([200, 202].includes(response.status), `inbound: ${response.status} ${response.text}`);
  return response.json;
}

async function conversationOf(identity) {
  let found;
  await until(`${identity}'s conversation is stored`, async () => {
    const listed = await as.supervisor.get(`/api/v1/conversations?identity=${identity}&channel=api`);
    found = listed.json.items?.[0];
    return found !== undefined;
  });
  return found;
}

before(async () => {
  dataDir = makeDataDir('reports');
  tenant = seedTenant(dataDir, 'Reports');
  other = seedTenant(dataDir, 'Quiet');
  server = await startServer(dataDir);
  for (const role of ['admin', 'supervisor', 'agent', 'dpo']) {
    as[role] = await signedIn(server.url, tenant.users[role]);
  }
  integrator = new Client(server.url, { token: tenant.adminToken });
  // Nobody is available, so everything waits until the agent picks it.
  for (const identity of ['cust-answered', 'cust-ignored', 'cust-waiting']) {
    await inbound(identity, `Hello from ${identity}`);
  }
  const answered = await conversationOf('cust-answered');
  assert.equal((await as.agent.post(`/api/v1/conversations/${answered.id}/pick`, {})).status, 200);
  const replied = await as.agent.post(`/api/v1/conversations/${answered.id}/messages`, { text: 'Happy to help' });
  assert.ok([200, 201, 202].includes(replied.status), replied.text);
  assert.equal((await as.agent.post(`/api/v1/conversations/${answered.id}/close`, {})).status, 200);
  const ignored = await conversationOf('cust-ignored');
  erasedContact = ignored.contactId;
  assert.equal((await as.supervisor.post(`/api/v1/conversations/${ignored.id}/close`, {})).status, 200);
}, { timeout: SUITE_TIMEOUT_MS });

after(() => stopAll([server], dataDir));

describe('a day’s report', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('by agent: what each did, and the arrivals nobody holds yet', async () => {
    const response = await report(as.supervisor, 'groupBy=agent');
    assert.equal(response.status, 200, response.text);
    const { rows, total } = response.json;
    assert.equal(total.received, 3);
    assert.equal(total.handled, 1);
    assert.equal(total.abandoned, 1);
    const agent = rows.find((row) => row.key === tenant.users.agent.id);
    assert.ok(agent, JSON.stringify(rows));
    assert.equal(agent.label, 'agent Reports');
    assert.equal(agent.handled, 1);
    assert.equal(agent.firstResponse.count, 1);
    assert.equal(agent.waiting.count, 1);
    assert.equal(agent.handling.count, 1);
    assert.ok(agent.firstResponse.medianMs >= 0 && agent.firstResponse.medianMs < 60_000, JSON.stringify(agent));
    const nobody = rows.find((row) => row.key === '');
    assert.equal(nobody.label, 'Nobody');
    assert.equal(nobody.received, 3);
    assert.equal(nobody.abandoned, 1);
  });

  test('by day and by hour: every period has its row', async () => {
    const days = await report(as.admin, 'groupBy=day');
    assert.equal(days.status, 200, days.text);
    assert.deepEqual(days.json.rows.map((row) => row.key), [today()]);
    assert.equal(days.json.rows[0].received, 3);
    const hours = await report(as.admin, 'groupBy=hour');
    assert.equal(hours.json.rows.length, 24);
    assert.equal(hours.json.rows.reduce((sum, row) => sum + row.received, 0), 3);
    assert.equal(hours.json.from, `${today()}T00:00:00.000Z`);
  });

  test('a date starts at local midnight', async () => {
    const local = await as.supervisor.get('/api/v1/reports/conversations?from=2026-12-01&until=2026-12-01&utcOffset=120');
    assert.equal(local.status, 200, local.text);
    assert.equal(local.json.from, '2026-11-30T22:00:00.000Z');
    assert.equal(local.json.until, '2026-12-01T22:00:00.000Z');
    assert.deepEqual(local.json.rows.map((row) => row.key), ['2026-12-01']);
  });

  test('by channel, as CSV for a spreadsheet', async () => {
    const response = await report(as.supervisor, 'groupBy=channel&format=csv');
    assert.equal(response.status, 200, response.text);
    assert.match(response.headers.get('content-type'), /^text\/csv/);
    assert.match(response.headers.get('content-disposition'), /parley-report-channel\.csv/);
    const lines = response.text.trim().split('\r\n');
    assert.equal(lines[0].split(',').slice(0, 6).join(','), 'channel,label,received,handled,abandoned,missed offers');
    assert.equal(lines[1].split(',').slice(0, 5).join(','), 'api,API,3,1,1');
    assert.equal(lines.at(-1).split(',').slice(0, 5).join(','), 'total,Total,3,1,1');
  });

  test('stays the same after the customer is erased', async () => {
    const before = (await report(as.supervisor, 'groupBy=agent')).json;
    const erased = await as.admin.post(`/api/v1/privacy/subjects/${erasedContact}/erase`, { confirm: 'erase' });
    assert.equal(erased.status, 200, erased.text);
    assert.deepEqual((await report(as.supervisor, 'groupBy=agent')).json, before);
  });
});

describe('who may read it', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('agents and DPOs may not', async () => {
    for (const role of ['agent', 'dpo']) {
      const response = await report(as[role], 'groupBy=day');
      assert.equal(response.status, 403, `${role}: ${response.status}`);
    }
  });

  test('another tenant sees only its own (nothing)', async () => {
    const elsewhere = await signedIn(server.url, other.users.supervisor);
    const response = await report(elsewhere, 'groupBy=agent');
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.total.received, 0);
    assert.deepEqual(response.json.rows, []);
  });

  test('bad periods and groupings get a clear 422', async () => {
    for (const query of [
      'groupBy=day&from=&until=',
      'from=2026-12-02&until=2026-12-01',
      'from=2025-01-01&until=2026-12-01',
      'from=2026-10-01&until=2026-12-01&groupBy=hour',
      'from=2026-12-01&until=2026-12-02&groupBy=weekday',
      'from=2026-12-01&until=2026-12-02&utcOffset=30',
      'from=2026-12-01&until=2026-12-02&utcOffset=east',
      'from=2026-12-01&until=2026-12-02&format=xml',
    ]) {
      const response = await as.supervisor.get(`/api/v1/reports/conversations?${query}`);
      assert.equal(response.status, 422, `${query}: ${response.status} ${response.text}`);
      assert.equal(errorCode(response), 'validation_failed', query);
    }
  });
});

describe('the wallboard’s series', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('shows the queue minute by minute: three waited at once, one waits still', async () => {
    const response = await as.supervisor.get('/api/v1/stats/queue-history?hours=1');
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.stepSeconds, 60);
    const { points } = response.json;
    assert.ok(points.length >= 1 && points.length <= 61, `${points.length} points`);
    // A minute shows the most that waited in it: this one still waits, so none shows fewer.
    assert.ok(points.at(-1).queueLength >= 1, JSON.stringify(points));
    assert.ok(points.every((point) => point.longestWaitSeconds >= 0));
    for (let i = 1; i < points.length; i += 1) {
      assert.equal(Date.parse(points[i].at) - Date.parse(points[i - 1].at), 60_000);
    }
    // At its busiest minute, all three waited.
    assert.equal(Math.max(...points.map((point) => point.queueLength)), 3);
  });

  test('is for supervisors and admins, with a clear 422 for a bad span', async () => {
    assert.equal((await as.agent.get('/api/v1/stats/queue-history')).status, 403);
    assert.equal((await as.admin.get('/api/v1/stats/queue-history')).status, 200);
    for (const hours of ['0', '25', 'six', '-1', '100']) {
      const response = await as.supervisor.get(`/api/v1/stats/queue-history?hours=${hours}`);
      assert.equal(response.status, 422, `${hours}: ${response.status}`);
    }
  });
});
