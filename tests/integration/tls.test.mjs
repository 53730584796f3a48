// `--tls` with a generated certificate, and the refusal to listen in the clear on a non-loopback address.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  PASSWORD,
  httpsRequest,
  makeDataDir,
  removeDir,
  runServeExpectingExit,
  seedTenant,
  startServer,
  tlsPeerCertificate,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';

let dataDir;
let server;
let tenant;

before(async () => {
  dataDir = makeDataDir('tls');
  tenant = seedTenant(dataDir, 'Tls');
  server = await startServer(dataDir, ['--tls']);
}, { timeout: SUITE_TIMEOUT_MS });

after(async () => {
  if (server && server.child.exitCode === null) {
    await server.stop();
  }
  removeDir(dataDir);
});

function certificateFiles(dir) {
  return readdirSync(dir).filter((name) => {
    const path = join(dir, name);
    return statSync(path).isFile() && readFileSync(path).includes('-----BEGIN CERTIFICATE-----');
  });
}

describe('--tls', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('the listening line names an https URL', () => {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  });

  test('https /healthz is 200 with HSTS, nosniff and the CSP', async () => {
    const response = await httpsRequest(`${server.url}/healthz`);
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.json, { status: 'ok' });
    const hsts = response.headers['strict-transport-security'];
    assert.ok(hsts, 'no Strict-Transport-Security under TLS');
    const maxAge = /max-age=(\d+)/.exec(hsts);
    assert.ok(maxAge && Number(maxAge[1]) > 0, hsts);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.match(response.headers['content-security-policy'], /frame-ancestors 'none'/);
  });

  test('error answers under TLS carry HSTS too', async () => {
    const response = await httpsRequest(`${server.url}/api/v1/me`);
    assert.equal(response.status, 401);
    assert.equal(response.json?.error?.code, 'unauthenticated');
    assert.ok(response.headers['strict-transport-security']);
  });

  test('the generated certificate is written into the data dir', async () => {
    const files = certificateFiles(dataDir);
    assert.ok(files.length > 0, `no certificate in ${readdirSync(dataDir)}`);
    const certificate = await tlsPeerCertificate(server.port);
    assert.ok(certificate.fingerprint256, 'no peer certificate');
  });

  test('sign-in under TLS marks the session cookie Secure', async () => {
    const response = await httpsRequest(`${server.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: tenant.users.agent.email, password: PASSWORD }),
    });
    assert.equal(response.status, 200, response.text);
    const cookies = response.headers['set-cookie'] ?? [];
    const session = cookies.find((cookie) => cookie.startsWith('parley_session='));
    assert.ok(session, JSON.stringify(cookies));
    assert.match(session, /;\s*Secure/i);
    assert.match(session, /;\s*HttpOnly/i);
    assert.match(session, /;\s*SameSite=Strict/i);
    const csrf = cookies.find((cookie) => cookie.startsWith('parley_csrf='));
    assert.ok(csrf, JSON.stringify(cookies));
    assert.match(csrf, /;\s*Secure/i);
  });

  test('a restart with --tls reuses the generated certificate and stops with exit 0', async () => {
    const before = await tlsPeerCertificate(server.port);
    const { code } = await server.stop();
    assert.equal(code, 0, `parley exited ${code}; stderr:\n${server.stderr}`);
    server = await startServer(dataDir, ['--tls']);
    const after = await tlsPeerCertificate(server.port);
    assert.equal(after.fingerprint256, before.fingerprint256);
    const { code: second } = await server.stop();
    assert.equal(second, 0, `parley exited ${second}; stderr:\n${server.stderr}`);
  });
});

describe('non-loopback listening', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('--listen 0.0.0.0:0 without --tls or --behind-tls-proxy is refused with a message', async () => {
    const dir = makeDataDir('tls-refuse');
    try {
      const result = await runServeExpectingExit(dir, [], { listen: '0.0.0.0:0' });
      assert.ok(!/listening on/.test(result.stdout), `it started: ${result.stdout}`);
      assert.notEqual(result.code, 0, `exit ${result.code} ${result.signal}`);
      assert.equal(result.signal, null);
      assert.match(result.stderr, /tls|loopback/i, `no clear message on stderr: ${result.stderr}`);
    } finally {
      removeDir(dir);
    }
  });
});
