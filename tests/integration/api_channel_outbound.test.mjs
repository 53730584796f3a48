// The API channel's outbound side (C8, C9, S6, I2) end to end: an agent's reply is POSTed to the
// integrator's webhook (a Node HTTP server on 127.0.0.1 that checks every signature exactly as an
// integrator would, and refuses bad ones), retried while the webhook answers 500, delivered in order
// within the conversation, kept across a kill -9 while the webhook is down, and its status ends up
// "sent" for the agent (live and over REST).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHmac } from 'node:crypto';
import { verifySignature as verifyWebhookSignature } from '../tools/parley_webhook.mjs';
import {
  Client,
  makeDataDir,
  openLiveSocket,
  RFC3339_MS,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';

// The integrator's copy of the webhook secret: a stand-in until Parley makes the real one and shows
// it, once, in the answer that saves the webhook URL.
let SECRET = 'whsec_integration_test_secret';
// The integrator's check (tests/tools/parley_webhook.mjs), with the secret it knows by default.
const verifySignature = (headers, rawBody, secret = SECRET) => verifyWebhookSignature(headers, rawBody, secret);

// The integrator's webhook. `plan` holds the statuses of the next genuine deliveries (then 200).
// Every request is recorded in `attempts`; waiters get each genuine one as it comes.
class Webhook {
  constructor() {
    this.attempts = [];
    this.plan = [];
    this.waiters = [];
    this.port = 0;
    this.server = null;
  }

  get url() {
    return `http://127.0.0.1:${this.port}/hooks/parley`;
  }

  // Listens on `port` (0: any free one; the same one again after a stop).
  start(port = this.port) {
    this.server = http.createServer((request, response) => {
      const chunks = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => this.handle(request, Buffer.concat(chunks), response));
    });
    return new Promise((resolveStart, rejectStart) => {
      this.server.once('error', rejectStart);
      this.server.listen(port, '127.0.0.1', () => {
        this.port = this.server.address().port;
        resolveStart();
      });
    });
  }

  stop() {
    return new Promise((resolveStop) => {
      this.server.close(() => resolveStop());
      this.server.closeAllConnections();
    });
  }

  handle(request, rawBody, response) {
    const refusal = request.url !== '/hooks/parley' || request.method !== 'POST'
      ? 'wrong endpoint'
      : verifySignature(request.headers, rawBody);
    let status = 401;
    if (refusal === null) {
      status = this.plan.length ? this.plan.shift() : 200;
    }
    const attempt = {
      status,
      refusal,
      headers: request.headers,
      body: rawBody.toString('utf8'),
      json: null,
    };
    try {
      attempt.json = JSON.parse(attempt.body);
    } catch {
      attempt.json = null;
    }
    this.attempts.push(attempt);
    response.writeHead(status, { 'content-type': 'text/plain' });
    response.end(refusal ?? 'ok');
    if (refusal === null) {
      for (const waiter of this.waiters.splice(0)) {
        waiter();
      }
    }
  }

  // Waits until `predicate(genuineAttempts)` holds, within `ms` (a guard against a hang only).
  async until(predicate, what, ms = 20_000) {
    const deadline = Date.now() + ms;
    while (!predicate(this.genuine())) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`webhook: no ${what} within ${ms} ms; got ${JSON.stringify(this.summary())}`);
      }
      await new Promise((resolveWait) => {
        const timer = setTimeout(resolveWait, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolveWait();
        });
      });
    }
    return this.genuine();
  }

  genuine() {
    return this.attempts.filter((attempt) => attempt.refusal === null);
  }

  delivered() {
    return this.genuine().filter((attempt) => attempt.status >= 200 && attempt.status < 300);
  }

  summary() {
    return this.attempts.map((a) => ({ status: a.status, refusal: a.refusal, text: a.json?.message?.content?.text }));
  }
}

let dataDir;
let server;
let tenant;
let integrator; // admin API token: configures the tenant and posts inbound messages
let agent; // { client, live }
const webhook = new Webhook();
let conversationId;
let contactId;
const IDENTITY = '+15550100';

