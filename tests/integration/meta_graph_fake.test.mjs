// Cross-checks the Meta Graph fake (meta_graph_fake.mjs) against third-party implementations, both
// ways: whatsapp-api-js 6.3.0 (its client's sends, media calls and mark-read are accepted by the
// fake; its signature check, webhook parser and verification handler accept what the fake sends),
// messaging-api-messenger 1.1.0 (its Send API client, with appsecret_proof, is accepted; the fake's
// window refuses it where Meta would) and x-hub-signature 2.1.3 (it accepts the fake's Messenger and
// Instagram webhook signatures and refuses tampered bytes). The negative checks (wrong token, too
// many buttons, the 24-hour window, template parameters, Messenger's window) are there so these
// tests can fail. Loopback only; every wait is on a request or an event, with a bound that only
// guards against a hang.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { EventEmitter, once } from 'node:events';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { ActionButtons, ActionList, Body, BodyComponent, BodyParameter, Button, Image, Interactive, Language, ListSection, Row, Template, Text } from 'whatsapp-api-js/messages';
import messengerPkg from 'messaging-api-messenger';
import XHubSignature from 'x-hub-signature';
import { appsecretProof, metaJson, sign, startMetaGraphFake } from './meta_graph_fake.mjs';

const { MessengerClient } = messengerPkg;

const TOKEN = 'EAAGm0PX4ZCpsBAKtestTokenForTheMetaGraphFakeOnly';
const APP_SECRET = '0123456789abcdef0123456789abcdef';
const VERIFY_TOKEN = 'parley-verify-token';
const PNID = '106540352242922';
const WABA = '102290129340398';
const USER = '4915112345678';
const PAGE = '1895382890692546';
const IG_PAGE = '1895382890692999';
const IGID = '17841400000000001';
const TEMPLATE = { name: 'ticket_update', language: 'en_US', components: [{ type: 'BODY', text: 'Your ticket {{1}} was updated' }] };
const WAIT_MS = 5000; // a guard against a hang only
const HOUR = 3600;

