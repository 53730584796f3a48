// Live-event fan-out: N WebSocket clients connected to one Parley node (Bearer-token sockets on
// /api/v1/live), the server's memory per idle connection, then K broadcasts (POST /api/v1/broadcasts)
// one after another, each timed from the POST until every client has it. The same, in the same run,
// against a minimal Node.js `ws` server (this file, run as `ws_fanout.mjs baseline-server`), with the
// same clients. bench/README.md describes it; run it through ws_fanout.sh (it raises `ulimit -n`).
//
// Processes: this orchestrator; CLIENT_PROCESSES client processes (this file, `client`), each
// holding N / CLIENT_PROCESSES sockets; the server under test. Exit status 0 whether targets are met
// or missed; 1 if the benchmark misbehaved (PROBLEM lines: refused or closed sockets, lost frames).
import { fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  WebSocket,
  cpuSeconds,
  envNumber,
  fmt,
  int,
  makeTemp,
  problem,
  problemCount,
  quantile,
  removeDir,
  rssKiB,
  seedTenant,
  sleep,
  smoke,
  startParley,
  verdict,
} from './bench_common.mjs';

const self = fileURLToPath(import.meta.url);
const role = process.argv[2] ?? 'orchestrator';
const wallNow = () => performance.timeOrigin + performance.now(); // comparable across processes

// ================================================================================================
// Client process: opens its share of the sockets, reports each broadcast once all of them have it.
function runClient() {
  const sockets = [];
  let alive = 0;
  let closing = false;
  const counts = new Map(); // broadcast number → {count, first, last}
  const reported = new Set();

  const checkComplete = (k) => {
    const entry = counts.get(k);
    if (entry && !reported.has(k) && entry.count >= alive) {
      reported.add(k);
      process.send({ type: 'received', k, count: entry.count, first: entry.first, last: entry.last });
    }
  };

  const open = (url, headers) =>
    new Promise((resolveOpen) => {
      const ws = new WebSocket(url, { headers, perMessageDeflate: false });
      let hello = false;
      ws.on('message', (data) => {
        const t = wallNow();
        if (!hello) {
          hello = true;
          alive += 1;
          sockets.push(ws);
          resolveOpen({ ok: true });
          return;
        }
        const text = data.toString();
        const match = /"text":"bench broadcast (\d+)"/.exec(text);
        if (!match) {
          return;
        }
        const k = Number(match[1]);
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
        alive -= 1;
        if (!closing) {
          process.send({ type: 'lost', code });
          for (const k of counts.keys()) {
            checkComplete(k);
          }
        }
      });
    });

  process.on('message', async (message) => {
    if (message.cmd === 'connect') {
      const { url, headers, count, concurrency } = message;
      let next = 0;
      let failed = 0;
      let firstError = '';
      const started = performance.now();
      await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
        while (next < count) {
          next += 1;
          const result = await open(url, headers);
          if (!result.ok) {
            failed += 1;
            firstError ||= result.error;
          }
        }
      }));
      process.send({ type: 'connected', opened: alive, failed, firstError, ms: performance.now() - started });
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
// The baseline: a minimal Node.js `ws` server doing what Parley does for a broadcast.
function runBaselineServer() {
  const token = process.env.BENCH_TOKEN;
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
      for (const client of wss.clients) {
        client.send(frame);
      }
      response.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"sent"}');
    });
  });
  const wss = new WebSocket.WebSocketServer({ noServer: true, perMessageDeflate: false });
  server.on('upgrade', (request, socket, head) => {
    if (request.url !== '/api/v1/live' || request.headers.authorization !== `Bearer ${token}`) {
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      seq += 1;
      ws.send(JSON.stringify({ seq, type: 'hello', token: { id: 'tok_baseline00000000000000000000', role: 'admin' } }));
      ws.on('message', () => {}); // clients have nothing to say
    });
  });
  server.keepAliveTimeout = 60000;
  server.listen(0, '127.0.0.1', () => {
    process.send({ type: 'listening', port: server.address().port });
  });
  process.on('message', (message) => {
    if (message.cmd === 'stop') {
      for (const client of wss.clients) {
        client.terminate();
      }
      server.close(() => process.exit(0));
      setTimeout(() => process.exit(0), 2000).unref();
    }
  });
}

