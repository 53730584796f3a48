// A fake of Viber's REST Bot API (https://chatapi.viber.com/pa/…) for the tests, written from
// /work/shared/channels.md §5 and cross-checked against the official npm `viber-bot` 1.0.18
// (viber_fake.test.mjs: its client is accepted here, and its signature check accepts the callbacks
// sent from here). It closes these gaps: Viber offers no sandbox (and since Feb 2024 no free bots),
// and no third-party emulator exists — `viber-bot` is only a client, so what it can give the tests is
// an independent reading of the wire format, not a server.
//
// Parley side (the bot): POST /pa/set_webhook, /pa/send_message, /pa/get_account_info. Every answer
// is HTTP 200 with application/json, as Viber does; errors are `status` ≠ 0 in the body. Each request
// needs `X-Viber-Auth-Token` (the `auth_token` body field that old clients also send is ignored).
// `message_token` is written as a bare 19-digit JSON number (> 2^53), so a client that parses it as
// a double loses digits — bodies received here are parsed with json-bigint `storeAsString`.
//
// User side (the tests play the Viber users): sendText, sendPicture, sendLocation, subscribe,
// unsubscribe, conversationStarted, delivered, seen, failed POST the §5.1 callbacks to the
// registered webhook, signed with `X-Viber-Content-Signature` = lowercase hex HMAC-SHA256(raw body,
// key = token), and resolve with Parley's answer {status, body}.
//
// State kept like Viber keeps it: who is subscribed (a user's first message subscribes them without
// a `subscribed` callback), the tracking_data of the last message to each user (echoed in their next
// message), and the 100 messages per user per hour without a reply. Loopback only; nothing here
// sleeps to synchronise (waits are on requests, with a deadline that only guards against a hang).
//
// Where §5 is silent or marked unconfirmed, the choice made here is marked "(choice)" or
// "(unconfirmed)" below; where in doubt the fake is the stricter of the plausible readings.
import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import JSONbigFactory from 'json-bigint';

const JSONbig = JSONbigFactory({ storeAsString: true }); // what viber-bot uses for callbacks

export const CHAT_HOSTNAME = 'SN-CHAT-04_';
export const MAX_BODY_BYTES = 30 * 1024; // §5 "Max JSON body 30 KB" (choice: KiB, not 30 000)
const DEFAULT_WAIT_MS = 20_000;

// §5.2 status table. Codes 5–11 and 13 are unconfirmed (channels.md §8). status_message wording:
// §5 gives "missing_auth_token" and, for 12, "Too many requests"; for the rest (choice) the name
// from the table.
export const STATUS = {
  0: 'ok',
  1: 'invalidUrl',
  2: 'invalidAuthToken',
  3: 'badData',
  4: 'missingData',
  5: 'receiverNotRegistered',
  6: 'receiverNotSubscribed',
  7: 'publicAccountBlocked',
  8: 'publicAccountNotFound',
  9: 'publicAccountSuspended',
  10: 'webhookNotSet',
  11: 'receiverNoSuitableDevice',
  12: 'Too many requests',
  13: 'apiVersionNotSupported',
};

export const MESSAGE_TYPES = ['text', 'picture', 'video', 'file', 'location', 'contact', 'sticker', 'url', 'rich_media'];
// Events a webhook can ask for; §5.1: message, subscribed, unsubscribed cannot be filtered out
// (unconfirmed), omitting event_types subscribes to all.
export const EVENT_TYPES = ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started', 'message'];
const UNFILTERABLE = ['message', 'subscribed', 'unsubscribed'];
export const ACTION_TYPES = ['reply', 'open-url', 'location-picker', 'share-phone', 'none']; // §5.2

// §5.2: "API-level-3 keyboard fields need min_api_version 3". §5 does not list them; these are the
// keyboard and button fields Viber's keyboard docs introduce at API level 3 or later (unconfirmed,
// recalled from developers.viber.com/docs/tools/keyboards). Requiring ≥ 3 for all of them is a
// lower bound. A keyboard without any of them needs no min_api_version (viber-bot sends none).
export const API3_KEYBOARD_FIELDS = ['CustomDefaultHeight', 'HeightScale', 'ButtonsGroupColumns', 'ButtonsGroupRows', 'InputFieldState', 'FavoritesMetadata'];
export const API3_BUTTON_FIELDS = ['Silent', 'TextShouldFit', 'InternalBrowser', 'Map', 'Frame', 'MediaPlayer'];