const event = (emitter, name) => once(emitter, name, { signal: AbortSignal.timeout(WAIT_MS) });
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function listen(handler) {
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${server.address().port}/webhook`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

function readRaw(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

// A webhook receiver: GET answers the handshake through `verify(params)` (a string, or throws),
// POST answers 200 only when `check(raw, signatureHeader)` accepts the signature, then hands the
// payload to `handle(payload, raw, signature)`. Emits 'post' with {raw, headers, verified}.
async function receiver({ verify, check, handle = async () => {} }) {
  const events = new EventEmitter();
  const posts = [];
  const target = await listen(async (request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    if (request.method === 'GET') {
      let challenge;
      try {
        challenge = verify(Object.fromEntries(url.searchParams));
      } catch {
        challenge = undefined;
      }
      response.writeHead(challenge === undefined ? 403 : 200, { 'content-type': 'text/plain' });
      response.end(challenge ?? 'forbidden');
      return;
    }
    const raw = await readRaw(request);
    const signature = request.headers['x-hub-signature-256'];
    const verified = signature !== undefined && (await check(raw, signature));
    const post = { raw: raw.toString('utf8'), headers: request.headers, verified, error: null };
    posts.push(post);
    if (!verified) {
      response.writeHead(401);
      response.end();
      events.emit('post', post);
      return;
    }
    try {
      await handle(JSON.parse(post.raw), post.raw, signature);
    } catch (error) {
      post.error = error;
    }
    response.writeHead(200);
    response.end();
    events.emit('post', post);
  });
  return Object.assign(target, { events, posts });
}

// whatsapp-api-js against the fake: its base URL is hard-coded, so its fetch is redirected. Every
// request it makes is recorded in `requests` ({url, init}).
function whatsappClient(fake, { token = TOKEN, appSecret = APP_SECRET } = {}) {
  const requests = [];
  const wa = new WhatsAppAPI({
    token,
    appSecret,
    webhookVerifyToken: VERIFY_TOKEN,
    v: fake.version,
    ponyfill: {
      fetch: (url, init) => {
        requests.push({ url: String(url), init });
        return fetch(String(url).replace('https://graph.facebook.com', fake.url), init);
      },
    },
  });
  wa.requests = requests;
  wa.events = new EventEmitter();
  wa.on.message = (args) => {
    wa.events.emit('message', args);
  };
  wa.on.status = (args) => {
    wa.events.emit('status', args);
  };
  return wa;
}

// A receiver that is whatsapp-api-js: its verification handler, its signature check, its parser.
function whatsappReceiver(wa) {
  return receiver({
    verify: (params) => wa.get(params),
    check: (raw, signature) => wa.verifyRequestSignature(raw.toString('utf8'), signature),
    handle: (payload, raw, signature) => wa.post(payload, raw, signature),
  });
}

async function whatsappFake(options = {}) {
  const fake = await startMetaGraphFake({ accessToken: TOKEN, appSecret: APP_SECRET, ...options });
  fake.addPhoneNumber({ phoneNumberId: PNID, businessAccountId: WABA, displayPhoneNumber: '+1 555-000-1111', verifiedName: 'Parley Support' });
  fake.setTemplates(WABA, [TEMPLATE, { name: 'pending_one', language: 'en_US', status: 'PENDING', components: [{ type: 'BODY', text: 'Hello' }] }]);
  return fake;
}

// A raw Graph request: {status, body}.
async function graph(fake, method, path, { body, token = TOKEN, query = {}, headers = {} } = {}) {
  const url = new URL(`${fake.url}/${fake.version}/${path}`);
  for (const [key, value] of Object.entries(query)) {
    url.searchParams.set(key, value);
  }
  const response = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), contentType: response.headers.get('content-type') };
}

const waText = (to, body) => ({ messaging_product: 'whatsapp', to, type: 'text', text: { body } });
const replyButton = (index, title = `B${index}`) => ({ type: 'reply', reply: { id: `b${index}`, title } });
const buttons = (count, title) => ({
  messaging_product: 'whatsapp',
  to: USER,
  type: 'interactive',
  interactive: { type: 'button', body: { text: 'Pick one' }, action: { buttons: Array.from({ length: count }, (_, index) => replyButton(index, title)) } },
});
const list = (rowCount, rowTitle = 'Row') => ({
  messaging_product: 'whatsapp',
  to: USER,
  type: 'interactive',
  interactive: {
    type: 'list',
    body: { text: 'Choose' },
    action: { button: 'Options', sections: [{ title: 'All', rows: Array.from({ length: rowCount }, (_, index) => ({ id: `r${index}`, title: rowTitle, description: 'd' })) }] },
  },
});

test('whatsapp-api-js accepts the fake\'s handshake and signed webhooks, and its sends are accepted', async (t) => {
  const fake = await whatsappFake();
  t.after(() => fake.close());
  const wa = whatsappClient(fake);
  const target = await whatsappReceiver(wa);
  t.after(target.close);

  // Handshake (§1.1): a wrong verify token is refused by the SDK (403), the URL is not kept.
  const refused = await fake.subscribe(target.url, 'not-the-token');
  assert.deepEqual({ status: refused.status, ok: refused.ok, webhookUrl: fake.webhookUrl }, { status: 403, ok: false, webhookUrl: null });
  const subscribed = await fake.subscribe(target.url, VERIFY_TOKEN);
  assert.equal(subscribed.ok, true);
  assert.equal(subscribed.status, 200);
  assert.match(subscribed.challenge, /^\d+$/);
  assert.equal(subscribed.body, subscribed.challenge);
  assert.equal(fake.webhookUrl, target.url);

  // The exact §1.1 wire form of an inbound text.
  const fixed = fake.whatsapp.text(USER, 'Hi, my order is late', { timestamp: nowSeconds() - 60, id: 'wamid.FIXED' });
  let message = event(wa.events, 'message');
  const first = await fake.whatsapp.post({ phoneNumberId: PNID, messages: [fixed], names: { [USER]: 'Ana' } });
  assert.equal(first.status, 200);
  assert.equal(
    first.raw,
    `{"object":"whatsapp_business_account","entry":[{"id":"${WABA}","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"${PNID}"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"${USER}"}],"messages":[{"from":"${USER}","id":"wamid.FIXED","timestamp":"${fixed.timestamp}","type":"text","text":{"body":"Hi, my order is late"}}]},"field":"messages"}]}]}`,
  );
  assert.equal(first.signature, sign(first.raw, APP_SECRET));
  assert.match(first.signature, /^sha256=[0-9a-f]{64}$/);
  let [args] = await message;
  assert.deepEqual({ phoneID: args.phoneID, from: args.from, name: args.name, body: args.message.text.body }, { phoneID: PNID, from: USER, name: 'Ana', body: 'Hi, my order is late' });

  // Non-ASCII is escaped (\u00fc, surrogate pairs as two escapes, lowercase hex) and the SDK,
  // which escapes before hashing, accepts the signature.
  const unicode = fake.whatsapp.text(USER, 'Grüße 👋 ÄÖ', { context: { from: '15550001111', id: 'wamid.FIXED' } });
  message = event(wa.events, 'message');
  const posted = await fake.whatsapp.post({ phoneNumberId: PNID, messages: [unicode], names: { [USER]: 'Zoë' } });
  assert.equal(posted.status, 200);
  assert.ok(posted.raw.includes('Gr\\u00fc\\u00dfe \\ud83d\\udc4b \\u00c4\\u00d6'), posted.raw);
  assert.ok(posted.raw.includes('"name":"Zo\\u00eb"'));
  assert.match(posted.raw, /^[\x20-\x7e]+$/);
  [args] = await message;
  assert.equal(args.message.text.body, 'Grüße 👋 ÄÖ');
  assert.deepEqual(args.message.context, { from: '15550001111', id: 'wamid.FIXED' });
  assert.equal(args.name, 'Zoë');
  assert.equal(await wa.verifyRequestSignature(posted.raw, posted.signature), true);
  assert.equal(await wa.verifyRequestSignature(posted.raw.replace('Gr', 'gr'), posted.signature), false);
  assert.equal(await whatsappClient(fake, { appSecret: 'other-secret' }).verifyRequestSignature(posted.raw, posted.signature), false);

  // Meta's retry: the same bytes and signature again.
  message = event(wa.events, 'message');
  const again = await fake.resend(posted);
  assert.equal(again.status, 200);
  assert.equal(target.posts.at(-1).raw, posted.raw);
  [args] = await message;
  assert.equal(args.message.id, unicode.id);

  // Forged or unsigned bytes are refused by the SDK's check.
  assert.equal((await fake.postRaw(posted.raw, { signature: sign(posted.raw, 'wrong-secret') })).status, 401);
  assert.equal((await fake.postRaw(posted.raw)).status, 401);
  assert.equal(target.posts.at(-1).headers['x-hub-signature-256'], undefined);

  // Sends through the SDK: text, image by link, reply buttons, list, template, a reply, mark-read.
  const sends = [
    new Text('Hello from support'),
    new Image('https://cdn.example.com/invoice.jpg', false, 'Your invoice'),
    new Interactive(new ActionButtons(new Button('solved', 'Yes'), new Button('open', 'No')), new Body('Was your issue solved?')),
    new Interactive(new ActionList('Options', new ListSection('Tickets', new Row('t1', 'Ticket 4711', 'Late order'), new Row('t2', 'Ticket 4712'))), new Body('Which one?')),
    new Template('ticket_update', new Language('en_US'), new BodyComponent(new BodyParameter('#4711'))),
  ];
  for (const [index, send] of sends.entries()) {
    const answer = await wa.sendMessage(PNID, USER, send);
    assert.deepEqual(answer.contacts, [{ input: USER, wa_id: USER }], send._type);
    assert.match(answer.messages[0].id, /^wamid\.[A-Za-z0-9+/=]+$/);
    const recorded = fake.sent[index];
    assert.equal(recorded.ok, true);
    assert.equal(recorded.phoneNumberId, PNID);
    assert.equal(recorded.raw, wa.requests.at(-1).init.body); // byte for byte what the SDK sent
    assert.deepEqual(recorded.body, JSON.parse(wa.requests.at(-1).init.body));
    assert.equal(recorded.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(recorded.wamid, answer.messages[0].id);
    assert.equal(recorded.windowClosed, false);
  }
  assert.deepEqual(fake.sent[0].body, { messaging_product: 'whatsapp', recipient_type: 'individual', to: USER, type: 'text', text: { body: 'Hello from support' } });
  assert.deepEqual(fake.sent[1].body.image, { link: 'https://cdn.example.com/invoice.jpg', caption: 'Your invoice' });
  assert.deepEqual(fake.sent[2].body.interactive.action.buttons[1], { type: 'reply', reply: { title: 'No', id: 'open' } });
  assert.deepEqual(fake.sent[3].body.interactive.action.sections[0].rows[0], { id: 't1', title: 'Ticket 4711', description: 'Late order' });
  assert.deepEqual(fake.sent[4].body.template, { name: 'ticket_update', language: { policy: 'deterministic', code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '#4711' }] }] });
  await wa.sendMessage(PNID, USER, new Text('Replying'), unicode.id);
  assert.deepEqual(fake.sent.at(-1).body.context, { message_id: unicode.id });
  assert.deepEqual(await wa.markAsRead(PNID, unicode.id, 'text'), { success: true });
  assert.equal(fake.sent.at(-1).kind, 'read');
  assert.deepEqual(fake.sent.at(-1).body, { messaging_product: 'whatsapp', status: 'read', message_id: unicode.id, typing_indicator: { type: 'text' } });
  assert.equal((await wa.markAsRead(PNID, 'wamid.never-received')).error.code, 100);
  assert.equal(await fake.waitForSent((entry) => entry.body?.type === 'template'), fake.sent[4]);

  // A status webhook for one of the sends, parsed by the SDK.
  const status = event(wa.events, 'status');
  await fake.whatsapp.post({ phoneNumberId: PNID, statuses: [fake.whatsapp.status({ id: fake.sent[0].wamid, status: 'delivered' })] });
  const [statusArgs] = await status;
  assert.deepEqual({ id: statusArgs.id, status: statusArgs.status, phone: statusArgs.phone, phoneID: statusArgs.phoneID }, { id: fake.sent[0].wamid, status: 'delivered', phone: USER, phoneID: PNID });

  // Inside the window and without autoStatuses the fake posted nothing on its own.
  assert.equal(fake.deliveries.length, 6); // the six posts above
  assert.ok(target.posts.every((post) => post.error === null));
});

