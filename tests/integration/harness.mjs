// Shared helpers for the integration tests: start and stop the real `parley` binary on a free loopback
// port with a temp data dir, run its admin CLI, and talk to it (fetch with a cookie jar, raw sockets,
// WebSocket). Nothing here sleeps to synchronise: every wait is on an event (a line, an exit, a close).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import tls from 'node:tls';
import https from 'node:https';
import WebSocket from 'ws';

export { daysLater } from './faketime.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const parleyBin = process.env.PARLEY_BIN
  ? resolve(process.env.PARLEY_BIN)
  : join(repoRoot, 'build', 'release', 'parley');

export const PASSWORD = 'correct horse battery staple';

// Guards against a hang only (a server that never answers or never exits); no test measures time.
export const SUITE_TIMEOUT_MS = 90_000;
const EXIT_GRACE_MS = 30_000;

const running = new Set();
function killRunning() {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.on('exit', killRunning);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killRunning();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

// ---------------------------------------------------------------------------------------------------
// Data dirs and the admin CLI

export function makeDataDir(label = 'data') {
  return mkdtempSync(join(tmpdir(), `parley-it-${label}-`));
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

// Runs `parley ARGS...`; returns {status, stdout, stderr}. Never throws on a non-zero exit.
export function runParley(args, { input } = {}) {
  const result = spawnSync(parleyBin, args, { input, encoding: 'utf8' });
  if (result.error) {
    throw result.error;
  }
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

// Runs one statement with Debian's sqlite3 on a database file (read beside a running server, or
// changed in a stopped one's copy); returns its output, trimmed. Throws when sqlite3 fails.
export function sqlite(db, sql) {
  const result = spawnSync('sqlite3', ['-batch', db, sql], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`sqlite3 ${sql}: ${result.stderr}`);
  }
  return result.stdout.trim();
}

// Runs an admin command that must succeed and print one line; returns that line.
export function admin(args, { input } = {}) {
  const result = runParley(['admin', ...args], { input });
  if (result.status !== 0) {
    throw new Error(
      `parley admin ${args.join(' ')} exited ${result.status}:\n${result.stderr}${result.stdout}`,
    );
  }
  return result.stdout.trim();
}

export function createTenant(dataDir, name) {
  return admin(['create-tenant', '--data', dataDir, '--name', name]);
}

export function createUser(dataDir, { tenant, email, role, password = PASSWORD, displayName }) {
  const args = ['create-user', '--data', dataDir, '--tenant', tenant, '--email', email, '--role', role];
  if (displayName !== undefined) {
    args.push('--display-name', displayName);
  }
  return admin(args, { input: `${password}\n` });
}

export function createToken(dataDir, { tenant, name, role }) {
  const args = ['create-token', '--data', dataDir, '--tenant', tenant, '--name', name];
  if (role !== undefined) {
    args.push('--role', role);
  }
  return admin(args);
}

// A tenant with one user per role and an admin token. Emails are unique per tenant label.
export function seedTenant(dataDir, label) {
  const tenantId = createTenant(dataDir, `Tenant ${label}`);
  const users = {};
  for (const role of ['admin', 'supervisor', 'agent', 'dpo']) {
    const email = `${role}.${label.toLowerCase()}@parley.test`;
    const id = createUser(dataDir, { tenant: tenantId, email, role, displayName: `${role} ${label}` });
    users[role] = { id, email, password: PASSWORD, role };
  }
  const adminToken = createToken(dataDir, { tenant: tenantId, name: `integration ${label}`, role: 'admin' });
  return { tenantId, users, adminToken };
}

// ---------------------------------------------------------------------------------------------------
// The server process

export class Server {
  constructor(child, url, dataDir, stderrChunks) {
    this.child = child;
    this.pid = child.pid;
    this.url = url; // e.g. http://127.0.0.1:41234
    this.port = Number(new URL(url).port);
    this.dataDir = dataDir;
    this.stderrChunks = stderrChunks;
    this.exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => resolveExit({ code, signal }));
    });
  }

  get stderr() {
    return Buffer.concat(this.stderrChunks).toString('utf8');
  }

  get wsUrl() {
    return this.url.replace(/^http/, 'ws');
  }

  // Sends SIGTERM to the PID and waits for the exit; returns {code, signal}. A server still running
  // EXIT_GRACE_MS later is killed (and so reports signal SIGKILL) rather than hanging the suite.
  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      process.kill(this.pid, 'SIGTERM');
    }
    const guard = setTimeout(() => this.child.kill('SIGKILL'), EXIT_GRACE_MS);
    const result = await this.exited;
    clearTimeout(guard);
    running.delete(this.child);
    return result;
  }
}

