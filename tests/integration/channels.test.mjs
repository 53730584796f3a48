// The channels page (A1) for the API channel: listing it (webhook details for admins only),
// switching it off and on (inbound refused while off, replies still delivered), and the signed
// test delivery to a local webhook that checks the signature exactly as an integrator would.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  Client,
  errorCode,
  makeDataDir,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';

// The integrator's copy of the webhook secret: Parley makes it and shows it once (when the URL is
// first saved, and when an admin makes a new one); this suite keeps what it was shown.
let knownSecret = 'not given yet';

// null when genuine, else why not (v1=HMAC-SHA256(secret, timestamp + "." + raw body), ±300 s).
function verifySignature(headers, rawBody, secret = knownSecret) {
  const timestamp = headers['x-parley-timestamp'];
  if (typeof timestamp !== 'string' || !/^\d+$/.test(timestamp)) {
    return 'malformed timestamp';
  }
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) {
    return 'timestamp outside the replay window';
  }
  const expected = Buffer.from('v1=' + createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex'));
  const matches = (headers['x-parley-signature'] ?? '')
    .split(',')
    .map((candidate) => Buffer.from(candidate.trim()))
    .some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
  return matches ? null : 'signature does not match';
}

// Answers `status` to genuine deliveries and 401 to the rest; records all of them.
class Webhook {
  constructor() {
    this.requests = [];
    this.status = 200;
    this.waiters = [];
  }
  get url() {
    return `http://127.0.0.1:${this.port}/hooks/parley`;
  }
  start() {
    this.server = http.createServer((request, response) => {
      const chunks = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks);
        const refusal = verifySignature(request.headers, raw);
        const status = refusal === null ? this.status : 401;
        this.requests.push({ headers: request.headers, json: JSON.parse(raw.toString('utf8')), refusal, status });
        response.writeHead(status, { 'content-type': 'text/plain' });
        response.end(refusal ?? 'ok');
        for (const waiter of this.waiters.splice(0)) {
          waiter();
        }
      });
    });
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => {
        this.port = this.server.address().port;
        resolve();
      });
    });
  }
  // Resolves once a request matches `predicate` (a guard against a hang only, no timing).
  async until(predicate, ms = 20_000) {
    const deadline = Date.now() + ms;
    while (!this.requests.some(predicate)) {
      assert.ok(Date.now() < deadline, 'no matching webhook request arrived');
      await new Promise((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, deadline - Date.now());
      });
    }
    return this.requests.find(predicate);
  }
  stop() {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

// A loopback port nobody listens on.
function closedPort() {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

let dataDir;
let server;
let tenant;
let integrator;
let admin;
let supervisor;
let agent;
const webhook = new Webhook();

// Saves routing settings; a secret Parley made on the way is what the integrator now knows.
async function settings(body) {
  const response = await admin.patch('/api/v1/settings/routing', body);
  assert.equal(response.status, 200, response.text);
  if (response.json.apiWebhookSecret !== undefined) {
    knownSecret = response.json.apiWebhookSecret;
  }
  return response.json;
}

async function runTest() {
  const response = await admin.post('/api/v1/channels/api/test', {});
  assert.equal(response.status, 200, response.text);
  return response.json.result;
}

before(async () => {
  dataDir = makeDataDir('channels');
  tenant = seedTenant(dataDir, 'Channels');
  await webhook.start();
  // The integrator's webhook listens on loopback, which Parley refuses by default (SSRF guard).
  server = await startServer(dataDir, ['--webhook-allow-private']);
  integrator = new Client(server.url, { token: tenant.adminToken });
  admin = await signedIn(server.url, tenant.users.admin);
  supervisor = await signedIn(server.url, tenant.users.supervisor);
  agent = await signedIn(server.url, tenant.users.agent);
}, { timeout: SUITE_TIMEOUT_MS });

after(async () => {
  await webhook.stop();
  await stopAll([server], dataDir);
});

describe('GET /api/v1/channels', () => {
  test('lists the API channel; webhook details only for admins', async () => {
    await settings({ apiWebhookUrl: webhook.url });
    const forAdmin = await admin.get('/api/v1/channels');
    assert.equal(forAdmin.status, 200, forAdmin.text);
    assert.deepEqual(forAdmin.json, {
      items: [
        {
          id: 'api',
          type: 'api',
          name: 'API',
          enabled: true,
          inboundPath: '/api/v1/channels/api/messages',
          webhookUrl: webhook.url,
          webhookSecretSet: true,
          capabilities: {
            text: true,
            media: true,
            choices: true,
            maxChoices: 10,
            location: true,
            typing: false,
            readReceipts: false,
            templates: false,
          },
          replyWindowSeconds: null,
          humanAgentWindowSeconds: null,
        },
      ],
    });
    // DPOs see channels by name too (a customer's identities are per channel); no secrets.
    const byDpo = await signedIn(server.url, tenant.users.dpo);
    for (const client of [supervisor, agent, byDpo]) {
      const listed = await client.get('/api/v1/channels');
      assert.equal(listed.status, 200, listed.text);
      assert.equal(listed.json.items[0].webhookUrl, '');
      assert.equal(listed.json.items[0].webhookSecretSet, false);
    }
  });
});

describe('PATCH /api/v1/channels/api', () => {
  test('while off, inbound messages are refused and nothing is stored; replies still go out', async () => {
    await settings({ apiWebhookUrl: webhook.url });
    const posted = await integrator.post('/api/v1/channels/api/messages', { contact: { identity: '+15550301' }, text: 'hi' });
    assert.equal(posted.status, 202, posted.text);
    const conversationId = posted.json.conversation.id;
    const picked = await agent.post(`/api/v1/conversations/${conversationId}/pick`, {});
    assert.equal(picked.status, 200, picked.text);

    const off = await admin.patch('/api/v1/channels/api', { enabled: false });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.json.channel.enabled, false);
    assert.equal(off.json.channel.webhookUrl, webhook.url);
    assert.equal((await agent.get('/api/v1/channels')).json.items[0].enabled, false);
    // The routing settings keep it (and a routing settings change does not switch it back on).
    await settings({ offlineGraceSeconds: 60 });
    assert.equal((await admin.get('/api/v1/channels')).json.items[0].enabled, false);

    const refused = await integrator.request('POST', '/api/v1/channels/api/messages', {
      json: { contact: { identity: '+15550302' }, text: 'anyone?' },
      headers: { 'idempotency-key': 'while-off' },
    });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(errorCode(refused), 'conflict');
    assert.equal(refused.json.error.message, 'the API channel is disabled');
    const conversations = await admin.get('/api/v1/conversations');
    assert.deepEqual(conversations.json.items.map((item) => item.id), [conversationId], 'nothing stored');

    const reply = await agent.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'still here' });
    assert.equal(reply.status, 201, reply.text);
    const delivered = await webhook.until((request) => request.json.message?.id === reply.json.message.id);
    assert.equal(delivered.refusal, null);

    const on = await admin.patch('/api/v1/channels/api', { enabled: true });
    assert.equal(on.status, 200, on.text);
    assert.equal(on.json.channel.enabled, true);
    // The refusal was not kept against the Idempotency-Key.
    const accepted = await integrator.request('POST', '/api/v1/channels/api/messages', {
      json: { contact: { identity: '+15550302' }, text: 'anyone?' },
      headers: { 'idempotency-key': 'while-off' },
    });
    assert.equal(accepted.status, 202, accepted.text);
  });

  test('bad input and other roles are refused', async () => {
    const bad = await admin.patch('/api/v1/channels/api', { enabled: 'no' });
    assert.equal(bad.status, 422, bad.text);
    assert.equal(errorCode(bad), 'validation_failed');
    assert.equal((await supervisor.patch('/api/v1/channels/api', { enabled: false })).status, 403);
    assert.equal((await agent.post('/api/v1/channels/api/test', {})).status, 403);
    const unchanged = await admin.patch('/api/v1/channels/api', {});
    assert.equal(unchanged.status, 200, unchanged.text);
    assert.equal(unchanged.json.channel.enabled, true);
  });
});

