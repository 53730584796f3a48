// The web chat widget's protocol against the real server (api/widget.h): the public session call
// with its origin allowlist and CORS, the visitor's WebSocket (messages stored once per clientId,
// images, errors for bad frames, typing and read both ways), an agent's reply reaching the visitor,
// and visitors hearing only what is addressed to them. The browser side is tested in
// tests/e2e/widget.test.mjs.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  frameLog,
  makeDataDir,
  openLiveSocket,
  openSocket,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';

const limits = { timeout: SUITE_TIMEOUT_MS };
const SHOP = 'https://shop.example';
// The first bytes of a PNG (signature and IHDR): enough for the server's check.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

let dataDir;
let server;
let tenant;
let admin;
let agent; // { client, frames }
let channelId;

async function session(body, origin = SHOP) {
  const response = await fetch(`${server.url}/api/v1/widget/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: await response.json().catch(() => null) };
}

// The visitor a token names ("vt_<visitor>.<issued>.<mac>").
const visitorOf = (token) => token.split('.')[0];

// A visitor with an open socket: { token, ws, frames, send }.
async function visitor(origin = SHOP) {
  const started = await session({ channel: channelId }, origin);
  assert.equal(started.status, 200, JSON.stringify(started.json));
  const socket = await openSocket(
    server,
    `/api/v1/widget/live?channel=${channelId}&token=${encodeURIComponent(started.json.visitorToken)}`,
    { origin },
  );
  assert.ok(socket.ws, `visitor socket: ${JSON.stringify(socket)}`);
  const frames = frameLog(socket);
  await frames.wait((frame) => frame.type === 'hello', 'hello');
  return { token: started.json.visitorToken, ws: socket.ws, frames, send: (frame) => socket.ws.send(JSON.stringify(frame)) };
}

before(async () => {
  dataDir = makeDataDir('widget');
  tenant = seedTenant(dataDir, 'Widget');
  // Sockets re-check their visitor every second (signing visitors out closes them at the next check).
  server = await startServer(dataDir, ['--live-recheck-seconds', '1']);
  admin = new Client(server.url, { token: tenant.adminToken });
  const created = await admin.post('/api/v1/channels', {
    type: 'webchat',
    name: 'Web chat',
    settings: { allowedOrigins: [SHOP], title: 'Chat with Northwind', colors: { primary: '#0f766e', onPrimary: '#ffffff' } },
  });
  assert.equal(created.status, 201, created.text);
  channelId = created.json.channel.id;
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
});

describe('web chat widget protocol', () => {
  test('the session call checks the channel and the origin, and answers CORS', limits, async () => {
    const ok = await session({ channel: channelId });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), SHOP);
    assert.match(ok.json.visitorToken, /^vt_vis_[0-9a-f]+\.\d{10}\.[0-9a-f]{64}$/);
    assert.equal(ok.json.config.title, 'Chat with Northwind');
    assert.equal(ok.json.config.colors.primary, '#0f766e');
    assert.deepEqual(ok.json.messages, []);

    const foreign = await session({ channel: channelId }, 'https://evil.example');
    assert.equal(foreign.status, 403);
    assert.equal(foreign.json.error.code, 'forbidden');
    assert.equal((await session({ channel: 'chn_nope' })).status, 404);
    assert.equal((await session({})).status, 422);

    const preflight = await fetch(`${server.url}/api/v1/widget/sessions`, {
      method: 'OPTIONS',
      headers: { Origin: SHOP, 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), SHOP);
    assert.match(preflight.headers.get('access-control-allow-headers'), /Content-Type/);

    // A token is only good for its own channel and can't be forged into another visitor's.
    const forged = ok.json.visitorToken.replace(/vis_[0-9a-f]{4}/, 'vis_ffff');
    const again = await session({ channel: channelId, visitorToken: forged });
    assert.equal(again.status, 200);
    assert.notEqual(again.json.visitorToken, forged, 'a forged token gets a new visitor');
    const badSocket = await openSocket(server, `/api/v1/widget/live?channel=${channelId}&token=${encodeURIComponent(forged)}`, { origin: SHOP });
    assert.equal(badSocket.refused, 401);
    const foreignSocket = await openSocket(
      server,
      `/api/v1/widget/live?channel=${channelId}&token=${encodeURIComponent(ok.json.visitorToken)}`,
      { origin: 'https://evil.example' },
    );
    assert.equal(foreignSocket.refused, 403);
  });

  test('a visitor writes, the agent gets it and answers, the visitor sees the answer; ticks and typing both ways', limits, async () => {
    const guest = await visitor();
    guest.send({ type: 'message', clientId: 'c_first', text: 'Do you sell tandems?' });
    const ack = await guest.frames.wait((frame) => frame.type === 'ack' && frame.clientId === 'c_first', 'ack');
    assert.equal(ack.message.text, 'Do you sell tandems?');
    assert.equal(ack.message.direction, 'inbound');
    // Sent again with the same clientId (as after a reconnect): the same message, stored once.
    guest.send({ type: 'message', clientId: 'c_first', text: 'Do you sell tandems?' });
    await poll(() => guest.frames.frames.filter((frame) => frame.type === 'ack').length === 2, 'the second ack');
    const acks = guest.frames.frames.filter((frame) => frame.type === 'ack');
    assert.equal(acks[1].message.id, ack.message.id);

    const assigned = await agent.frames.wait(
      (frame) => frame.type === 'conversation.assigned',
      'the conversation assigned to the agent',
    );
    const conversationId = assigned.change.conversationId;
    const messages = await agent.client.get(`/api/v1/conversations/${conversationId}/messages`);
    assert.equal(messages.json.items.filter((item) => item.direction === 'inbound').length, 1);

    // The visitor types: the agent hears it. The agent types: the visitor hears it.
    guest.send({ type: 'typing', typing: true });
    await agent.frames.wait(
      (frame) => frame.type === 'contact.typing' && frame.conversationId === conversationId && frame.typing,
      'contact.typing',
    );
    assert.equal((await agent.client.post(`/api/v1/conversations/${conversationId}/typing`, { typing: true })).status, 204);
    await guest.frames.wait((frame) => frame.type === 'typing' && frame.typing === true, 'typing');

    // The agent reads: the visitor's message shows read.
    assert.equal((await agent.client.post(`/api/v1/conversations/${conversationId}/read`)).status, 204);
    await guest.frames.wait(
      (frame) => frame.type === 'status' && frame.messageId === ack.message.id && frame.status === 'read',
      'status read',
    );

    // The agent answers: the visitor gets it live; the visitor reads it: the agent sees read.
    const reply = await agent.client.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'Yes, three models.' });
    assert.equal(reply.status, 201, reply.text);
    const pushed = await guest.frames.wait((frame) => frame.type === 'message' && frame.message.id === reply.json.message.id, 'the reply');
    assert.equal(pushed.message.text, 'Yes, three models.');
    assert.equal(pushed.message.direction, 'outbound');
    await agent.frames.wait(
      (frame) => frame.type === 'message.status' && frame.message.id === reply.json.message.id && frame.message.status === 'sent',
      'the reply sent',
    );
    guest.send({ type: 'read', messageId: reply.json.message.id });
    await agent.frames.wait(
      (frame) => frame.type === 'message.status' && frame.message.id === reply.json.message.id && frame.message.status === 'read',
      'the reply read',
    );

    // A new session with the token resumes the conversation.
    const resumed = await session({ channel: channelId, visitorToken: guest.token });
    assert.equal(visitorOf(resumed.json.visitorToken), visitorOf(guest.token), 'the same visitor, a fresh token');
    assert.deepEqual(resumed.json.messages.map((message) => message.text), ['Do you sell tandems?', 'Yes, three models.']);
    assert.equal(resumed.json.messages[0].clientId, 'c_first');
    assert.equal(resumed.json.messages[1].status, 'read');

    // The agent attaches files: the visitor's page gets links signed for them, an image to show and
    // a PDF to download.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1500, 0x41), Buffer.from('\n%%EOF\n')]);
    for (const [name, bytes, kind] of [['tandem.png', PNG, 'image'], ['price list.pdf', pdf, 'file']]) {
      const upload = await agent.client.request('POST', `/api/v1/conversations/${conversationId}/attachments?name=${encodeURIComponent(name)}`, { body: bytes });
      assert.equal(upload.status, 201, upload.text);
      const sent = await agent.client.post(`/api/v1/conversations/${conversationId}/messages`, {
        content: { media: { id: upload.json.attachment.id, caption: `here: ${name}` } },
      });
      assert.equal(sent.status, 201, sent.text);
      const shown = await guest.frames.wait((frame) => frame.type === 'message' && frame.message.id === sent.json.message.id, name);
      assert.equal(shown.message.text, `here: ${name}`);
      assert.equal(shown.message[kind === 'image' ? 'file' : 'image'], null);
      const link = shown.message[kind];
      assert.equal(link.name, name);
      if (kind === 'file') {
        assert.equal(link.size, pdf.length);
      }
      const opened = await fetch(new URL(link.url, server.url));
      assert.equal(opened.status, 200);
      assert.equal(opened.headers.get('content-disposition'), `${kind === 'image' ? 'inline' : 'attachment'}; filename="${name}"`);
      assert.deepEqual(Buffer.from(await opened.arrayBuffer()), bytes);
    }
    guest.ws.close();
  });

  test('images are checked and kept with the message; bad frames get an error and the socket stays usable', limits, async () => {
    const guest = await visitor();
    guest.send('not json');
    await guest.frames.wait((frame) => frame.type === 'error' && frame.clientId === null, 'an error for invalid JSON');
    guest.send({ type: 'dance' });
    await guest.frames.wait((frame) => frame.type === 'error' && /unknown/.test(frame.message), 'an error for an unknown type');
    guest.send({ type: 'message', clientId: 'c_long', text: 'x'.repeat(4097) });
    await guest.frames.wait((frame) => frame.type === 'error' && frame.clientId === 'c_long', 'an error for a long text');
    guest.send({ type: 'message', clientId: 'bad id!', text: 'hi' });
    await guest.frames.wait((frame) => frame.type === 'error' && /clientId/.test(frame.message), 'an error for a bad clientId');
    guest.send({ type: 'message', clientId: 'c_fake', image: { name: 'x.png', type: 'image/png', data: Buffer.from('GIF89a...').toString('base64') } });
    await guest.frames.wait((frame) => frame.type === 'error' && frame.clientId === 'c_fake', 'an error for a GIF called PNG');

    guest.send({ type: 'message', clientId: 'c_photo', text: 'my bike 4111 1111 1111 1111', image: { name: 'bike.png', type: 'image/png', data: PNG.toString('base64') } });
    const ack = await guest.frames.wait((frame) => frame.type === 'ack' && frame.clientId === 'c_photo', 'the image ack');
    assert.equal(ack.message.image.name, 'bike.png');
    assert.equal(ack.message.text, 'my bike •••• •••• •••• 1111', 'the caption is masked');

    // The image is a file of the media store: the visitor's page opens it through a signed link
    // (any page may, as an <img>), agents through the API.
    const link = new URL(ack.message.image.url, server.url);
    assert.match(link.pathname, /^\/api\/v1\/widget\/media\/med_\w+$/);
    assert.equal(link.searchParams.get('channel'), channelId);
    const mediaId = link.pathname.split('/').pop();
    const opened = await fetch(link, { headers: { Origin: 'https://elsewhere.example' } });
    assert.equal(opened.status, 200);
    assert.equal(opened.headers.get('content-type'), 'image/png');
    assert.equal(opened.headers.get('cache-control'), 'no-store');
    assert.deepEqual(Buffer.from(await opened.arrayBuffer()), PNG);
    const forged = new URL(link);
    forged.searchParams.set('sig', link.searchParams.get('sig').replace(/^./, (c) => (c === '0' ? '1' : '0')));
    const unsigned = new URL(link);
    unsigned.searchParams.delete('sig');
    const elsewhere = new URL(link);
    elsewhere.searchParams.set('channel', 'chn_0000000000000000');
    for (const refused of [forged, unsigned, elsewhere]) {
      const answer = await fetch(refused);
      assert.equal(answer.status, 404, `${refused}: ${answer.status}`);
    }
    const asAgent = await fetch(`${server.url}/api/v1/media/${mediaId}`, { headers: { Authorization: `Bearer ${tenant.adminToken}` } });
    assert.equal(asAgent.status, 200);
    assert.deepEqual(Buffer.from(await asAgent.arrayBuffer()), PNG);
    const withoutSignIn = await fetch(`${server.url}/api/v1/media/${mediaId}`);
    assert.equal(withoutSignIn.status, 401);

    // The conversation's history, as a page opened later gets it, links the same file.
    const resumed = await session({ channel: channelId, visitorToken: guest.token });
    const shown = resumed.json.messages.find((message) => message.clientId === 'c_photo');
    assert.equal(shown.image.url, ack.message.image.url);
    assert.equal(shown.text, 'my bike •••• •••• •••• 1111');
    guest.ws.close();
  });

  test('visitors hear only what is addressed to them', limits, async () => {
    const one = await visitor();
    const two = await visitor();
    one.send({ type: 'message', clientId: 'c_one', text: 'from one' });
    await one.frames.wait((frame) => frame.type === 'ack' && frame.clientId === 'c_one', 'ack to one');
    const broadcast = await admin.post('/api/v1/broadcasts', { text: 'team meeting at 3' });
    assert.equal(broadcast.status, 202, broadcast.text);
    // A frame to two after both: everything before it has reached two's socket.
    two.send({ type: 'message', clientId: 'c_two', text: 'from two' });
    await two.frames.wait((frame) => frame.type === 'ack' && frame.clientId === 'c_two', 'ack to two');
    const heard = two.frames.frames.map((frame) => frame.type);
    assert.deepEqual(heard, ['hello', 'ack'], `two heard ${JSON.stringify(two.frames.frames)}`);
    one.ws.close();
    two.ws.close();
  });
});

async function poll(check, what, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`no ${what} within ${ms} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// RFC 6455 §8.1: a text message that is not UTF-8 closes the socket with 1007, also when the bad
// sequence is split across fragments or lies beyond the first bytes read.
describe('invalid UTF-8 in text frames', () => {
  const messages = {
    'a sequence split across fragments': [[0xe2, 0x82], [0x28]],
    'a sequence cut off by the last fragment': [[0x61, 0xe2], [0x82]],
    'a bad byte after 300 good ones': [[...Buffer.alloc(300, 0x61), 0xc3, 0x28]],
    'a bad byte in a later fragment after 300 good ones': [[...Buffer.alloc(300, 0x61)], [0x61, 0xff]],
  };
  async function closeCode(ws, closed, parts) {
    parts.forEach((bytes, index) => ws.send(Buffer.from(bytes), { binary: false, fin: index === parts.length - 1 }));
    return Promise.race([closed.then((info) => info.code), new Promise((resolve) => setTimeout(() => resolve('still open'), 5000))]);
  }
  for (const [label, parts] of Object.entries(messages)) {
    test(`${label}: 1007 on the visitor's and the agent's socket`, async () => {
      const guest = await visitor();
      const guestClosed = new Promise((resolve) => guest.ws.once('close', (code) => resolve({ code })));
      assert.equal(await closeCode(guest.ws, guestClosed, parts), 1007, 'visitor');
      const live = await openLiveSocket(server, { cookie: agent.client.cookieHeader() });
      assert.equal((await live.next()).json.type, 'hello');
      assert.equal(await closeCode(live.ws, live.closed, parts), 1007, 'agent');
    }, limits);
  }
});

describe('web chat as a registered channel type', () => {
  test('its capabilities and links are listed; its secret-free body is enforced; it takes no webhooks', limits, async () => {
    const listed = await admin.get('/api/v1/channels');
    assert.equal(listed.status, 200, listed.text);
    const channel = listed.json.items.find((item) => item.id === channelId);
    assert.deepEqual(channel.capabilities, {
      text: true,
      media: true,
      choices: false,
      maxChoices: 0,
      location: false,
      typing: true,
      readReceipts: true,
      templates: false,
    });
    assert.equal(channel.embedPath, `/widget.js?channel=${channelId}`);
    assert.equal(channel.status.state, 'ready');

    const unknownType = await admin.post('/api/v1/channels', { type: 'fax', name: 'Fax', settings: {} });
    assert.equal(unknownType.status, 422, unknownType.text);
    assert.match(unknownType.json.error.message, /^type: smpp, webchat, telegram, viber(, [a-z]+)* or [a-z]+ channels can be added \(the API channel is built in\)$/);
    const withPassword = await admin.patch(`/api/v1/channels/${channelId}`, { password: 'secret1' });
    assert.equal(withPassword.status, 422, withPassword.text);
    assert.match(withPassword.json.error.message, /^password: channels of type webchat have none/);

    for (const id of [channelId, 'chn_nope']) {
      const hook = await fetch(`${server.url}/api/v1/channels/${id}/webhook`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"update_id":1}',
      });
      assert.equal(hook.status, 404, id);
      assert.equal((await hook.json()).error.message, 'no channel takes webhooks at this address');
    }
  });
});

