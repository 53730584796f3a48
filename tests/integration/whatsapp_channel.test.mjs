// WhatsApp channels through the whole app, against ./meta_graph_fake.mjs (Meta's Graph API written
// from channels.md §1 and cross-checked with whatsapp-api-js, see meta_graph_fake.test.mjs): an
// admin adds a WhatsApp number; its token is tried on the number; the verification handshake is
// answered with the verify token the channel shows; customers write text, an image and a button
// reply; the agent answers with text and choices; statuses become ticks; a message from 25 hours
// ago opens no window, so free text is refused before anything is sent; a bad signature stores
// nothing; a webhook of 50 messages stores each once, also when Meta sends it again.
//
// One Parley, one fake for the file. Parley listens on a port chosen first, so that its --public-url
// (the webhook URL's base) is known when it starts.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, frameLog, makeDataDir, openLiveSocket, ownedByAgent as ownedByAgentIn, seedTenant, signedIn, startServer, stopAll, SUITE_TIMEOUT_MS } from './harness.mjs';
import { freePort } from './telegram_bot_api.mjs';
import { startMetaGraphFake, sign } from './meta_graph_fake.mjs';

const PHONE_NUMBER_ID = '106540352242922';
const WABA_ID = '102290129340398';
const WAIT_MS = 20_000;
const limits = { timeout: SUITE_TIMEOUT_MS };
// The first bytes of a PNG (signature and IHDR): enough for the server's type check.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

let dataDir;
let server;
let tenant;
let admin;
let agent; // { client, live, frames }
let meta;
let channelId;
let webhookUrl;

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

async function channel(id) {
  const listed = await admin.get('/api/v1/channels');
  return listed.json.items.find((item) => item.id === id);
}

