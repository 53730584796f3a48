// What the WebSocket benchmarks (ws_fanout.mjs, widget_connections.mjs) share: forked client processes
// that open many `ws` sockets and report on them, the minimal Node.js `ws` server they are compared
// with, and the orchestrator's side of both (fork, IPC messages, connect, close). bench/README.md
// describes the benchmarks.
//
// This file is also the entry point of the processes it forks: `ws_bench.mjs client` (a client
// process) and `ws_bench.mjs baseline-server` (the baseline server).
import { fork } from 'node:child_process';
import http from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from './bench_common.mjs';

const self = fileURLToPath(import.meta.url);
export const wallNow = () => performance.timeOrigin + performance.now(); // comparable across processes

// ================================================================================================
// Client process. Commands (IPC from the orchestrator), each answered by one message:
//   {cmd:'sessions', url, origin, channel, count, concurrency}  → {type:'sessions', ok, failed, firstError, ms}
//       POST url {"channel"} with that Origin `count` times (web chat visitors), keeps each visitorToken;
//       the keep-alive connections are closed before it answers.
//   {cmd:'connect', url, headers, count, concurrency, tokens} → {type:'connected', opened, failed, firstError, ms}
//       opens `count` sockets (with tokens: url + '&token=' + the i-th visitor token); a socket counts
//       once its first frame, {"type":"hello",…}, came.
//   {cmd:'chat', count, text, prefix, base, timeoutMs}       → {type:'chatted', times, failed, firstError}
//       on its first `count` sockets, one after another: sends {"type":"message","clientId","text"}
//       (clientId prefix + (base + i)) and times it until the {"type":"ack"} frame with that clientId.
//   {cmd:'close'}                                             → {type:'closed'}, then exits.
// Unasked: {type:'received', k, count, first, last} once every open socket got broadcast k (a frame
// with "text":"bench broadcast <k>"), {type:'lost', code} when the server closes a socket, and
// {type:'frame-error', text} for an {"type":"error"} frame.
function runClient() {
  const sockets = [];
  let tokens = [];
  let alive = 0;
  let closing = false;
  const counts = new Map(); // broadcast number → {count, first, last}
  const reported = new Set();
  const acks = new Map(); // clientId → resolve(time)

  const checkComplete = (k) => {
    const entry = counts.get(k);
    if (entry && !reported.has(k) && entry.count >= alive) {
      reported.add(k);
      process.send({ type: 'received', k, count: entry.count, first: entry.first, last: entry.last });
    }
  };

  const onFrame = (text, t) => {
    const broadcast = /"text":"bench broadcast (\d+)"/.exec(text);
    if (broadcast) {
      const k = Number(broadcast[1]);
      let entry = counts.get(k);
      if (!entry) {
        entry = { count: 0, first: t, last: t };
        counts.set(k, entry);
      }
      entry.count += 1;
      entry.last = t;
      if (entry.count === alive) {
        checkComplete(k);
      }
      return;
    }
    if (text.includes('"type":"ack"')) {
      const { clientId } = JSON.parse(text);
      acks.get(clientId)?.(t);
      acks.delete(clientId);
    } else if (text.includes('"type":"error"')) {
      process.send({ type: 'frame-error', text: text.slice(0, 300) });
    }
  };

  const open = (url, headers) =>
    new Promise((resolveOpen) => {
      const ws = new WebSocket(url, { headers, perMessageDeflate: false });
      let hello = false;
      let counted = false; // its hello came: one of `alive`
      ws.on('message', (data) => {
        const t = wallNow();
        const text = data.toString();
        if (!hello) {
          hello = true;
          let type;
          try {
            type = JSON.parse(text).type;
          } catch {
            type = undefined;
          }
          if (type !== 'hello') {
            resolveOpen({ ok: false, error: `first frame is not a hello: ${text.slice(0, 100)}` });
            ws.terminate();
            return;
          }
          alive += 1;
          counted = true;
          sockets.push(ws);
          resolveOpen({ ok: true });
          return;
        }
        onFrame(text, t);
      });
      ws.on('unexpected-response', (request, response) => {
        resolveOpen({ ok: false, error: `HTTP ${response.statusCode}` });
        request.destroy();
      });
      ws.on('error', (error) => {
        if (!hello) {
          resolveOpen({ ok: false, error: error.code ?? error.message });
        }
      });
      ws.on('close', (code) => {
        if (!hello) {
          resolveOpen({ ok: false, error: `closed ${code}` });
          return;
        }
        if (!counted) {
          return; // refused after its first frame (counted as failed)
        }
        alive -= 1;
        if (!closing) {
          process.send({ type: 'lost', code });
          for (const k of counts.keys()) {
            checkComplete(k);
          }
        }
      });
    });

  // fn(i) for i in [0, count), `concurrency` at a time; {failed, firstError, ms}.
  const inPool = async (count, concurrency, fn) => {
    let next = 0;
    let failed = 0;
    let firstError = '';
    const started = performance.now();
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        const result = await fn(i);
        if (!result.ok) {
          failed += 1;
          firstError ||= result.error;
        }
      }
    }));
    return { failed, firstError, ms: performance.now() - started };
  };

  const postSession = (agent, url, origin, body) =>
    new Promise((resolvePost) => {
      const request = http.request(url, {
        method: 'POST',
        agent,
        headers: { origin, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 200) {
            resolvePost({ ok: false, error: `HTTP ${response.statusCode} ${text.slice(0, 200)}` });
          } else if (response.headers['access-control-allow-origin'] !== origin) {
            resolvePost({ ok: false, error: `no CORS answer for ${origin}` });
          } else {
            resolvePost({ ok: true, token: JSON.parse(text).visitorToken });
          }
        });
      });
      request.on('error', (error) => resolvePost({ ok: false, error: error.code ?? error.message }));
      request.end(body);
    });

  const chatOnce = (ws, clientId, text, timeoutMs) =>
    new Promise((resolveChat) => {
      const timer = setTimeout(() => {
        acks.delete(clientId);
        resolveChat({ ok: false, error: `no ack for ${clientId} within ${timeoutMs} ms` });
      }, timeoutMs);
      const t0 = wallNow();
      acks.set(clientId, (t) => {
        clearTimeout(timer);
        resolveChat({ ok: true, ms: t - t0 });
      });
      ws.send(JSON.stringify({ type: 'message', clientId, text }));
    });

  process.on('message', async (message) => {
    if (message.cmd === 'sessions') {
      const { url, origin, channel, count, concurrency } = message;
      const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
      const body = JSON.stringify({ channel });
      tokens = new Array(count);
      const result = await inPool(count, concurrency, async (i) => {
        const answer = await postSession(agent, url, origin, body);
        tokens[i] = answer.token;
        return answer;
      });
      agent.destroy(); // no idle HTTP connections left in the server while its memory is read
      process.send({ type: 'sessions', ok: count - result.failed, ...result });
    } else if (message.cmd === 'connect') {
      const { url, headers, count, concurrency } = message;
      const useTokens = message.tokens === true;
      const result = await inPool(count, concurrency, (i) =>
        useTokens
          ? (tokens[i] ? open(`${url}&token=${encodeURIComponent(tokens[i])}`, headers) : Promise.resolve({ ok: false, error: 'no session' }))
          : open(url, headers));
      process.send({ type: 'connected', opened: alive, ...result });
    } else if (message.cmd === 'chat') {
      const { count, text, prefix, base, timeoutMs } = message;
      const times = [];
      const result = await inPool(Math.min(count, sockets.length), 1, async (i) => {
        const answer = await chatOnce(sockets[i], `${prefix}${base + i}`, text, timeoutMs);
        if (answer.ok) {
          times.push(answer.ms);
        }
        return answer;
      });
      process.send({ type: 'chatted', times, failed: result.failed, firstError: result.firstError });
    } else if (message.cmd === 'close') {
      closing = true;
      await Promise.all(sockets.map((ws) => new Promise((resolveClose) => {
        if (ws.readyState === WebSocket.CLOSED) {
          resolveClose();
          return;
        }
        ws.once('close', resolveClose);
        ws.close();
        setTimeout(() => {
          ws.terminate();
          resolveClose();
        }, 5000).unref();
      })));
      process.send({ type: 'closed' });
      process.disconnect();
    }
  });
  process.send({ type: 'ready' });
}

