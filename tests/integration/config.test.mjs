// Configuration precedence: the config file, then PARLEY_* environment variables, then flags.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { SUITE_TIMEOUT_MS, makeDataDir, parleyBin, removeDir, startServer } from './harness.mjs';

const dataDir = makeDataDir('config');
after(() => removeDir(dataDir));

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Starts `parley serve`, returns the address it says it listens on, and stops it.
function listeningAddress(args, env) {
  const child = spawn(parleyBin, ['serve', '--data', dataDir, ...args], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let address = null;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /parley listening on (\S+)/.exec(stdout);
      if (match && !address) {
        address = match[1];
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => (address ? resolve(address)
      : reject(new Error(`exited ${code} before listening`))));
  });
}

test('the environment overrides the config file, and flags override both', { timeout: SUITE_TIMEOUT_MS }, async () => {
  const [filePort, envPort, flagPort] = [await freePort(), await freePort(), await freePort()];
  const file = join(dataDir, 'parley.toml');
  writeFileSync(file, `[serve]\nlisten = "127.0.0.1:${filePort}"\nlog-level = "warn"\n`);
  assert.equal(await listeningAddress(['--config', file], {}), `http://127.0.0.1:${filePort}`);
  const env = { PARLEY_LISTEN: `127.0.0.1:${envPort}` };
  assert.equal(await listeningAddress(['--config', file], env), `http://127.0.0.1:${envPort}`);
  assert.equal(await listeningAddress(['--config', file, '--listen', `127.0.0.1:${flagPort}`], env),
    `http://127.0.0.1:${flagPort}`);
  assert.match(await listeningAddress(['--listen', '127.0.0.1:0'], { PARLEY_TLS: '1' }), /^https:/);
});

test('a second parley serve on the same data directory is refused, and the first goes on', { timeout: SUITE_TIMEOUT_MS }, async () => {
  const first = await startServer(dataDir);
  try {
    const second = spawnSync(parleyBin, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0'],
      { encoding: 'utf8', timeout: 20_000 });
    assert.equal(second.status, 1, second.stderr);
    assert.match(second.stderr, /another parley serve uses/);
    const health = await fetch(`${first.url}/healthz`);
    assert.equal(health.status, 200);
  } finally {
    const { code } = await first.stop();
    assert.equal(code, 0);
  }
});

test('--log-format json writes one JSON object per line', { timeout: SUITE_TIMEOUT_MS }, async () => {
  const server = await startServer(dataDir, ['--log-format', 'json', '--log-level', 'debug']);
  await fetch(`${server.url}/healthz`);
  await server.stop();
  const lines = server.stderr.split('\n').filter((line) => line.length > 0);
  assert.ok(lines.length >= 2, server.stderr);
  for (const line of lines) {
    const entry = JSON.parse(line);
    assert.deepEqual(Object.keys(entry), ['time', 'level', 'logger', 'thread', 'message'], line);
    assert.match(entry.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  assert.ok(lines.some((line) => JSON.parse(line).message.includes('/healthz')), 'the debug request log is there');
});
