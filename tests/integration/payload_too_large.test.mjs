// A client streaming a body far over the limit still reads its 413: the server drains what it sends
// for a moment before closing, instead of resetting the connection under the answer.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';

import { SUITE_TIMEOUT_MS, makeDataDir, startServer, stopAll } from './harness.mjs';

const dataDir = makeDataDir('too-large');
let server;
before(async () => {
  server = await startServer(dataDir);
});
after(() => stopAll([server], dataDir));

function postHugeBody(port, bytes) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write('POST /api/v1/contacts HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n'
        + `Content-Length: ${bytes}\r\n\r\n`);
      socket.write(Buffer.alloc(bytes, 'x'));
    });
    let received = '';
    socket.on('data', (chunk) => { received += chunk; });
    socket.on('error', () => {});
    socket.on('close', () => resolve(received));
  });
}

test('every one of ten 3 MB uploads gets its 413 answer', { timeout: SUITE_TIMEOUT_MS }, async () => {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const answer = await postHugeBody(server.port, 3_000_000);
    assert.match(answer, /^HTTP\/1\.1 413 /, `attempt ${attempt}: ${answer.slice(0, 40) || '(reset)'}`);
    assert.match(answer, /"payload_too_large"/);
  }
});