// For after(): stops each server that was started, removes the data dir whatever happens, then
// fails if any of them did not exit 0 (a crash during the tests shows up here with its stderr).
export async function stopAll(servers, dataDir) {
  const failures = [];
  try {
    for (const server of servers) {
      if (!server) {
        continue;
      }
      const { code, signal } = await server.stop();
      if (code !== 0) {
        failures.push(`parley (pid ${server.pid}) exited ${code} (signal ${signal}); stderr:\n${server.stderr}`);
      }
    }
  } finally {
    removeDir(dataDir);
  }
  if (failures.length) {
    throw new Error(failures.join('\n'));
  }
}

// Starts `parley serve --data DIR --listen 127.0.0.1:0 EXTRA...` and resolves once it printed its
// listening line. Rejects (with stderr) if it exits first. `env` adds to the environment.
// Presence does not follow the connection unless EXTRA says so (presence.test.mjs tries it): other
// suites open and close agents' sockets as they need, with no clock running on them.
export function startServer(dataDir, extraArgs = [], { listen = '127.0.0.1:0', env = {} } = {}) {
  const args = ['serve', '--data', dataDir, '--listen', listen, '--presence-grace', '0', ...extraArgs];
  const child = spawn(parleyBin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  running.add(child);
  const stderrChunks = [];
  child.stderr.on('data', (chunk) => {
    stderrChunks.push(chunk);
    if (process.env.PARLEY_TEST_LOGS) {
      process.stderr.write(chunk);
    }
  });
  return new Promise((resolveStart, rejectStart) => {
    let stdout = '';
    let settled = false;
    const onData = (chunk) => {
      stdout += chunk.toString('utf8');
      const match = /^parley listening on (https?:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(stdout);
      if (match && !settled) {
        settled = true;
        const server = new Server(child, match[1], dataDir, stderrChunks);
        resolveStart(server);
      }
    };
    child.stdout.on('data', onData);
    child.once('error', (error) => {
      if (!settled) {
        settled = true;
        rejectStart(error);
      }
    });
    child.once('exit', (code, signal) => {
      running.delete(child);
      if (!settled) {
        settled = true;
        const stderr = Buffer.concat(stderrChunks).toString('utf8');
        rejectStart(
          new Error(`parley serve exited (${code ?? signal}) before listening; stdout: ${stdout}\n${stderr}`),
        );
      }
    });
  });
}

// Runs `parley serve` expecting it to refuse to start; resolves {code, signal, stdout, stderr}.
export function runServeExpectingExit(dataDir, extraArgs, { listen, env = {} }) {
  const args = ['serve', '--data', dataDir, '--listen', listen, ...extraArgs];
  const child = spawn(parleyBin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  running.add(child);
  const out = [];
  const err = [];
  child.stdout.on('data', (chunk) => {
    out.push(chunk);
    // A server that wrongly started must not stay up on a non-loopback address.
    if (/listening on/.test(Buffer.concat(out).toString('utf8'))) {
      child.kill('SIGKILL');
    }
  });
  child.stderr.on('data', (chunk) => err.push(chunk));
  return new Promise((resolveExit) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolveExit({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// HTTP with a cookie jar

function parseSetCookie(line) {
  const [pair, ...attributeParts] = line.split(';');
  const eq = pair.indexOf('=');
  const cookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    attributes: {},
    raw: line,
  };
  for (const part of attributeParts) {
    const [key, ...rest] = part.split('=');
    cookie.attributes[key.trim().toLowerCase()] = rest.length ? rest.join('=').trim() : true;
  }
  return cookie;
}

export class Client {
  // options.token: Bearer token; options.userAgent: User-Agent header.
  constructor(baseUrl, { token, userAgent } = {}) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.userAgent = userAgent;
    this.cookies = new Map(); // name → value
    this.lastSetCookies = [];
  }

  get csrf() {
    return this.cookies.get('parley_csrf');
  }

  cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  // Sends one request. `json` is serialised; `body` is sent as is. `csrf: false` leaves out X-CSRF-Token.
  async request(method, path, { json, body, headers = {}, csrf = true } = {}) {
    const allHeaders = {};
    if (this.userAgent) {
      allHeaders['user-agent'] = this.userAgent;
    }
    if (this.token) {
      allHeaders.authorization = `Bearer ${this.token}`;
    }
    if (this.cookies.size) {
      allHeaders.cookie = this.cookieHeader();
    }
    const isWrite = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    if (isWrite && csrf && this.csrf) {
      allHeaders['x-csrf-token'] = this.csrf;
    }
    let payload = body;
    if (json !== undefined) {
      payload = JSON.stringify(json);
      allHeaders['content-type'] = 'application/json';
    }
    Object.assign(allHeaders, headers);
    let response;
    try {
      response = await fetch(this.baseUrl + path, { method, headers: allHeaders, body: payload });
    } catch (error) {
      const cause = error.cause ? `: ${error.cause.code ?? ''} ${error.cause.message}` : '';
      throw new Error(`${method} ${path} failed${cause} (did the server die?)`, { cause: error });
    }
    const text = await response.text();
    const setCookies = response.headers.getSetCookie().map(parseSetCookie);
    this.lastSetCookies = setCookies;
    for (const cookie of setCookies) {
      const expired =
        cookie.value === '' ||
        cookie.attributes['max-age'] === '0' ||
        (typeof cookie.attributes.expires === 'string' && Date.parse(cookie.attributes.expires) < Date.now());
      if (expired) {
        this.cookies.delete(cookie.name);
      } else {
        this.cookies.set(cookie.name, cookie.value);
      }
    }
    let parsed = null;
    if ((response.headers.get('content-type') || '').includes('json') && text.length) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    return { status: response.status, headers: response.headers, text, json: parsed, setCookies };
  }

  get(path, options) {
    return this.request('GET', path, options);
  }
  post(path, json, options = {}) {
    return this.request('POST', path, { ...options, json });
  }
  put(path, json, options = {}) {
    return this.request('PUT', path, { ...options, json });
  }

  patch(path, json, options = {}) {
    return this.request('PATCH', path, { ...options, json });
  }
  delete(path, options) {
    return this.request('DELETE', path, options);
  }

  signIn(email, password = PASSWORD) {
    return this.post('/api/v1/auth/sign-in', { email, password });
  }
}

// Signs in and fails loudly if that does not give 200.
export async function signedIn(baseUrl, user, options = {}) {
  const client = new Client(baseUrl, options);
  const response = await client.signIn(user.email, user.password ?? PASSWORD);
  if (response.status !== 200) {
    throw new Error(`sign-in of ${user.email} gave ${response.status}: ${response.text}`);
  }
  client.user = response.json.user;
  return client;
}

// The error code of an answer in the one error shape, or a marker when the shape is wrong.
export function errorCode(response) {
  const code = response.json?.error?.code;
  return typeof code === 'string' ? code : `<no error shape: ${response.status} ${response.text.slice(0, 200)}>`;
}

// ---------------------------------------------------------------------------------------------------
// Raw sockets

// Parses the first HTTP/1.x response in `buffer`; returns null when none is there.
export function parseRawResponse(buffer) {
  const text = buffer.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) {
    return null;
  }
  const lines = text.slice(0, end).split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
  if (!match) {
    return { status: null, statusLine: lines[0], headers: {}, body: '' };
  }
  const headers = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = buffer.subarray(end + 4).toString('utf8');
  let json = null;
  try {
    json = JSON.parse(body);
  } catch {
    json = null;
  }
  return { status: Number(match[1]), statusLine: lines[0], headers, body, json };
}

// Opens a raw TCP connection, writes the chunks (as one write, so that a server answering early does
// not make a later write fail with EPIPE and lose its answer), then waits until the server closes the
// connection (or resets it). Resolves {data, response, error}: everything received and its first
// response, parsed. The caller must make the server close (Connection: close, a bad request, a timeout).
export function rawExchange(port, chunks, { endAfterWrite = false } = {}) {
  return new Promise((resolveExchange) => {
    const received = [];
    let error = null;
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.write(Buffer.concat(chunks.map((chunk) => (Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'latin1')))));
      if (endAfterWrite) {
        socket.end();
      }
    });
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', (socketError) => {
      error = socketError;
    });
    socket.on('close', () => {
      const data = Buffer.concat(received);
      resolveExchange({ data, response: parseRawResponse(data), error });
    });
  });
}

