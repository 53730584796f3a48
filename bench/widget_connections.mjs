// Web chat visitors: N widget connections on one Parley node and the server's memory per idle
// connection, against a minimal Node.js `ws` server with the same clients in the same run. Each
// visitor first gets a session (POST /api/v1/widget/sessions from the page's Origin: its visitor
// token), then opens /api/v1/widget/live?channel=…&token=… and waits for {"type":"hello"}. Optionally
// a sample of visitors each send one message and time it to its ack. bench/README.md describes it;
// run it through widget_connections.sh (it raises `ulimit -n`).
//
// Processes: this orchestrator; CLIENT_PROCESSES client processes (ws_bench.mjs `client`), each
// holding N / CLIENT_PROCESSES sockets; the server under test (Parley, then ws_bench.mjs
// `baseline-server`). Exit status 0 whether the target is met or missed; 1 if the benchmark
// misbehaved (PROBLEM lines: failed sessions or sockets, sockets the server closed, missing acks).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  apiOk,
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
import { askClients, closeClients, connectClients, shares, startBaselineServer, startClients } from './ws_bench.mjs';

const N = envNumber('VISITORS', smoke ? 200 : 10000);
const PROCESSES = Math.max(1, Math.min(envNumber('CLIENT_PROCESSES', 2), N));
const CONNECT_CONCURRENCY = envNumber('CONNECT_CONCURRENCY', 100); // handshakes in flight per client process
const SESSION_CONCURRENCY = envNumber('SESSION_CONCURRENCY', 16); // session POSTs in flight per client process
const SETTLE_MS = envNumber('SETTLE_MS', smoke ? 300 : 2000);
const CHAT_SAMPLE = Math.min(N, envNumber('CHAT_SAMPLE', smoke ? 20 : 200)); // visitors that send one message; 0: none
const ACK_TIMEOUT_MS = 10000;
const ORIGIN = 'http://bench.example';

const TARGET_PER_CONNECTION_RATIO = 1; // Parley's memory per idle connection at most the baseline's

