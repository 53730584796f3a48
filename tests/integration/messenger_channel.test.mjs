// Messenger and Instagram channels through the whole app, against ./meta_graph_fake.mjs (Meta's
// Graph API written from channels.md §2–§3 and cross-checked with messaging-api-messenger and
// x-hub-signature, see meta_graph_fake.test.mjs): an admin adds a Facebook page and an Instagram
// account; the tokens are tried on the pages and the handshake takes the shown verify token;
// customers write, press quick replies and postbacks; the agent answers as RESPONSE inside the
// window, with quick replies and a file; deliveries become ticks; echoes of the page's own messages
// are not routed; after 24 hours a reply is refused unless the page may tag it as a human agent's,
// then it goes as MESSAGE_TAG HUMAN_AGENT; an Instagram story reply and mention show as such.
//
// One Parley, one fake for the file. Parley listens on a port chosen first, so that its --public-url
// (the webhook URLs' base) is known when it starts.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, frameLog, makeDataDir, openLiveSocket, ownedByAgent as ownedByAgentIn, seedTenant, signedIn, startServer, stopAll, SUITE_TIMEOUT_MS } from './harness.mjs';
import { freePort } from './telegram_bot_api.mjs';
import { startMetaGraphFake, sign } from './meta_graph_fake.mjs';

const PAGE_ID = '1111111111';
const IG_PAGE_ID = '2222222222';
const IG_ID = '17840000000000001';
const WAIT_MS = 20_000;
const limits = { timeout: SUITE_TIMEOUT_MS };
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

let dataDir;
let server;
let tenant;
let admin;
let agent;
let meta;
const channels = {}; // messenger / instagram: { id, webhookUrl, verifyToken }

async function poll(probe, what, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found) {
      return found;
    }
    if (Date.now() > deadline) {
      throw new Error(`no ${what} within ${ms} ms\n--- parley log ---\n${server.stderr.split('\n').slice(-30).join('\n')}\n--- fake ---\n${meta.summary()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function allMessages(channelId, predicate) {
  const listed = await admin.get('/api/v1/conversations?limit=200');
  const found = [];
  for (const conversation of listed.json.items.filter((item) => item.channel === channelId)) {
    const messages = await admin.get(`/api/v1/conversations/${conversation.id}/messages?limit=200`);
    for (const message of messages.json.items.filter(predicate)) {
      found.push({ conversation, message });
    }
  }
  return found;
}

const stored = async (channelId, predicate) => (await allMessages(channelId, predicate))[0] ?? null;
const withText = (text) => (message) => message.content?.text === text;

async function messageOf(conversationId, messageId) {
  const messages = await admin.get(`/api/v1/conversations/${conversationId}/messages?limit=200`);
  return messages.json.items.find((item) => item.id === messageId);
}

const ownedByAgent = (conversationId) =>
  ownedByAgentIn({ supervisor: admin, agent: agent.client, agentId: tenant.users.agent.id }, conversationId);

before(async () => {
  meta = await startMetaGraphFake();
  meta.addPage({ pageId: PAGE_ID, name: 'Parley Shop' });
  meta.addPage({ pageId: IG_PAGE_ID, name: 'Parley Shop IG', instagram: true, igId: IG_ID });
  dataDir = makeDataDir('messenger');
  tenant = seedTenant(dataDir, 'Messenger');
  const port = await freePort();
  server = await startServer(dataDir, ['--public-url', `http://127.0.0.1:${port}`, '--webhook-allow-private'], {
    listen: `127.0.0.1:${port}`,
  });
  admin = new Client(server.url, { token: tenant.adminToken });
  const client = await signedIn(server.url, tenant.users.agent);
  const live = await openLiveSocket(server, { cookie: client.cookieHeader() });
  assert.ok(live.ws);
  agent = { client, live, frames: frameLog(live) };
  await agent.frames.wait((frame) => frame.type === 'hello', 'hello');
  const available = await client.patch('/api/v1/me/agent', { presence: 'available' });
  assert.equal(available.status, 200, available.text);
}, limits);

after(async () => {
  agent?.live.ws.close();
  await stopAll([server], dataDir);
  await meta?.close();
});