// Limits from §5.2 (lengths in UTF-16 code units, as JavaScript counts — choice: the stricter of
// code units and code points, §5 just says "chars").
const LIMITS = { senderName: 28, text: 7000, trackingData: 4000, pictureText: 512 };

// JSON with BigInt values written as bare numbers (JSON.stringify escaping otherwise).
export function toJson(value) {
  const big = [];
  const text = JSON.stringify(value, (key, item) => (typeof item === 'bigint' ? `\u0000big${big.push(item) - 1}\u0000` : item));
  return text.replace(/"\\u0000big(\d+)\\u0000"/g, (match, index) => big[Number(index)].toString());
}

// json-bigint (storeAsString) into plain objects: 16+ character numbers become strings.
export function parseBig(text) {
  return JSON.parse(JSON.stringify(JSONbig.parse(text)));
}

export function sign(raw, key) {
  return crypto.createHmac('sha256', key).update(raw).digest('hex');
}

// A message token given as BigInt, digit string or (safe) number → BigInt.
function asToken(token) {
  if (typeof token === 'bigint') {
    return token;
  }
  const text = String(token);
  if (!/^\d{1,19}$/.test(text)) {
    throw new Error(`not a Viber message_token: ${text}`);
  }
  return BigInt(text);
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const absent = (value) => value === undefined || value === null;
const isNumeric = (value) => (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value));

// Checks a message body as §5.2 describes it. Returns null or {status, reason}: 4 missingData for
// an absent mandatory field, 3 badData for a present but wrong one (choice: Viber's error page
// says 3 = bad scheme/data, 4 = mandatory field missing; §5 does not map fields to codes).
// `welcome` is the conversation_started answer: the same message without `receiver` (§5.1).
export function validateMessage(body, { welcome = false } = {}) {
  const missing = (reason) => ({ status: 4, reason });
  const bad = (reason) => ({ status: 3, reason });
  if (!isObject(body)) {
    return bad('body is not a JSON object');
  }
  if (!welcome) {
    if (absent(body.receiver) || body.receiver === '') {
      return missing('receiver');
    }
    if (typeof body.receiver !== 'string') {
      return bad('receiver is not a string');
    }
  }
  if (!isObject(body.sender) || absent(body.sender.name) || body.sender.name === '') {
    return missing('sender.name');
  }
  if (typeof body.sender.name !== 'string' || body.sender.name.length > LIMITS.senderName) {
    return bad(`sender.name longer than ${LIMITS.senderName}`);
  }
  if (!absent(body.sender.avatar) && typeof body.sender.avatar !== 'string') {
    return bad('sender.avatar is not a string');
  }
  if (!absent(body.tracking_data) && (typeof body.tracking_data !== 'string' || body.tracking_data.length > LIMITS.trackingData)) {
    return bad(`tracking_data is not a string of at most ${LIMITS.trackingData}`);
  }
  const minApi = absent(body.min_api_version) ? 1 : body.min_api_version; // §5.2 default 1
  if (!Number.isInteger(minApi) || minApi < 1) {
    return bad('min_api_version is not a positive integer');
  }
  const hasKeyboard = !absent(body.keyboard); // viber-bot sends "keyboard": null
  if (hasKeyboard) {
    const problem = validateKeyboard(body.keyboard, minApi);
    if (problem) {
      return problem;
    }
  }
  // (choice) A keyboard may be sent on its own, without `type`: Viber's keyboard docs say so and
  // viber-bot's KeyboardMessage sends exactly that; §5 is silent.
  if (absent(body.type)) {
    return hasKeyboard ? null : missing('type');
  }
  if (!MESSAGE_TYPES.includes(body.type)) {
    return bad(`type "${body.type}" is not one of ${MESSAGE_TYPES.join(', ')}`);
  }
  const text = body.text;
  switch (body.type) {
    case 'text':
      if (absent(text) || text === '') {
        return missing('text');
      }
      if (typeof text !== 'string' || text.length > LIMITS.text) {
        return bad(`text is not a string of at most ${LIMITS.text}`);
      }
      return null;
    case 'picture':
      // §5: description ≤ 512 (per partner docs; unconfirmed, §8). text/thumbnail may be null
      // (viber-bot sends null for an absent caption).
      if (absent(body.media) || body.media === '') {
        return missing('media');
      }
      if (typeof body.media !== 'string') {
        return bad('media is not a string');
      }
      if (!absent(text) && (typeof text !== 'string' || text.length > LIMITS.pictureText)) {
        return bad(`picture text is not a string of at most ${LIMITS.pictureText}`);
      }
      return null;
    case 'video':
    case 'url':
      if (absent(body.media) || body.media === '') {
        return missing('media');
      }
      return typeof body.media === 'string' ? null : bad('media is not a string');
    case 'file':
      // §5.1 "file + file_name/size"
      for (const field of ['media', 'size', 'file_name']) {
        if (absent(body[field]) || body[field] === '') {
          return missing(field);
        }
      }
      return isNumeric(body.size) ? null : bad('size is not a number');
    case 'location':
      if (!isObject(body.location) || absent(body.location.lat) || absent(body.location.lon)) {
        return missing('location.lat/lon');
      }
      return isNumeric(body.location.lat) && isNumeric(body.location.lon) ? null : bad('location.lat/lon are not numbers');
    case 'contact':
      return isObject(body.contact) ? null : missing('contact');
    case 'sticker':
      return absent(body.sticker_id) ? missing('sticker_id') : null;
    case 'rich_media':
      return isObject(body.rich_media) ? null : missing('rich_media');
    default:
      return null;
  }
}

