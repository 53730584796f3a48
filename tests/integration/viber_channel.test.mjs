// Viber channels through the whole app, against ./viber_fake.mjs (Viber's REST Bot API written from
// channels.md §5 and cross-checked with the official npm `viber-bot`, see viber_fake.test.mjs): an
// admin adds a Viber channel; Parley sets the webhook (Viber's signed check callback answered), users
// write, send a picture and a location, the agent answers with text, choices (a keyboard), a picture
// and a location; delivered / seen become ticks; unsubscribing opts the contact out; the welcome
// message answers conversation_started; forged or malformed callbacks change nothing; Viber's
// refusals (not subscribed, too many requests) fail or retry the message with Viber's reason.
//
// One Parley, one fake for the file. Parley listens on a port chosen first, so that its --public-url
// (the webhook URL's base) is known when it starts.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, frameLog, makeDataDir, openLiveSocket, ownedByAgent, seedTenant, signedIn, startServer, stopAll, SUITE_TIMEOUT_MS } from './harness.mjs';
import { freePort } from './telegram_bot_api.mjs';
import { ViberFake } from './viber_fake.mjs';

const TOKEN = '445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9';
const WAIT_MS = 20_000;
const limits = { timeout: SUITE_TIMEOUT_MS };
// The first bytes of a PNG (signature and IHDR): enough for the server's type check.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

let dataDir;
let server;
let tenant;
let admin;
let agent; // { client, frames }
let viber;
let channelId;

