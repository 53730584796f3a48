// SIGTERM right after idle keep-alive clients sent a POST: every request the clients sent is answered
// (and stored) before the connections close. No synchronisation with the server's reads on purpose:
// the requests may still be in the socket buffers when the signal lands.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, test } from 'node:test';

import {
  SUITE_TIMEOUT_MS, createTenant, createToken, makeDataDir, removeDir, startServer,
} from './harness.mjs';

const CONNECTIONS = 16;
const dataDir = makeDataDir('shutdown-keepalive');
after(() => removeDir(dataDir));

function connect(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
  });
}

test('requests already sent on idle keep-alive connections are answered after SIGTERM',
  { timeout: SUITE_TIMEOUT_MS }, async () => {
    const tenant = (await createTenant(dataDir, 'Keepalive')).trim();
    const token = (await createToken(dataDir, { tenant, name: 't' })).trim();
    const server = await startServer(dataDir);
    const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => connect(server.port)));
    // Make each connection an idle keep-alive connection first.
    await Promise.all(sockets.map((socket) => new Promise((resolve) => {
      socket.once('data', resolve);
      socket.write('GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n');
    })));
    const answers = sockets.map((socket) => new Promise((resolve) => {
      let received = '';
      socket.on('data', (chunk) => { received += chunk; });
      socket.on('close', () => resolve(received));
    }));
    const body = JSON.stringify({ name: 'Late Request' });
    for (const socket of sockets) {
      socket.write(`POST /api/v1/contacts HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer ${token}\r\n`
        + `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    }
    const exit = server.stop();
    const received = await Promise.all(answers);
    assert.deepEqual(await exit, { code: 0, signal: null });
    const created = received.filter((text) => text.startsWith('HTTP/1.1 201'));
    assert.equal(created.length, CONNECTIONS, `answers: ${received.map((t) => t.slice(0, 12)).join(' | ')}`);
    // One answer per connection, then the close. An answer made after the signal says
    // "Connection: close"; one made just before it (the race this test leaves open on purpose: seen
    // once in CI) does not, and its connection is then closed as idle.
    for (const text of created) {
      assert.equal(text.match(/^HTTP\/1\.1 /gm).length, 1, text);
    }
    assert.ok(created.some((text) => /Connection: close/i.test(text)), 'no answer said it closes');
  });