// ================================================================================================
// The baseline: a minimal Node.js `ws` server (no compression) doing what Parley does, as cheaply as
// Node allows:
//   /api/v1/live with `Authorization: Bearer BENCH_TOKEN`: a hello frame; POST /api/v1/broadcasts
//     {"text"} sends {"seq","type":"broadcast","from","text","at"} to every such socket, answers 202.
//   /api/v1/widget/live?channel=…&token=… (web chat visitors), Origin BENCH_ORIGIN when that is set:
//     {"type":"hello"}; a {"type":"message","clientId","text"} frame is answered at once with
//     {"seq","type":"ack","clientId","message":{…}} (nothing is stored).
function runBaselineServer() {
  const token = process.env.BENCH_TOKEN;
  const origin = process.env.BENCH_ORIGIN;
  let seq = 0;
  const server = http.createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/api/v1/broadcasts') {
      response.writeHead(404).end();
      return;
    }
    if (request.headers.authorization !== `Bearer ${token}`) {
      response.writeHead(401).end();
      return;
    }
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const { text } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      seq += 1;
      const frame = JSON.stringify({ seq, type: 'broadcast', from: 'tok_baseline00000000000000000000', text, at: new Date().toISOString() });
      for (const client of liveWss.clients) {
        client.send(frame);
      }
      response.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"sent"}');
    });
  });
  // One server per kind of socket, so that a broadcast goes to wss.clients of the live one as before.
  const liveWss = new WebSocket.WebSocketServer({ noServer: true, perMessageDeflate: false });
  const widgetWss = new WebSocket.WebSocketServer({ noServer: true, perMessageDeflate: false });
  let messageId = 0;
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url, 'http://localhost');
    if (url.pathname === '/api/v1/live' && request.headers.authorization === `Bearer ${token}`) {
      liveWss.handleUpgrade(request, socket, head, (ws) => {
        seq += 1;
        ws.send(JSON.stringify({ seq, type: 'hello', token: { id: 'tok_baseline00000000000000000000', role: 'admin' } }));
        ws.on('message', () => {}); // clients have nothing to say
      });
    } else if (url.pathname === '/api/v1/widget/live' && url.searchParams.get('channel') && url.searchParams.get('token') &&
      (!origin || request.headers.origin === origin)) {
      widgetWss.handleUpgrade(request, socket, head, (ws) => {
        ws.send('{"type":"hello"}');
        ws.on('message', (data) => {
          let frame;
          try {
            frame = JSON.parse(data.toString());
          } catch {
            return;
          }
          if (frame?.type === 'message') {
            seq += 1;
            messageId += 1;
            ws.send(JSON.stringify({
              seq,
              type: 'ack',
              clientId: frame.clientId,
              message: { id: `msg_${messageId}`, clientId: frame.clientId, direction: 'inbound', text: frame.text, image: null, status: 'sent', createdAt: new Date().toISOString() },
            }));
          }
        });
      });
    } else {
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n');
    }
  });
  server.keepAliveTimeout = 60000;
  server.listen(0, '127.0.0.1', () => {
    process.send({ type: 'listening', port: server.address().port });
  });
  process.on('message', (message) => {
    if (message.cmd === 'stop') {
      for (const client of [...liveWss.clients, ...widgetWss.clients]) {
        client.terminate();
      }
      server.close(() => process.exit(0));
      setTimeout(() => process.exit(0), 2000).unref();
    }
  });
}

