// Agent presence follows the connection (issue 17, item 7): when an agent's last live socket
// closes, they are set offline once the grace period (--presence-grace) has passed, their
// conversation goes back to the queue after the tenant's offline grace (R5), and when a socket opens
// again the presence they had chosen comes back. A second socket keeps them present; a presence
// chosen while away is kept.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  SUITE_TIMEOUT_MS,
  makeDataDir,
  openLiveSocket,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  until,
} from './harness.mjs';

const limits = { timeout: SUITE_TIMEOUT_MS };
let dataDir;
let server;
let tenant;
let supervisor;
let agent;
let integrator;

async function presenceOf(userId) {
  const response = await supervisor.get(`/api/v1/agents/${userId}`);
  assert.equal(response.status, 200, response.text);
  return response.json.agent.presence;
}

async function connect() {
  const live = await openLiveSocket(server, { cookie: agent.cookieHeader() });
  assert.equal((await live.next()).json.type, 'hello');
  return live;
}

function disconnect(live) {
  return new Promise((resolve) => {
    live.ws.once('close', resolve);
    live.ws.close();
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  dataDir = makeDataDir('presence');
  tenant = seedTenant(dataDir, 'Presence');
  server = await startServer(dataDir, ['--presence-grace', '1']);
  supervisor = await signedIn(server.url, tenant.users.supervisor);
  agent = await signedIn(server.url, tenant.users.agent);
  integrator = new Client(server.url, { token: tenant.adminToken });
  const admin = await signedIn(server.url, tenant.users.admin);
  const settings = await admin.patch('/api/v1/settings/routing', { offlineGraceSeconds: 1 });
  assert.equal(settings.status, 200, settings.text);
}, limits);

after(() => stopAll([server], dataDir));

describe('presence follows the connection', limits, () => {
  test('the last socket closing sets the agent offline after the grace; their conversation is requeued; coming back restores their choice', limits, async () => {
    const live = await connect();
    const available = await agent.patch('/api/v1/me/agent', { presence: 'available' });
    assert.equal(available.status, 200, available.text);
    const inbound = await integrator.post('/api/v1/channels/api/messages', {
      contact: { identity: 'presence-customer-1', name: 'Prudence Customer' },
      text: 'is anyone there?',
    });
    assert.equal(inbound.status, 202, inbound.text);
    const conversationId = inbound.json.conversation?.id ?? inbound.json.conversationId;
    await until('the conversation is the agent\'s', async () => {
      const conversation = await supervisor.get(`/api/v1/conversations/${conversationId}`);
      return conversation.json.conversation.agentId === tenant.users.agent.id;
    });

    await disconnect(live);
    // Within the grace nothing changes.
    assert.equal(await presenceOf(tenant.users.agent.id), 'available');
    await until('the agent is offline', async () => (await presenceOf(tenant.users.agent.id)) === 'offline');
    await until('the conversation is back in the queue', async () => {
      const conversation = await supervisor.get(`/api/v1/conversations/${conversationId}`);
      return conversation.json.conversation.state === 'queued' ? conversation.json.conversation : null;
    });

    const back = await connect();
    await until('the agent is available again', async () => (await presenceOf(tenant.users.agent.id)) === 'available');
    // Available again, they get the waiting conversation back.
    await until('the conversation is allocated again', async () => {
      const conversation = await supervisor.get(`/api/v1/conversations/${conversationId}`);
      return conversation.json.conversation.agentId === tenant.users.agent.id;
    });
    await disconnect(back);
    await until('offline again', async () => (await presenceOf(tenant.users.agent.id)) === 'offline');
  });

  test('a second socket keeps the agent present; away comes back as away', limits, async () => {
    const first = await connect();
    await until('restored', async () => (await presenceOf(tenant.users.agent.id)) === 'available');
    assert.equal((await agent.patch('/api/v1/me/agent', { presence: 'away' })).status, 200);
    const second = await connect();
    await disconnect(first);
    await sleep(2500);
    assert.equal(await presenceOf(tenant.users.agent.id), 'away', 'one socket is still open');
    await disconnect(second);
    await until('offline once none is open', async () => (await presenceOf(tenant.users.agent.id)) === 'offline');
    const third = await connect();
    await until('away again', async () => (await presenceOf(tenant.users.agent.id)) === 'away');
    await disconnect(third);
    await until('offline again', async () => (await presenceOf(tenant.users.agent.id)) === 'offline');
  });

  test('a presence someone chose meanwhile is kept; offline by choice stays offline', limits, async () => {
    // While the agent is gone (set offline, 'away' to restore), an admin sets them available.
    const admin = await signedIn(server.url, tenant.users.admin);
    const set = await admin.patch(`/api/v1/agents/${tenant.users.agent.id}`, { presence: 'available' });
    assert.equal(set.status, 200, set.text);
    const live = await connect();
    await sleep(500);
    assert.equal(await presenceOf(tenant.users.agent.id), 'available', 'the admin\'s choice is kept');
    assert.equal((await agent.patch('/api/v1/me/agent', { presence: 'offline' })).status, 200);
    await disconnect(live);
    await sleep(1500);
    const again = await connect();
    await sleep(500);
    assert.equal(await presenceOf(tenant.users.agent.id), 'offline', 'their own choice is kept');
    await disconnect(again);
  });
});
