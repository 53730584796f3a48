// Telegram channels through the whole app, against the npm `telegram-test-api` Bot API emulator
// behind ./telegram_bot_api.mjs (which closes the emulator's gaps: the secret-token header on
// webhooks, getUpdates' offset, media methods, injected 429 and 403). An admin adds a Telegram
// channel; in webhook mode Parley sets the webhook with a secret and takes only updates carrying
// it; in polling mode it long-polls getUpdates and confirms a batch only once it is stored. A user
// writes, sends a photo and presses a button; the agent answers with text and choices; Telegram's
// flood control (429 retry_after) is waited out and a user who blocked the bot fails the message.
//
// One Parley, one emulator for the file. Parley listens on a port chosen first, so that its
// --public-url (the webhook URL's base) is known when it starts.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  frameLog,
  makeDataDir,
  openLiveSocket,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';
import { BotApi, freePort } from './telegram_bot_api.mjs';

const TOKEN = '123456789:AAE-parley_test_token';
const POLLING_TOKEN = '987654321:AAE-parley_polling_bot';
const WAIT_MS = 20_000;
const limits = { timeout: SUITE_TIMEOUT_MS };

let dataDir;
let server;
let tenant;
let admin;
let agent; // { client, frames }
let botApi;
let channelId;
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function poll(probe, what, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found) {
      return found;
    }
    if (Date.now() > deadline) {
      throw new Error(`no ${what} within ${ms} ms\n--- parley log ---\n${server.stderr.split('\n').slice(-30).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function channel(id) {
  const listed = await admin.get('/api/v1/channels');
  assert.equal(listed.status, 200, listed.text);
  return listed.json.items.find((item) => item.id === id);
}

// The stored inbound message on `id`'s channel whose text is `text`, with its conversation.
async function stored(id, text) {
  const listed = await admin.get('/api/v1/conversations?limit=200');
  for (const conversation of listed.json.items.filter((item) => item.channel === id)) {
    const messages = await admin.get(`/api/v1/conversations/${conversation.id}/messages?limit=200`);
    const found = messages.json.items.filter((message) => message.content?.text === text);
    if (found.length > 0) {
      return { conversation, message: found[0], count: found.length };
    }
  }
  return null;
}

// The stored inbound message with a file whose caption starts with `caption`.
async function storedMedia(id, caption) {
  const listed = await admin.get('/api/v1/conversations?limit=200');
  for (const conversation of listed.json.items.filter((item) => item.channel === id)) {
    const messages = await admin.get(`/api/v1/conversations/${conversation.id}/messages?limit=200`);
    const found = messages.json.items.find((message) => message.content?.media?.caption?.startsWith(caption) && message.content.media.id);
    if (found) {
      return { conversation, message: found };
    }
  }
  return null;
}

async function reply(conversationId, body) {
  const response = await agent.client.post(`/api/v1/conversations/${conversationId}/messages`, body);
  assert.equal(response.status, 201, response.text);
  return response.json.message;
}

async function statusOf(conversationId, messageId) {
  const messages = await admin.get(`/api/v1/conversations/${conversationId}/messages?limit=200`);
  return messages.json.items.find((item) => item.id === messageId);
}

before(async () => {
  botApi = await BotApi.start();
  dataDir = makeDataDir('telegram');
  tenant = seedTenant(dataDir, 'Telegram');
  const port = await freePort();
  server = await startServer(dataDir, ['--public-url', `http://127.0.0.1:${port}/`, '--webhook-allow-private'], {
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
  await botApi?.stop();
});

