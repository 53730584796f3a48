// Scoped API tokens (S4): every operation of the OpenAPI document that takes credentials names the
// scope a token needs (x-token-scope), and a token without it is refused, table-driven over the
// document the server serves; a token with messages:send acts as a bot (replies as itself, closes,
// transfers); expiry; bad input.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  SUITE_TIMEOUT_MS,
  errorCode,
  makeDataDir,
  openLiveSocket,
  runParley,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
} from './harness.mjs';

const limits = { timeout: SUITE_TIMEOUT_MS };
const SCOPES = ['conversations:read', 'conversations:write', 'messages:send', 'contacts:read', 'contacts:write', 'channels:inbound', 'reports:read'];
let dataDir;
let server;
let tenant;
let admin;

before(async () => {
  dataDir = makeDataDir('token-scopes');
  tenant = seedTenant(dataDir, 'Scopes');
  server = await startServer(dataDir);
  admin = await signedIn(server.url, tenant.users.admin);
}, limits);

after(() => stopAll([server], dataDir));

async function tokenWith(scopes, extra = {}) {
  const created = await admin.post('/api/v1/tokens', { name: `scopes ${scopes.join(' ')}`.slice(0, 100), role: 'admin', scopes, ...extra });
  assert.equal(created.status, 201, created.text);
  return new Client(server.url, { token: created.json.secret });
}