// ================================================================================================
// The orchestrator's side

// Forks this file in `role` ('client' or 'baseline-server'); messages queue until nextMessage() takes them.
export function forkRole(role, env = {}) {
  const child = fork(self, [role], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.inbox = [];
  child.waiters = [];
  child.on('message', (message) => {
    const index = child.waiters.findIndex((waiter) => waiter.type === message.type);
    if (index >= 0) {
      child.waiters.splice(index, 1)[0].resolve(message);
    } else {
      child.inbox.push(message);
    }
  });
  child.exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  return child;
}

// The next message of `type` from a child (queued ones first), or null after `timeoutMs`.
export function nextMessage(child, type, timeoutMs = 600000) {
  const index = child.inbox.findIndex((message) => message.type === type);
  if (index >= 0) {
    return Promise.resolve(child.inbox.splice(index, 1)[0]);
  }
  return new Promise((resolveMessage) => {
    const waiter = { type, resolve: resolveMessage };
    child.waiters.push(waiter);
    setTimeout(() => {
      const at = child.waiters.indexOf(waiter);
      if (at >= 0) {
        child.waiters.splice(at, 1);
        resolveMessage(null);
      }
    }, timeoutMs).unref();
  });
}

// `processes` client processes, ready; each counts the sockets the server closed (`lost`) and keeps
// the error frames it got (`frameErrors`).
export async function startClients(processes) {
  const clients = Array.from({ length: processes }, () => forkRole('client'));
  await Promise.all(clients.map((client) => nextMessage(client, 'ready', 30000)));
  for (const client of clients) {
    client.lost = 0;
    client.frameErrors = [];
    client.on('message', (message) => {
      if (message.type === 'lost') {
        client.lost += 1;
      } else if (message.type === 'frame-error') {
        client.frameErrors.push(message.text);
      }
    });
  }
  return clients;
}

// n split over the clients: the first n % clients get one more.
export function shares(n, clients) {
  return clients.map((_, index) => Math.floor(n / clients.length) + (index < n % clients.length ? 1 : 0));
}

// Sends every client `payload(index)` and waits for each one's `replyType` answer (null on timeout).
export async function askClients(clients, payload, replyType, timeoutMs = 600000) {
  clients.forEach((client, index) => client.send(payload(index)));
  return Promise.all(clients.map((client) => nextMessage(client, replyType, timeoutMs)));
}

// Opens `count` sockets between the clients; {opened, failed, firstError, seconds}.
export async function connectClients(clients, { url, headers, count, concurrency, tokens = false }) {
  const started = performance.now();
  const split = shares(count, clients);
  const reports = await askClients(clients, (index) => ({ cmd: 'connect', url, headers, count: split[index], concurrency, tokens }), 'connected');
  return {
    opened: reports.reduce((sum, report) => sum + report.opened, 0),
    failed: reports.reduce((sum, report) => sum + report.failed, 0),
    firstError: reports.find((report) => report.failed)?.firstError ?? '',
    seconds: (performance.now() - started) / 1000,
  };
}

// Closes every socket and waits for the client processes to exit.
export async function closeClients(clients) {
  for (const client of clients) {
    client.send({ cmd: 'close' });
  }
  await Promise.all(clients.map((client) => nextMessage(client, 'closed', 60000)));
  await Promise.all(clients.map((client) => client.exited));
}

// The baseline server on a free loopback port: {child, pid, url, stop()}.
export async function startBaselineServer(env) {
  const child = forkRole('baseline-server', env);
  const listening = await nextMessage(child, 'listening', 10000);
  if (!listening) {
    child.kill('SIGKILL');
    throw new Error('the baseline server did not start');
  }
  return {
    child,
    pid: child.pid,
    url: `http://127.0.0.1:${listening.port}`,
    async stop() {
      child.send({ cmd: 'stop' });
      await child.exited;
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === self) {
  const role = process.argv[2];
  if (role === 'client') {
    runClient();
  } else if (role === 'baseline-server') {
    runBaselineServer();
  } else {
    console.error(`ws_bench.mjs: unknown role ${role ?? '(none)'} (client | baseline-server)`);
    process.exit(2);
  }
}
