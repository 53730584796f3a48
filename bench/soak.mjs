// Soak (issue 13): API-channel ingest with wrk for several minutes in a row, measured minute by
// minute, for two traffic shapes: every message from a new customer (a new contact and
// conversation; no agent is online, so every conversation queues) and messages from RETURNING
// customers over and over (appended to their open conversations). Per minute: requests/s, p50,
// p99, the server's RSS and the bytes the databases hold; per shape: the same for the last minute
// against the first, and the rows and bytes each message added, table by table. bench/README.md
// describes it; run it through soak.sh.
//
// Exit status: 0 whether targets are met or missed; 1 if the benchmark misbehaved (PROBLEM lines).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  envNumber,
  envSeconds,
  fmt,
  int,
  makeTemp,
  problem,
  problemCount,
  removeDir,
  repoRoot,
  rssKiB,
  runWrk,
  seedTenant,
  smoke,
  startParley,
  verdict,
} from './bench_common.mjs';

const MINUTES = envNumber('MINUTES', smoke ? 2 : 5);
const MINUTE = envSeconds('MINUTE', smoke ? '3s' : '60s');
const CONNECTIONS = envNumber('CONNECTIONS', 64);
const THREADS = Math.min(envNumber('THREADS', 2), CONNECTIONS);
const RETURNING = envNumber('RETURNING', 1000);
const SHAPES = (process.env.SHAPES || 'new,returning').split(',').filter(Boolean);
const luaScript = join(repoRoot, 'bench', 'post_inbound.lua');
const INBOUND_PATH = '/api/v1/channels/api/messages';
const MiB = 1024 * 1024;

// One SQL answer from Debian's sqlite3, read-only beside the running server (WAL lets it read).
function sql(file, query) {
  const result = spawnSync('sqlite3', ['-readonly', '-batch', '-noheader', file, query], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`sqlite3 ${file}: ${result.stderr}`);
  }
  return result.stdout.trim();
}

// Bytes the database's live pages take (its file minus free pages, the WAL's committed pages in).
function liveBytes(file) {
  const [pages, free, size] = sql(file, 'PRAGMA page_count; PRAGMA freelist_count; PRAGMA page_size;')
    .split('\n')
    .map(Number);
  return (pages - free) * size;
}