// ================================================================================================
// Orchestrator
const N = envNumber('CLIENTS', smoke ? 200 : 10000);
const K = envNumber('BROADCASTS', smoke ? 3 : 20);
const PROCESSES = Math.max(1, Math.min(envNumber('CLIENT_PROCESSES', 2), N));
const CONNECT_CONCURRENCY = envNumber('CONNECT_CONCURRENCY', 100); // handshakes in flight per client process
const SETTLE_MS = envNumber('SETTLE_MS', smoke ? 300 : 2000);
const BROADCAST_TIMEOUT_MS = 30000;

const TARGET_PER_CONNECTION_RATIO = 1; // Parley's memory per idle connection at most the baseline's
const TARGET_RATE_RATIO = 1; // Parley's fan-out rate at least the baseline's

function forkNode(args, env = {}) {
  const child = fork(self, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
function nextMessage(child, type, timeoutMs = 600000) {
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

// One target: connect N clients, memory, K broadcasts, close. `target` = {name, pid, url, token}.
async function measure(target) {
  const wsUrl = `${target.url.replace(/^http/, 'ws')}/api/v1/live`;
  const headers = { authorization: `Bearer ${target.token}` };
  // Idle server, warmed by one broadcast to nobody: its memory before any connection.
  await postBroadcast(target, 'warm-up');
  await sleep(SETTLE_MS / 2);
  const rssBefore = rssKiB(target.pid);

  const clients = Array.from({ length: PROCESSES }, () => forkNode(['client']));
  await Promise.all(clients.map((client) => nextMessage(client, 'ready')));
  const lostWatch = clients.map((client) => {
    client.lost = 0;
    client.on('message', (message) => {
      if (message.type === 'lost') {
        client.lost += 1;
      }
    });
    return client;
  });
  const connectStart = performance.now();
  const shares = clients.map((_, index) => Math.floor(N / PROCESSES) + (index < N % PROCESSES ? 1 : 0));
  clients.forEach((client, index) =>
    client.send({ cmd: 'connect', url: wsUrl, headers, count: shares[index], concurrency: CONNECT_CONCURRENCY }));
  const connected = await Promise.all(clients.map((client) => nextMessage(client, 'connected')));
  const connectSeconds = (performance.now() - connectStart) / 1000;
  const opened = connected.reduce((sum, report) => sum + report.opened, 0);
  const failed = connected.reduce((sum, report) => sum + report.failed, 0);
  if (failed) {
    problem(`${target.name}: ${failed} of ${N} WebSocket connections failed (first: ${connected.find((report) => report.failed).firstError})`);
  }
  await sleep(SETTLE_MS);
  const rssConnected = rssKiB(target.pid);
  const perConnectionKiB = opened ? (rssConnected - rssBefore) / opened : NaN;

  // K broadcasts, one after another; unmeasured first one warms the path.
  const times = [];
  const firstTimes = [];
  const postTimes = [];
  let delivered = 0;
  const cpuBefore = cpuSeconds(target.pid);
  const clientCpuBefore = clients.reduce((sum, client) => sum + cpuSeconds(client.pid), 0);
  let phaseStart = 0;
  for (let k = 0; k <= K; k += 1) {
    if (k === 1) {
      phaseStart = performance.now();
    }
    const t0 = wallNow();
    const answered = await postBroadcast(target, `bench broadcast ${k}`);
    postTimes.push(answered - t0);
    const reports = await Promise.all(clients.map((client) => nextMessage(client, 'received', BROADCAST_TIMEOUT_MS)));
    if (reports.some((report) => report === null)) {
      problem(`${target.name}: broadcast ${k} did not reach every client within ${BROADCAST_TIMEOUT_MS / 1000} s`);
      break;
    }
    const count = reports.reduce((sum, report) => sum + report.count, 0);
    if (count !== opened) {
      problem(`${target.name}: broadcast ${k} reached ${count} of ${opened} clients`);
    }
    if (k > 0) {
      times.push(Math.max(...reports.map((report) => report.last)) - t0);
      firstTimes.push(Math.min(...reports.map((report) => report.first)) - t0);
      delivered += count;
    }
  }
  const phaseSeconds = (performance.now() - phaseStart) / 1000;
  const cpu = (cpuSeconds(target.pid) - cpuBefore) / phaseSeconds;
  const clientCpu = (clients.reduce((sum, client) => sum + cpuSeconds(client.pid), 0) - clientCpuBefore) / phaseSeconds;
  const rssAfter = rssKiB(target.pid);
  const lost = lostWatch.reduce((sum, client) => sum + client.lost, 0);
  if (lost) {
    problem(`${target.name}: the server closed ${lost} client sockets during the run`);
  }

  for (const client of clients) {
    client.send({ cmd: 'close' });
  }
  await Promise.all(clients.map((client) => nextMessage(client, 'closed', 60000)));
  await Promise.all(clients.map((client) => client.exited));

  const sorted = Float64Array.from(times).sort();
  const sum = times.reduce((a, b) => a + b, 0);
  return {
    name: target.name,
    opened,
    connectSeconds,
    rssBefore,
    rssConnected,
    rssAfter,
    perConnectionKiB,
    broadcasts: times.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    mean: sum / times.length,
    max: sorted[sorted.length - 1],
    min: sorted[0],
    rate: delivered / (sum / 1000),
    wallRate: delivered / phaseSeconds,
    postP50: quantile(Float64Array.from(postTimes).sort(), 0.5),
    firstP50: quantile(Float64Array.from(firstTimes).sort(), 0.5),
    cpu,
    clientCpu,
  };
}

async function postBroadcast(target, text) {
  const response = await fetch(`${target.url}/api/v1/broadcasts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  await response.text();
  const answered = wallNow();
  if (response.status !== 202) {
    throw new Error(`${target.name}: POST /api/v1/broadcasts answered ${response.status}`);
  }
  return answered;
}

function report(result) {
  console.log(`${result.name}: ${int(result.opened)} clients connected in ${fmt(result.connectSeconds, 2)} s; ` +
    `RSS ${int(result.rssBefore)} KiB idle → ${int(result.rssConnected)} KiB connected → ${int(result.rssAfter)} KiB after the broadcasts; ` +
    `${fmt(result.perConnectionKiB, 2)} KiB per idle connection`);
  console.log(`${result.name}: ${result.broadcasts} broadcasts to ${int(result.opened)}: POST → last client p50 ${fmt(result.p50, 1)} ms, ` +
    `mean ${fmt(result.mean, 1)} ms, min ${fmt(result.min, 1)} ms, max ${fmt(result.max, 1)} ms; ` +
    `${int(result.rate)} messages/s (sum of broadcast times), ${int(result.wallRate)}/s wall`);
  console.log(`${result.name}: p50 POST → 202 answer ${fmt(result.postP50, 1)} ms, POST → first client ${fmt(result.firstP50, 1)} ms; ` +
    `CPU while broadcasting: server ${fmt(result.cpu * 100, 0)} %, the ${PROCESSES} client processes ${fmt(result.clientCpu * 100, 0)} % (of 200 %)`);
}

async function runOrchestrator() {
  const tmp = makeTemp('fanout');
  let parley;
  let baseline;
  const results = [];
  try {
    console.log(`${int(N)} clients in ${PROCESSES} client processes, ${K} broadcasts (+1 unmeasured), ` +
      `file descriptor limit ${process.env.BENCH_NOFILE ?? 'unknown'}`);
    // ---- Parley ----
    const dataDir = join(tmp, 'parley');
    mkdirSync(dataDir);
    const { token } = seedTenant(dataDir, 'Bench fanout');
    parley = await startParley(dataDir);
    console.log(`\n== Parley ${parley.url} (pid ${parley.pid}) ==`);
    results.push(await measure({ name: 'parley', pid: parley.pid, url: parley.url, token }));
    report(results.at(-1));
    const exit = await parley.stop();
    parley = null;
    if (exit.code !== 0) {
      console.log(`WARNING: parley exited ${exit.code ?? exit.signal} after SIGTERM`);
    }

    // ---- Node.js ws ----
    const baselineToken = 'bench-baseline-token';
    baseline = forkNode(['baseline-server'], { BENCH_TOKEN: baselineToken });
    const { port } = await nextMessage(baseline, 'listening', 10000);
    const url = `http://127.0.0.1:${port}`;
    console.log(`\n== Node.js ${process.version} ws server ${url} (pid ${baseline.pid}) ==`);
    results.push(await measure({ name: 'node ws', pid: baseline.pid, url, token: baselineToken }));
    report(results.at(-1));
    baseline.send({ cmd: 'stop' });
    await baseline.exited;
    baseline = null;
  } finally {
    if (parley) {
      await parley.stop();
    }
    if (baseline) {
      baseline.kill('SIGKILL');
    }
    removeDir(tmp);
  }

  const [p, b] = results;
  const rateRatio = p.rate / b.rate;
  const memoryRatio = p.perConnectionKiB / b.perConnectionKiB;
  const row = (name, value, ok) => console.log(`  ${name.padEnd(44)} ${value.padStart(22)}   ${ok}`);
  console.log(`\nSummary: ${int(N)} live sockets on one node, ${K} broadcasts one after another`);
  console.log(`${''.padEnd(10)} ${'KiB/idle conn'.padStart(14)} ${'ms/broadcast p50'.padStart(17)} ${'max'.padStart(9)} ${'messages/s'.padStart(12)} ${'server CPU %'.padStart(13)} ${'client CPU %'.padStart(13)}`);
  for (const r of results) {
    console.log(`${r.name.padEnd(10)} ${fmt(r.perConnectionKiB, 2).padStart(14)} ${fmt(r.p50, 1).padStart(17)} ${fmt(r.max, 1).padStart(9)} ${int(r.rate).padStart(12)} ${fmt(r.cpu * 100, 0).padStart(13)} ${fmt(r.clientCpu * 100, 0).padStart(13)}`);
  }
  console.log(`ratio parley/node ws: messages/s ${fmt(rateRatio, 2)}, ms per broadcast ${fmt(p.p50 / b.p50, 2)}x, memory per idle connection ${fmt(memoryRatio, 2)}x`);
  console.log('targets');
  row(`connected clients = ${int(N)}`, `${int(p.opened)}`, verdict(p.opened === N));
  row('fan-out messages/s >= node ws', `${int(p.rate)} vs ${int(b.rate)}`, verdict(rateRatio >= TARGET_RATE_RATIO));
  row('memory per idle connection <= node ws', `${fmt(p.perConnectionKiB, 2)} vs ${fmt(b.perConnectionKiB, 2)} KiB`, verdict(memoryRatio <= TARGET_PER_CONNECTION_RATIO));
  if (problemCount()) {
    console.log(`benchmark FAILED: ${problemCount()} problem(s)`);
    process.exit(1);
  }
  console.log('benchmark ok');
  process.exit(0);
}

if (role === 'client') {
  runClient();
} else if (role === 'baseline-server') {
  runBaselineServer();
} else {
  runOrchestrator().catch((error) => {
    console.error(`ws_fanout: ${error.stack ?? error}`);
    process.exit(1);
  });
}
