// Telegram's Bot API for the tests: the npm `telegram-test-api` emulator (a third-party
// implementation; the tests play the Telegram user through its client) behind a thin proxy that
// closes the emulator's gaps without weakening anything Parley checks:
// - webhooks: the emulator sends no X-Telegram-Bot-Api-Secret-Token (it keeps the secret_token and
//   ignores it) and crashes its process on a non-2xx answer. The proxy registers itself as the
//   emulator's webhook, relays each update to Parley's URL with the secret Parley asked for, records
//   Parley's answer, and always answers the emulator 200. The emulator numbers an update only after
//   the previous webhook call returned, so two messages sent in quick succession would share
//   update_id and message_id: the proxy renumbers them upwards, as Telegram's would be;
// - getUpdates: the emulator ignores offset, limit and timeout. The proxy keeps the unconfirmed
//   updates until a later offset confirms them and long-polls (checks every 50 ms until timeout),
//   and answers 409 while a webhook is set, as Telegram does;
// - sendPhoto, sendDocument (by URL, or a file uploaded as multipart/form-data), sendLocation: the
//   emulator answers 500. The proxy stores them through
//   the emulator's sendMessage (so message ids and what the user sees stay in one place);
// - answerCallbackQuery, sendChatAction: answered true (and recorded);
// - getFile and the download at /file/bot<token>/<file_path>, which the emulator lacks: files the
//   test put with addFile(file_id, bytes), as Telegram answers them (an unknown file_id is 400);
// - failNext(method, 429 | 403): the next such call gets Telegram's flood-control or blocked answer.
// Dates the emulator gives in milliseconds are turned into seconds, and a pressed button's message
// gets the date the emulator leaves out. Loopback only.
import http from 'node:http';
import net from 'node:net';
import TelegramServer from 'telegram-test-api';

