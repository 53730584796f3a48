// Rate limits (S7): token buckets per API token and per client address answer 429 rate_limited
// with Retry-After and RateLimit-* headers, slowing the flood and nobody else; the web chat's
// public session endpoint has a tighter bucket per address; behind a proxy the client address
// comes from X-Forwarded-For only when the peer is a trusted proxy.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, SUITE_TIMEOUT_MS, errorCode, makeDataDir, openLiveSocket, seedTenant, startServer, stopAll } from './harness.mjs';

const limits = { timeout: SUITE_TIMEOUT_MS };
const servers = [];

async function serverWith(label, args) {
  const dataDir = makeDataDir(label);
  const tenant = seedTenant(dataDir, label);
  const server = await startServer(dataDir, args);
  servers.push({ server, dataDir });
  return { server, tenant };
}

after(async () => {
  for (const { server, dataDir } of servers) {
    await stopAll([server], dataDir);
  }
});

function assertLimited(response, what) {
  assert.equal(response.status, 429, `${what}: ${response.status} ${response.text}`);
  assert.equal(errorCode(response), 'rate_limited', what);
  assert.ok(Number(response.headers.get('retry-after')) >= 1, `${what}: Retry-After`);
  assert.equal(response.headers.get('ratelimit-remaining'), '0', what);
  assert.ok(Number(response.headers.get('ratelimit-limit')) > 0, what);
  assert.ok(Number(response.headers.get('ratelimit-reset')) >= 1, what);
}

describe('per API token', () => {
  let server;
  let tenant;
  before(async () => {
    ({ server, tenant } = await serverWith('rate-token', ['--rate-limit-per-token', '2', '--rate-limit-per-address', '0', '--rate-limit-widget-per-address', '1']));
  }, limits);

  test('a flooding token is slowed after its burst; another token is not', limits, async () => {
    const flood = new Client(server.url, { token: tenant.adminToken });
    const admin = new Client(server.url, { token: tenant.adminToken });
    const created = await admin.post('/api/v1/tokens', { name: 'quiet', scopes: ['reports:read'] });
    const quiet = new Client(server.url, { token: created.json.secret });
    const statuses = [];
    let first;
    let limited;
    for (let request = 0; request < 25 && !limited; request += 1) {
      const response = await flood.get('/api/v1/stats');
      statuses.push(response.status);
      first ??= response;
      if (response.status === 429) {
        limited = response;
      }
    }
    // Burst of 20 (ten seconds at 2 a second); the creation above took one.
    assert.ok(statuses.filter((status) => status === 200).length >= 18, statuses.join(' '));
    assert.ok(limited, `never limited: ${statuses.join(' ')}`);
    assertLimited(limited, 'the flooding token');
    assert.equal(first.headers.get('ratelimit-limit'), '20', 'every answer to a token says its room');
    assert.ok(Number(first.headers.get('ratelimit-remaining')) >= 17);
    const other = await quiet.get('/api/v1/stats');
    assert.equal(other.status, 200, 'another token has its own bucket');
    // A second later the bucket has regained two requests.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal((await flood.get('/api/v1/stats')).status, 200);
  });

  test('live socket upgrades count against the token like any request', limits, async () => {
    const created = await new Client(server.url, { token: tenant.adminToken }).post('/api/v1/tokens', { name: 'live', scopes: ['conversations:read'] });
    assert.equal(created.status, 201, created.text);
    const outcomes = [];
    for (let attempt = 0; attempt < 25 && !outcomes.includes(429); attempt += 1) {
      const socket = await openLiveSocket(server, { authorization: `Bearer ${created.json.secret}` });
      outcomes.push(socket.refused ?? 101);
      socket.ws?.close();
      if (socket.refused === 429) {
        assert.ok(Number(socket.headers['retry-after']) >= 1, 'Retry-After');
        assert.equal(socket.json?.error?.code, 'rate_limited');
      }
    }
    assert.ok(outcomes.filter((outcome) => outcome === 101).length >= 18, outcomes.join(' '));
    assert.equal(outcomes.at(-1), 429, `never limited: ${outcomes.join(' ')}`);
  });

  test('the web chat session endpoint is limited per address', limits, async () => {
    const statuses = [];
    for (let request = 0; request < 12; request += 1) {
      const response = await fetch(`${server.url}/api/v1/widget/sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: 'https://shop.example' },
        body: JSON.stringify({ channel: 'chn_nothing' }),
      });
      statuses.push(response.status);
      if (response.status === 429) {
        assert.ok(Number(response.headers.get('retry-after')) >= 1);
        assert.equal((await response.json()).error.code, 'rate_limited');
      }
    }
    assert.deepEqual(statuses.slice(10), [429, 429], statuses.join(' '));
    assert.ok(statuses.slice(0, 10).every((status) => status !== 429), statuses.join(' '));
  });
});

describe('per client address behind a trusted proxy', () => {
  test('X-Forwarded-For from the trusted proxy (loopback) tells clients apart', limits, async () => {
    const { server } = await serverWith('rate-proxy', ['--behind-tls-proxy', '--rate-limit-per-address', '1', '--rate-limit-per-token', '0']);
    const fromClient = (address) => fetch(`${server.url}/healthz`, { headers: { 'X-Forwarded-For': `203.0.113.50, ${address}` } });
    const statuses = [];
    for (let request = 0; request < 11; request += 1) {
      statuses.push((await fromClient('198.51.100.1')).status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(200), 429], 'ten, then the flood waits');
    assert.equal((await fromClient('198.51.100.2')).status, 200, 'another client is not slowed');
  });

  test('a peer that is not a trusted proxy cannot pose as many clients', limits, async () => {
    const { server } = await serverWith('rate-untrusted', ['--behind-tls-proxy', '--trusted-proxy', '10.9.9.9', '--rate-limit-per-address', '1', '--rate-limit-per-token', '0']);
    for (let request = 0; request < 10; request += 1) {
      const response = await fetch(`${server.url}/healthz`, { headers: { 'X-Forwarded-For': `198.51.100.${request}` } });
      assert.equal(response.status, 200);
    }
    const forged = await fetch(`${server.url}/healthz`, { headers: { 'X-Forwarded-For': '198.51.100.99' } });
    assert.equal(forged.status, 429, 'every request counted against the peer itself');
  });

  test('a trusted proxy that is not a valid network is refused at start', limits, async () => {
    const dataDir = makeDataDir('rate-bad-proxy');
    seedTenant(dataDir, 'Bad');
    await assert.rejects(startServer(dataDir, ['--trusted-proxy', '10.0.0.0/40']));
    servers.push({ server: null, dataDir });
  });
});