test('whatsapp-api-js media: upload, retrieve, download; inbound media downloads the same way', async (t) => {
  const fake = await whatsappFake();
  t.after(() => fake.close());
  const wa = whatsappClient(fake);
  const target = await whatsappReceiver(wa);
  t.after(target.close);
  fake.webhookUrl = target.url;
  await fake.whatsapp.post({ phoneNumberId: PNID, messages: [fake.whatsapp.text(USER, 'hi')] });

  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const form = new FormData();
  form.append('file', new Blob([png], { type: 'image/png' }), 'shot.png');
  const uploaded = await wa.uploadMedia(PNID, form);
  assert.match(uploaded.id, /^\d{16}$/);
  assert.equal(fake.uploads.length, 1);
  assert.deepEqual({ id: fake.uploads[0].id, mimeType: fake.uploads[0].mimeType, phoneNumberId: fake.uploads[0].phoneNumberId }, { id: uploaded.id, mimeType: 'image/png', phoneNumberId: PNID });
  assert.ok(fake.uploads[0].bytes.equals(png));

  const info = await wa.retrieveMedia(uploaded.id);
  assert.deepEqual(info, {
    messaging_product: 'whatsapp',
    url: `${fake.url}/media-download/${uploaded.id}`,
    mime_type: 'image/png',
    sha256: (await import('node:crypto')).createHash('sha256').update(png).digest('hex'),
    file_size: png.length,
    id: uploaded.id,
  });
  const download = await wa.fetchMedia(info.url);
  assert.equal(download.status, 200);
  assert.equal(download.headers.get('content-type'), 'image/png');
  assert.ok(Buffer.from(await download.arrayBuffer()).equals(png));
  assert.equal(wa.requests.at(-1).init.headers.Authorization, `Bearer ${TOKEN}`);
  assert.equal((await fetch(info.url)).status, 401);
  assert.equal((await fetch(info.url, { headers: { authorization: 'Bearer wrong' } })).status, 401);

  // Sending the uploaded id is accepted; an id the fake never issued is not.
  await wa.sendMessage(PNID, USER, new Image(uploaded.id, true));
  assert.equal(fake.sent.at(-1).ok, true);
  const unknown = await wa.sendMessage(PNID, USER, new Image('999', true));
  assert.equal(unknown.error.code, 100);
  assert.match(unknown.error.error_data.details, /image\['id'\]/);

  // An unsupported type is refused by the fake (the SDK's own check is skipped).
  const exe = new FormData();
  exe.append('file', new Blob([Buffer.from('MZ')], { type: 'application/x-msdownload' }), 'a.exe');
  assert.equal((await wa.uploadMedia(PNID, exe, false)).error.code, 100);

  // The user sends a picture: the webhook's media id downloads through the same two steps.
  const jpeg = Buffer.from('ffd8ffe000104a46494600', 'hex');
  const message = event(wa.events, 'message');
  await fake.whatsapp.post({ phoneNumberId: PNID, messages: [fake.whatsapp.image(USER, { bytes: jpeg, mimeType: 'image/jpeg', caption: 'my router' })] });
  const [args] = await message;
  assert.equal(args.message.type, 'image');
  assert.equal(args.message.image.caption, 'my router');
  assert.equal(args.message.image.mime_type, 'image/jpeg');
  const inboundInfo = await wa.retrieveMedia(args.message.image.id);
  assert.equal(inboundInfo.sha256, args.message.image.sha256);
  assert.ok(Buffer.from(await (await wa.fetchMedia(inboundInfo.url)).arrayBuffer()).equals(jpeg));

  assert.deepEqual(await wa.deleteMedia(uploaded.id), { success: true });
  const gone = await wa.retrieveMedia(uploaded.id);
  assert.deepEqual({ code: gone.error.code, subcode: gone.error.error_subcode }, { code: 100, subcode: 33 });
});