describe('POST /api/v1/channels/api/test', () => {
  test('no URL configured', async () => {
    await settings({ apiWebhookUrl: '' });
    assert.deepEqual(await runTest(), { ok: false, status: null, error: 'no webhook URL configured' });
  });

  test('a signed ping to the webhook, with the settings of the moment', async () => {
    await settings({ apiWebhookUrl: webhook.url });
    webhook.status = 200;
    assert.deepEqual(await runTest(), { ok: true, status: 200, error: null });
    const ping = webhook.requests.at(-1);
    assert.equal(ping.refusal, null);
    assert.equal(ping.json.type, 'ping');
    assert.match(ping.json.eventId, /^evt_/);
    assert.deepEqual(Object.keys(ping.json), ['type', 'eventId']);
    assert.equal(ping.headers['x-parley-event-id'], ping.json.eventId);
    assert.equal(ping.headers['content-type'], 'application/json');

    webhook.status = 500;
    assert.deepEqual(await runTest(), { ok: false, status: 500, error: 'webhook answered 500' });
    webhook.status = 200;

    // A new secret replaces the old one at once: until the integrator has it, signatures fail.
    const rotated = await admin.post('/api/v1/settings/routing/webhook-secret', {});
    assert.equal(rotated.status, 200, rotated.text);
    assert.match(rotated.json.apiWebhookSecret, /^whsec_[A-Za-z0-9_-]{43}$/);
    assert.notEqual(rotated.json.apiWebhookSecret, knownSecret);
    assert.equal(rotated.json.settings.apiWebhookSecretSet, true);
    assert.deepEqual(await runTest(), { ok: false, status: 401, error: 'webhook answered 401' });
    assert.equal(webhook.requests.at(-1).refusal, 'signature does not match');
    knownSecret = rotated.json.apiWebhookSecret;
    assert.deepEqual(await runTest(), { ok: true, status: 200, error: null });
    // Never readable again.
    const read = await admin.get('/api/v1/settings/routing');
    assert.equal(read.json.apiWebhookSecret, undefined);
    assert.ok(!read.text.includes(knownSecret));
  });

  test('the secret is made by Parley, once, and every change of the webhook is audited', async () => {
    const first = await settings({ apiWebhookUrl: webhook.url });
    assert.equal(first.apiWebhookSecret, undefined, 'a secret exists: saving the URL again keeps it');
    const chosen = await admin.patch('/api/v1/settings/routing', { apiWebhookSecret: 'hunter2' });
    assert.equal(chosen.status, 422, chosen.text);
    assert.equal(errorCode(chosen), 'validation_failed');
    assert.match(chosen.json.error.message, /made by Parley/);
    assert.equal((await agent.post('/api/v1/settings/routing/webhook-secret', {})).status, 403);
    assert.equal((await supervisor.post('/api/v1/settings/routing/webhook-secret', {})).status, 403);
    assert.deepEqual(await runTest(), { ok: true, status: 200, error: null }, 'the secret did not change');

    const audit = await admin.get(`/api/v1/audit/entries?entity=tenant_settings&entityId=${tenant.tenantId}`);
    assert.equal(audit.status, 200, audit.text);
    const attributes = audit.json.items.map((entry) => entry.attribute);
    assert.ok(attributes.includes('apiWebhookUrl'), attributes.join());
    assert.ok(attributes.filter((attribute) => attribute === 'apiWebhookSecret').length >= 2, attributes.join());
    assert.ok(!audit.text.includes(knownSecret), 'the secret is not in the audit log');
  });

  test('a webhook nobody answers', async () => {
    await settings({ apiWebhookUrl: `http://127.0.0.1:${await closedPort()}/hook` });
    const result = await runTest();
    assert.equal(result.ok, false);
    assert.equal(result.status, null);
    assert.equal(typeof result.error, 'string');
    assert.ok(result.error.length > 0);
  });
});