// A connected raw socket whose received bytes accumulate; `closed` resolves on close.
export function openRawSocket(port) {
  return new Promise((resolveOpen, rejectOpen) => {
    const received = [];
    const socket = net.connect({ host: '127.0.0.1', port });
    const state = {
      socket,
      received,
      error: null,
      data: () => Buffer.concat(received),
      closed: new Promise((resolveClosed) => socket.once('close', () => resolveClosed())),
    };
    socket.on('data', (chunk) => {
      received.push(chunk);
      socket.emit('parley-data');
    });
    socket.on('error', (socketError) => {
      state.error = socketError;
    });
    socket.once('connect', () => resolveOpen(state));
    socket.once('error', rejectOpen);
  });
}

// Waits until the bytes received on a raw socket hold one complete response with a Content-Length
// body (or the socket closes); returns it parsed and drops it from the buffer.
export function readRawResponse(state) {
  return new Promise((resolveRead, rejectRead) => {
    const check = () => {
      const data = state.data();
      const parsed = parseRawResponse(data);
      if (parsed && parsed.status !== null) {
        const headerEnd = data.indexOf('\r\n\r\n') + 4;
        const length = Number(parsed.headers['content-length'] ?? 0);
        if (data.length >= headerEnd + length) {
          const body = data.subarray(headerEnd, headerEnd + length);
          const rest = data.subarray(headerEnd + length);
          state.received.length = 0;
          if (rest.length) {
            state.received.push(rest);
          }
          state.socket.off('parley-data', check);
          state.socket.off('close', onClose);
          let json = null;
          try {
            json = JSON.parse(body.toString('utf8'));
          } catch {
            json = null;
          }
          resolveRead({ ...parsed, body: body.toString('utf8'), json });
          return true;
        }
      }
      return false;
    };
    const onClose = () => {
      if (!check()) {
        rejectRead(new Error(`connection closed before a full response; got: ${state.data().toString('latin1')}`));
      }
    };
    if (check()) {
      return;
    }
    state.socket.on('parley-data', check);
    state.socket.once('close', onClose);
  });
}