// One target: (sessions,) N sockets, memory, the chat sample, close.
// `target` = {name, pid, url, channel, sessions: whether visitors need a session first}.
async function measure(target) {
  // Parley's sockets get each visitor's own token (from its session); the baseline's a fixed one.
  const wsUrl = `${target.url.replace(/^http/, 'ws')}/api/v1/widget/live?channel=${encodeURIComponent(target.channel)}` +
    (target.sessions ? '' : '&token=bench-baseline');
  const headers = { origin: ORIGIN };
  const clients = await startClients(PROCESSES);
  const split = shares(N, clients);
  await sleep(SETTLE_MS / 2);
  const rssIdle = rssKiB(target.pid);

  // Sessions: every visitor's token, over keep-alive connections that are closed afterwards.
  let rssSessions = rssIdle;
  let sessionSeconds = NaN;
  let sessionCpu = NaN;
  if (target.sessions) {
    const cpuBefore = cpuSeconds(target.pid);
    const started = performance.now();
    const reports = await askClients(clients, (index) => ({
      cmd: 'sessions',
      url: `${target.url}/api/v1/widget/sessions`,
      origin: ORIGIN,
      channel: target.channel,
      count: split[index],
      concurrency: SESSION_CONCURRENCY,
    }), 'sessions');
    sessionSeconds = (performance.now() - started) / 1000;
    sessionCpu = cpuSeconds(target.pid) - cpuBefore;
    const failed = reports.reduce((sum, report) => sum + report.failed, 0);
    if (failed) {
      problem(`${target.name}: ${failed} of ${N} session calls failed (first: ${reports.find((report) => report.failed).firstError})`);
    }
    await sleep(SETTLE_MS / 2); // the server ends the closed HTTP connections
    rssSessions = rssKiB(target.pid);
  }

  const cpuBefore = cpuSeconds(target.pid);
  const connected = await connectClients(clients, { url: wsUrl, headers, count: N, concurrency: CONNECT_CONCURRENCY, tokens: target.sessions });
  const connectCpu = cpuSeconds(target.pid) - cpuBefore;
  if (connected.failed) {
    problem(`${target.name}: ${connected.failed} of ${N} WebSocket connections failed (first: ${connected.firstError})`);
  }
  await sleep(SETTLE_MS);
  const rssConnected = rssKiB(target.pid);

  // The chat sample: one message per visitor, one at a time per client process, each timed to its ack.
  let ack = null;
  let rssAfterChat = rssConnected;
  if (CHAT_SAMPLE > 0) {
    const sample = shares(CHAT_SAMPLE, clients);
    const started = performance.now();
    const reports = await askClients(clients, (index) => ({
      cmd: 'chat',
      count: sample[index],
      text: 'hi',
      prefix: 'c_',
      base: sample.slice(0, index).reduce((a, b) => a + b, 0),
      timeoutMs: ACK_TIMEOUT_MS,
    }), 'chatted', ACK_TIMEOUT_MS * (CHAT_SAMPLE + 1));
    const seconds = (performance.now() - started) / 1000;
    const times = Float64Array.from(reports.flatMap((report) => report?.times ?? [])).sort();
    const failed = reports.reduce((sum, report) => sum + (report?.failed ?? 0), 0);
    if (failed || times.length !== CHAT_SAMPLE) {
      problem(`${target.name}: ${CHAT_SAMPLE - times.length} of ${CHAT_SAMPLE} messages got no ack (first: ${reports.find((report) => report?.failed)?.firstError ?? 'a client did not answer'})`);
    }
    ack = { count: times.length, seconds, p50: quantile(times, 0.5), p99: quantile(times, 0.99), max: times[times.length - 1] };
    rssAfterChat = rssKiB(target.pid);
  }

  const lost = clients.reduce((sum, client) => sum + client.lost, 0);
  if (lost) {
    problem(`${target.name}: the server closed ${lost} visitor sockets during the run`);
  }
  const frameErrors = clients.flatMap((client) => client.frameErrors);
  if (frameErrors.length) {
    problem(`${target.name}: ${frameErrors.length} error frames (first: ${frameErrors[0]})`);
  }
  await closeClients(clients);

  return {
    name: target.name,
    opened: connected.opened,
    connectSeconds: connected.seconds,
    connectCpu,
    sessionSeconds,
    sessionCpu,
    rssIdle,
    rssSessions,
    rssConnected,
    rssAfterChat,
    perConnectionKiB: connected.opened ? (rssConnected - rssIdle) / connected.opened : NaN,
    socketsAloneKiB: connected.opened ? (rssConnected - rssSessions) / connected.opened : NaN,
    ack,
  };
}

function report(result, sessions) {
  if (sessions) {
    console.log(`${result.name}: ${int(N)} sessions in ${fmt(result.sessionSeconds, 2)} s (${int(N / result.sessionSeconds)}/s, ` +
      `server CPU ${fmt(result.sessionCpu / result.sessionSeconds * 100, 0)} %)`);
  }
  console.log(`${result.name}: ${int(result.opened)} visitor sockets open in ${fmt(result.connectSeconds, 2)} s ` +
    `(server CPU ${fmt(result.connectCpu / result.connectSeconds * 100, 0)} %)`);
  console.log(`${result.name}: RSS ${int(result.rssIdle)} KiB idle` +
    (sessions ? ` → ${int(result.rssSessions)} KiB after the sessions` : '') +
    ` → ${int(result.rssConnected)} KiB connected` +
    (result.ack ? ` → ${int(result.rssAfterChat)} KiB after the chat sample` : '') +
    `; ${fmt(result.perConnectionKiB, 2)} KiB per idle connection` +
    (sessions ? ` (${fmt(result.socketsAloneKiB, 2)} KiB counting from after the sessions)` : ''));
  if (result.ack) {
    console.log(`${result.name}: ${result.ack.count} messages, one at a time per client process: message → ack ` +
      `p50 ${fmt(result.ack.p50, 2)} ms, p99 ${fmt(result.ack.p99, 2)} ms, max ${fmt(result.ack.max, 2)} ms`);
  }
}