function validateKeyboard(keyboard, minApi) {
  const bad = (reason) => ({ status: 3, reason: `keyboard: ${reason}` });
  if (!isObject(keyboard)) {
    return bad('not an object');
  }
  // Real Viber answers "keyboard is not valid. [object has missing required properties
  // (["Type"])]" (bottenderjs/messaging-apis#652; status code not shown there).
  if (keyboard.Type !== 'keyboard') {
    return bad('Type is not "keyboard"');
  }
  if (!Array.isArray(keyboard.Buttons) || keyboard.Buttons.length === 0) {
    return bad('Buttons is not a non-empty array');
  }
  const api3 = API3_KEYBOARD_FIELDS.filter((field) => field in keyboard);
  for (const [index, button] of keyboard.Buttons.entries()) {
    if (!isObject(button)) {
      return bad(`Buttons[${index}] is not an object`);
    }
    if (typeof button.ActionBody !== 'string') {
      return bad(`Buttons[${index}].ActionBody is missing`);
    }
    if (!absent(button.ActionType) && !ACTION_TYPES.includes(button.ActionType)) {
      return bad(`Buttons[${index}].ActionType "${button.ActionType}" is not one of ${ACTION_TYPES.join(', ')}`);
    }
    api3.push(...API3_BUTTON_FIELDS.filter((field) => field in button));
  }
  // (choice) §5 keeps "≤ 12 rows (portrait)" as a client display limit, so it is not enforced.
  if (api3.length > 0 && minApi < 3) {
    return bad(`${[...new Set(api3)].join(', ')} need min_api_version 3`);
  }
  return null;
}

