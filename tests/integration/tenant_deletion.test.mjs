// Tenant deletion (P4) with the real server: an admin deletes the tenant with its name typed
// again; within one request its sessions, tokens, sign-in and web chat stop, its live sockets are
// told and closed, while another tenant on the same server goes on untouched. An operator lists,
// undeletes and deletes again from the command line, and 31 days later (Debian's libfaketime) the
// tenant is destroyed: nothing of it can be restored, the other tenant's data is all there, and the
// audit chains verify.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  daysLater,
  errorCode,
  frameLog,
  makeDataDir,
  openLiveSocket,
  runParley,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';

const SHOP = 'https://shop.example';
let dataDir;
let server;
let leaving; // the tenant that is deleted
let staying; // another tenant on the same server
let leavingAdmin;
let leavingToken;
let stayingAdmin;
let stayingToken;
let agentLive;
let agentFrames;
let webChat;
let stayingConversation;

async function inbound(client, identity, text) {
  const response = await client.post('/api/v1/channels/api/messages', { contact: { identity }, text });
  assert.ok([200, 202].includes(response.status), `inbound: ${response.status} ${response.text}`);
  return response.json;
}

function widgetSession() {
  return fetch(`${server.url}/api/v1/widget/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: SHOP },
    body: JSON.stringify({ channel: webChat }),
  });
}

function tenants() {
  const listed = runParley(['admin', 'list-tenants', '--data', dataDir]);
  assert.equal(listed.status, 0, listed.stderr);
  return Object.fromEntries(listed.stdout.trim().split('\n').map((line) => {
    const [id, name, state] = line.split('\t');
    return [id, { name, state }];
  }));
}

before(async () => {
  dataDir = makeDataDir('tenant-deletion');
  leaving = seedTenant(dataDir, 'Leaving');
  staying = seedTenant(dataDir, 'Staying');
  server = await startServer(dataDir);
  leavingAdmin = await signedIn(server.url, leaving.users.admin);
  leavingToken = new Client(server.url, { token: leaving.adminToken });
  stayingAdmin = await signedIn(server.url, staying.users.admin);
  stayingToken = new Client(server.url, { token: staying.adminToken });
  const agent = await signedIn(server.url, leaving.users.agent);
  agentLive = await openLiveSocket(server, { cookie: agent.cookieHeader() });
  agentFrames = frameLog(agentLive);
  await agentFrames.wait((frame) => frame.type === 'hello', 'hello');

  const created = await leavingToken.post('/api/v1/channels', {
    type: 'webchat',
    name: 'Web chat',
    settings: { allowedOrigins: [SHOP], title: 'Chat with us', colors: { primary: '#0f766e', onPrimary: '#ffffff' } },
  });
  assert.equal(created.status, 201, created.text);
  webChat = created.json.channel.id;
  assert.equal((await widgetSession()).status, 200);
  await inbound(leavingToken, 'leaving-customer', 'hello from a tenant about to leave');
  stayingConversation = (await inbound(stayingToken, 'staying-customer', 'I stay')).conversation.id;
}, { timeout: SUITE_TIMEOUT_MS });

after(async () => {
  agentLive?.ws.close();
  await stopAll([server], dataDir);
});

describe('tenant deletion', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('only a signed-in admin who types the tenant name deletes it', async () => {
    const shown = await leavingAdmin.get('/api/v1/tenant');
    assert.equal(shown.status, 200, shown.text);
    assert.equal(shown.json.tenant.name, 'Tenant Leaving');

    const byToken = await leavingToken.delete('/api/v1/tenant', { json: { confirm: 'Tenant Leaving' } });
    assert.equal(byToken.status, 403, byToken.text);
    const agent = await signedIn(server.url, leaving.users.agent);
    assert.equal((await agent.delete('/api/v1/tenant', { json: { confirm: 'Tenant Leaving' } })).status, 403);
    for (const body of [{}, { confirm: 'tenant leaving' }, { confirm: 'Tenant Staying' }, { confirm: 7 }]) {
      const refused = await leavingAdmin.delete('/api/v1/tenant', { json: body });
      assert.ok([400, 422].includes(refused.status), `${JSON.stringify(body)}: ${refused.status} ${refused.text}`);
    }
    assert.equal((await leavingAdmin.get('/api/v1/me')).status, 200, 'nothing happened');
  });

  test('once deleted, the tenant is locked out within one request; the other tenant is not', async () => {
    const deleted = await leavingAdmin.delete('/api/v1/tenant', { json: { confirm: 'Tenant Leaving' } });
    assert.equal(deleted.status, 200, deleted.text);
    const { deletedAt, destroyAfter } = deleted.json.tenant;
    assert.equal(Date.parse(destroyAfter) - Date.parse(deletedAt), 30 * 24 * 3600_000);

    assert.equal((await leavingAdmin.get('/api/v1/me')).status, 401, 'the session that deleted it');
    assert.equal((await leavingToken.get('/api/v1/users')).status, 401, 'its API token');
    const again = await new Client(server.url).signIn(leaving.users.admin.email, leaving.users.admin.password);
    assert.equal(again.status, 401, again.text);
    assert.equal(errorCode(again), 'invalid_credentials', 'as for an unknown email');
    assert.equal((await widgetSession()).status, 404, 'its web chat');
    const frame = await agentFrames.wait((candidate) => candidate.type === 'tenant.deleted', 'tenant.deleted');
    assert.ok(frame);
    await agentLive.closed;

    assert.equal((await stayingAdmin.get('/api/v1/me')).status, 200);
    const messages = await stayingToken.get(`/api/v1/conversations/${stayingConversation}/messages`);
    assert.equal(messages.status, 200, messages.text);
    assert.equal(messages.json.items[0].content.text, 'I stay');
    assert.match(server.stderr, /tenant .* deleted: stopping its channels/);
  });

  test('an operator lists it as deleted, undeletes it, and deletes it again', async () => {
    assert.match(tenants()[leaving.tenantId].state, /^deleted .*, destroyed after /);
    assert.equal(tenants()[staying.tenantId].state, 'active');

    const restored = runParley(['admin', 'undelete-tenant', '--data', dataDir, '--tenant', leaving.tenantId]);
    assert.equal(restored.status, 0, restored.stderr);
    assert.equal(tenants()[leaving.tenantId].state, 'active');
    const back = await signedIn(server.url, leaving.users.admin);
    assert.equal((await back.get('/api/v1/me')).status, 200);
    assert.equal((await widgetSession()).status, 200);

    const wrong = runParley(['admin', 'delete-tenant', '--data', dataDir, '--tenant', leaving.tenantId, '--confirm', 'Tenant Staying']);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /--confirm must be the tenant's name/);
    const removed = runParley(['admin', 'delete-tenant', '--data', dataDir, '--tenant', leaving.tenantId, '--confirm', 'Tenant Leaving']);
    assert.equal(removed.status, 0, removed.stderr);
    assert.equal((await back.get('/api/v1/me')).status, 401, 'deleted by the command: locked out at once too');
  });

  test('31 days later it is destroyed and cannot come back; the other tenant is whole', async () => {
    await server.stop();
    server = await startServer(dataDir, [], { env: daysLater(31) });
    const destroyed = await (async () => {
      for (let i = 0; i < 100; i += 1) {
        const state = tenants()[leaving.tenantId].state;
        if (state.startsWith('destroyed')) {
          return state;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return tenants()[leaving.tenantId].state;
    })();
    assert.match(destroyed, /^destroyed /);
    const restore = runParley(['admin', 'undelete-tenant', '--data', dataDir, '--tenant', leaving.tenantId]);
    assert.equal(restore.status, 1);
    assert.match(restore.stderr, /destroyed already/);

    const stayingNow = new Client(server.url, { token: staying.adminToken });
    const messages = await stayingNow.get(`/api/v1/conversations/${stayingConversation}/messages`);
    assert.equal(messages.status, 200, messages.text);
    assert.equal(messages.json.items[0].content.text, 'I stay');
    await server.stop();
    const verified = runParley(['admin', 'verify-audit', '--data', dataDir]);
    assert.equal(verified.status, 0, verified.stderr + verified.stdout);
    server = await startServer(dataDir);
  });
});