describe('Telegram channel, webhook mode', () => {
  test('an admin adds a bot: the webhook is set with a secret, the token is never shown, Test asks getMe', limits, async () => {
    const refused = await admin.post('/api/v1/channels', {
      type: 'telegram',
      name: 'Support bot',
      botToken: 'not a token',
      settings: { mode: 'webhook', apiBaseUrl: botApi.url },
    });
    assert.equal(refused.status, 422, refused.text);
    assert.match(refused.json.error.message, /^botToken:/);

    const created = await admin.post('/api/v1/channels', {
      type: 'telegram',
      name: 'Support bot',
      botToken: TOKEN,
      settings: { mode: 'webhook', apiBaseUrl: `${botApi.url}/` },
    });
    assert.equal(created.status, 201, created.text);
    channelId = created.json.channel.id;
    assert.equal(created.json.channel.passwordSet, true);
    assert.ok(!created.text.includes(TOKEN), 'the token is never returned');
    assert.deepEqual(created.json.channel.settings, { mode: 'webhook', apiBaseUrl: botApi.url });
    const webhookUrl = `${server.url}/api/v1/channels/${channelId}/webhook`;
    assert.equal(created.json.channel.webhookUrl, webhookUrl);
    assert.match(created.json.channel.webhookWarning, /loopback/);

    const listed = await poll(async () => {
      const found = await channel(channelId);
      return found.status.state === 'connected' ? found : null;
    }, 'connected state');
    assert.equal(listed.status.detail, `Telegram sends updates to ${webhookUrl}`);
    assert.equal(botApi.hooks[TOKEN].url, webhookUrl);
    assert.match(botApi.hooks[TOKEN].secret_token, /^[0-9a-f]{64}$/);
    assert.deepEqual(listed.capabilities, {
      text: true,
      media: true,
      choices: true,
      maxChoices: 10,
      location: true,
      typing: true,
      readReceipts: false,
      templates: false,
    });

    const tested = await admin.post(`/api/v1/channels/${channelId}/test`, {});
    assert.equal(tested.status, 200, tested.text);
    assert.deepEqual(tested.json.result, { ok: true, status: null, error: null });
    assert.ok(botApi.callsOf('getMe').length >= 1);
  });

  test('a user writes, sends a photo, gets choices and presses a button; the agent sees it all', limits, async () => {
    const ana = botApi.user(TOKEN, 4242, 'Ana');
    await ana.sendMessage(ana.makeMessage('Hello from Telegram'));
    const first = await poll(() => stored(channelId, 'Hello from Telegram'), 'the first message');
    assert.equal(first.message.direction, 'inbound');
    const assigned = await agent.frames.wait(
      (frame) => frame.type === 'conversation.assigned' && frame.change.conversationId === first.conversation.id,
      'conversation.assigned',
    );
    assert.equal(assigned.change.agentId, tenant.users.agent.id);
    assert.equal(botApi.hookResults.at(-1).status, 200);
    const contact = await admin.get(`/api/v1/contacts/${first.conversation.contactId}`);
    assert.equal(contact.status, 200, contact.text);
    assert.equal(contact.json.contact.name, 'Ana');

    const photo = ana.makeMessage(undefined, {
      photo: [
        { file_id: 'small', file_unique_id: 's', width: 90, height: 90, file_size: 1234 },
        { file_id: 'large', file_unique_id: 'l', width: 800, height: 600, file_size: 81234 },
      ],
      caption: 'my receipt',
    });
    delete photo.text;
    await ana.sendMessage(photo);
    // Telegram has no such file to give (getFile fails): the message is stored without it.
    await poll(() => stored(channelId, '[Photo] my receipt'), 'the photo message');

    // A photo Telegram gives: fetched, stored sealed, served to people who handle conversations.
    botApi.addFile('large-2', PNG);
    const second = ana.makeMessage(undefined, {
      photo: [{ file_id: 'large-2', file_unique_id: 'l2', width: 1, height: 1, file_size: PNG.length }],
      caption: 'the back, card 4111 1111 1111 1111',
    });
    delete second.text;
    await ana.sendMessage(second);
    const withFile = await poll(() => storedMedia(channelId, 'the back'), 'the stored photo');
    const media = withFile.message.content.media;
    assert.ok(!media.caption.includes('4111 1111'), `the card number is masked in ${media.caption}`);
    assert.deepEqual(
      { url: media.url, mimeType: media.mimeType, size: media.size },
      { url: `/api/v1/media/${media.id}`, mimeType: 'image/png', size: PNG.length },
    );
    const served = await fetch(`${server.url}${media.url}`, { headers: { cookie: agent.client.cookieHeader() } });
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    assert.match(served.headers.get('content-disposition'), /^inline/);
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), PNG);
    assert.equal((await fetch(`${server.url}${media.url}`)).status, 401, 'only signed-in people');
    const supervisor = await signedIn(server.url, tenant.users.supervisor);
    assert.equal((await supervisor.get(media.url)).status, 200, 'a supervisor sees every conversation');
    const dpo = await signedIn(server.url, tenant.users.dpo);
    assert.equal((await dpo.get(media.url)).status, 403, 'not for those who do not handle conversations');
    assert.equal((await admin.get('/api/v1/media/med_unknown')).status, 404);

    // A "photo.png" document that is really HTML is served as bytes to download, never as a page.
    const page = Buffer.from('<html><script>alert(1)</script></html>');
    botApi.addFile('doc-html', page);
    const document = ana.makeMessage(undefined, {
      document: { file_id: 'doc-html', file_unique_id: 'dh', file_name: 'photo.png', mime_type: 'image/png', file_size: page.length },
      caption: 'see attached',
    });
    delete document.text;
    await ana.sendMessage(document);
    const html = (await poll(() => storedMedia(channelId, 'see attached'), 'the document')).message.content.media;
    assert.equal(html.mimeType, 'application/octet-stream');
    const download = await fetch(`${server.url}${html.url}`, { headers: { authorization: `Bearer ${tenant.adminToken}` } });
    assert.equal(download.headers.get('content-type'), 'application/octet-stream');
    assert.equal(download.headers.get('content-disposition'), 'attachment; filename="photo.png"');

    // The agent types: Telegram shows "typing…" (it has no call to stop that: it ends by itself).
    const typing = await agent.client.post(`/api/v1/conversations/${first.conversation.id}/typing`, { typing: true });
    assert.equal(typing.status, 204, typing.text);
    const action = await poll(() => botApi.callsOf('sendChatAction')[0], 'sendChatAction');
    assert.deepEqual({ chat: String(action.params.chat_id), action: action.params.action }, { chat: '4242', action: 'typing' });
    const stopped = await agent.client.post(`/api/v1/conversations/${first.conversation.id}/typing`, { typing: false });
    assert.equal(stopped.status, 204, stopped.text);

    const text = await reply(first.conversation.id, { text: 'Hi Ana, how can we help?' });
    const choices = await reply(first.conversation.id, {
      content: { choices: { text: 'Is it solved?', options: ['Yes', 'No'] } },
    });
    await poll(async () => (await statusOf(first.conversation.id, choices.id)).status === 'sent', 'choices sent');
    assert.equal((await statusOf(first.conversation.id, text.id)).status, 'sent');
    const sent = botApi.sentTo(TOKEN, 4242);
    assert.deepEqual(sent.map((message) => message.text), ['Hi Ana, how can we help?', 'Is it solved?']);
    const keyboard = sent[1].reply_markup.inline_keyboard;
    assert.deepEqual(keyboard, [[{ text: 'Yes', callback_data: '1' }], [{ text: 'No', callback_data: '2' }]]);
    assert.equal(
      (await statusOf(first.conversation.id, choices.id)).providerMessageId,
      `4242:${sent[1].message_id}`,
    );

    // Telegram sends the keyboard back with the press; the button's label is the choice.
    await ana.sendCallback(
      ana.makeCallbackQuery('2', { message: { message_id: sent[1].message_id, reply_markup: sent[1].reply_markup } }),
    );
    const pressed = await poll(() => stored(channelId, 'No'), 'the pressed button');
    assert.equal(pressed.message.content.choice, 'No');
    await poll(() => botApi.callsOf('answerCallbackQuery').length >= 1, 'answerCallbackQuery');
    assert.equal(botApi.callsOf('sendChatAction').length, 1, 'typing false sends nothing');

    // The agent attaches files from their computer: they are uploaded to Telegram with the call
    // (multipart/form-data, read back here by Node's own form parser), a PNG as a photo and a PDF as
    // a document under their names.
    const attachments = `/api/v1/conversations/${first.conversation.id}/attachments`;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x41), Buffer.from('\n%%EOF\n')]);
    const uploaded = [];
    for (const [name, bytes] of [['label 1.png', PNG], ['invoice "7".pdf', pdf]]) {
      const upload = await agent.client.request('POST', `${attachments}?name=${encodeURIComponent(name)}`, {
        body: bytes,
        headers: { 'content-type': 'application/octet-stream' },
      });
      assert.equal(upload.status, 201, upload.text);
      uploaded.push(upload.json.attachment);
    }
    const [attachment, pdfAttachment] = uploaded;
    assert.match(attachment.id, /^med_/);
    assert.deepEqual({ ...attachment, id: undefined }, {
      id: undefined, url: `/api/v1/media/${attachment.id}`, mimeType: 'image/png', name: 'label 1.png', size: PNG.length,
    });
    assert.equal(pdfAttachment.mimeType, 'application/pdf');
    const labelReply = await reply(first.conversation.id, { content: { media: { id: attachment.id, caption: 'Your label' } } });
    assert.equal(labelReply.content.media.name, 'label 1.png');
    const invoiceReply = await reply(first.conversation.id, { content: { media: { id: pdfAttachment.id } } });
    await poll(async () => (await statusOf(first.conversation.id, invoiceReply.id)).status === 'sent', 'the files sent');
    assert.equal((await statusOf(first.conversation.id, labelReply.id)).status, 'sent');
    const photoCall = botApi.callsOf('sendPhoto').at(-1);
    assert.equal(photoCall.params.chat_id, '4242');
    assert.equal(photoCall.params.caption, 'Your label');
    assert.deepEqual({ name: photoCall.params.photo.name, type: photoCall.params.photo.type }, { name: 'label 1.png', type: 'image/png' });
    assert.deepEqual(photoCall.params.photo.bytes, PNG);
    const documentCall = botApi.callsOf('sendDocument').at(-1);
    assert.equal(documentCall.params.caption, undefined, 'no caption, none sent');
    assert.equal(documentCall.params.document.name, 'invoice _7_.pdf');
    assert.deepEqual(documentCall.params.document.bytes, pdf);

    // What cannot be attached, or named in a reply.
    const refusals = [
      [await agent.client.request('POST', attachments, { body: Buffer.alloc(0) }), 422],
      [await agent.client.request('POST', `${attachments}?name=${encodeURIComponent('a\nb.png')}`, { body: PNG }), 422],
      [await agent.client.request('POST', '/api/v1/conversations/cnv_0000000000000000/attachments', { body: PNG }), 404],
      [await agent.client.request('POST', attachments, { body: Buffer.alloc(20 * 1024 * 1024 + 1) }), 413],
      [await agent.client.post(`/api/v1/conversations/${first.conversation.id}/messages`, { content: { media: { id: 'med_unknown' } } }), 422],
      [await agent.client.post(`/api/v1/conversations/${first.conversation.id}/messages`, { content: { media: { id: attachment.id, url: 'https://x.example/a.png' } } }), 422],
    ];
    for (const [answer, status] of refusals) {
      assert.equal(answer.status, status, answer.text);
      assert.ok(answer.json?.error?.message, `a clear error: ${answer.text}`);
    }
    // A file over the limit stored nothing: the server still takes a normal one afterwards.
    const after = await agent.client.request('POST', attachments, { body: PNG });
    assert.equal(after.status, 201, after.text);
    // Over --max-body-bytes (1 MiB) is for signed-in callers of this route only.
    const large = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    const big = await agent.client.request('POST', `${attachments}?name=big.png`, { body: large });
    assert.equal(big.status, 201, big.text);
    assert.equal(big.json.attachment.size, large.length);
    const anonymous = await fetch(`${server.url}${attachments}`, { method: 'POST', body: large });
    assert.equal(anonymous.status, 413, 'nobody unknown makes the server hold a large body');
    const elsewhere = await agent.client.request('POST', `/api/v1/conversations/${first.conversation.id}/notes`, {
      body: large,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(elsewhere.status, 413, 'other routes keep the server limit');
  });

  test('webhook calls without the secret, or with a wrong one or a bad body, are refused; repeats are stored once', limits, async () => {
    const url = `${server.url}/api/v1/channels/${channelId}/webhook`;
    const update = {
      update_id: 900001,
      message: { message_id: 77, date: 1717000000, from: { id: 5151, is_bot: false, first_name: 'Eve' }, chat: { id: 5151, type: 'private' }, text: 'forged?' },
    };
    const post = (headers, body = JSON.stringify(update)) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    assert.equal((await post({})).status, 401);
    assert.equal((await post({ 'x-telegram-bot-api-secret-token': 'a'.repeat(64) })).status, 401);
    assert.equal(await stored(channelId, 'forged?'), null, 'nothing stored without the secret');

    const secret = { 'x-telegram-bot-api-secret-token': botApi.hooks[TOKEN].secret_token };
    const bad = await post(secret, '{"update_id":"seven"}');
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.code, 'validation_failed');
    assert.equal((await post(secret, '{')).status, 400);

    assert.equal((await post(secret)).status, 200);
    assert.equal((await post(secret)).status, 200);
    const once = await stored(channelId, 'forged?');
    assert.equal(once.count, 1, 'Telegram resending an update stores it once');
  });

  test('429 retry_after is waited out; a user who blocked the bot is unreachable until they write again', limits, async () => {
    const bo = botApi.user(TOKEN, 6060, 'Bo');
    await bo.sendMessage(bo.makeMessage('Is anyone there?'));
    const { conversation } = await poll(() => stored(channelId, 'Is anyone there?'), 'the message');

    const before = botApi.callsOf('sendMessage').length;
    botApi.failNext('sendMessage', 429, 1);
    const later = await reply(conversation.id, { text: 'Yes, one second' });
    await poll(async () => (await statusOf(conversation.id, later.id)).status === 'sent', 'sent after the wait', 30_000);
    assert.equal(botApi.callsOf('sendMessage').length - before, 2, 'refused once, then sent');

    botApi.failNext('sendMessage', 403);
    const blocked = await reply(conversation.id, { text: 'Still there?' });
    const failed = await poll(async () => {
      const message = await statusOf(conversation.id, blocked.id);
      return message.status === 'failed' ? message : null;
    }, 'the failed message');
    assert.equal(failed.statusReason, 'unreachable (blocked the bot)');

    // Until Bo writes again, replies fail at once, without asking Telegram.
    const calls = botApi.callsOf('sendMessage').length;
    const meanwhile = await reply(conversation.id, { text: 'Hello?' });
    const refused = await poll(async () => {
      const message = await statusOf(conversation.id, meanwhile.id);
      return message.status === 'failed' ? message : null;
    }, 'the reply to an unreachable contact failing');
    assert.equal(refused.statusReason, 'unreachable (blocked the bot)');
    assert.equal(botApi.callsOf('sendMessage').length, calls, 'Telegram was not asked');

    await bo.sendMessage(bo.makeMessage('Sorry, I had blocked you'));
    await poll(() => stored(channelId, 'Sorry, I had blocked you'), 'the message from Bo');
    const again = await reply(conversation.id, { text: 'Welcome back, Bo' });
    await poll(async () => (await statusOf(conversation.id, again.id)).status === 'sent', 'the reply sent');
    assert.equal(botApi.sentTo(TOKEN, 6060).at(-1).text, 'Welcome back, Bo');
  });
});

