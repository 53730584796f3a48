// Helpers shared by the Node benchmarks (inbound_e2e.mjs, ws_fanout.mjs): the release binary and its
// admin CLI, a Parley server on a free loopback port with a temp data dir, /proc figures of a
// process, small HTTP and formatting helpers. No test framework, no dependency but `ws` (from
// tests/node_modules).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..');
export const parleyBin = process.env.PARLEY_BIN
  ? resolve(process.env.PARLEY_BIN)
  : join(repoRoot, 'build', 'release', 'parley');
export const smoke = process.env.BENCH_SMOKE === '1';
export const PASSWORD = 'correct horse battery staple';

// `ws` lives in tests/node_modules (tests/package.json).
export const WebSocket = createRequire(join(repoRoot, 'tests', 'package.json'))('ws');

// ---------------------------------------------------------------------------------------------------
// Problems: anything that means the benchmark misbehaved (not a slow result). Exit 1 at the end.

const problems = [];
export function problem(message) {
  problems.push(message);
  console.log(`PROBLEM: ${message}`);
}
export function problemCount() {
  return problems.length;
}

// ---------------------------------------------------------------------------------------------------
// Environment

// "10s", "2.5s", "500ms" or a plain number of seconds → seconds.
export function seconds(text) {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(String(text).trim());
  if (!match) {
    throw new Error(`not a duration: ${text}`);
  }
  return match[2] === 'ms' ? Number(match[1]) / 1000 : Number(match[1]);
}

export function envNumber(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    return fallback;
  }
  const number = Number(value);
  if (!Number.isFinite(number)) {
    throw new Error(`${name} is not a number: ${value}`);
  }
  return number;
}

export function envSeconds(name, fallback) {
  const value = process.env[name];
  return value === undefined || value === '' ? seconds(fallback) : seconds(value);
}

// ---------------------------------------------------------------------------------------------------
// Temp dirs, the admin CLI, the server

export function makeTemp(label) {
  return mkdtempSync(join(tmpdir(), `parley-bench-${label}-`));
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

export function admin(args, input) {
  const result = spawnSync(parleyBin, ['admin', ...args], { input, encoding: 'utf8' });
  if (result.error) {
    throw result.error;
  }
  if (result.status !== 0) {
    throw new Error(`parley admin ${args.join(' ')} exited ${result.status}: ${result.stderr}${result.stdout}`);
  }
  return result.stdout.trim();
}

// A tenant and an admin API token in a fresh data dir.
export function seedTenant(dataDir, name) {
  const tenant = admin(['create-tenant', '--data', dataDir, '--name', name]);
  const token = admin(['create-token', '--data', dataDir, '--tenant', tenant, '--name', 'bench', '--role', 'admin']);
  return { tenant, token };
}

const children = new Set();
function killChildren() {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.on('exit', killChildren);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killChildren();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

// Spawns a child that is killed if the benchmark exits first.
export function spawnTracked(command, args, options) {
  const child = spawn(command, args, options);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

// Starts `parley serve --data DIR --listen 127.0.0.1:0 EXTRA...`; resolves once it printed its
// listening line. The last 64 KiB of its stderr are kept for error reports. Rate limits are off:
// the benchmarks measure capacity, from one address and one token (EXTRA may turn them on).
const NO_RATE_LIMITS = ['--rate-limit-per-token', '0', '--rate-limit-per-address', '0', '--rate-limit-widget-per-address', '0'];
export function startParley(dataDir, extraArgs = []) {
  const child = spawnTracked(parleyBin, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0', ...NO_RATE_LIMITS, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-65536);
  });
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  return new Promise((resolveStart, rejectStart) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk.toString('utf8');
      const match = /^parley listening on (http:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(stdout);
      if (match) {
        resolveStart({
          child,
          pid: child.pid,
          url: match[1],
          wsUrl: match[1].replace(/^http/, 'ws'),
          exited,
          stderr: () => stderr,
          // SIGTERM, then the exit status ({code, signal}); SIGKILL after `graceMs`.
          async stop(graceMs = 30000) {
            if (child.exitCode === null && child.signalCode === null) {
              child.kill('SIGTERM');
            }
            const guard = setTimeout(() => child.kill('SIGKILL'), graceMs);
            const result = await exited;
            clearTimeout(guard);
            return result;
          },
        });
      }
    });
    exited.then(({ code, signal }) => rejectStart(new Error(`parley serve exited (${code ?? signal}) before listening: ${stderr}`)));
  });
}