async function allMessages(predicate) {
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

async function stored(predicate) {
  return (await allMessages(predicate))[0] ?? null;
}

const withText = (text) => (message) => message.content?.text === text;

async function messageOf(conversationId, messageId) {
  const messages = await admin.get(`/api/v1/conversations/${conversationId}/messages?limit=200`);
  return messages.json.items.find((item) => item.id === messageId);
}

const ownedByAgent = (conversationId) =>
  ownedByAgentIn({ supervisor: admin, agent: agent.client, agentId: tenant.users.agent.id }, conversationId);

before(async () => {
  meta = await startMetaGraphFake();
  meta.addPhoneNumber({ phoneNumberId: PHONE_NUMBER_ID, businessAccountId: WABA_ID, displayPhoneNumber: '+1 555-000-1111', verifiedName: 'Parley Shop' });
  dataDir = makeDataDir('whatsapp');
  tenant = seedTenant(dataDir, 'WhatsApp');
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

describe('WhatsApp channel', () => {
  test('an admin adds a number: the token is tried on it, the secrets are never shown, the handshake takes only the shown verify token', limits, async () => {
    const settings = { phoneNumberId: PHONE_NUMBER_ID, businessAccountId: WABA_ID, graphApiUrl: meta.url, graphApiVersion: meta.version };
    const badNumber = await admin.post('/api/v1/channels', {
      type: 'whatsapp', name: 'Shop', accessToken: meta.accessToken, appSecret: meta.appSecret,
      settings: { ...settings, phoneNumberId: '+1 555 0001111' },
    });
    assert.equal(badNumber.status, 422, badNumber.text);
    assert.match(badNumber.json.error.message, /^settings\.phoneNumberId:/);
    const badToken = await admin.post('/api/v1/channels', { type: 'whatsapp', name: 'Shop', accessToken: 'short', settings });
    assert.equal(badToken.status, 422, badToken.text);
    assert.match(badToken.json.error.message, /^accessToken:/);
    const foreign = await admin.post('/api/v1/channels', { type: 'whatsapp', name: 'Shop', botToken: 'x', settings });
    assert.equal(foreign.status, 422, foreign.text);

    // The token first, the app secret in a second save: each secret is kept until replaced.
    const created = await admin.post('/api/v1/channels', { type: 'whatsapp', name: 'Shop', accessToken: meta.accessToken, settings });
    assert.equal(created.status, 201, created.text);
    channelId = created.json.channel.id;
    assert.deepEqual(created.json.channel.secretsSet, { accessToken: true, appSecret: false });
    assert.equal(created.json.channel.verifyToken, '', 'no verify token without an app secret');
    const patched = await admin.patch(`/api/v1/channels/${channelId}`, { appSecret: meta.appSecret });
    assert.equal(patched.status, 200, patched.text);
    const shown = patched.json.channel;
    assert.deepEqual(shown.secretsSet, { accessToken: true, appSecret: true });
    assert.ok(!patched.text.includes(meta.accessToken) && !patched.text.includes(meta.appSecret), 'secrets are never returned');
    assert.match(shown.verifyToken, /^[0-9a-f]{32}$/);
    assert.equal(shown.replyWindowSeconds, 86400);
    assert.deepEqual(shown.settings, settings);
    webhookUrl = shown.webhookUrl;
    assert.equal(webhookUrl, `${server.url}/api/v1/channels/${channelId}/webhook`);

    const connected = await poll(async () => {
      const found = await channel(channelId);
      return found.status.state === 'connected' ? found : null;
    }, 'connected state');
    assert.equal(connected.status.detail, 'sends and receives as +1 555-000-1111 (Parley Shop)');
    const tested = await admin.post(`/api/v1/channels/${channelId}/test`, {});
    assert.deepEqual(tested.json.result, { ok: true, status: null, error: null });
    const lookUp = meta.calls.findLast((entry) => entry.method === 'GET' && entry.path.includes(PHONE_NUMBER_ID));
    assert.equal(lookUp?.status, 200, 'the number was looked up with the token');

    // Templates are for agents' replies: the API channel's inbound refuses one (nothing stored).
    const injected = await admin.post('/api/v1/channels/api/messages', {
      contact: { identity: '+15550009999' }, content: { template: { name: 'ticket_update', language: 'en_US' } },
    });
    assert.equal(injected.status, 422, injected.text);
    const seenByAgent = (await agent.client.get('/api/v1/channels')).json.items.find((item) => item.id === channelId);
    assert.equal(seenByAgent.verifyToken, undefined, 'agents do not see the verify token');
    assert.equal(seenByAgent.secretsSet.appSecret, false, 'nor which secrets are set');

    const wrong = await meta.subscribe(webhookUrl, 'not-the-token');
    assert.equal(wrong.status, 403);
    assert.equal(wrong.ok, false);
    const subscribed = await meta.subscribe(webhookUrl, shown.verifyToken);
    assert.equal(subscribed.ok, true, JSON.stringify(subscribed));
    assert.equal(subscribed.body, String(subscribed.challenge));
  });

  test('a category raises waiting conversations whose window closes soon; the decision log and the wallboard say so', limits, async () => {
    const refused = await admin.post('/api/v1/categories', { name: 'WhatsApp', windowBoost: { withinSeconds: 7200, priority: 0 } });
    assert.equal(refused.status, 422, refused.text);
    assert.match(refused.json.error.message, /^windowBoost\.priority:/);
    const category = await admin.post('/api/v1/categories', {
      name: 'WhatsApp', rules: { channels: [channelId] }, windowBoost: { withinSeconds: 7200, priority: 5 },
    });
    assert.equal(category.status, 201, category.text);
    assert.deepEqual(category.json.category.windowBoost, { withinSeconds: 7200, priority: 5 });

    // Written 23.5 hours ago (by Meta's clock): its window closes in 30 minutes.
    const late = meta.whatsapp.text('4915155555555', 'Still waiting for my refund', { timestamp: Math.floor(Date.now() / 1000) - 23.5 * 3600 });
    assert.equal((await meta.whatsapp.post({ phoneNumberId: PHONE_NUMBER_ID, messages: [late] })).status, 200);
    const found = await poll(() => stored(withText('Still waiting for my refund')), 'the message');
    await ownedByAgent(found.conversation.id);
    const decisions = await admin.get(`/api/v1/conversations/${found.conversation.id}/decisions`);
    assert.equal(decisions.status, 200, decisions.text);
    const allocated = decisions.json.items.find((item) => item.cause === 'allocated');
    assert.ok(allocated, decisions.text);
    assert.equal(allocated.explanation.windowBoost.priority, 5);
    assert.equal(Date.parse(allocated.explanation.windowBoost.closesAt), Date.parse(found.conversation.replyWindowClosesAt));

    const before = await admin.get('/api/v1/stats');
    assert.equal(before.json.stats.windows.closingWithinHour, 1, before.text);
    const answer = await agent.client.post(`/api/v1/conversations/${found.conversation.id}/messages`, { text: 'Refunded today.' });
    assert.equal(answer.status, 201, answer.text);
    const after = await admin.get('/api/v1/stats');
    assert.equal(after.json.stats.windows.closingWithinHour, 0, 'answered: no longer at risk');
    const closed = await agent.client.post(`/api/v1/conversations/${found.conversation.id}/close`, {});
    assert.equal(closed.status, 200, closed.text);
  });

  test('a customer writes text, an image and a button reply; the agent answers with text and choices; statuses become ticks', limits, async () => {
    const sentAt = Math.floor(Date.now() / 1000) - 600; // ten minutes ago, by Meta's clock
    const hello = meta.whatsapp.text('4915112345678', 'Hi, my order is late', { timestamp: sentAt });
    const posted = await meta.whatsapp.post({ phoneNumberId: PHONE_NUMBER_ID, messages: [hello], names: { '4915112345678': 'Ana' } });
    assert.equal(posted.status, 200, posted.body);
    const first = await poll(() => stored(withText('Hi, my order is late')), 'the first message');
    const conversationId = first.conversation.id;
    assert.equal(first.message.providerMessageId, hello.id);
    // The window counts from Meta's timestamp, not from when Parley received it.
    assert.equal(Date.parse(first.conversation.customerLastMessageAt), sentAt * 1000);
    assert.equal(Date.parse(first.conversation.replyWindowClosesAt), (sentAt + 24 * 3600) * 1000);
    const assigned = await agent.frames.wait(
      (frame) => frame.type === 'conversation.assigned' && frame.change.conversationId === conversationId,
      'conversation.assigned',
    );
    assert.equal(assigned.change.agentId, tenant.users.agent.id);
    const contact = await admin.get(`/api/v1/contacts/${first.conversation.contactId}`);
    assert.equal(contact.json.contact.name, 'Ana');

    // The image: its URL from the media id, then the bytes, both with the token.
    const image = meta.whatsapp.image('4915112345678', { bytes: PNG, mimeType: 'image/jpeg', caption: 'my receipt' });
    assert.equal((await meta.whatsapp.post({ phoneNumberId: PHONE_NUMBER_ID, messages: [image] })).status, 200);
    const picture = await poll(() => stored((message) => message.content?.media?.caption === 'my receipt'), 'the image');
    const media = picture.message.content.media;
    assert.match(media.id, /^med_/);
    assert.equal(media.mimeType, 'image/png', 'the type its bytes tell');
    const file = await fetch(`${server.url}${media.url}`, { headers: { Authorization: `Bearer ${tenant.adminToken}` } });
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), PNG);

    const text = await agent.client.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'Hi Ana, let me check.' });
    assert.equal(text.status, 201, text.text);
    const choices = await agent.client.post(`/api/v1/conversations/${conversationId}/messages`, {
      content: { choices: { text: 'Was it delivered?', options: ['Yes', 'Not yet'] } },
    });
    assert.equal(choices.status, 201, choices.text);
    const sentText = await meta.waitForSent((entry) => entry.ok && entry.body.text?.body === 'Hi Ana, let me check.');
    assert.deepEqual(sentText.body, {
      messaging_product: 'whatsapp', recipient_type: 'individual', to: '4915112345678', type: 'text',
      text: { body: 'Hi Ana, let me check.', preview_url: false },
    });
    assert.equal(sentText.headers.authorization, `Bearer ${meta.accessToken}`);
    const sentChoices = await meta.waitForSent((entry) => entry.ok && entry.body.type === 'interactive');
    assert.equal(sentChoices.body.interactive.type, 'button');
    assert.deepEqual(sentChoices.body.interactive.action.buttons.map((button) => button.reply.title), ['Yes', 'Not yet']);
    await poll(async () => (await messageOf(conversationId, choices.json.message.id)).status === 'sent', 'the choices sent');

    // The customer presses a button: the option is recorded as the choice.
    const pressed = sentChoices.body.interactive.action.buttons[1].reply;
    const press = meta.whatsapp.buttonReply('4915112345678', { id: pressed.id, title: pressed.title });
    assert.equal((await meta.whatsapp.post({ phoneNumberId: PHONE_NUMBER_ID, messages: [press] })).status, 200);
    const choice = await poll(() => stored((message) => message.content?.choice === 'Not yet'), 'the button reply');
    assert.equal(choice.message.content.text, 'Not yet');

    // The agent reads the conversation: the customer's ticks turn blue up to their last message.
    const read = await agent.client.post(`/api/v1/conversations/${conversationId}/read`, {});
    assert.equal(read.status, 204, read.text);
    const marked = await meta.waitForSent((entry) => entry.kind === 'read' && entry.ok);
    assert.deepEqual(marked.body, { messaging_product: 'whatsapp', status: 'read', message_id: press.id });

    // delivered, then read: ticks; a late "delivered" does not undo "read".
    const statuses = [sentText.wamid, sentText.wamid].map((id, index) => meta.whatsapp.status({ id, status: index ? 'read' : 'delivered' }));
    assert.equal((await meta.whatsapp.post({ phoneNumberId: PHONE_NUMBER_ID, statuses })).status, 200);
    await poll(async () => (await messageOf(conversationId, text.json.message.id)).status === 'read', 'the read tick');
    const late = await meta.whatsapp.post({ phoneNumberId: PHONE_NUMBER_ID, statuses: [meta.whatsapp.status({ id: sentText.wamid, status: 'delivered' })] });
    assert.equal(late.status, 200);
    assert.equal((await messageOf(conversationId, text.json.message.id)).status, 'read');
  });

  test('a message from 25 hours ago opens no window: free text is refused before sending, with the reason', limits, async () => {
    const old = meta.whatsapp.text('4915199999999', 'Are you still there?', { timestamp: Math.floor(Date.now() / 1000) - 25 * 3600 });
    assert.equal((await meta.whatsapp.post({ phoneNumberId: PHONE_NUMBER_ID, messages: [old] })).status, 200);
    const late = await poll(() => stored(withText('Are you still there?')), 'the late message');
    assert.ok(Date.parse(late.conversation.replyWindowClosesAt) < Date.now());
    const sends = meta.sent.length;
    await ownedByAgent(late.conversation.id);
    const refused = await agent.client.post(`/api/v1/conversations/${late.conversation.id}/messages`, { text: 'Yes!' });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.json.error.code, 'reply_window_closed');
    assert.match(refused.json.error.message, /^the 24-hour reply window closed 1 h( \d+ min)? ago .*send an approved template$/);
    const messages = await admin.get(`/api/v1/conversations/${late.conversation.id}/messages?limit=50`);
    assert.equal(messages.json.items.filter((message) => message.direction === 'outbound').length, 0, 'nothing stored');
    assert.equal(meta.sent.length, sends, 'nothing sent to Meta');

    // Templates go whatever the window: synced from the business account, filled in, sent.
    meta.setTemplates(WABA_ID, [
      { name: 'ticket_update', language: 'en_US', components: [{ type: 'BODY', text: 'Your ticket {{1}} was updated: {{2}}' }] },
      { name: 'autumn_sale', language: 'en_US', status: 'PENDING', category: 'MARKETING', components: [{ type: 'BODY', text: 'Sale!' }] },
    ]);
    const agentSync = await agent.client.post(`/api/v1/channels/${channelId}/templates/sync`, {});
    assert.equal(agentSync.status, 403, 'only admins sync');
    const synced = await admin.post(`/api/v1/channels/${channelId}/templates/sync`, {});
    assert.equal(synced.status, 200, synced.text);
    assert.deepEqual(synced.json.items.map((item) => [item.name, item.status, item.parameters]), [
      ['autumn_sale', 'PENDING', 0],
      ['ticket_update', 'APPROVED', 2],
    ]);
    const listed = await agent.client.get(`/api/v1/channels/${channelId}/templates`);
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.json.items[1].body, 'Your ticket {{1}} was updated: {{2}}');
    const wrongCount = await agent.client.post(`/api/v1/conversations/${late.conversation.id}/messages`, {
      content: { template: { name: 'ticket_update', language: 'en_US', parameters: ['#4711'] } },
    });
    assert.equal(wrongCount.status, 422, wrongCount.text);
    assert.match(wrongCount.json.error.message, /takes 2 parameters, 1 given/);
    const pending = await agent.client.post(`/api/v1/conversations/${late.conversation.id}/messages`, {
      content: { template: { name: 'autumn_sale', language: 'en_US', parameters: [] } },
    });
    assert.equal(pending.status, 422, pending.text);
    const templated = await agent.client.post(`/api/v1/conversations/${late.conversation.id}/messages`, {
      content: { template: { name: 'ticket_update', language: 'en_US', parameters: ['#4711', 'shipped today'] } },
    });
    assert.equal(templated.status, 201, templated.text);
    assert.equal(templated.json.message.content.template.text, 'Your ticket #4711 was updated: shipped today');
    const sent = await meta.waitForSent((entry) => entry.ok && entry.body.type === 'template');
    assert.deepEqual(sent.body.template, {
      name: 'ticket_update',
      language: { code: 'en_US' },
      components: [{ type: 'body', parameters: [{ type: 'text', text: '#4711' }, { type: 'text', text: 'shipped today' }] }],
    });
    await poll(async () => (await messageOf(late.conversation.id, templated.json.message.id)).status === 'sent', 'the template sent');
  });

  test('a bad signature is refused with 403 and stores nothing; malformed bodies get a clear 400', limits, async () => {
    const forged = meta.whatsapp.text('4915100000001', 'forged');
    const payload = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes: [{ field: 'messages', value: { metadata: { phone_number_id: PHONE_NUMBER_ID }, messages: [forged] } }] }] });
    const unsigned = await meta.postRaw(payload);
    assert.equal(unsigned.status, 403, unsigned.body);
    const wrong = await meta.postRaw(payload, { signature: sign(payload, 'another-app-secret-0123456789') });
    assert.equal(wrong.status, 403, wrong.body);
    const malformed = '{"object":"whatsapp_business_account","entry":[';
    const broken = await meta.postRaw(malformed, { signature: sign(malformed, meta.appSecret) });
    assert.equal(broken.status, 400, broken.body);
    assert.match(JSON.parse(broken.body).error.message, /not valid JSON/);
    assert.equal(await stored(withText('forged')), null);
  });

  test('one webhook of 50 messages stores each exactly once, also when Meta sends it again', limits, async () => {
    const messages = Array.from({ length: 50 }, (_, index) => meta.whatsapp.text(`49151000${String(index % 5).padStart(5, '0')}`, `batch message ${index}`));
    const posted = await meta.whatsapp.post({ phoneNumberId: PHONE_NUMBER_ID, messages });
    assert.equal(posted.status, 200, posted.body);
    // Answered only once all 50 are durable: they are all there at once.
    const found = await allMessages((message) => message.content?.text?.startsWith('batch message '));
    assert.equal(found.length, 50);
    const again = await meta.resend(posted);
    assert.equal(again.status, 200, again.body);
    const after = await allMessages((message) => message.content?.text?.startsWith('batch message '));
    assert.equal(after.length, 50, 'a repeat stores nothing');
    assert.equal(new Set(after.map((item) => item.message.content.text)).size, 50);
    // Each customer's messages in the order Meta listed them.
    const first = after.filter((item) => item.conversation.id === after[0].conversation.id).map((item) => Number(item.message.content.text.split(' ').at(-1)));
    assert.deepEqual(first, [...first].sort((a, b) => a - b));
  });

  test("Meta's refusals reach the agent: an undeliverable number fails the message with Meta's reason", limits, async () => {
    const hello = meta.whatsapp.text('4915177777777', 'Hello again');
    assert.equal((await meta.whatsapp.post({ phoneNumberId: PHONE_NUMBER_ID, messages: [hello] })).status, 200);
    const first = await poll(() => stored(withText('Hello again')), 'the message');
    await ownedByAgent(first.conversation.id);
    meta.failNext({ code: 131026, message: 'Message undeliverable', details: 'Message Undeliverable.' });
    const sent = await agent.client.post(`/api/v1/conversations/${first.conversation.id}/messages`, { text: 'Can you read this?' });
    assert.equal(sent.status, 201, sent.text);
    const failed = await poll(async () => {
      const message = await messageOf(first.conversation.id, sent.json.message.id);
      return message.status === 'failed' ? message : null;
    }, 'the failed message');
    assert.match(failed.statusReason, /cannot receive WhatsApp messages \(not on WhatsApp/);
    assert.match(failed.statusReason, /Meta error 131026/);
  });
});