describe('every operation checks its scope (over the OpenAPI document)', () => {
  test('a token lacking an operation\'s scope is refused with 403 naming it; one holding it is not', limits, async () => {
    const document = (await new Client(server.url).get('/api/v1/openapi.json')).json;
    const operations = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (['get', 'post', 'put', 'patch', 'delete'].includes(method) && operation['x-token-scope']) {
          operations.push({ method: method.toUpperCase(), path: path.replaceAll(/\{[^}]+\}/g, 'x0'), scope: operation['x-token-scope'] });
        }
      }
    }
    assert.ok(operations.length > 80, `${operations.length} operations`);
    // One token per scope holding every other (non-admin) scope.
    const lacking = {};
    for (const scope of [...SCOPES, 'admin']) {
      lacking[scope] = await tokenWith(SCOPES.filter((other) => other !== scope));
    }
    const holding = {};
    for (const scope of SCOPES) {
      holding[scope] = await tokenWith([scope]);
    }
    const wrong = [];
    for (const { method, path, scope } of operations) {
      const json = method === 'GET' || method === 'DELETE' ? undefined : {};
      const refused = await lacking[scope].request(method, path, { json });
      if (refused.status !== 403 || errorCode(refused) !== 'forbidden' || !refused.json.error.message.includes(scope)) {
        wrong.push(`${method} ${path} without ${scope}: ${refused.status} ${refused.text.slice(0, 120)}`);
      }
      // Reads are harmless to call: with the scope, the scope is no reason to refuse.
      if (method === 'GET' && scope !== 'admin') {
        const allowed = await holding[scope].request(method, path);
        if (allowed.status === 403 && allowed.json?.error?.message.includes('scope')) {
          wrong.push(`${method} ${path} with ${scope}: ${allowed.text.slice(0, 120)}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });
});

describe('a bot acting through a token with messages:send', () => {
  test('posts inbound, replies as itself, transfers and closes; reads nothing beyond its scopes', limits, async () => {
    const bot = await tokenWith(['channels:inbound', 'conversations:read', 'messages:send']);
    const inbound = await bot.post('/api/v1/channels/api/messages', { contact: { identity: 'bot-customer-1' }, text: 'Where is my parcel?' });
    assert.equal(inbound.status, 202, inbound.text);
    const conversationId = inbound.json.conversation.id;

    const reply = await bot.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'It left the depot this morning.' });
    assert.equal(reply.status, 201, reply.text);
    assert.equal(reply.json.message.authorKind, 'token');
    assert.match(reply.json.message.authorId, /^tok_/);
    // What agents and supervisors read shows who wrote it.
    const supervisor = await signedIn(server.url, tenant.users.supervisor);
    const seen = await supervisor.get(`/api/v1/conversations/${conversationId}/messages`);
    const botMessage = seen.json.items.find((message) => message.id === reply.json.message.id);
    assert.equal(botMessage.authorKind, 'token');
    assert.equal(seen.json.items.find((message) => message.direction === 'inbound').authorKind, null);

    const category = await admin.post('/api/v1/categories', { name: 'Parcels' });
    assert.equal(category.status, 201, category.text);
    const moved = await bot.post(`/api/v1/conversations/${conversationId}/transfer`, { categoryId: category.json.category.id });
    assert.equal(moved.status, 200, moved.text);
    const closed = await bot.post(`/api/v1/conversations/${conversationId}/close`, {});
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.json.conversation.state, 'closed');

    for (const [method, path] of [['GET', '/api/v1/contacts'], ['POST', `/api/v1/conversations/${conversationId}/notes`], ['GET', '/api/v1/users']]) {
      const refused = await bot.request(method, path, { json: method === 'POST' ? { text: 'x' } : undefined });
      assert.equal(refused.status, 403, `${method} ${path}: ${refused.text}`);
    }
  });

  test('an agent-role token replies too: a token is nobody\'s colleague, its scopes decide', limits, async () => {
    const created = await admin.post('/api/v1/tokens', { name: 'agent bot', role: 'agent', scopes: ['messages:send', 'conversations:read'] });
    const bot = new Client(server.url, { token: created.json.secret });
    const inbound = await new Client(server.url, { token: tenant.adminToken }).post('/api/v1/channels/api/messages', { contact: { identity: 'bot-customer-2' }, text: 'Hi' });
    const conversationId = inbound.json.conversation.id;
    const supervisor = await signedIn(server.url, tenant.users.supervisor);
    assert.equal((await supervisor.post(`/api/v1/conversations/${conversationId}/pick`, {})).status, 200);
    assert.equal((await bot.get(`/api/v1/conversations/${conversationId}`)).status, 200);
    const reply = await bot.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'A bot answer' });
    assert.equal(reply.status, 201, reply.text);
    assert.equal((await bot.get('/api/v1/users')).status, 403, 'the agent role still applies');
  });
});

describe('what the scopes do not show', () => {
  test('the live socket needs conversations:read', limits, async () => {
    const inboundOnly = await admin.post('/api/v1/tokens', { name: 'inbound only', scopes: ['channels:inbound'] });
    const refused = await openLiveSocket(server, { authorization: `Bearer ${inboundOnly.json.secret}` });
    assert.equal(refused.refused, 403, 'a token that only posts inbound hears no conversations');
    const reader = await admin.post('/api/v1/tokens', { name: 'reader', scopes: ['conversations:read'] });
    const live = await openLiveSocket(server, { authorization: `Bearer ${reader.json.secret}` });
    assert.equal((await live.next()).json.type, 'hello');
    live.ws.close();
  });

  test("an admin token reading the channel list without the admin scope sees no channel's settings", limits, async () => {
    await admin.request('PATCH', '/api/v1/settings/routing', { json: { apiWebhookUrl: 'https://crm.example/parley' } });
    const reader = await tokenWith(['conversations:read']);
    const listed = await reader.get('/api/v1/channels');
    assert.equal(listed.status, 200, listed.text);
    const api = listed.json.items.find((channel) => channel.id === 'api');
    assert.equal(api.webhookUrl, '', 'no settings without the admin scope');
    const full = await new Client(server.url, { token: tenant.adminToken }).get('/api/v1/channels');
    assert.equal(full.json.items.find((channel) => channel.id === 'api').webhookUrl, 'https://crm.example/parley');
  });

  test('a token without messages:send sees what its role sees', limits, async () => {
    const created = await admin.post('/api/v1/tokens', { name: 'agent reader', role: 'agent', scopes: ['conversations:read'] });
    const reader = new Client(server.url, { token: created.json.secret });
    const inbound = await new Client(server.url, { token: tenant.adminToken }).post('/api/v1/channels/api/messages', { contact: { identity: 'bot-customer-3' }, text: 'Hello' });
    const conversationId = inbound.json.conversation.id;
    assert.equal((await reader.get(`/api/v1/conversations/${conversationId}`)).status, 200, 'queued: agents see it');
    const supervisor = await signedIn(server.url, tenant.users.supervisor);
    assert.equal((await supervisor.post(`/api/v1/conversations/${conversationId}/pick`, {})).status, 200);
    assert.equal((await reader.get(`/api/v1/conversations/${conversationId}`)).status, 404, "a colleague's: as for an agent");
  });
});

describe('creating tokens', () => {
  test('lists scopes and expiry; refuses unknown scopes, none, and past expiries', limits, async () => {
    const soon = new Date(Date.now() + 1500).toISOString();
    const created = await admin.post('/api/v1/tokens', { name: 'short', scopes: ['reports:read'], expiresAt: soon });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.json.token.scopes, ['reports:read']);
    assert.equal(created.json.token.expiresAt, soon);
    const listed = await admin.get('/api/v1/tokens');
    const entry = listed.json.items.find((token) => token.id === created.json.token.id);
    assert.deepEqual(entry.scopes, ['reports:read']);
    const legacy = listed.json.items.find((token) => token.id !== created.json.token.id);
    assert.deepEqual(legacy.scopes, ['admin'], 'a token made without scopes may do all its role allows');

    const short = new Client(server.url, { token: created.json.secret });
    assert.equal((await short.get('/api/v1/stats')).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1800));
    const expired = await short.get('/api/v1/stats');
    assert.equal(expired.status, 401, expired.text);
    assert.equal(errorCode(expired), 'unauthenticated');

    for (const body of [
      { name: 'x', scopes: ['everything'] },
      { name: 'x', scopes: [] },
      { name: 'x', scopes: 'admin' },
      { name: 'x', expiresAt: '2001-01-01T00:00:00Z' },
      { name: 'x', expiresAt: 'tomorrow' },
    ]) {
      const refused = await admin.post('/api/v1/tokens', body);
      assert.equal(refused.status, 422, `${JSON.stringify(body)}: ${refused.text}`);
    }
  });
});

describe('who made and revoked tokens', () => {
  test('creating and revoking a token is in the audit log, with its scopes and never its secret', limits, async () => {
    const created = await admin.post('/api/v1/tokens', { name: 'audited bot', role: 'agent', scopes: ['messages:send', 'conversations:read'] });
    assert.equal(created.status, 201, created.text);
    const id = created.json.token.id;
    const revoked = await admin.request('DELETE', `/api/v1/tokens/${id}`);
    assert.equal(revoked.status, 204, revoked.text);
    const audit = await admin.get(`/api/v1/audit/entries?entity=token&entityId=${id}`);
    assert.equal(audit.status, 200, audit.text);
    const attributes = audit.json.items.map((item) => item.attribute).sort();
    assert.deepEqual(attributes, ['created', 'revoked']);
    const made = audit.json.items.find((item) => item.attribute === 'created');
    assert.equal(made.actor.id, tenant.users.admin.id);
    assert.match(made.value, /^agent .*messages:send/);
    assert.equal(audit.text.includes(created.json.secret), false);
  });

  test('parley admin create-token takes --scopes, and refuses unknown ones', limits, async () => {
    const made = runParley(['admin', 'create-token', '--data', dataDir, '--tenant', tenant.tenantId, '--name', 'cli bot',
      '--role', 'agent', '--scopes', 'conversations:read,messages:send']);
    assert.equal(made.status, 0, made.stderr);
    const bot = new Client(server.url, { token: made.stdout.trim() });
    assert.equal((await bot.get('/api/v1/conversations')).status, 200);
    const refused = await bot.get('/api/v1/contacts');
    assert.equal(refused.status, 403, refused.text);
    assert.match(refused.text, /contacts:read/);
    const unknown = runParley(['admin', 'create-token', '--data', dataDir, '--tenant', tenant.tenantId, '--name', 'x',
      '--scopes', 'everything']);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /--scopes takes some of: conversations:read/);
  });
});
