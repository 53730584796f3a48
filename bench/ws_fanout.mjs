// Live-event fan-out: N WebSocket clients connected to one Parley node (Bearer-token sockets on
// /api/v1/live), the server's memory per idle connection, then K broadcasts (POST /api/v1/broadcasts)
// one after another, each timed from the POST until every client has it. The same, in the same run,
// against a minimal Node.js `ws` server (ws_bench.mjs, run as `ws_bench.mjs baseline-server`), with the
// same clients. bench/README.md describes it; run it through ws_fanout.sh (it raises `ulimit -n`).
//
// Processes: this orchestrator; CLIENT_PROCESSES client processes (ws_bench.mjs `client`), each
// holding N / CLIENT_PROCESSES sockets; the server under test. Exit status 0 whether targets are met
// or missed; 1 if the benchmark misbehaved (PROBLEM lines: refused or closed sockets, lost frames).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
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
import { closeClients, connectClients, nextMessage, startBaselineServer, startClients, wallNow } from './ws_bench.mjs';

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

// One target: connect N clients, memory, K broadcasts, close. `target` = {name, pid, url, token}.
async function measure(target) {
  const wsUrl = `${target.url.replace(/^http/, 'ws')}/api/v1/live`;
  const headers = { authorization: `Bearer ${target.token}` };
  // Idle server, warmed by one broadcast to nobody: its memory before any connection.
  await postBroadcast(target, 'warm-up');
  await sleep(SETTLE_MS / 2);
  const rssBefore = rssKiB(target.pid);

  const clients = await startClients(PROCESSES);
  const connected = await connectClients(clients, { url: wsUrl, headers, count: N, concurrency: CONNECT_CONCURRENCY });
  const connectSeconds = connected.seconds;
  const { opened, failed } = connected;
  if (failed) {
    problem(`${target.name}: ${failed} of ${N} WebSocket connections failed (first: ${connected.firstError})`);
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
  const lost = clients.reduce((sum, client) => sum + client.lost, 0);
  if (lost) {
    problem(`${target.name}: the server closed ${lost} client sockets during the run`);
  }

  await closeClients(clients);

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
    baseline = await startBaselineServer({ BENCH_TOKEN: baselineToken });
    const { url } = baseline;
    console.log(`\n== Node.js ${process.version} ws server ${url} (pid ${baseline.pid}) ==`);
    results.push(await measure({ name: 'node ws', pid: baseline.pid, url, token: baselineToken }));
    report(results.at(-1));
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

runOrchestrator().catch((error) => {
  console.error(`ws_fanout: ${error.stack ?? error}`);
  process.exit(1);
});