describe('webhooks into this network (SSRF guard)', () => {
  test('without --webhook-allow-private, loopback and private targets are refused, and a reply fails at once', async () => {
    const guardedDir = makeDataDir('channels-guarded');
    const guardedTenant = seedTenant(guardedDir, 'Guarded');
    const guarded = await startServer(guardedDir);
    try {
      const guardedAdmin = await signedIn(guarded.url, guardedTenant.users.admin);
      // Replies carry message text: only https:// is taken (plain http only with the flag).
      for (const url of [webhook.url, 'http://crm.example/hook', 'ftp://crm.example/hook', 'https://']) {
        const refused = await guardedAdmin.patch('/api/v1/settings/routing', { apiWebhookUrl: url });
        assert.equal(refused.status, 422, `${url}: ${refused.text}`);
        assert.match(refused.json.error.message, /https:\/\//, url);
      }
      const loopbackOverTls = `https://127.0.0.1:${webhook.port}/hooks/parley`;
      for (const url of [loopbackOverTls, 'https://169.254.169.254/latest/meta-data', 'https://10.0.0.1/hook', 'https://[::1]:9/hook']) {
        const saved = await guardedAdmin.patch('/api/v1/settings/routing', { apiWebhookUrl: url });
        assert.equal(saved.status, 200, saved.text);
        const result = (await guardedAdmin.post('/api/v1/channels/api/test', {})).json.result;
        assert.equal(result.ok, false, url);
        assert.equal(result.status, null, url);
        assert.match(result.error, /private or local address/, url);
      }
      const before = webhook.requests.length;
      await guardedAdmin.patch('/api/v1/settings/routing', { apiWebhookUrl: loopbackOverTls });
      const guardedIntegrator = new Client(guarded.url, { token: guardedTenant.adminToken });
      const posted = await guardedIntegrator.post('/api/v1/channels/api/messages', {
        contact: { identity: 'guarded-1' },
        text: 'hello',
      });
      assert.equal(posted.status, 202, posted.text);
      const agentClient = await signedIn(guarded.url, guardedTenant.users.agent);
      const id = posted.json.conversation.id;
      assert.equal((await agentClient.post(`/api/v1/conversations/${id}/pick`, {})).status, 200);
      const reply = await agentClient.post(`/api/v1/conversations/${id}/messages`, { text: 'hi back' });
      assert.equal(reply.status, 201, reply.text);
      let message;
      for (let i = 0; i < 100; i += 1) {
        const listed = await agentClient.get(`/api/v1/conversations/${id}/messages`);
        message = listed.json.items.find((item) => item.id === reply.json.message.id);
        if (message.status !== 'queued') {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(message.status, 'failed');
      assert.match(message.statusReason, /private or local address/);
      assert.equal(webhook.requests.length, before, 'a request reached the loopback webhook');
    } finally {
      await stopAll([guarded], guardedDir);
    }
  });
});