// The kernel's view of IPv4 TCP sockets (Linux /proc/net/tcp): [{localPort, remotePort, state, txQueue, rxQueue}].
function tcpSockets() {
  const lines = readFileSync('/proc/net/tcp', 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const fields = line.trim().split(/\s+/);
    const [txQueue, rxQueue] = fields[4].split(':').map((hex) => parseInt(hex, 16));
    return {
      localPort: parseInt(fields[1].split(':')[1], 16),
      remotePort: parseInt(fields[2].split(':')[1], 16),
      state: fields[3],
      txQueue,
      rxQueue,
    };
  });
}

// Resolves once the server process has read every byte the given raw sockets sent: for each, the
// client side has nothing unacknowledged and the server side has nothing unread (or has already
// answered or closed). This is how a test knows a request is in the server's hands without sleeping:
// it watches kernel state, not the clock.
export function serverHasRead(serverPort, states) {
  return new Promise((resolveRead) => {
    const check = () => {
      const sockets = tcpSockets();
      const done = states.every((state) => {
        if (state.received.length > 0 || state.socket.destroyed) {
          return true;
        }
        const clientPort = state.socket.localPort;
        const client = sockets.find((socket) => socket.localPort === clientPort && socket.remotePort === serverPort);
        const server = sockets.find((socket) => socket.localPort === serverPort && socket.remotePort === clientPort);
        return client !== undefined && client.txQueue === 0 && (server === undefined || server.rxQueue === 0);
      });
      if (done) {
        resolveRead();
      } else {
        setTimeout(check, 2);
      }
    };
    check();
  });
}

// ---------------------------------------------------------------------------------------------------
// HTTPS (self-signed certificates)

export function httpsRequest(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolveRequest, rejectRequest) => {
    const request = https.request(url, { method, headers, rejectUnauthorized: false }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          json = null;
        }
        resolveRequest({ status: response.statusCode, headers: response.headers, text, json });
      });
    });
    request.on('error', rejectRequest);
    if (body !== undefined) {
      request.write(body);
    }
    request.end();
  });
}

export function tlsPeerCertificate(port) {
  return new Promise((resolveCert, rejectCert) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, servername: 'localhost' }, () => {
      const certificate = socket.getPeerCertificate();
      socket.end();
      resolveCert(certificate);
    });
    socket.once('error', rejectCert);
  });
}

// ---------------------------------------------------------------------------------------------------
// WebSocket

// Opens a WebSocket; resolves {ws, next(), closed} once open, or {refused: statusCode, body} when the
// upgrade is answered with a plain HTTP response. Messages queue up so none is lost between awaits.
// `query`: e.g. "?since=<cursor>" to resume after a reconnect.
export function openLiveSocket(server, headers = {}, query = '') {
  return openSocket(server, `/api/v1/live${query}`, headers);
}