describe('Telegram channel, polling mode', () => {
  test('long polling delivers updates once each, across a restart of Parley', limits, async () => {
    const created = await admin.post('/api/v1/channels', {
      type: 'telegram',
      name: 'Polling bot',
      botToken: POLLING_TOKEN,
      settings: { mode: 'polling', apiBaseUrl: botApi.url },
    });
    assert.equal(created.status, 201, created.text);
    const id = created.json.channel.id;
    await poll(async () => (await channel(id)).status.state === 'connected', 'polling');
    const cy = botApi.user(POLLING_TOKEN, 7070, 'Cy');
    await cy.sendMessage(cy.makeMessage('polled one'));
    await poll(() => stored(id, 'polled one'), 'the polled message');

    await server.stop();
    await cy.sendMessage(cy.makeMessage('while Parley was down'));
    server = await startServer(dataDir, ['--public-url', server.url, '--webhook-allow-private'], {
      listen: `127.0.0.1:${server.port}`,
    });
    admin = new Client(server.url, { token: tenant.adminToken });
    const arrived = await poll(() => stored(id, 'while Parley was down'), 'the message sent while down');
    assert.equal(arrived.count, 1);
    assert.equal((await stored(id, 'polled one')).count, 1, 'nothing arrives twice');
  });
});