// The next live frame of `type` matching `predicate` (others are skipped), within `ms`.
async function nextEvent(live, type, predicate = () => true, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const frame = await Promise.race([
      live.next(),
      new Promise((resolve) => setTimeout(() => resolve(null), deadline - Date.now())),
    ]);
    if (frame === null) {
      break;
    }
    if (frame.json?.type === type && predicate(frame.json)) {
      return frame.json;
    }
  }
  throw new Error(`no ${type} event within ${ms} ms`);
}

async function connectAgent() {
  const client = await signedIn(server.url, tenant.users.agent);
  const live = await openLiveSocket(server, { cookie: client.cookieHeader() });
  assert.ok(live.ws, `live socket: ${JSON.stringify(live)}`);
  assert.equal((await live.next()).json.type, 'hello');
  agent = { client, live };
}

async function reply(text) {
  const response = await agent.client.post(`/api/v1/conversations/${conversationId}/messages`, { text });
  assert.equal(response.status, 201, response.text);
  assert.equal(response.json.message.status, 'queued');
  return response.json.message;
}

async function statusOf(messageId) {
  const listed = await agent.client.get(`/api/v1/conversations/${conversationId}/messages`);
  assert.equal(listed.status, 200, listed.text);
  const message = listed.json.items.find((item) => item.id === messageId);
  assert.ok(message, `message ${messageId} is listed`);
  return message;
}

function statusEvent(messageId, status) {
  return nextEvent(agent.live, 'message.status', (frame) => frame.message.id === messageId && frame.message.status === status);
}

before(async () => {
  dataDir = makeDataDir('outbound');
  tenant = seedTenant(dataDir, 'Outbound');
  await webhook.start(0);
  server = await startServer(dataDir, ['--webhook-allow-private']);
  integrator = new Client(server.url, { token: tenant.adminToken });
  await connectAgent();
  const available = await agent.client.patch('/api/v1/me/agent', { presence: 'available' });
  assert.equal(available.status, 200, available.text);
}, { timeout: SUITE_TIMEOUT_MS });

after(async () => {
  agent?.live.ws.close();
  await webhook.stop();
  await stopAll([server], dataDir);
});