describe('Messenger and Instagram channels', () => {
  test('an admin adds a page and an Instagram account: the tokens are tried, the handshake takes the shown verify token', limits, async () => {
    const graph = { graphApiUrl: meta.url, graphApiVersion: meta.version };
    const noAccount = await admin.post('/api/v1/channels', {
      type: 'instagram', name: 'Shop IG', accessToken: meta.accessToken, appSecret: meta.appSecret, settings: { pageId: IG_PAGE_ID, ...graph },
    });
    assert.equal(noAccount.status, 422, noAccount.text);
    assert.match(noAccount.json.error.message, /^settings\.instagramAccountId:/);
    for (const [type, settings] of [
      ['messenger', { pageId: PAGE_ID, ...graph }],
      ['instagram', { pageId: IG_PAGE_ID, instagramAccountId: IG_ID, ...graph }],
    ]) {
      const created = await admin.post('/api/v1/channels', { type, name: `Shop ${type}`, accessToken: meta.accessToken, appSecret: meta.appSecret, settings });
      assert.equal(created.status, 201, created.text);
      const channel = created.json.channel;
      assert.deepEqual(channel.secretsSet, { accessToken: true, appSecret: true });
      assert.equal(channel.settings.humanAgentTag, false);
      assert.equal(channel.replyWindowSeconds, 86400);
      assert.equal(channel.humanAgentWindowSeconds, null);
      channels[type] = { id: channel.id, webhookUrl: channel.webhookUrl, verifyToken: channel.verifyToken };
      const connected = await poll(async () => {
        const listed = await admin.get('/api/v1/channels');
        const found = listed.json.items.find((item) => item.id === channel.id);
        return found.status.state === 'connected' ? found : null;
      }, `${type} connected`);
      assert.equal(connected.status.detail, `sends and receives as the page ${type === 'messenger' ? 'Parley Shop' : 'Parley Shop IG'}`);
      assert.equal((await meta.subscribe(channel.webhookUrl, 'wrong-token')).status, 403);
      const subscribed = await meta.subscribe(channel.webhookUrl, channel.verifyToken);
      assert.equal(subscribed.ok, true, JSON.stringify(subscribed));
    }
  });

  test('a customer writes and picks quick replies; the agent answers as RESPONSE with quick replies and a file; deliveries tick; echoes are not routed', limits, async () => {
    const { id: channelId, webhookUrl } = channels.messenger;
    const hello = meta.messenger.text('PSID-ANA', PAGE_ID, 'Hello from Messenger', { timestamp: Date.now() - 60_000 });
    assert.equal((await meta.messenger.post({ pageId: PAGE_ID, messaging: [hello], url: webhookUrl })).status, 200);
    const first = await poll(() => stored(channelId, withText('Hello from Messenger')), 'the first message');
    const conversationId = first.conversation.id;
    assert.equal(first.message.providerMessageId, hello.message.mid);
    assert.equal(Date.parse(first.conversation.replyWindowClosesAt), hello.timestamp + 24 * 3600 * 1000);
    await ownedByAgent(conversationId);

    const reply = await agent.client.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'Hi! How can we help?' });
    assert.equal(reply.status, 201, reply.text);
    const choices = await agent.client.post(`/api/v1/conversations/${conversationId}/messages`, {
      content: { choices: { text: 'Which day suits you?', options: ['Monday', 'Tuesday afternoon'] } },
    });
    assert.equal(choices.status, 201, choices.text);
    const file = await agent.client.post(`/api/v1/conversations/${conversationId}/messages`, {
      content: { media: { url: 'https://cdn.example.test/invoice.pdf', mimeType: 'application/pdf', caption: 'Your invoice' } },
    });
    assert.equal(file.status, 201, file.text);
    const sentText = await meta.waitForMessengerSent((entry) => entry.ok && entry.body.message?.text === 'Hi! How can we help?');
    assert.equal(sentText.body.messaging_type, 'RESPONSE');
    assert.deepEqual(sentText.body.recipient, { id: 'PSID-ANA' });
    assert.equal(sentText.headers.authorization, `Bearer ${meta.accessToken}`);
    const sentChoices = await meta.waitForMessengerSent((entry) => entry.ok && entry.body.message?.quick_replies);
    assert.deepEqual(sentChoices.body.message.quick_replies.map((item) => [item.title, item.payload]), [
      ['Monday', 'opt:Monday'],
      ['Tuesday afternoon', 'opt:Tuesday afternoon'],
    ]);
    const sentFile = await meta.waitForMessengerSent((entry) => entry.ok && entry.body.message?.attachment);
    assert.deepEqual(sentFile.body.message.attachment, { type: 'file', payload: { url: 'https://cdn.example.test/invoice.pdf', is_reusable: true } });
    await meta.waitForMessengerSent((entry) => entry.ok && entry.body.message?.text === 'Your invoice');
    await poll(async () => (await messageOf(conversationId, reply.json.message.id)).status === 'sent', 'the reply sent');

    // The customer presses a quick reply, then a postback button; and sends a photo.
    const press = meta.messenger.text('PSID-ANA', PAGE_ID, 'Tuesday afternoon', { quickReplyPayload: 'opt:Tuesday afternoon' });
    const postback = meta.messenger.postback('PSID-ANA', PAGE_ID, { title: 'Talk to a human', payload: 'HUMAN' });
    const photo = meta.messenger.attachment('PSID-ANA', PAGE_ID, { bytes: PNG, mimeType: 'image/png' });
    // Meta's echo of the page's own message (sent from Meta's inbox): recorded nowhere, not routed.
    const echo = meta.messenger.echo(PAGE_ID, 'PSID-ANA', 'Sent from the Meta inbox');
    const delivered = meta.messenger.delivery('PSID-ANA', PAGE_ID, { mids: [sentText.messageId] });
    const batch = await meta.messenger.post({ pageId: PAGE_ID, messaging: [press, postback, photo, echo, delivered], url: webhookUrl });
    assert.equal(batch.status, 200, batch.body);
    const chosen = await stored(channelId, (message) => message.content?.choice === 'Tuesday afternoon');
    assert.ok(chosen, 'the quick reply is the choice');
    assert.ok(await stored(channelId, (message) => message.content?.text === 'Talk to a human' && message.content?.choice === 'Talk to a human'));
    const picture = await stored(channelId, (message) => message.content?.media?.mimeType === 'image/png');
    assert.ok(picture, 'the photo is in the media store');
    assert.equal(await stored(channelId, withText('Sent from the Meta inbox')), null, 'the echo is not routed');
    assert.equal((await messageOf(conversationId, reply.json.message.id)).status, 'delivered');
  });

  test('after 24 hours a reply is refused, unless the page may tag it as a human agent\'s: then it goes as MESSAGE_TAG HUMAN_AGENT', limits, async () => {
    const { id: channelId, webhookUrl } = channels.messenger;
    const twoDaysAgo = Date.now() - 48 * 3600 * 1000;
    const late = meta.messenger.text('PSID-BEN', PAGE_ID, 'Anyone there?', { timestamp: twoDaysAgo });
    assert.equal((await meta.messenger.post({ pageId: PAGE_ID, messaging: [late], url: webhookUrl })).status, 200);
    const found = await poll(() => stored(channelId, withText('Anyone there?')), 'the late message');
    await ownedByAgent(found.conversation.id);
    const refused = await agent.client.post(`/api/v1/conversations/${found.conversation.id}/messages`, { text: 'Yes!' });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.json.error.code, 'reply_window_closed');
    assert.match(refused.json.error.message, /human agent/);

    const channel = (await admin.get('/api/v1/channels')).json.items.find((item) => item.id === channelId);
    const patched = await admin.patch(`/api/v1/channels/${channelId}`, { settings: { ...channel.settings, humanAgentTag: true } });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.json.channel.humanAgentWindowSeconds, 7 * 24 * 3600);
    const tagged = await agent.client.post(`/api/v1/conversations/${found.conversation.id}/messages`, { text: 'Sorry for the wait, Ben.' });
    assert.equal(tagged.status, 201, tagged.text);
    const sent = await meta.waitForMessengerSent((entry) => entry.ok && entry.body.message?.text === 'Sorry for the wait, Ben.');
    assert.equal(sent.body.messaging_type, 'MESSAGE_TAG');
    assert.equal(sent.body.tag, 'HUMAN_AGENT');
  });

  test('Instagram: a story reply and a mention show as such; replies go; Messenger payloads on its URL are refused', limits, async () => {
    const { id: channelId, webhookUrl } = channels.instagram;
    const storyReply = meta.messenger.storyReply('IGSID-CAT', IG_ID, 'Love this!');
    const mention = meta.messenger.storyMention('IGSID-CAT', IG_ID);
    const posted = await meta.messenger.post({ pageId: IG_PAGE_ID, object: 'instagram', messaging: [storyReply, mention], url: webhookUrl });
    assert.equal(posted.status, 200, posted.body);
    const reply = await poll(() => stored(channelId, (message) => message.content?.text?.startsWith('[Replied to your story] Love this!')), 'the story reply');
    assert.ok(await stored(channelId, (message) => message.content?.text?.startsWith('[Mentioned you in their story]')), 'the mention');
    await ownedByAgent(reply.conversation.id);
    const answer = await agent.client.post(`/api/v1/conversations/${reply.conversation.id}/messages`, { text: 'Thank you!' });
    assert.equal(answer.status, 201, answer.text);
    const sent = await meta.waitForMessengerSent((entry) => entry.ok && entry.body.message?.text === 'Thank you!');
    assert.equal(sent.platform, 'instagram');
    const wrongObject = await meta.messenger.post({ pageId: PAGE_ID, messaging: [meta.messenger.text('PSID-X', PAGE_ID, 'x')], url: webhookUrl });
    assert.equal(wrongObject.status, 400, wrongObject.body);
  });

  test('a bad signature is refused with 403 and stores nothing', limits, async () => {
    const { id: channelId, webhookUrl } = channels.messenger;
    const raw = JSON.stringify({ object: 'page', entry: [{ id: PAGE_ID, time: Date.now(), messaging: [meta.messenger.text('PSID-EVE', PAGE_ID, 'forged')] }] });
    assert.equal((await meta.postRaw(raw, { url: webhookUrl })).status, 403);
    assert.equal((await meta.postRaw(raw, { url: webhookUrl, signature: sign(raw, 'another-app-secret-0123456789') })).status, 403);
    assert.equal(await stored(channelId, withText('forged')), null);
  });
});
