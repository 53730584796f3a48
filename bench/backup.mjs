// Backups beside ingest (issue 17, O1): a Parley database grown to DB_MB (its own rows plus a
// filler table of random blobs, as incompressible as the sealed data that fills a real one), then
//   1. the ingest ceiling: wrk posting API-channel messages from new customers;
//   2. ingest at half that rate, open loop (latency counted from when each request was due), without
//      a backup, then again while the server makes a backup (POST /api/v1/settings/backups);
//   3. the baseline: Debian's `sqlite3` CLI `.backup` of the same file, and `parley admin backup`,
//      both with no load, in the same run.
// Prints p99 with / without the backup, and backup throughput (database bytes a second) against
// sqlite3's. Run through backup.sh. Exit 1 only when the benchmark misbehaved (PROBLEM lines).
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  admin,
  api,
  envNumber,
  envSeconds,
  fmt,
  int,
  makeTemp,
  problem,
  problemCount,
  quantile,
  removeDir,
  repoRoot,
  runWrk,
  seedTenant,
  signIn,
  sleep,
  smoke,
  spawnTracked,
  startParley,
  verdict,
  waitFor,
} from './bench_common.mjs';

const DB_MB = envNumber('DB_MB', smoke ? 20 : 1024);
const DURATION = envSeconds('DURATION', smoke ? '2s' : '10s');
const CONNECTIONS = envNumber('CONNECTIONS', 64);
const luaScript = join(repoRoot, 'bench', 'post_inbound.lua');
const INBOUND_PATH = '/api/v1/channels/api/messages';

function sqlite3(db, sql) {
  const result = spawnSync('sqlite3', ['-batch', db], { input: sql, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`sqlite3: ${result.stderr}`);
  }
  return result.stdout.trim();
}

// Grows the database to about `megabytes` with 4 KB random blobs in a table of its own.
function grow(db, megabytes) {
  const rows = Math.ceil((megabytes * 1024 * 1024) / 4096);
  sqlite3(db, `PRAGMA journal_mode=WAL; CREATE TABLE bench_filler (id INTEGER PRIMARY KEY, bytes BLOB);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
    INSERT INTO bench_filler (bytes) SELECT randomblob(4000) FROM n;
    PRAGMA wal_checkpoint(TRUNCATE);`);
  return statSync(db).size;
}

// Posts inbound messages at `rate` a second for `seconds` over `connections` kept-alive sockets;
// each latency runs from when its request was due (so a stall counts for every request behind it).
async function openLoop(url, token, rate, seconds, connections, label) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url + INBOUND_PATH);
  const total = Math.round(rate * seconds);
  const latencies = [];
  let failures = 0;
  const start = performance.now();
  const sends = [];
  for (let i = 0; i < total; i += 1) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) {
      await sleep(wait);
    }
    const body = JSON.stringify({
      contact: { identity: `+1666${label}${String(i).padStart(9, '0')}`, name: `Customer ${i}` },
      text: `Where is my invoice ${i}?`,
    });
    sends.push(
      new Promise((resolveSend) => {
        const request = http.request(
          target,
          { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } },
          (response) => {
            response.resume();
            response.on('end', () => {
              if (response.statusCode !== 202 && response.statusCode !== 200) {
                failures += 1;
              }
              latencies.push(performance.now() - due);
              resolveSend();
            });
          },
        );
        request.on('error', () => {
          failures += 1;
          resolveSend();
        });
        request.end(body);
      }),
    );
  }
  await Promise.all(sends);
  agent.destroy();
  if (failures > 0) {
    problem(`${label}: ${failures} of ${total} requests failed`);
  }
  latencies.sort((a, b) => a - b);
  return { sent: total, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), seconds: (performance.now() - start) / 1000 };
}

function timed(command, args) {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) {
    problem(`${command} ${args.join(' ')}: ${result.stderr}`);
  }
  return seconds;
}