test('WhatsApp refusals: token, appsecret_proof, limits, the 24-hour window and templates', async (t) => {
  const fake = await whatsappFake();
  t.after(() => fake.close());
  const wa = whatsappClient(fake);
  const target = await whatsappReceiver(wa);
  t.after(target.close);
  await fake.subscribe(target.url, VERIFY_TOKEN);
  await fake.whatsapp.post({ phoneNumberId: PNID, messages: [fake.whatsapp.text(USER, 'hi')] });

  // A wrong or missing token: HTTP 401, code 190, before anything is recorded as sent.
  const intruder = whatsappClient(fake, { token: 'EAAnot-the-token' });
  const wrong = await intruder.sendMessage(PNID, USER, new Text('x'));
  assert.deepEqual({ code: wrong.error.code, type: wrong.error.type }, { code: 190, type: 'OAuthException' });
  assert.match(wrong.error.fbtrace_id, /^[A-Za-z0-9_-]+$/);
  assert.equal(fake.calls.at(-1).status, 401);
  const missing = await graph(fake, 'POST', `${PNID}/messages`, { body: waText(USER, 'x'), token: null });
  assert.deepEqual({ status: missing.status, code: missing.body.error.code }, { status: 401, code: 190 });
  assert.equal(fake.sent.length, 0);
  // ?access_token= works as well; appsecret_proof, when present, must be right.
  const viaQuery = await graph(fake, 'POST', `${PNID}/messages`, { body: waText(USER, 'q'), token: null, query: { access_token: TOKEN, appsecret_proof: appsecretProof(TOKEN, APP_SECRET) } });
  assert.equal(viaQuery.status, 200);
  const badProof = await graph(fake, 'POST', `${PNID}/messages`, { body: waText(USER, 'q'), query: { appsecret_proof: appsecretProof(TOKEN, 'other') } });
  assert.deepEqual({ status: badProof.status, code: badProof.body.error.code }, { status: 400, code: 100 });
  const otherVersion = await fetch(`${fake.url}/v19.0/${PNID}/messages`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(waText(USER, 'v')) });
  assert.equal(otherVersion.status, 400);

  // §1.3 limits. The SDK refuses 4 buttons itself; the fake refuses them too.
  assert.throws(() => new ActionButtons(new Button('a', 'A'), new Button('b', 'B'), new Button('c', 'C'), new Button('d', 'D')), /more than 3/);
  const refusal = async (body, field) => {
    const answer = await graph(fake, 'POST', `${PNID}/messages`, { body });
    assert.equal(answer.status, 400, JSON.stringify(body).slice(0, 200));
    assert.equal(answer.body.error.code, 100);
    assert.equal(answer.body.error.type, 'OAuthException');
    assert.equal(answer.body.error.error_data.messaging_product, 'whatsapp');
    assert.ok(answer.body.error.error_data.details.includes(field), `${answer.body.error.error_data.details} should name ${field}`);
    assert.equal(fake.sent.at(-1).ok, false);
  };
  await refusal(buttons(4), "['buttons']");
  assert.equal((await graph(fake, 'POST', `${PNID}/messages`, { body: buttons(3, 'T'.repeat(20)) })).status, 400); // duplicate titles
  await refusal({ ...buttons(1, 'T'.repeat(21)) }, "['title']");
  assert.equal((await graph(fake, 'POST', `${PNID}/messages`, { body: buttons(3) })).status, 200);
  await refusal(list(11), "['sections']");
  await refusal(list(2, 'R'.repeat(25)), "['title']");
  assert.equal((await graph(fake, 'POST', `${PNID}/messages`, { body: list(10, 'R'.repeat(24)) })).status, 200);
  await refusal(waText(USER, 'x'.repeat(4097)), "text['body']");
  assert.equal((await graph(fake, 'POST', `${PNID}/messages`, { body: waText(USER, 'x'.repeat(4096)) })).status, 200);
  await refusal({ messaging_product: 'whatsapp', to: USER, type: 'image', image: { id: '1', link: 'https://cdn.example.com/a.jpg' } }, 'image');
  await refusal({ messaging_product: 'whatsapp', to: USER, type: 'image', image: {} }, 'image');
  await refusal(waText(`+${USER}`, 'x'), 'to');
  await refusal({ to: USER, type: 'text', text: { body: 'x' } }, 'messaging_product');
  await refusal({ messaging_product: 'whatsapp', to: USER, type: 'carousel', carousel: {} }, 'type');
  await refusal({ ...waText(USER, 'x'), context: {} }, 'message_id');
  assert.equal((await graph(fake, 'POST', `${PNID}/messages`, { body: { messaging_product: 'whatsapp', to: USER, type: 'reaction', reaction: { message_id: fake.sent[0].wamid ?? 'wamid.x', emoji: '👍' } } })).status, 200);
  assert.equal((await graph(fake, 'POST', `${PNID}/messages`, { body: { messaging_product: 'whatsapp', to: USER, type: 'location', location: { latitude: 52.52, longitude: 13.405, name: 'Office', address: 'Berlin' } } })).status, 200);
  assert.equal((await graph(fake, 'POST', `${PNID}/messages`, { body: { messaging_product: 'whatsapp', to: USER, type: 'contacts', contacts: [{ name: { formatted_name: 'Ana B', first_name: 'Ana' }, phones: [{ phone: '+4915112345678', type: 'CELL' }] }] } })).status, 200);
  const unknownNumber = await graph(fake, 'POST', '999999/messages', { body: waText(USER, 'x') });
  assert.deepEqual({ status: unknownNumber.status, code: unknownNumber.body.error.code, subcode: unknownNumber.body.error.error_subcode }, { status: 400, code: 100, subcode: 33 });

  // The 24-hour window: the last message 25 h ago. The send is accepted, then a signed `failed`
  // status with 131047 arrives (parsed and signature-checked by the SDK).
  const late = '4917600000001';
  await fake.whatsapp.post({ phoneNumberId: PNID, messages: [fake.whatsapp.text(late, 'old', { timestamp: nowSeconds() - 25 * HOUR })] });
  // A template is always accepted and brings no failure...
  const template = await wa.sendMessage(PNID, late, new Template('ticket_update', new Language('en_US'), new BodyComponent(new BodyParameter('#1'))));
  assert.match(template.messages[0].id, /^wamid\./);
  // ...free text is accepted, then fails.
  let status = event(wa.events, 'status');
  const text = await wa.sendMessage(PNID, late, new Text('Are you still there?'));
  const wamid = text.messages[0].id;
  assert.match(wamid, /^wamid\./);
  assert.equal(fake.sent.at(-1).windowClosed, true);
  let [statusArgs] = await status;
  assert.deepEqual(
    { id: statusArgs.id, status: statusArgs.status, phone: statusArgs.phone, error: statusArgs.error },
    { id: wamid, status: 'failed', phone: late, error: { code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' } } },
  );
  assert.equal(target.posts.at(-1).verified, true);
  assert.ok(fake.deliveries.every((delivery) => !delivery.raw.includes(template.messages[0].id)));
  // 23 h ago is inside; nobody ever wrote → outside as well.
  await fake.whatsapp.post({ phoneNumberId: PNID, messages: [fake.whatsapp.text(late, 'newer', { timestamp: nowSeconds() - 23 * HOUR })] });
  await wa.sendMessage(PNID, late, new Text('inside'));
  assert.equal(fake.sent.at(-1).windowClosed, false);
  status = event(wa.events, 'status');
  const stranger = await wa.sendMessage(PNID, '4917600000002', new Text('cold'));
  [statusArgs] = await status;
  assert.deepEqual({ id: statusArgs.id, code: statusArgs.error.code }, { id: stranger.messages[0].id, code: 131047 });

  // Templates: wrong parameter count → 132000; wrong language, unknown or not approved → 132001.
  const templateError = async (sendable) => {
    const answer = await wa.sendMessage(PNID, USER, sendable);
    assert.equal(fake.calls.at(-1).status, 400);
    return answer.error.code;
  };
  assert.equal(await templateError(new Template('ticket_update', new Language('en_US'), new BodyComponent(new BodyParameter('#1'), new BodyParameter('extra')))), 132000);
  assert.equal(await templateError(new Template('ticket_update', new Language('en_US'))), 132000);
  assert.equal(await templateError(new Template('ticket_update', new Language('de'), new BodyComponent(new BodyParameter('#1')))), 132001);
  assert.equal(await templateError(new Template('no_such_template', new Language('en_US'))), 132001);
  assert.equal(await templateError(new Template('pending_one', new Language('en_US'))), 132001);

  // failNext answers the next send (not a mark-read) with Graph's error body, once.
  fake.failNext({ code: 131056, details: 'pair rate limit' });
  const failed = await graph(fake, 'POST', `${PNID}/messages`, { body: waText(USER, 'x') });
  assert.deepEqual(
    { status: failed.status, code: failed.body.error.code, type: failed.body.error.type, data: failed.body.error.error_data },
    { status: 400, code: 131056, type: 'OAuthException', data: { messaging_product: 'whatsapp', details: 'pair rate limit' } },
  );
  assert.equal((await graph(fake, 'POST', `${PNID}/messages`, { body: waText(USER, 'x') })).status, 200);
  fake.failNext({ code: 2, http: 503, subcode: 99 });
  const unavailable = await graph(fake, 'POST', `${PNID}/messages`, { body: waText(USER, 'x') });
  assert.deepEqual({ status: unavailable.status, code: unavailable.body.error.code, subcode: unavailable.body.error.error_subcode }, { status: 503, code: 2, subcode: 99 });
});

test('Graph reads: phone number fields and message templates', async (t) => {
  const fake = await whatsappFake();
  t.after(() => fake.close());
  const phone = await graph(fake, 'GET', PNID, { query: { fields: 'display_phone_number,verified_name' } });
  assert.equal(phone.contentType, 'application/json; charset=UTF-8');
  assert.deepEqual(phone.body, { display_phone_number: '+1 555-000-1111', verified_name: 'Parley Support', id: PNID });
  const nonexisting = await graph(fake, 'GET', PNID, { query: { fields: 'nope' } });
  assert.deepEqual({ status: nonexisting.status, code: nonexisting.body.error.code }, { status: 400, code: 100 });

  fake.setTemplates(WABA, [TEMPLATE, { name: 'welcome', language: 'de', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hallo {{1}}, {{2}}' }] }]);
  const first = await graph(fake, 'GET', `${WABA}/message_templates`, { query: { limit: '1' } });
  assert.equal(first.status, 200);
  assert.deepEqual(Object.keys(first.body), ['data', 'paging']);
  const [template] = first.body.data;
  assert.deepEqual(Object.keys(template), ['name', 'language', 'status', 'category', 'parameter_format', 'components', 'id']);
  assert.deepEqual({ ...template, id: undefined }, { name: 'ticket_update', language: 'en_US', status: 'APPROVED', category: 'UTILITY', parameter_format: 'POSITIONAL', components: [{ type: 'BODY', text: 'Your ticket {{1}} was updated' }], id: undefined });
  assert.match(template.id, /^\d+$/);
  assert.deepEqual(Object.keys(first.body.paging.cursors), ['before', 'after']);
  const next = await fetch(first.body.paging.next, { headers: { authorization: `Bearer ${TOKEN}` } }).then((response) => response.json());
  assert.deepEqual(next.data.map((item) => item.name), ['welcome']);
  assert.equal(next.paging.next, undefined);
  const filtered = await graph(fake, 'GET', `${WABA}/message_templates`, { query: { name: 'welcome' } });
  assert.deepEqual(filtered.body.data.map((item) => item.language), ['de']);
  assert.equal((await graph(fake, 'GET', '424242/message_templates')).status, 400);
});

test('autoStatuses: sent then delivered follow an accepted send, with biz_opaque_callback_data', async (t) => {
  const fake = await whatsappFake({ autoStatuses: true });
  t.after(() => fake.close());
  const wa = whatsappClient(fake);
  const target = await whatsappReceiver(wa);
  t.after(target.close);
  fake.webhookUrl = target.url;
  await fake.whatsapp.post({ phoneNumberId: PNID, messages: [fake.whatsapp.text(USER, 'hi')] });
  const seen = [];
  const both = new Promise((resolve) => {
    wa.on.status = (args) => {
      seen.push(args);
      if (seen.length === 2) {
        resolve();
      }
    };
  });
  const answer = await wa.sendMessage(PNID, USER, new Text('tracked'), undefined, 'ticket-4711');
  await Promise.race([both, event(new EventEmitter(), 'never')]);
  assert.deepEqual(
    seen.map((args) => [args.id, args.status, args.biz_opaque_callback_data, args.phone]),
    [
      [answer.messages[0].id, 'sent', 'ticket-4711', USER],
      [answer.messages[0].id, 'delivered', 'ticket-4711', USER],
    ],
  );
});

test('messaging-api-messenger: Send API accepted with appsecret_proof; the window refuses where Meta would', async (t) => {
  const fake = await startMetaGraphFake({ accessToken: TOKEN, appSecret: APP_SECRET });
  t.after(() => fake.close());
  fake.addPage({ pageId: PAGE, name: 'Parley Support' });
  const xhub = new XHubSignature('sha256', APP_SECRET);
  const target = await receiver({ verify: (params) => (params['hub.mode'] === 'subscribe' && params['hub.verify_token'] === VERIFY_TOKEN ? params['hub.challenge'] : undefined), check: (raw, signature) => xhub.verify(signature, raw) });
  t.after(target.close);
  assert.equal((await fake.subscribe(target.url, VERIFY_TOKEN, { object: 'page' })).ok, true);
  assert.equal(fake.webhookUrls.page, target.url);
  assert.equal(fake.webhookUrl, null);

  const client = new MessengerClient({ accessToken: TOKEN, appSecret: APP_SECRET, version: fake.version, origin: fake.url });
  assert.deepEqual(await client.getPageInfo(), { name: 'Parley Support', id: PAGE });
  assert.equal(fake.calls.at(-1).appsecretProof, true);

  // Users write (their events open the window); the receiver checks each signature.
  const psid = '6543210987654321';
  const lateUser = '6543210987650000';
  const oldUser = '6543210987659999';
  const posted = await fake.messenger.post({
    pageId: PAGE,
    messaging: [
      fake.messenger.text(psid, PAGE, 'hello, world'),
      fake.messenger.text(lateUser, PAGE, 'yesterday', { timestamp: Date.now() - 25 * HOUR * 1000 }),
      fake.messenger.text(oldUser, PAGE, 'last week', { timestamp: Date.now() - 8 * 24 * HOUR * 1000 }),
    ],
  });
  assert.equal(posted.status, 200);
  assert.equal(target.posts.at(-1).verified, true);

  // sendText, with quick replies, with the HUMAN_AGENT tag; a sender action.
  const sent = await client.sendText(psid, 'hello');
  assert.equal(sent.recipientId, psid);
  assert.match(sent.messageId, /^m_[A-Za-z0-9_-]+$/);
  const first = fake.messengerSent[0];
  assert.deepEqual({ ok: first.ok, platform: first.platform, pageId: first.pageId }, { ok: true, platform: 'messenger', pageId: PAGE });
  assert.equal(first.path, `/${fake.version}/me/messages`);
  assert.equal(first.query.access_token, TOKEN);
  assert.equal(first.query.appsecret_proof, appsecretProof(TOKEN, APP_SECRET));
  assert.deepEqual(first.body, { messaging_type: 'UPDATE', recipient: { id: psid }, message: { text: 'hello' } });
  await client.sendText(psid, 'Pick one', { quickReplies: [{ contentType: 'text', title: 'Yes', payload: 'YES' }, { contentType: 'text', title: 'No', payload: 'NO' }] });
  assert.deepEqual(fake.messengerSent.at(-1).body.message.quick_replies, [{ content_type: 'text', title: 'Yes', payload: 'YES' }, { content_type: 'text', title: 'No', payload: 'NO' }]);
  const tagged = await client.sendText(lateUser, 'A human here', { tag: 'HUMAN_AGENT' });
  assert.match(tagged.messageId, /^m_/);
  assert.deepEqual({ type: fake.messengerSent.at(-1).body.messaging_type, tag: fake.messengerSent.at(-1).body.tag }, { type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  assert.deepEqual(await client.typingOn(psid), { recipientId: psid });
  assert.equal(await fake.waitForMessengerSent((entry) => entry.body?.tag === 'HUMAN_AGENT'), fake.messengerSent[2]);

  // Refusals. messaging-api-messenger rejects with the Graph error (keys camel-cased by it).
  const graphErrorOf = async (promise) => {
    try {
      await promise;
    } catch (error) {
      return { status: error.response.status, ...error.response.data.error };
    }
    assert.fail('expected a refusal');
  };
  const outside = await graphErrorOf(client.sendText(lateUser, 'no tag'));
  assert.deepEqual({ status: outside.status, code: outside.code, subcode: outside.errorSubcode, type: outside.type }, { status: 400, code: 10, subcode: 2018278, type: 'OAuthException' });
  assert.equal(fake.messengerSent.at(-1).response.error.message, '(#10) This message is sent outside of allowed window.');
  const stale = await graphErrorOf(client.sendText(oldUser, 'too late', { tag: 'HUMAN_AGENT' }));
  assert.deepEqual({ code: stale.code, subcode: stale.errorSubcode }, { code: 10, subcode: 2018278 });
  const removedTag = await graphErrorOf(client.sendText(psid, 'x', { tag: 'ACCOUNT_UPDATE' }));
  assert.equal(removedTag.code, 100);
  const nobody = await graphErrorOf(client.sendText('1111111111111111', 'who?'));
  assert.deepEqual({ code: nobody.code, subcode: nobody.errorSubcode }, { code: 100, subcode: 2018001 });
  const tooMany = Array.from({ length: 14 }, (_, index) => ({ contentType: 'text', title: `Q${index}`, payload: `P${index}` }));
  assert.equal((await graphErrorOf(client.sendText(psid, 'x', { quickReplies: tooMany }))).code, 100);
  await client.sendText(psid, 'x', { quickReplies: tooMany.slice(0, 13) });
  assert.equal((await graphErrorOf(client.sendText(psid, 'y'.repeat(2001)))).code, 100);
  await client.sendText(psid, 'y'.repeat(2000));
  const wrongSecret = new MessengerClient({ accessToken: TOKEN, appSecret: 'not-the-secret', version: fake.version, origin: fake.url });
  const proof = await graphErrorOf(wrongSecret.sendText(psid, 'x'));
  assert.deepEqual({ status: proof.status, code: proof.code, message: proof.message }, { status: 400, code: 100, message: 'Invalid appsecret_proof provided in the API argument' });
  const wrongToken = new MessengerClient({ accessToken: 'EAAwrong', appSecret: APP_SECRET, version: fake.version, origin: fake.url });
  const token = await graphErrorOf(wrongToken.sendText(psid, 'x'));
  assert.deepEqual({ status: token.status, code: token.code }, { status: 401, code: 190 });
  fake.failNext({ code: 613, channel: 'messenger' });
  assert.equal((await graphErrorOf(client.sendText(psid, 'x'))).code, 613);
  assert.match((await client.sendText(psid, 'after')).messageId, /^m_/);

  // The page-id path and ?access_token= work like /me.
  const byPage = await graph(fake, 'POST', `${PAGE}/messages`, { token: null, query: { access_token: TOKEN }, body: { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { attachment: { type: 'image', payload: { url: 'https://cdn.example.com/a.jpg', is_reusable: true } } } } });
  assert.equal(byPage.status, 200);
  assert.deepEqual(Object.keys(byPage.body), ['recipient_id', 'message_id']);
});

test('x-hub-signature accepts the fake\'s Messenger and Instagram webhooks; Instagram sends follow §3', async (t) => {
  const fake = await startMetaGraphFake({ accessToken: TOKEN, appSecret: APP_SECRET });
  t.after(() => fake.close());
  fake.addPage({ pageId: PAGE, name: 'Parley Support' });
  fake.addPage({ pageId: IG_PAGE, name: 'Parley IG', instagram: true, igId: IGID, accessToken: 'EAAinstagramPageToken' });
  const xhub = new XHubSignature('sha256', APP_SECRET);
  const target = await receiver({ verify: () => undefined, check: (raw, signature) => xhub.verify(signature, raw) });
  t.after(target.close);
  fake.webhookUrl = target.url;
  const psid = '6543210987654321';
  const igsid = '7654321098765432';

  const check = (result) => {
    assert.equal(result.status, 200);
    assert.equal(target.posts.at(-1).raw, result.raw);
    assert.equal(xhub.verify(result.signature, Buffer.from(result.raw)), true);
    assert.equal(xhub.verify(result.signature, Buffer.from(result.raw.replace('"entry"', '"entry" '))), false);
    assert.equal(new XHubSignature('sha256', 'other').verify(result.signature, Buffer.from(result.raw)), false);
    assert.match(result.raw, /^[\x20-\x7e]+$/);
    return JSON.parse(result.raw);
  };

  // Messenger (§2.1): text with non-ASCII and a quick reply, reply_to, postback, attachment, echo,
  // delivery, read.
  const png = Buffer.from('89504e47', 'hex');
  const events = [
    fake.messenger.text(psid, PAGE, 'Grüße 👋', { quickReplyPayload: 'YES', replyTo: 'm_previous' }),
    fake.messenger.postback(psid, PAGE, { title: 'Talk to us', payload: 'START' }),
    fake.messenger.attachment(psid, PAGE, { type: 'image', bytes: png, mimeType: 'image/png' }),
    fake.messenger.echo(PAGE, psid, 'our answer', { appId: '1234567890123456', metadata: 'parley' }),
    fake.messenger.delivery(psid, PAGE, { mids: ['m_abc'], watermark: 1458668856253 }),
    fake.messenger.read(psid, PAGE, { watermark: 1458668856253 }),
  ];
  const page = check(await fake.messenger.post({ pageId: PAGE, messaging: events }));
  assert.equal(page.object, 'page');
  assert.equal(page.entry[0].id, PAGE);
  assert.equal(typeof page.entry[0].time, 'number');
  const [text, postback, attachment, echo, delivery, read] = page.entry[0].messaging;
  assert.deepEqual({ sender: text.sender, recipient: text.recipient, text: text.message.text, quick: text.message.quick_reply, replyTo: text.message.reply_to }, { sender: { id: psid }, recipient: { id: PAGE }, text: 'Grüße 👋', quick: { payload: 'YES' }, replyTo: { mid: 'm_previous' } });
  assert.match(text.message.mid, /^m_/);
  assert.ok(target.posts.at(-1).raw.includes('Gr\\u00fc\\u00dfe \\ud83d\\udc4b'));
  assert.deepEqual({ title: postback.postback.title, payload: postback.postback.payload }, { title: 'Talk to us', payload: 'START' });
  assert.equal(attachment.message.attachments[0].type, 'image');
  const cdn = await fetch(attachment.message.attachments[0].payload.url);
  assert.equal(cdn.headers.get('content-type'), 'image/png');
  assert.ok(Buffer.from(await cdn.arrayBuffer()).equals(png));
  assert.deepEqual({ sender: echo.sender.id, recipient: echo.recipient.id, isEcho: echo.message.is_echo, appId: echo.message.app_id, metadata: echo.message.metadata }, { sender: PAGE, recipient: psid, isEcho: true, appId: 1234567890123456, metadata: 'parley' });
  assert.deepEqual(delivery.delivery, { mids: ['m_abc'], watermark: 1458668856253 });
  assert.deepEqual(read.read, { watermark: 1458668856253 });

  // Instagram (§3 + Meta's story docs): text, story reply, story mention; entry.id is the IG id.
  const ig = check(
    await fake.messenger.post({
      pageId: IGID,
      object: 'instagram',
      messaging: [
        fake.messenger.text(igsid, IGID, 'Is this in stock?'),
        fake.messenger.storyReply(igsid, IGID, 'Love it', { storyId: '18000000000000001', storyUrl: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=9' }),
        fake.messenger.storyMention(igsid, IGID, { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=10' }),
      ],
    }),
  );
  assert.equal(ig.object, 'instagram');
  assert.equal(ig.entry[0].id, IGID);
  const [igText, storyReply, storyMention] = ig.entry[0].messaging;
  assert.deepEqual({ sender: igText.sender.id, recipient: igText.recipient.id, text: igText.message.text }, { sender: igsid, recipient: IGID, text: 'Is this in stock?' });
  assert.deepEqual(storyReply.message.reply_to, { story: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=9', id: '18000000000000001' } });
  assert.deepEqual(storyMention.message.attachments, [{ type: 'story_mention', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=10' } }]);

  // A retry is the same bytes; unsigned or forged bytes are refused by the receiver.
  const resent = await fake.resend({ raw: target.posts.at(-1).raw, signature: target.posts.at(-1).headers['x-hub-signature-256'] });
  assert.equal(resent.status, 200);
  assert.equal((await fake.postRaw(metaJson({ object: 'instagram', entry: [] }))).status, 401);
  const forged = metaJson({ object: 'page', entry: [] });
  assert.equal((await fake.postRaw(forged, { signature: sign(forged, 'guess') })).status, 401);

  // Instagram sends (page token, through the IG id or /me): text < 1000 UTF-8 bytes, HUMAN_AGENT only.
  const igSend = (path, message, extra = {}) => graph(fake, 'POST', path, { token: 'EAAinstagramPageToken', body: { recipient: { id: igsid }, messaging_type: 'RESPONSE', message, ...extra } });
  assert.equal((await igSend(`${IGID}/messages`, { text: 'ü'.repeat(500) })).status, 400); // 500 chars, 1000 bytes
  assert.equal((await igSend(`${IGID}/messages`, { text: `${'ü'.repeat(499)}a` })).status, 200); // 999 bytes
  assert.equal(fake.messengerSent.at(-1).platform, 'instagram');
  assert.equal((await igSend('me/messages', { text: 'a'.repeat(1000) })).status, 400);
  const viaMe = await igSend('me/messages', { text: 'a'.repeat(999) });
  assert.equal(viaMe.status, 200);
  assert.deepEqual({ platform: fake.messengerSent.at(-1).platform, pageId: fake.messengerSent.at(-1).pageId }, { platform: 'instagram', pageId: IG_PAGE });
  assert.equal((await igSend(`${IGID}/messages`, { text: 'x' }, { messaging_type: 'MESSAGE_TAG', tag: 'CUSTOMER_FEEDBACK' })).status, 400);
  assert.equal((await igSend(`${IGID}/messages`, { text: 'x' }, { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' })).status, 200);
  // A page token does not reach another page.
  assert.equal((await graph(fake, 'POST', `${PAGE}/messages`, { token: 'EAAinstagramPageToken', body: { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: 'x' } } })).status, 401);
  assert.deepEqual((await graph(fake, 'GET', 'me', { token: 'EAAinstagramPageToken' })).body, { name: 'Parley IG', id: IG_PAGE });
});