// One wrk run of a Lua script that prints a `BENCH_RESULT key=value…` line at its end (as
// post_inbound.lua does); resolves to those figures and wrk's output.
export function runWrk({ url, script, threads, connections, durationS, env = {} }) {
  return new Promise((resolveRun, rejectRun) => {
    const args = ['-t', String(threads), '-c', String(connections), '-d', `${durationS}s`, '--latency', '-s', script, url];
    const child = spawnTracked('wrk', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      out += chunk;
    });
    child.once('error', rejectRun);
    child.once('exit', (code) => {
      const line = /^BENCH_RESULT (.*)$/m.exec(out);
      if (code !== 0 || !line) {
        rejectRun(new Error(`wrk exited ${code} without a result:\n${out}`));
        return;
      }
      const result = Object.fromEntries(
        line[1].split(' ').map((pair) => {
          const [key, value] = pair.split('=');
          return [key, Number(value)];
        }),
      );
      result.output = out.replace(/^BENCH_RESULT .*\n?/m, '');
      resolveRun(result);
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// /proc

export function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) : NaN;
}

// User + system CPU seconds a process has used so far (clock ticks are 1/100 s on Linux).
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

export function threadCount(pid) {
  const match = /^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : NaN;
}

// ---------------------------------------------------------------------------------------------------
// HTTP

// One request with fetch: Bearer token or session cookie (+ CSRF and Origin for cookie writes).
export async function api(baseUrl, method, path, { token, session, body } = {}) {
  const headers = {};
  if (token) {
    headers.authorization = `Bearer ${token}`;
  }
  if (session) {
    headers.cookie = session.cookie;
    if (method !== 'GET') {
      headers['x-csrf-token'] = session.csrf;
      headers.origin = baseUrl;
    }
  }
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(baseUrl + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, text, json, headers: response.headers };
}

// Like api(), but throws unless the status is the expected one; returns the JSON.
export async function apiOk(baseUrl, method, path, expected, options) {
  const answer = await api(baseUrl, method, path, options);
  if (answer.status !== expected) {
    throw new Error(`${method} ${path}: expected ${expected}, got ${answer.status} ${answer.text.slice(0, 300)}`);
  }
  return answer.json;
}

// Signs a user in; returns {cookie, csrf, user}.
export async function signIn(baseUrl, email, password = PASSWORD) {
  const response = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`sign-in of ${email}: ${response.status} ${text}`);
  }
  const pairs = response.headers.getSetCookie().map((line) => line.split(';')[0].trim());
  const csrf = pairs.find((pair) => pair.startsWith('parley_csrf='))?.slice('parley_csrf='.length);
  return { cookie: pairs.join('; '), csrf, user: JSON.parse(text).user };
}

// Runs fn(item, index) for every item, at most `concurrency` at a time; resolves to the results.
export async function pool(items, concurrency, fn) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  });
  await Promise.all(workers);
  return results;
}

// ---------------------------------------------------------------------------------------------------
// Waiting and formatting

export const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

// Polls `check` every `everyMs` until it returns true or `timeoutMs` passes; resolves to the last answer.
export async function waitFor(check, timeoutMs, everyMs = 20) {
  const deadline = performance.now() + timeoutMs;
  while (true) {
    if (await check()) {
      return true;
    }
    if (performance.now() >= deadline) {
      return false;
    }
    await sleep(everyMs);
  }
}

// The q-quantile (0..1) of an ascending array, nearest rank.
export function quantile(sorted, q) {
  if (!sorted.length) {
    return NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const fmt = (value, digits = 1) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
export const int = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a');
export const verdict = (ok) => (ok ? 'PASS' : 'MISS');
