// Starts a real Parley server for browser tests: temp data dir, one tenant, one admin user, a free port.
// PARLEY_BIN overrides the binary (default build/release/parley); PARLEY_WEB_ROOT the UI (default web/dist).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const parleyBin = process.env.PARLEY_BIN ?? join(repoRoot, 'build/release/parley');
export const webRoot = process.env.PARLEY_WEB_ROOT ?? join(repoRoot, 'web/dist');

const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;

function runCli(args, input) {
  const result = spawnSync(parleyBin, args, { input: input ?? '', encoding: 'utf8', timeout: 30_000 });
  if (result.error) {
    throw result.error;
  }
  if (result.status !== 0) {
    throw new Error(`parley ${args.join(' ')} exited ${result.status}: ${result.stderr.trim()}`);
  }
  return result.stdout.trim();
}

/**
 * Starts `parley serve` on 127.0.0.1 with a fresh data dir holding one tenant, one user (admin by default) and
 * any `extraUsers` ({email, password, role, displayName}), all created with the CLI before the server starts.
 * With `apiToken`, also creates an admin API token. `serveArgs` are added to `parley serve`'s options (e.g.
 * --backup-dir). Returns { url, pid, dataDir, tenantId, user: {email, password, displayName}, token,
 * cli(args, input), restart(), stop() }.
 */
export async function startServer({
  role = 'admin',
  displayName = 'Ada Admin',
  extraUsers = [],
  apiToken = false,
  serveArgs = [],
} = {}) {
  if (!existsSync(parleyBin)) {
    throw new Error(`no server binary at ${parleyBin} (build it, or set PARLEY_BIN)`);
  }
  if (!existsSync(join(webRoot, 'index.html'))) {
    throw new Error(`no built UI at ${webRoot} (run: cd web && npm ci && npm run build)`);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-e2e-'));
  const cli = (args, input) => runCli([...args.slice(0, 2), '--data', dataDir, ...args.slice(2)], input);
  const tenantId = cli(['admin', 'create-tenant', '--name', 'E2E Tenant']);
  const user = { email: 'ada@example.test', password: 'correct horse battery', displayName };
  for (const each of [{ ...user, role }, ...extraUsers]) {
    cli(
      ['admin', 'create-user', '--tenant', tenantId, '--email', each.email, '--role', each.role,
        '--display-name', each.displayName ?? each.email],
      `${each.password}\n`,
    );
  }

  // An admin API token for tests that play an integrator posting through the API channel.
  const token = apiToken
    ? cli(['admin', 'create-token', '--tenant', tenantId, '--name', 'E2E integrator', '--role', 'admin'])
    : null;

  let running = await launch(dataDir, '127.0.0.1:0', {}, serveArgs).catch(async (error) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });

  const server = {
    url: running.url,
    pid: running.pid,
    dataDir,
    tenantId,
    user,
    token,
    cli,
    /**
     * Stops the server and starts it again on the same address and data (a deploy, or a crash and restart); `env`
     * adds to its environment (e.g. libfaketime's, to run it days later).
     */
    async restart({ env = {} } = {}) {
      const stopped = await running.stop();
      running = await launch(dataDir, new URL(server.url).host, env, serveArgs);
      server.pid = running.pid;
      return stopped;
    },
    /** Stops the server and removes its data dir. */
    async stop() {
      const stopped = await running.stop();
      await rm(dataDir, { recursive: true, force: true });
      return stopped;
    },
  };
  return server;
}

/**
 * Runs `parley serve` on `listen` over `dataDir` (with `extraArgs` after the usual options) until it prints its
 * address. Returns { url, pid, stop() } where stop() sends SIGTERM by PID, waits for a graceful exit (SIGKILL after
 * a deadline) and reports how it ended.
 */
async function launch(dataDir, listen, env = {}, extraArgs = []) {
  // --webhook-allow-private: the tests' integrator listens on loopback, which Parley refuses by default.
  // --presence-grace 0: agents' sockets come and go as tests need (integration/presence.test.mjs tries it).
  const serveArgs = [
    'serve', '--data', dataDir, '--listen', listen, '--web-root', webRoot, '--webhook-allow-private',
    '--presence-grace', '0', ...extraArgs,
  ];
  const child = spawn(parleyBin, serveArgs, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-20_000);
    if (process.env.PARLEY_E2E_LOGS) {
      process.stderr.write(chunk);
    }
  });
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));

  const url = await new Promise((resolveUrl, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      reject(new Error(`server did not print its address within ${START_TIMEOUT_MS} ms; stderr:\n${stderr}`));
    }, START_TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /^parley listening on (https?:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (code ${code}, signal ${signal}); stderr:\n${stderr}`));
    });
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });

  /** SIGTERM by PID, then wait for a graceful exit (SIGKILL after a deadline). */
  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
    }
    const deadline = new Promise((resolveDeadline) => setTimeout(() => resolveDeadline(null), STOP_TIMEOUT_MS));
    let result = await Promise.race([exited, deadline]);
    if (result === null) {
      process.kill(child.pid, 'SIGKILL');
      result = await exited;
      result.forced = true;
    }
    return { ...result, stderr };
  }

  return { url, pid: child.pid, stop };
}