// Last: it ends every visitor token of the channel.
describe('signing every visitor of a channel out (a new key epoch)', () => {
  test('tokens issued before stop working, open sockets close, agents keep the conversation; audited', limits, async () => {
    const guest = await visitor();
    guest.send({ type: 'message', clientId: 'c_before', text: 'before the sign-out' });
    const ack = await guest.frames.wait((frame) => frame.type === 'ack' && frame.clientId === 'c_before', 'ack');
    const closed = new Promise((resolve) => guest.ws.once('close', (code) => resolve(code)));
    const conversationsBefore = (await admin.get('/api/v1/conversations?limit=200')).json.items.map((item) => item.id);

    assert.equal((await agent.client.post(`/api/v1/channels/${channelId}/sign-out-visitors`, {})).status, 403);
    for (const id of ['api', 'chn_nope']) {
      assert.equal((await admin.post(`/api/v1/channels/${id}/sign-out-visitors`, {})).status, 404, id);
    }
    const signedOut = await admin.post(`/api/v1/channels/${channelId}/sign-out-visitors`, {});
    assert.equal(signedOut.status, 200, signedOut.text);
    assert.equal(signedOut.json.channel.id, channelId);
    assert.equal(typeof (await closed), 'number', 'the open socket closed');

    const stale = await openSocket(server, `/api/v1/widget/live?channel=${channelId}&token=${encodeURIComponent(guest.token)}`, { origin: SHOP });
    assert.equal(stale.refused, 401);
    const again = await session({ channel: channelId, visitorToken: guest.token });
    assert.equal(again.status, 200);
    assert.notEqual(visitorOf(again.json.visitorToken), visitorOf(guest.token), 'a new visitor');
    assert.deepEqual(again.json.messages, [], 'the old chat is not shown to the holder of the old token');
    const fresh = await openSocket(server, `/api/v1/widget/live?channel=${channelId}&token=${encodeURIComponent(again.json.visitorToken)}`, { origin: SHOP });
    assert.ok(fresh.ws, 'a token issued after the sign-out works');
    fresh.ws.close();

    // The agents' side is untouched.
    const conversationsAfter = (await admin.get('/api/v1/conversations?limit=200')).json.items.map((item) => item.id);
    assert.deepEqual(conversationsAfter.sort(), conversationsBefore.sort());
    assert.ok(ack.message.id.startsWith('msg_'));
    const audit = await admin.get(`/api/v1/audit/entries?entity=channel&entityId=${channelId}`);
    assert.equal(audit.status, 200, audit.text);
    assert.deepEqual(audit.json.items.map((entry) => entry.attribute), ['visitorsSignedOut']);
  });
});