async function runOrchestrator() {
  const tmp = makeTemp('widget');
  let parley;
  let baseline;
  const results = [];
  try {
    console.log(`${int(N)} web chat visitors in ${PROCESSES} client processes, chat sample ${CHAT_SAMPLE}, ` +
      `file descriptor limit ${process.env.BENCH_NOFILE ?? 'unknown'}`);
    // ---- Parley ----
    const dataDir = join(tmp, 'parley');
    mkdirSync(dataDir);
    const { token } = seedTenant(dataDir, 'Bench widget');
    parley = await startParley(dataDir);
    const created = await apiOk(parley.url, 'POST', '/api/v1/channels', 201, {
      token,
      body: { type: 'webchat', name: 'Web chat', enabled: true, settings: { allowedOrigins: [ORIGIN] } },
    });
    const channel = created.channel.id;
    console.log(`\n== Parley ${parley.url} (pid ${parley.pid}), web chat channel ${channel} ==`);
    results.push(await measure({ name: 'parley', pid: parley.pid, url: parley.url, channel, sessions: true }));
    report(results.at(-1), true);
    const exit = await parley.stop();
    parley = null;
    if (exit.code !== 0) {
      console.log(`WARNING: parley exited ${exit.code ?? exit.signal} after SIGTERM`);
    }

    // ---- Node.js ws ----
    baseline = await startBaselineServer({ BENCH_ORIGIN: ORIGIN });
    console.log(`\n== Node.js ${process.version} ws server ${baseline.url} (pid ${baseline.pid}) ==`);
    results.push(await measure({ name: 'node ws', pid: baseline.pid, url: baseline.url, channel: 'chn_baseline', sessions: false }));
    report(results.at(-1), false);
    await baseline.stop();
    baseline = null;
  } finally {
    if (parley) {
      await parley.stop();
    }
    if (baseline) {
      baseline.child.kill('SIGKILL');
    }
    removeDir(tmp);
  }

  const [p, b] = results;
  const memoryRatio = p.perConnectionKiB / b.perConnectionKiB;
  const row = (name, value, ok) => console.log(`  ${name.padEnd(44)} ${value.padStart(22)}   ${ok}`);
  console.log(`\nSummary: ${int(N)} web chat visitors on one node (session, then widget socket), idle`);
  console.log(`${''.padEnd(10)} ${'KiB/idle conn'.padStart(14)} ${'connect s'.padStart(10)} ${'ack p50 ms'.padStart(11)} ${'ack p99 ms'.padStart(11)}`);
  for (const r of results) {
    console.log(`${r.name.padEnd(10)} ${fmt(r.perConnectionKiB, 2).padStart(14)} ${fmt(r.connectSeconds, 2).padStart(10)} ` +
      `${fmt(r.ack?.p50, 2).padStart(11)} ${fmt(r.ack?.p99, 2).padStart(11)}`);
  }
  console.log(`ratio parley/node ws: memory per idle connection ${fmt(memoryRatio, 2)}x ` +
    `(${fmt(p.socketsAloneKiB / b.perConnectionKiB, 2)}x counting Parley from after the sessions)`);
  if (p.ack) {
    console.log('(the baseline stores nothing and acks at once: its ack time is the clients\' and loopback\'s share; ' +
      'Parley\'s is a durable commit of a new contact and conversation)');
  }
  console.log('targets');
  row(`connected visitors = ${int(N)}`, `${int(p.opened)}`, verdict(p.opened === N));
  row('memory per idle connection <= node ws', `${fmt(p.perConnectionKiB, 2)} vs ${fmt(b.perConnectionKiB, 2)} KiB`, verdict(memoryRatio <= TARGET_PER_CONNECTION_RATIO));
  if (problemCount()) {
    console.log(`benchmark FAILED: ${problemCount()} problem(s)`);
    process.exit(1);
  }
  console.log('benchmark ok');
  process.exit(0);
}

runOrchestrator().catch((error) => {
  console.error(`widget_connections: ${error.stack ?? error}`);
  process.exit(1);
});