async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export class ViberFake extends EventEmitter {
  constructor({ token, accountName = 'Parley Test Bot', requireSubscribed = true, requireWebhook = true, hookTimeoutMs = 5000 }) {
    super();
    this.setMaxListeners(0); // one 'change' listener per pending until()
    if (!token) {
      throw new Error('ViberFake needs the bot token');
    }
    this.token = token;
    this.accountName = accountName;
    this.requireSubscribed = requireSubscribed; // send_message to a non-subscriber → 6
    this.requireWebhook = requireWebhook; // send_message before set_webhook → 10 (unconfirmed code)
    this.hookTimeoutMs = hookTimeoutMs; // how long set_webhook waits for the check callback (choice)
    this.webhook = null; // {url, event_types (effective), send_name, send_photo, is_inline}
    this.webhookRequests = []; // every set_webhook body, accepted or not
    this.calls = []; // every request: {endpoint, method, headers, raw, body, response, error}
    this.sent = []; // every accepted send_message body (json-bigint storeAsString, plain objects)
    this.sentTokens = []; // message_token (digit string) answered for sent[i]
    this.deliveries = []; // every callback POSTed: {event, raw, signature, url, status, body, error}
    this.users = new Map(); // userId → {subscribed, sentAt: [ms], trackingData}
    this.failures = []; // queued failNext answers
    this.nextToken = 5058590812907389764n; // §5's example token; 19 digits, < 2^63
    this.media = new Map(); // path → {bytes, type}: the files users send, as Viber's media host serves them
    this.server = http.createServer((request, response) =>
      this.handle(request, response).catch((error) => {
        // Never reached by design; answered like every other failure so a client does not hang.
        this.answer(response, { status: 3, status_message: STATUS[3] });
        this.emit('error-internal', error);
      }),
    );
  }

  static async start({ token, accountName, ...options }) {
    const fake = new ViberFake({ token, accountName, ...options });
    await new Promise((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = fake.server.address().port;
    fake.url = `http://127.0.0.1:${fake.port}/pa`;
    return fake;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  // ---------------------------------------------------------------------------------------------
  // Test controls

  // A file a user sends, served as Viber's media host would (GET, no auth); returns its URL for
  // sendPicture / sendFile. Viber's real links are https on its CDN and expire (§5.1).
  addMedia(name, bytes, type = 'application/octet-stream') {
    const path = `/media/${crypto.randomUUID()}/${encodeURIComponent(name)}`;
    this.media.set(path, { bytes: Buffer.from(bytes), type });
    return `http://127.0.0.1:${this.port}${path}`;
  }

  // The next send_message that passes auth and validation answers `status` (e.g. 12, 6) instead.
  failNext(status, statusMessage = STATUS[status] ?? 'error') {
    this.failures.push({ status, status_message: statusMessage });
  }

  // Accepted send_message bodies to `userId`, oldest first.
  sentTo(userId) {
    return this.sent.filter((body) => body.receiver === userId);
  }

  callsTo(endpoint) {
    return this.calls.filter((call) => call.endpoint === endpoint);
  }

  // Resolves once `check()` holds (checked now and after every request and callback). Rejects after
  // `ms` naming `label`: a guard against a hang, not a timing check.
  until(check, { label = 'condition', ms = DEFAULT_WAIT_MS } = {}) {
    return new Promise((resolve, reject) => {
      const poll = () => {
        let held;
        try {
          held = check();
        } catch (error) {
          done();
          reject(error);
          return;
        }
        if (held) {
          done();
          resolve(held);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Viber fake: no ${label} within ${ms} ms; ${this.summary()}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        this.off('change', poll);
      };
      this.on('change', poll);
      poll();
    });
  }

  // The first accepted send_message body (to `userId`, if given) at index ≥ `from`.
  waitSent({ userId, from = 0, ms, label } = {}) {
    return this.until(() => this.sent.slice(from).find((body) => userId === undefined || body.receiver === userId), {
      ms,
      label: label ?? `send_message${userId ? ` to ${userId}` : ''}`,
    });
  }

  summary() {
    return `${this.calls.length} calls ${JSON.stringify(this.calls.slice(-8).map((call) => `${call.endpoint}:${call.response?.status}${call.error ? `(${call.error})` : ''}`))}, webhook ${this.webhook?.url ?? 'none'}`;
  }

  user(userId) {
    let user = this.users.get(userId);
    if (!user) {
      user = { subscribed: false, sentAt: [], trackingData: undefined };
      this.users.set(userId, user);
    }
    return user;
  }

  takeToken() {
    const token = this.nextToken;
    this.nextToken += 1n;
    return token;
  }

  // ---------------------------------------------------------------------------------------------
  // The API Parley calls

  answer(response, body) {
    const text = toJson(body);
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    response.end(text);
    return text;
  }

  async handle(request, response) {
    const raw = await readBody(request);
    const path = new URL(request.url, 'http://x').pathname;
    const call = {
      endpoint: path.startsWith('/pa/') ? path.slice(4) : path,
      method: request.method,
      headers: request.headers,
      raw: raw.toString('utf8'),
      body: null,
      response: null,
      error: null,
    };
    this.calls.push(call);
    if (request.method === 'GET' && path.startsWith('/media/')) {
      const file = this.media.get(path);
      response.writeHead(file ? 200 : 404, { 'Content-Type': file?.type ?? 'text/plain' });
      response.end(file?.bytes ?? 'not found');
      this.emit('change');
      return;
    }
    const reply = (body, error = null) => {
      call.response = body;
      call.error = error;
      call.responseText = this.answer(response, body);
      this.emit('call', call);
      this.emit('change');
    };
    const fail = (status, error) => reply({ status, status_message: STATUS[status] }, error);

    // (choice) Order: method, auth header, size, JSON, then the endpoint's own checks. Anything
    // but POST: badData, still HTTP 200.
    if (request.method !== 'POST') {
      return fail(3, `method ${request.method}`);
    }
    const auth = request.headers['x-viber-auth-token'];
    if (auth === undefined || auth === '') {
      // §5: "missing → missing_auth_token"; the code 2 is a choice (it is the auth code).
      return reply({ status: 2, status_message: 'missing_auth_token' }, 'no X-Viber-Auth-Token header');
    }
    if (auth !== this.token) {
      return fail(2, 'wrong X-Viber-Auth-Token');
    }
    if (raw.length > MAX_BODY_BYTES) {
      return fail(3, `body of ${raw.length} bytes is over ${MAX_BODY_BYTES}`);
    }
    try {
      // (choice) Content-Type is not checked: Viber's own curl examples send none.
      call.body = parseBig(raw.toString('utf8'));
    } catch (error) {
      return fail(3, `body is not JSON: ${error.message ?? error.name}`);
    }
    if (!isObject(call.body)) {
      return fail(3, 'body is not a JSON object');
    }
    switch (path) {
      case '/pa/set_webhook':
        return this.setWebhook(call.body, reply, fail);
      case '/pa/send_message':
        return this.sendMessage(call.body, reply, fail);
      case '/pa/get_account_info':
        return reply(this.accountInfo());
      default:
        return fail(3, `unknown endpoint ${path}`);
    }
  }

  async setWebhook(body, reply, fail) {
    this.webhookRequests.push(body);
    if (absent(body.url)) {
      return fail(4, 'url');
    }
    if (typeof body.url !== 'string') {
      return fail(3, 'url is not a string');
    }
    if (body.url === '') {
      // §5.1: url "" removes the webhook (choice: no check callback, status 0 with no event_types).
      this.webhook = null;
      return reply({ status: 0, status_message: 'ok' });
    }
    let requested = EVENT_TYPES;
    if (!absent(body.event_types)) {
      if (!Array.isArray(body.event_types) || body.event_types.some((type) => !EVENT_TYPES.includes(type))) {
        return fail(3, `event_types must be a subset of ${EVENT_TYPES.join(', ')}`);
      }
      requested = body.event_types;
    }
    let url;
    try {
      url = new URL(body.url);
    } catch {
      return fail(1, `url ${body.url} does not parse`);
    }
    // (choice) Viber only accepts https with a CA-signed certificate; the tests run on loopback
    // http, so both schemes are allowed here.
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return fail(1, `url scheme ${url.protocol}`);
    }
    // §5.1: the check callback must get HTTP 200 (choice: exactly 200, as §5 says; whether Viber
    // takes any 2xx is unconfirmed). A failure answers status 1 invalidUrl: Viber's error page
    // (code 1 "the URL must be reachable") and Bogdaan/viber-bot-php#57 (a 419 answer to the check
    // surfaced as an API error with code 1); its status_message wording there is unconfirmed.
    const check = await this.deliver(
      { event: 'webhook', timestamp: Date.now(), chat_hostname: CHAT_HOSTNAME, message_token: this.takeToken() },
      { url: body.url, timeoutMs: this.hookTimeoutMs },
    );
    if (check.status !== 200) {
      return fail(1, `check callback got ${check.status || check.error}`);
    }
    const effective = [...new Set([...requested, ...UNFILTERABLE])];
    this.webhook = {
      url: body.url,
      event_types: effective,
      send_name: body.send_name,
      send_photo: body.send_photo,
      is_inline: body.is_inline,
    };
    // (choice) The answer echoes event_types, as Viber's docs show (§5 does not show the answer).
    // It lists what was asked for (or all), without the unfilterable additions.
    return reply({ status: 0, status_message: 'ok', event_types: [...requested], chat_hostname: CHAT_HOSTNAME });
  }

  async sendMessage(body, reply, fail) {
    if (this.requireWebhook && !this.webhook) {
      return fail(10, 'no webhook set');
    }
    const problem = validateMessage(body);
    if (problem) {
      return fail(problem.status, problem.reason);
    }
    if (this.failures.length > 0) {
      const failure = this.failures.shift();
      return reply({ ...failure }, 'failNext');
    }
    const user = this.user(body.receiver);
    if (this.requireSubscribed && !user.subscribed) {
      // (choice) 6 for any non-subscriber, also an id never seen (5 would need Viber's user db).
      return fail(6, `${body.receiver} is not subscribed`);
    }
    const now = Date.now();
    user.sentAt = user.sentAt.filter((at) => at > now - 3_600_000);
    if (user.sentAt.length >= 100) {
      // §5.2: at most 100 messages per user per hour without a reply.
      return fail(12, '100 messages in an hour without a reply');
    }
    user.sentAt.push(now);
    if (!absent(body.tracking_data)) {
      user.trackingData = body.tracking_data;
    }
    const token = this.takeToken();
    this.sent.push(body);
    this.sentTokens.push(token.toString());
    this.emit('sent', body, token.toString());
    return reply({ status: 0, status_message: 'ok', message_token: token, chat_hostname: CHAT_HOSTNAME });
  }

  // (choice) §5 does not show get_account_info; the shape is Viber's REST docs one.
  accountInfo() {
    return {
      status: 0,
      status_message: 'ok',
      id: 'pa:5058590812907389764',
      name: this.accountName,
      uri: this.accountName.toLowerCase().replace(/[^a-z0-9]+/g, ''),
      icon: '',
      background: '',
      category: 'Business',
      subcategory: 'Customer Service',
      location: { lon: 13.405, lat: 52.52 },
      country: 'DE',
      webhook: this.webhook?.url ?? '',
      event_types: this.webhook?.event_types ?? [],
      subscribers_count: [...this.users.values()].filter((user) => user.subscribed).length,
      members: [{ id: '0123456789Ab+/==', name: 'Admin', avatar: '', role: 'admin' }],
    };
  }

  // ---------------------------------------------------------------------------------------------
  // The users: callbacks to the webhook

  // POSTs `payload` (message_token as BigInt → bare number) to the webhook, signed. Options:
  // `url` (default the webhook's), `key` (signing key, default the token: pass another to forge a
  // bad signature), `signature` (exact header value), `timeoutMs` (default 10 s; Viber's own is
  // unknown). Resolves {status, body, raw, signature, token, error}: status 0 and `error` when no
  // answer came. Viber retries failed callbacks (§5.1); the fake does not — use `resend(delivery)`.
  async deliver(payload, { url = this.webhook?.url, key = this.token, signature, timeoutMs = 10_000 } = {}) {
    if (!url) {
      throw new Error(`Viber fake: no webhook set, cannot send ${payload.event}`);
    }
    const raw = toJson(payload);
    const delivery = {
      event: payload.event,
      url,
      raw,
      signature: signature ?? sign(raw, key),
      token: payload.message_token === undefined ? undefined : payload.message_token.toString(),
    };
    return this.post(delivery, timeoutMs);
  }

  // Sends a recorded delivery again, byte for byte (what Viber's retry does).
  resend(delivery, { timeoutMs = 10_000 } = {}) {
    const { event, url, raw, signature, token } = delivery;
    return this.post({ event, url, raw, signature, token }, timeoutMs);
  }

  post(delivery, timeoutMs) {
    this.deliveries.push(delivery);
    return new Promise((resolve) => {
      const settle = (status, body, error = null) => {
        if (delivery.status !== undefined) {
          return;
        }
        Object.assign(delivery, { status, body, error });
        this.emit('delivery', delivery);
        this.emit('change');
        resolve(delivery);
      };
      const target = new URL(delivery.url);
      const request = http.request(
        target,
        {
          method: 'POST',
          agent: false,
          signal: AbortSignal.timeout(timeoutMs),
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(delivery.raw),
            'x-viber-content-signature': delivery.signature,
          },
        },
        (response) => {
          readBody(response).then(
            (body) => settle(response.statusCode, body.toString('utf8')),
            (error) => settle(response.statusCode, null, error.name),
          );
        },
      );
      request.on('error', (error) => settle(0, null, error.name === 'AbortError' ? 'timeout' : error.code ?? error.message));
      request.end(delivery.raw);
    });
  }

  // Skips (without a request) the events the webhook did not ask for.
  async userEvent(payload, options) {
    if (this.webhook && !this.webhook.event_types.includes(payload.event)) {
      return { status: null, body: null, skipped: `event ${payload.event} not in event_types` };
    }
    return this.deliver(payload, options);
  }

  base(event) {
    return { event, timestamp: Date.now(), chat_hostname: CHAT_HOSTNAME, message_token: this.takeToken() };
  }

  static profile(userId, { name = 'Viber User', avatar, language = 'en', country = 'DE', apiVersion = 10 } = {}) {
    const profile = { id: userId, name };
    if (avatar !== undefined) {
      profile.avatar = avatar; // (choice) no avatar unless given: a user may have none
    }
    return { ...profile, language, country, api_version: apiVersion };
  }

  // A message from the user (§5.1): echoes the tracking_data of the bot's last message to them,
  // subscribes them (no `subscribed` callback) and resets their 100-per-hour count.
  userMessage(userId, message, options = {}) {
    const user = this.user(userId);
    const trackingData = options.trackingData ?? user.trackingData;
    user.subscribed = true;
    user.sentAt = [];
    const payload = this.base('message');
    payload.sender = ViberFake.profile(userId, options);
    payload.message = absent(trackingData) ? message : { ...message, tracking_data: trackingData };
    payload.silent = options.silent ?? false;
    return this.userEvent(payload, options);
  }

  // Options for the user methods: name, avatar, language, country, apiVersion (the profile),
  // trackingData, silent, and deliver()'s key / signature / timeoutMs.
  sendText(userId, text, options = {}) {
    return this.userMessage(userId, { type: 'text', text }, options);
  }

  sendPicture(userId, url, caption, options = {}) {
    // §5.1 shape; (choice) the thumbnail defaults to the picture itself.
    const message = { type: 'picture', media: url, thumbnail: options.thumbnail ?? url };
    if (caption !== undefined) {
      message.text = caption;
    }
    return this.userMessage(userId, message, options);
  }

  sendLocation(userId, lat, lon, options = {}) {
    return this.userMessage(userId, { type: 'location', location: { lat, lon } }, options);
  }

  subscribe(userId, options = {}) {
    this.user(userId).subscribed = true;
    const payload = this.base('subscribed');
    payload.user = ViberFake.profile(userId, options);
    return this.userEvent(payload, options);
  }

  unsubscribe(userId, options = {}) {
    this.user(userId).subscribed = false;
    const payload = this.base('unsubscribed');
    payload.user_id = userId;
    return this.userEvent(payload, options);
  }

  // The user opens the chat (§5.1). Parley's HTTP answer may carry one welcome message (no
  // receiver): resolves {status, body, message (parsed, or null), invalid (null, or why the
  // message would not pass send_message's checks)}.
  async conversationStarted(userId, options = {}) {
    const payload = this.base('conversation_started');
    payload.type = 'open';
    payload.context = options.context ?? '';
    payload.user = ViberFake.profile(userId, options);
    payload.subscribed = options.subscribed ?? this.user(userId).subscribed;
    const result = await this.userEvent(payload, options);
    result.message = null;
    result.invalid = null;
    if (result.body) {
      try {
        result.message = parseBig(result.body);
        result.invalid = validateMessage(result.message, { welcome: true })?.reason ?? null;
      } catch (error) {
        result.invalid = `not JSON: ${error.message ?? error.name}`;
      }
    }
    return result;
  }

  // Status callbacks for a message the bot sent (`token`: the send_message answer's message_token,
  // as a digit string or BigInt).
  receipt(event, token, userId) {
    return { event, timestamp: Date.now(), chat_hostname: CHAT_HOSTNAME, message_token: asToken(token), user_id: userId };
  }

  delivered(token, userId, options = {}) {
    return this.userEvent(this.receipt('delivered', token, userId), options);
  }

  seen(token, userId, options = {}) {
    return this.userEvent(this.receipt('seen', token, userId), options);
  }

  failed(token, userId, desc, options = {}) {
    const payload = this.receipt('failed', token, userId);
    payload.desc = desc;
    return this.userEvent(payload, options);
  }
}