describe('API channel outbound', () => {
  test('the test webhook refuses deliveries that are not signed with the secret', async () => {
    const body = JSON.stringify({ type: 'message.outbound' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const forged = 'v1=' + createHmac('sha256', 'not the secret').update(`${timestamp}.${body}`).digest('hex');
    const stale = String(Number(timestamp) - 301);
    const staleButSigned = 'v1=' + createHmac('sha256', SECRET).update(`${stale}.${body}`).digest('hex');
    for (const headers of [
      { 'x-parley-timestamp': timestamp, 'x-parley-signature': forged },
      { 'x-parley-timestamp': stale, 'x-parley-signature': staleButSigned },
      { 'x-parley-timestamp': timestamp },
    ]) {
      const response = await fetch(webhook.url, { method: 'POST', headers, body });
      assert.equal(response.status, 401);
    }
    assert.equal(webhook.genuine().length, 0);
    webhook.attempts.length = 0;
  });

  test('without a webhook URL a reply fails at once, with the reason', async () => {
    const inbound = await integrator.post('/api/v1/channels/api/messages', {
      contact: { identity: IDENTITY, name: 'Outbound Customer' },
      text: 'Where is my order?',
    });
    assert.equal(inbound.status, 202, inbound.text);
    conversationId = inbound.json.conversation.id;
    contactId = inbound.json.contactId;
    await nextEvent(agent.live, 'conversation.assigned', (frame) => frame.change.conversationId === conversationId);

    const message = await reply('Nobody will get this.');
    const failed = await statusEvent(message.id, 'failed');
    assert.equal(failed.message.statusReason, 'no webhook URL configured');
    const stored = await statusOf(message.id);
    assert.equal(stored.status, 'failed');
    assert.equal(stored.statusReason, 'no webhook URL configured');
  });

  test('the tenant configures its webhook', async () => {
    const configured = await integrator.patch('/api/v1/settings/routing', { apiWebhookUrl: webhook.url });
    assert.equal(configured.status, 200, configured.text);
    assert.match(configured.json.apiWebhookSecret, /^whsec_[A-Za-z0-9_-]{43}$/);
    SECRET = configured.json.apiWebhookSecret;
    assert.equal(configured.json.settings.apiWebhookUrl, webhook.url);
    assert.equal(configured.json.settings.apiWebhookSecretSet, true);
  });

  test('a reply reaches the webhook signed, with the text and the contact identity, and becomes sent', async () => {
    const message = await reply('It ships today.');
    const [delivery] = await webhook.until((genuine) => genuine.length >= 1, 'delivery');
    assert.equal(delivery.status, 200);
    assert.match(delivery.headers['x-parley-event-id'], /^evt_/);
    assert.match(delivery.headers['x-parley-signature'], /^v1=[0-9a-f]{64}$/);
    assert.match(delivery.headers['content-type'], /^application\/json/);
    assert.deepEqual(delivery.json, {
      type: 'message.outbound',
      eventId: delivery.headers['x-parley-event-id'],
      message: {
        id: message.id,
        conversationId,
        content: { text: 'It ships today.' },
        createdAt: message.createdAt,
        authorId: tenant.users.agent.id,
      },
      contact: { id: contactId, identity: IDENTITY },
    });
    assert.match(delivery.json.message.createdAt, RFC3339_MS);

    const sent = await statusEvent(message.id, 'sent');
    assert.equal(sent.message.statusReason, null);
    assert.equal((await statusOf(message.id)).status, 'sent');
  });

  test('a webhook answering 500 gets the message again, and the next reply waits its turn', async () => {
    webhook.attempts.length = 0;
    webhook.plan = [500, 500];
    const first = await reply('First, this.');
    const second = await reply('Then that.');
    const genuine = await webhook.until((attempts) => attempts.filter((a) => a.status === 200).length >= 2, 'two deliveries');
    const texts = genuine.map((attempt) => [attempt.json.message.content.text, attempt.status]);
    assert.deepEqual(texts, [
      ['First, this.', 500],
      ['First, this.', 500],
      ['First, this.', 200],
      ['Then that.', 200],
    ]);
    const firstEvents = new Set(genuine.slice(0, 3).map((attempt) => attempt.headers['x-parley-event-id']));
    assert.equal(firstEvents.size, 1, 'one event id across the retries');
    assert.notEqual(genuine[3].headers['x-parley-event-id'], genuine[0].headers['x-parley-event-id']);
    await statusEvent(second.id, 'sent');
    assert.equal((await statusOf(first.id)).status, 'sent');
    assert.equal((await statusOf(second.id)).status, 'sent');
  });

  test('a message pending at kill -9 (webhook down) is delivered after the restart', async () => {
    webhook.attempts.length = 0;
    await webhook.stop(); // connections are refused from now on
    const pending = await reply('Sent while you were away.');
    // Answered means recorded: kill -9 at once.
    process.kill(server.pid, 'SIGKILL');
    await server.exited;
    agent.live.ws.close();

    server = await startServer(dataDir, ['--webhook-allow-private']);
    await connectAgent();
    assert.equal((await statusOf(pending.id)).status, 'queued', 'still waiting after the restart');
    await webhook.start(); // the same port again
    const delivered = await webhook.until(
      (genuine) => genuine.some((attempt) => attempt.json?.message?.id === pending.id && attempt.status === 200),
      'delivery after the restart',
      30_000,
    );
    const mine = delivered.filter((attempt) => attempt.json.message.id === pending.id);
    assert.equal(mine[0].json.message.content.text, 'Sent while you were away.');
    assert.equal(mine[0].json.contact.identity, IDENTITY);
    assert.equal(new Set(mine.map((attempt) => attempt.headers['x-parley-event-id'])).size, 1);
    await statusEvent(pending.id, 'sent');
    assert.equal((await statusOf(pending.id)).status, 'sent');
  });
});