async function main() {
  console.log(`backup beside ingest${smoke ? ' (smoke run)' : ''}: database of ${DB_MB} MB, ${DURATION} s phases`);
  const dataDir = makeTemp('backup');
  const backupDir = join(dataDir, 'backups');
  try {
    const { tenant, token } = seedTenant(dataDir, 'Bench');
    admin(['create-user', '--data', dataDir, '--tenant', tenant, '--email', 'admin@bench.test', '--role', 'admin'],
      'correct horse battery staple\n');
    const db = join(dataDir, 'parley.db');
    const bytes = grow(db, DB_MB);
    console.log(`database: ${int(bytes / 1e6)} MB`);

    const server = await startParley(dataDir, ['--backup-at', 'off']);
    try {
      const ceiling = await runWrk({
        url: server.url + INBOUND_PATH,
        script: luaScript,
        threads: 2,
        connections: CONNECTIONS,
        durationS: DURATION,
        env: { BENCH_TOKEN: token, BENCH_RUN: '1' },
      });
      const rate = Math.max(50, Math.round(ceiling.rps / 2));
      console.log(`ingest ceiling: ${int(ceiling.rps)} msg/s (p99 ${fmt(ceiling.p99_us / 1000)} ms); half: ${int(rate)} msg/s`);

      const quiet = await openLoop(server.url, token, rate, DURATION, CONNECTIONS, '1');
      console.log(`half rate, no backup:   p50 ${fmt(quiet.p50)} ms, p99 ${fmt(quiet.p99)} ms`);

      const session = await signIn(server.url, 'admin@bench.test');
      const before = Date.now();
      const started = await api(server.url, 'POST', '/api/v1/settings/backups', { session, body: {} });
      if (started.status !== 202) {
        problem(`POST /settings/backups: ${started.status} ${started.text}`);
      }
      const loaded = openLoop(server.url, token, rate, DURATION, CONNECTIONS, '2');
      let status = null;
      await waitFor(async () => {
        const json = (await api(server.url, 'GET', '/api/v1/settings/backups', { session })).json;
        const done = json && !json.running && (json.lastFailure || (json.lastSuccess && Date.parse(json.lastSuccess.at) >= before - 1000));
        status = done ? json : null;
        return status;
      }, 600_000, 200);
      const during = await loaded;
      if (!status || status.lastFailure) {
        problem(`the backup under load failed: ${JSON.stringify(status)}`);
      }
      const loadedSeconds = (status?.lastSuccess?.tookMs ?? 0) / 1000;
      console.log(`half rate, with backup: p50 ${fmt(during.p50)} ms, p99 ${fmt(during.p99)} ms ` +
        `(the backup took ${fmt(loadedSeconds, 2)} s of the ${fmt(during.seconds)} s phase)`);
      if (loadedSeconds < DURATION / 2) {
        console.log('note: the backup ran for less than half the phase; raise DB_MB for a longer overlap');
      }

      // The same load beside the baseline: sqlite3's .backup of the same file, a process of its own.
      const sideCopy = join(dataDir, 'sqlite3-side.db');
      const side = spawnTracked('sqlite3', [db, `.backup ${sideCopy}`], { stdio: 'ignore' });
      const sideStarted = performance.now();
      const sideDone = new Promise((resolveSide) => side.once('exit', () => resolveSide((performance.now() - sideStarted) / 1000)));
      const beside = await openLoop(server.url, token, rate, DURATION, CONNECTIONS, '3');
      const sideSeconds = await sideDone;
      rmSync(sideCopy, { force: true });
      console.log(`half rate, with sqlite3 .backup: p50 ${fmt(beside.p50)} ms, p99 ${fmt(beside.p99)} ms ` +
        `(the copy took ${fmt(sideSeconds, 2)} s)`);

      // The baselines, with no load: sqlite3's .backup of the same file, and Parley's own.
      const copy = join(dataDir, 'sqlite3-copy.db');
      const sqliteSeconds = timed('sqlite3', [db, `.backup ${copy}`]);
      rmSync(copy, { force: true });
      const idleSeconds = timed(process.env.PARLEY_BIN || join(repoRoot, 'build', 'release', 'parley'),
        ['admin', 'backup', '--data', dataDir]);
      const dbBytes = statSync(db).size;
      const mbps = (seconds) => dbBytes / 1e6 / seconds;
      console.log(`sqlite3 .backup:        ${fmt(sqliteSeconds, 2)} s, ${fmt(mbps(sqliteSeconds))} MB/s`);
      console.log(`parley backup, idle:    ${fmt(idleSeconds, 2)} s, ${fmt(mbps(idleSeconds))} MB/s (${fmt(sqliteSeconds / idleSeconds, 2)}× sqlite3)`);
      console.log(`parley backup, loaded:  ${fmt(loadedSeconds, 2)} s, ${fmt(mbps(loadedSeconds))} MB/s (${fmt(sqliteSeconds / loadedSeconds, 2)}× sqlite3)`);
      const files = readdirSync(backupDir).filter((name) => name.endsWith('.pbk'));
      console.log(`backup files: ${files.length}`);
      const p99Ratio = during.p99 / quiet.p99;
      console.log(`\ntarget: ingest p99 with a backup < 2× without: ${fmt(p99Ratio, 2)}× ${verdict(p99Ratio < 2)}`);
      console.log(`(for comparison, with sqlite3's .backup beside it: ${fmt(beside.p99 / quiet.p99, 2)}×; ` +
        `Parley's backup against it: ${fmt(during.p99 / beside.p99, 2)}×)`);
      console.log(`target: backup throughput ≥ 0.5× sqlite3 .backup (under load): ${fmt(sqliteSeconds / loadedSeconds, 2)}× ${verdict(sqliteSeconds / loadedSeconds >= 0.5)}`);
    } finally {
      await server.stop();
    }
  } finally {
    removeDir(dataDir);
  }
  process.exit(problemCount() > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