export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function readParams(request, url) {
  const chunks = [];
  for await (const chunk of request) {
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  const raw = bytes.toString('utf8');
  const params = Object.fromEntries(url.searchParams);
  const type = request.headers['content-type'] ?? '';
  if (!raw) {
    return params;
  }
  if (type.startsWith('multipart/form-data')) {
    // Parsed by Node's own (undici's) form-data reader, not by code of ours: a file part becomes
    // {name, type, bytes}.
    const form = await new Request('http://bot.api/', { method: 'POST', headers: { 'content-type': type }, body: bytes }).formData();
    for (const [key, value] of form) {
      params[key] = typeof value === 'string' ? value : { name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
    }
    return params;
  }
  if (type.startsWith('application/json')) {
    return { ...params, ...JSON.parse(raw) };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { ...params, ...Object.fromEntries(new URLSearchParams(raw)) };
  }
  return params;
}

// A field that form bodies carry as a JSON string.
const jsonField = (value) => (typeof value === 'string' && /^[[{]/.test(value) ? JSON.parse(value) : value);

// What real updates do not carry.
function cleanUpdate(update) {
  if (update.message) {
    delete update.message.botToken;
  }
  const callback = update.callback_query;
  if (callback && !callback.chat_instance) {
    callback.chat_instance = String(callback.message?.chat?.id ?? 0);
  }
  if (callback?.message && callback.message.date === undefined) {
    callback.message.date = Math.floor(Date.now() / 1000); // Telegram always sends the message's date
  }
  return update;
}

export class BotApi {
  constructor(emulator) {
    this.emulator = emulator;
    this.hooks = {}; // token → {url, secret_token}
    this.queues = {}; // token → updates not confirmed yet (polling)
    this.calls = []; // every bot call: {method, params}
    this.hookResults = []; // each webhook relay: {status, body, update}
    this.failures = []; // injected answers: {method, status, retryAfter}
    this.files = {}; // file_id → bytes, for getFile and the download
    this.lastIds = {}; // token → the last relayed {update, message} ids
    this.downloads = []; // file paths downloaded
    this.server = http.createServer((request, response) =>
      this.handle(request, response).catch((error) =>
        this.reply(response, 500, { ok: false, error_code: 500, description: String(error) }),
      ),
    );
  }

  static async start() {
    const emulator = new TelegramServer({ host: '127.0.0.1', port: await freePort(), storeTimeout: 3600 });
    await emulator.start();
    const api = new BotApi(emulator);
    await new Promise((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    api.url = `http://127.0.0.1:${api.server.address().port}`;
    return api;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    await this.emulator.stop();
  }

  // The Telegram user `id` (chat id = user id, a private chat).
  user(token, id, firstName) {
    return this.emulator.getClient(token, { userId: id, chatId: id, firstName, userName: firstName.toLowerCase() });
  }

  // What the bot sent to chat `chatId`, as stored by the emulator (oldest first).
  sentTo(token, chatId) {
    return this.emulator.storage.botMessages
      .filter((item) => item.botToken === token && String(item.message.chat_id) === String(chatId))
      .map((item) => ({ ...item.message, message_id: item.messageId }));
  }

  callsOf(method) {
    return this.calls.filter((call) => call.method === method);
  }

  // A file a user's message names by `fileId` (a photo size, a document), for getFile to describe.
  addFile(fileId, bytes) {
    this.files[fileId] = bytes;
  }

  failNext(method, status, retryAfter = 1) {
    this.failures.push({ method, status, retryAfter });
  }

  reply(response, status, body) {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }

  async upstream(token, method, params) {
    const answer = await fetch(`${this.emulator.config.apiURL}/bot${token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    const body = await answer.json();
    if (answer.status !== 200) {
      return { status: 400, body: { ok: false, error_code: 400, description: `Bad Request: ${body.message}` } };
    }
    return { status: 200, body };
  }

  async relay(token, request, response) {
    const hook = this.hooks[token];
    const update = cleanUpdate(await readParams(request, new URL('http://x')));
    const last = (this.lastIds[token] ??= { update: -1, message: 0 });
    update.update_id = Math.max(update.update_id, last.update + 1);
    last.update = update.update_id;
    if (update.message) {
      update.message.message_id = Math.max(update.message.message_id, last.message + 1);
      last.message = update.message.message_id;
    }
    const headers = { 'content-type': 'application/json' };
    if (hook?.secret_token) {
      headers['x-telegram-bot-api-secret-token'] = hook.secret_token;
    }
    try {
      const answer = await fetch(hook.url, { method: 'POST', headers, body: JSON.stringify(update) });
      this.hookResults.push({ status: answer.status, body: await answer.text(), update });
    } catch (error) {
      this.hookResults.push({ status: 0, body: String(error), update });
    }
    this.reply(response, 200, {});
  }

  async getUpdates(token, params, response) {
    if (this.hooks[token]) {
      return this.reply(response, 409, {
        ok: false,
        error_code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
    }
    const queue = (this.queues[token] ??= []);
    const offset = Number(params.offset ?? 0);
    const limit = Number(params.limit ?? 100);
    const deadline = Date.now() + 1000 * Number(params.timeout ?? 0);
    for (;;) {
      const drained = await this.upstream(token, 'getUpdates', {});
      queue.push(...drained.body.result.map(cleanUpdate));
      if (offset) {
        const kept = queue.filter((update) => update.update_id >= offset);
        queue.splice(0, queue.length, ...kept);
      }
      if (queue.length > 0 || Date.now() >= deadline) {
        return this.reply(response, 200, { ok: true, result: queue.slice(0, limit) });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async send(token, method, params, response) {
    const body = { ...params, reply_markup: jsonField(params.reply_markup) };
    for (const field of ['photo', 'document']) {
      if (body[field]?.bytes) {
        body[field] = `uploaded ${body[field].name}`; // the bytes stay in this.calls, not in the emulator
      }
    }
    if (method !== 'sendMessage') {
      body.text = params.caption ?? '';
    }
    const answer = await this.upstream(token, 'sendMessage', body);
    if (answer.body.ok) {
      const result = answer.body.result;
      result.date = Math.floor(result.date / 1000);
      result.chat = { id: Number(params.chat_id), type: 'private', first_name: 'User' };
      delete result.chat_id;
    }
    this.reply(response, answer.status, answer.body);
  }

  async handle(request, response) {
    const url = new URL(request.url, 'http://x');
    const hook = url.pathname.match(/^\/__hook\/(.+)$/);
    if (hook) {
      return this.relay(decodeURIComponent(hook[1]), request, response);
    }
    const download = url.pathname.match(/^\/file\/bot([^/]+)\/(.+)$/);
    if (download) {
      const fileId = download[2].replace(/^documents\//, '');
      const bytes = this.files[fileId];
      this.downloads.push(download[2]);
      if (!bytes) {
        return this.reply(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
      }
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      return response.end(bytes);
    }
    const call = url.pathname.match(/^\/bot([^/]+)\/([A-Za-z]+)$/);
    if (!call) {
      return this.reply(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    }
    const [, token, method] = call;
    const params = await readParams(request, url);
    this.calls.push({ method, params });
    const failure = this.failures.findIndex((item) => item.method === method);
    if (failure >= 0) {
      const { status, retryAfter } = this.failures.splice(failure, 1)[0];
      if (status === 429) {
        return this.reply(response, 429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${retryAfter}`,
          parameters: { retry_after: retryAfter },
        });
      }
      return this.reply(response, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    }
    switch (method) {
      case 'setWebhook':
        this.hooks[token] = { url: params.url, secret_token: params.secret_token };
        await this.upstream(token, 'setWebhook', { url: `${this.url}/__hook/${encodeURIComponent(token)}` });
        return this.reply(response, 200, { ok: true, result: true, description: 'Webhook was set' });
      case 'deleteWebhook':
        delete this.hooks[token];
        await this.upstream(token, 'deleteWebhook', {});
        return this.reply(response, 200, { ok: true, result: true, description: 'Webhook was deleted' });
      case 'getUpdates':
        return this.getUpdates(token, params, response);
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument':
      case 'sendLocation':
        return this.send(token, method, params, response);
      case 'sendChatAction':
      case 'answerCallbackQuery':
        return this.reply(response, 200, { ok: true, result: true });
      case 'getFile': {
        const bytes = this.files[params.file_id];
        if (!bytes) {
          return this.reply(response, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
        }
        return this.reply(response, 200, {
          ok: true,
          result: { file_id: params.file_id, file_unique_id: `u${params.file_id}`, file_size: bytes.length, file_path: `documents/${params.file_id}` },
        });
      }
      default: {
        const answer = await this.upstream(token, method, params);
        return this.reply(response, answer.status, answer.body);
      }
    }
  }
}