// A WebSocket to `path` (with its query) on the server; resolves {ws, next, closed} once open, or
// {refused: status, headers, body, json} when the upgrade is answered otherwise.
export function openSocket(server, path, headers = {}) {
  return new Promise((resolveOpen, rejectOpen) => {
    const ws = new WebSocket(`${server.wsUrl}${path}`, { headers: { origin: server.url, ...headers } });
    const queue = [];
    const waiters = [];
    let closeInfo = null;
    const closed = new Promise((resolveClosed) => {
      ws.on('close', (code, reason) => {
        closeInfo = { code, reason: reason.toString() };
        for (const waiter of waiters.splice(0)) {
          waiter.reject(new Error(`socket closed (${code}) while waiting for a message`));
        }
        resolveClosed(closeInfo);
      });
    });
    ws.on('message', (data, isBinary) => {
      const message = { text: data.toString(), isBinary };
      try {
        message.json = JSON.parse(message.text);
      } catch {
        message.json = undefined;
      }
      const waiter = waiters.shift();
      if (waiter) {
        waiter.resolve(message);
      } else {
        queue.push(message);
      }
    });
    const next = () =>
      new Promise((resolveNext, rejectNext) => {
        if (queue.length) {
          resolveNext(queue.shift());
        } else if (closeInfo) {
          rejectNext(new Error(`socket already closed (${closeInfo.code})`));
        } else {
          waiters.push({ resolve: resolveNext, reject: rejectNext });
        }
      });
    ws.on('unexpected-response', (request, response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try {
          json = JSON.parse(body);
        } catch {
          json = null;
        }
        resolveOpen({ refused: response.statusCode, headers: response.headers, body, json });
        request.destroy();
      });
    });
    ws.once('open', () => resolveOpen({ ws, next, closed }));
    ws.once('error', (error) => rejectOpen(error));
  });
}

// Every frame of a live socket, kept; waits look at all frames, earlier ones included.
export function frameLog(live, defaultMs = 20_000) {
  const log = { frames: [], waiters: [], closed: false };
  const offer = (frame) => {
    for (const waiter of [...log.waiters]) {
      if (waiter.match(frame)) {
        log.waiters.splice(log.waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    }
  };
  (async () => {
    try {
      for (;;) {
        const message = await live.next();
        if (message.json) {
          log.frames.push(message.json);
          offer(message.json);
        }
      }
    } catch {
      log.closed = true;
    }
  })();
  log.wait = (match, what, ms = defaultMs) => {
    const seen = log.frames.find(match);
    if (seen) {
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve };
      const timer = setTimeout(() => {
        log.waiters.splice(log.waiters.indexOf(waiter), 1);
        const types = log.frames.map((frame) => frame.type).join(', ');
        reject(new Error(`no live frame with ${what} within ${ms} ms (frames so far: ${types})`));
      }, ms);
      waiter.resolve = (frame) => {
        clearTimeout(timer);
        resolve(frame);
      };
      log.waiters.push(waiter);
    });
  };
  return log;
}

// Calls `check` every 100 ms until it returns something truthy, and returns that; after `ms`,
// fails naming `what`, with the end of the server's log when a server is given.
export async function until(what, check, { ms = 15_000, server } = {}) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      const log = server ? `\n${server.stderr.split('\n').slice(-20).join('\n')}` : '';
      throw new Error(`timed out waiting for ${what}${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Waits until the agent holds the conversation, closing whatever else they hold so that their
// capacity lets it through. A stored message is not yet an allocated conversation: routing comes next.
export async function ownedByAgent({ supervisor, agent, agentId }, conversationId, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const listed = await supervisor.get('/api/v1/conversations?limit=200');
    const held = listed.json.items.filter((item) => item.agentId === agentId && item.state === 'assigned');
    if (held.some((item) => item.id === conversationId)) {
      return;
    }
    for (const other of held) {
      await agent.post(`/api/v1/conversations/${other.id}/close`, {});
    }
    if (Date.now() > deadline) {
      throw new Error(`conversation ${conversationId} not assigned to the agent within ${ms} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// ---------------------------------------------------------------------------------------------------
// Small assertions shared by the files

export const RFC3339_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function cookieByName(setCookies, name) {
  return setCookies.find((cookie) => cookie.name === name);
}