async function poll(probe, what, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found) {
      return found;
    }
    if (Date.now() > deadline) {
      throw new Error(`no ${what} within ${ms} ms\n--- parley log ---\n${server.stderr.split('\n').slice(-30).join('\n')}\n--- fake ---\n${viber.summary()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function channel(id) {
  const listed = await admin.get('/api/v1/channels');
  return listed.json.items.find((item) => item.id === id);
}

async function stored(predicate) {
  const listed = await admin.get('/api/v1/conversations?limit=200');
  for (const conversation of listed.json.items.filter((item) => item.channel === channelId)) {
    const messages = await admin.get(`/api/v1/conversations/${conversation.id}/messages?limit=200`);
    const found = messages.json.items.filter(predicate);
    if (found.length > 0) {
      return { conversation, message: found[0], count: found.length };
    }
  }
  return null;
}

const withText = (text) => (message) => message.content?.text === text;

async function reply(conversationId, body) {
  const response = await agent.client.post(`/api/v1/conversations/${conversationId}/messages`, body);
  assert.equal(response.status, 201, response.text);
  return response.json.message;
}

async function messageOf(conversationId, messageId) {
  const messages = await admin.get(`/api/v1/conversations/${conversationId}/messages?limit=200`);
  return messages.json.items.find((item) => item.id === messageId);
}

before(async () => {
  viber = await ViberFake.start({ token: TOKEN });
  dataDir = makeDataDir('viber');
  tenant = seedTenant(dataDir, 'Viber');
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
  await viber?.stop();
});

describe('Viber channel', () => {
  test('an admin adds a bot: the webhook is set and checked, the token is never shown, Test asks get_account_info', limits, async () => {
    const refused = await admin.post('/api/v1/channels', {
      type: 'viber',
      name: 'Shop bot',
      authToken: 'bad token!',
      settings: { senderName: 'Shop', apiBaseUrl: viber.url },
    });
    assert.equal(refused.status, 422, refused.text);
    assert.match(refused.json.error.message, /^authToken:/);
    const noName = await admin.post('/api/v1/channels', {
      type: 'viber',
      name: 'Shop bot',
      authToken: TOKEN,
      settings: { senderName: 'x'.repeat(29), apiBaseUrl: viber.url },
    });
    assert.equal(noName.status, 422, noName.text);
    assert.match(noName.json.error.message, /^settings\.senderName:/);

    const created = await admin.post('/api/v1/channels', {
      type: 'viber',
      name: 'Shop bot',
      authToken: TOKEN,
      settings: { senderName: 'Shop', welcomeMessage: 'Hi! Ask us anything.', apiBaseUrl: `${viber.url}/` },
    });
    assert.equal(created.status, 201, created.text);
    channelId = created.json.channel.id;
    assert.ok(!created.text.includes(TOKEN), 'the token is never returned');
    assert.equal(created.json.channel.passwordSet, true);
    assert.deepEqual(created.json.channel.settings, {
      senderName: 'Shop',
      avatarUrl: null,
      welcomeMessage: 'Hi! Ask us anything.',
      apiBaseUrl: viber.url,
    });
    const webhookUrl = `${server.url}/api/v1/channels/${channelId}/webhook`;
    const listed = await poll(async () => {
      const found = await channel(channelId);
      return found.status.state === 'connected' ? found : null;
    }, 'connected state');
    assert.equal(listed.status.detail, `Viber sends events to ${webhookUrl}`);
    assert.equal(viber.webhook.url, webhookUrl);
    assert.equal(viber.callsTo('set_webhook').at(-1).headers['x-viber-auth-token'], TOKEN);

    const tested = await admin.post(`/api/v1/channels/${channelId}/test`, {});
    assert.deepEqual(tested.json.result, { ok: true, status: null, error: null });
  });

  test('users write, send a picture and a location; the agent answers with text, choices, a picture and a location', limits, async () => {
    const answer = await viber.sendText('ana01234567890A=', 'Hello from Viber', { name: 'Ana' });
    assert.equal(answer.status, 200, answer.body);
    const first = await poll(() => stored(withText('Hello from Viber')), 'the first message');
    const assigned = await agent.frames.wait(
      (frame) => frame.type === 'conversation.assigned' && frame.change.conversationId === first.conversation.id,
      'conversation.assigned',
    );
    assert.equal(assigned.change.agentId, tenant.users.agent.id);
    const contact = await admin.get(`/api/v1/contacts/${first.conversation.contactId}`);
    assert.equal(contact.json.contact.name, 'Ana');

    // Viber's link expires: Parley fetches the picture into its media store, typed by its bytes.
    const receipt = viber.addMedia('receipt.jpg', PNG, 'image/jpeg');
    await viber.sendPicture('ana01234567890A=', receipt, 'my receipt 4111 1111 1111 1111', { name: 'Ana' });
    const picture = await poll(() => stored((message) => message.content?.media?.caption?.startsWith('my receipt')), 'the picture');
    const media = picture.message.content.media;
    assert.match(media.id, /^med_/);
    assert.equal(media.url, `/api/v1/media/${media.id}`);
    assert.equal(media.mimeType, 'image/png', 'the type its bytes tell, not the name or the header');
    assert.equal(media.caption, 'my receipt •••• •••• •••• 1111');
    const file = await fetch(`${server.url}${media.url}`, { headers: { Authorization: `Bearer ${tenant.adminToken}` } });
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), PNG);
    // A link that no longer works: the message keeps it (and its caption) rather than being lost.
    const gone = `http://127.0.0.1:${viber.port}/media/expired/old.jpg`;
    await viber.sendPicture('ana01234567890A=', gone, 'an old photo', { name: 'Ana' });
    const kept = await poll(() => stored((message) => message.content?.media?.caption === 'an old photo'), 'the picture with an expired link');
    assert.equal(kept.message.content.media.url, gone);
    await viber.sendLocation('ana01234567890A=', 52.52, 13.405, { name: 'Ana' });
    const location = await poll(() => stored((message) => message.content?.location), 'the location');
    assert.equal(location.message.content.location.latitude, 52.52);

    const text = await reply(first.conversation.id, { text: 'Hi Ana, how can we help?' });
    const choices = await reply(first.conversation.id, { content: { choices: { text: 'Is it solved?', options: ['Yes', 'No'] } } });
    const photo = await reply(first.conversation.id, {
      content: { media: { url: 'https://cdn.example.test/invoice.png', mimeType: 'image/png', caption: 'Your invoice' } },
    });
    const place = await reply(first.conversation.id, { content: { location: { latitude: 48.1, longitude: 11.6, name: 'Shop' } } });
    await poll(async () => (await messageOf(first.conversation.id, place.id)).status === 'sent', 'the location sent');
    const sent = viber.sentTo('ana01234567890A=');
    assert.deepEqual(sent.map((body) => body.type), ['text', 'text', 'picture', 'location']);
    assert.equal(sent[0].text, 'Hi Ana, how can we help?');
    assert.deepEqual(sent[0].sender, { name: 'Shop' });
    assert.equal(sent[1].min_api_version, 3);
    assert.deepEqual(sent[1].keyboard.Buttons.map((button) => [button.ActionType, button.ActionBody, button.Text]), [
      ['reply', 'Yes', 'Yes'],
      ['reply', 'No', 'No'],
    ]);
    assert.equal(sent[2].media, 'https://cdn.example.test/invoice.png');
    assert.equal(sent[2].text, 'Your invoice');
    assert.deepEqual(sent[3].location, { lat: 48.1, lon: 11.6 });
    const tokens = viber.sentTokens.slice(-4);
    for (const [index, message] of [text, choices, photo, place].entries()) {
      assert.equal((await messageOf(first.conversation.id, message.id)).providerMessageId, tokens[index], 'the 19-digit token, exactly');
    }

    // The agent attaches files: Viber gets links to fetch them through (signed for an hour), a picture
    // as a picture and anything else as a file with its name and size, and fetches the agent's bytes.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
    const attachments = `/api/v1/conversations/${first.conversation.id}/attachments`;
    const sentBefore = viber.sentTo('ana01234567890A=').length;
    for (const [name, bytes] of [['invoice 7.pdf', pdf], ['map.png', PNG]]) {
      const upload = await agent.client.request('POST', `${attachments}?name=${encodeURIComponent(name)}`, { body: bytes });
      assert.equal(upload.status, 201, upload.text);
      const message = await reply(first.conversation.id, { content: { media: { id: upload.json.attachment.id, caption: `here: ${name}` } } });
      await poll(async () => (await messageOf(first.conversation.id, message.id)).status === 'sent', `${name} sent`);
    }
    const [sentPdf, sentPicture] = viber.sentTo('ana01234567890A=').slice(sentBefore);
    assert.equal(sentPdf.type, 'file');
    assert.equal(sentPdf.file_name, 'invoice 7.pdf');
    assert.equal(Number(sentPdf.size), pdf.length);
    assert.equal(sentPicture.type, 'picture');
    assert.equal(sentPicture.text, 'here: map.png');
    for (const [sentFile, bytes] of [[sentPdf, pdf], [sentPicture, PNG]]) {
      const link = new URL(sentFile.media);
      assert.equal(link.origin, new URL(server.url).origin, 'through --public-url');
      const fetched = await fetch(link);
      assert.equal(fetched.status, 200, sentFile.media);
      assert.deepEqual(Buffer.from(await fetched.arrayBuffer()), bytes);
    }
    // The link opens that file only, for its hour only.
    const link = new URL(sentPicture.media);
    for (const [name, value] of [['sig', '0'.repeat(64)], ['expires', String(Math.floor(Date.now() / 1000) + 7200)], ['tenant', 'ten_other']]) {
      const forged = new URL(link);
      forged.searchParams.set(name, value);
      assert.equal((await fetch(forged)).status, 404, `a link with another ${name}`);
    }
    const other = new URL(link);
    other.pathname = other.pathname.replace(/med_\w+/, new URL(sentPdf.media).pathname.split('/')[4]);
    assert.equal((await fetch(other)).status, 404, 'another file under this signature');

    // A tap on a keyboard button arrives as its text.
    await viber.sendText('ana01234567890A=', 'No', { name: 'Ana' });
    await poll(() => stored(withText('No')), 'the tapped button');

    // Ticks: delivered, then seen; a late "delivered" does not undo "read".
    await viber.delivered(tokens[0], 'ana01234567890A=');
    await poll(async () => (await messageOf(first.conversation.id, text.id)).status === 'delivered', 'delivered');
    await viber.seen(tokens[0], 'ana01234567890A=');
    await poll(async () => (await messageOf(first.conversation.id, text.id)).status === 'read', 'read');
    await viber.delivered(tokens[0], 'ana01234567890A=');
    assert.equal((await messageOf(first.conversation.id, text.id)).status, 'read');
    const failed = await viber.failed(tokens[1], 'ana01234567890A=', 'keyboard not supported');
    assert.equal(failed.status, 200);
    const refused = await messageOf(first.conversation.id, choices.id);
    assert.equal(refused.status, 'failed');
    assert.match(refused.statusReason, /keyboard not supported/);
  });

  test('forged, malformed and repeated callbacks change nothing; conversation_started gets the welcome message', limits, async () => {
    const forged = await viber.sendText('eve01234567890A=', 'forged?', { key: 'not-the-token-at-all' });
    assert.equal(forged.status, 401);
    const unsigned = await fetch(viber.webhook.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(unsigned.status, 401);
    assert.equal(await stored(withText('forged?')), null);

    const bad = await viber.deliver({ event: 'message', timestamp: 1, message_token: 1.5 });
    assert.equal(bad.status, 400);

    const once = await viber.sendText('bo01234567890AB=', 'only once', { name: 'Bo' });
    assert.equal(once.status, 200);
    assert.equal((await viber.resend(once)).status, 200, 'a retried callback is answered');
    assert.equal((await stored(withText('only once'))).count, 1, 'and stored once');

    const started = await viber.conversationStarted('cy01234567890ABC=', { subscribed: false });
    assert.equal(started.status, 200);
    assert.equal(started.invalid, null, 'the welcome message is a valid message');
    assert.equal(started.message.text, 'Hi! Ask us anything.');
    assert.equal(started.message.sender.name, 'Shop');
  });

  test('unsubscribing opts the contact out; Viber refusals fail or retry the message with its reason', limits, async () => {
    await viber.sendText('dee01234567890A=', 'Please help', { name: 'Dee' });
    const { conversation } = await poll(() => stored(withText('Please help')), 'the message');
    await ownedByAgent({ supervisor: admin, agent: agent.client, agentId: tenant.users.agent.id }, conversation.id);

    viber.failNext(12);
    const later = await reply(conversation.id, { text: 'One moment' });
    await poll(async () => (await messageOf(conversation.id, later.id)).status === 'sent', 'sent after a retry', 30_000);

    viber.failNext(6);
    const notSubscribed = await reply(conversation.id, { text: 'Still there?' });
    const failed = await poll(async () => {
      const message = await messageOf(conversation.id, notSubscribed.id);
      return message.status === 'failed' ? message : null;
    }, 'the refused message');
    assert.match(failed.statusReason, /not subscribed/);

    assert.equal((await viber.unsubscribe('dee01234567890A=')).status, 200);
    const afterOptOut = await agent.client.post(`/api/v1/conversations/${conversation.id}/messages`, { text: 'Hello?' });
    assert.equal(afterOptOut.status, 409, afterOptOut.text);
    const audit = await admin.get(`/api/v1/audit?entity=contact&entityId=${conversation.contactId}`);
    assert.equal(audit.status, 200, audit.text);
    const consent = audit.json.items.filter((item) => item.attribute === `consent.${channelId}`);
    assert.equal(consent.length, 1, 'the opt-out is audited');
    assert.match(consent[0].value, /unsubscribed/);
    assert.deepEqual(consent[0].actor, { kind: 'system', id: 'viber' });
    assert.equal((await viber.subscribe('dee01234567890A=', { name: 'Dee' })).status, 200);
    const back = await agent.client.post(`/api/v1/conversations/${conversation.id}/messages`, { text: 'Welcome back' });
    assert.equal(back.status, 201, back.text);
  });
});