// Rows per table, and bytes per table and index (dbstat), of one database.
function tableFigures(file) {
  const tables = sql(file, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .split('\n')
    .filter(Boolean);
  const rows = {};
  for (const table of tables) {
    rows[table] = Number(sql(file, `SELECT count(*) FROM "${table}"`));
  }
  const bytes = {};
  for (const line of sql(file, 'SELECT name, sum(pgsize) FROM dbstat GROUP BY name').split('\n').filter(Boolean)) {
    const [name, size] = line.split('|');
    bytes[name] = Number(size);
  }
  return { rows, bytes };
}

function figuresOf(dataDir) {
  return {
    data: tableFigures(join(dataDir, 'parley.db')),
    keys: tableFigures(join(dataDir, 'parley-keys.db')),
  };
}

async function soak(shape) {
  const dataDir = makeTemp(`soak-${shape}`);
  const { token } = seedTenant(dataDir, `Soak ${shape}`);
  const server = await startParley(dataDir);
  const databases = [join(dataDir, 'parley.db'), join(dataDir, 'parley-keys.db')];
  const bytesNow = () => databases.reduce((sum, file) => sum + liveBytes(file), 0);
  try {
    const before = figuresOf(dataDir);
    const bytesBefore = bytesNow();
    const minutes = [];
    let messages = 0;
    for (let minute = 1; minute <= MINUTES; minute += 1) {
      const result = await runWrk({
        url: server.url + INBOUND_PATH,
        script: luaScript,
        threads: THREADS,
        connections: CONNECTIONS,
        durationS: MINUTE,
        env: {
          BENCH_TOKEN: token,
          BENCH_RUN: String(10 + minute),
          BENCH_RETURNING: shape === 'returning' ? String(RETURNING) : '0',
        },
      });
      const errors =
        result.errors_connect + result.errors_read + result.errors_write + result.errors_status + result.errors_timeout;
      if (errors > 0) {
        problem(`${shape}, minute ${minute}: ${errors} errors or non-2xx answers\n${result.output}`);
      }
      messages += result.requests - errors;
      minutes.push({
        minute,
        rps: result.rps,
        p50: result.p50_us / 1000,
        p99: result.p99_us / 1000,
        rss: rssKiB(server.pid) * 1024,
        bytes: bytesNow(),
        messages,
      });
      const row = minutes.at(-1);
      console.log(
        `${shape.padEnd(9)} minute ${minute}: ${int(row.rps).padStart(7)} msg/s  p50 ${fmt(row.p50).padStart(6)} ms  ` +
          `p99 ${fmt(row.p99).padStart(6)} ms  RSS ${int(row.rss / MiB).padStart(5)} MiB  ` +
          `data ${int(row.bytes / MiB).padStart(6)} MiB  ${int((row.bytes - bytesBefore) / messages)} B/message`,
      );
    }
    const after = figuresOf(dataDir);
    const stopped = await server.stop();
    if (stopped.code !== 0) {
      problem(`${shape}: parley exited ${stopped.code ?? stopped.signal}: ${server.stderr().slice(-2000)}`);
    }
    return { shape, minutes, messages, bytesBefore, before, after };
  } finally {
    await server.stop();
    removeDir(dataDir);
  }
}

// Rows and bytes each message added, by table (and index), largest first.
function perMessage(result) {
  const lines = [];
  let rows = 0;
  let bytes = 0;
  for (const database of ['data', 'keys']) {
    const before = result.before[database];
    const after = result.after[database];
    for (const table of Object.keys(after.rows)) {
      const added = after.rows[table] - (before.rows[table] ?? 0);
      rows += added;
      if (added > 0) {
        lines.push(`    ${database}.${table}: ${fmt(added / result.messages, 2)} rows`);
      }
    }
    const grown = Object.keys(after.bytes)
      .map((name) => [name, after.bytes[name] - (before.bytes[name] ?? 0)])
      .filter(([, added]) => added > 0)
      .sort((a, b) => b[1] - a[1]);
    for (const [name, added] of grown) {
      bytes += added;
      lines.push(`    ${database}.${name}: ${int(added / result.messages)} B`);
    }
  }
  return { rows: rows / result.messages, bytes: bytes / result.messages, lines };
}

const results = [];
for (const shape of SHAPES) {
  results.push(await soak(shape));
}

console.log(`\nsummary (${MINUTES} × ${MINUTE} s, wrk -t${THREADS} -c${CONNECTIONS}; last minute against the first):`);
for (const result of results) {
  const first = result.minutes[0];
  const last = result.minutes.at(-1);
  const added = perMessage(result);
  const p99Ratio = last.p99 / first.p99;
  const rpsRatio = last.rps / first.rps;
  const bytesTarget = result.shape === 'new' ? 1024 : 350;
  console.log(`  ${result.shape}: ${int(result.messages)} messages`);
  console.log(`    p99 ${fmt(first.p99)} → ${fmt(last.p99)} ms: ${fmt(p99Ratio, 2)}× (target ≤ 1.5×: ${verdict(p99Ratio <= 1.5)})`);
  console.log(`    throughput ${int(first.rps)} → ${int(last.rps)} msg/s: ${fmt(rpsRatio, 2)}× (target ≥ 0.9×: ${verdict(rpsRatio >= 0.9)})`);
  console.log(`    RSS ${int(first.rss / MiB)} → ${int(last.rss / MiB)} MiB`);
  console.log(
    `    per message: ${fmt(added.rows, 2)} rows, ${int(added.bytes)} B in tables and indexes ` +
      `(target ≤ ${bytesTarget} B: ${verdict(added.bytes <= bytesTarget)}` +
      (result.shape === 'new' ? `; rows target ≤ 3: ${verdict(added.rows <= 3)})` : ')'),
  );
  for (const line of added.lines) {
    console.log(line);
  }
}
process.exitCode = problemCount() > 0 ? 1 : 0;
