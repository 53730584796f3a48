// SIGTERM: requests already received complete, what was answered is durable, idle connections and
// WebSockets do not keep the process alive, and the exit code is 0.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  makeDataDir,
  openLiveSocket,
  openRawSocket,
  readRawResponse,
  removeDir,
  seedTenant,
  serverHasRead,
  signedIn,
  startServer,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';

const IN_FLIGHT = 16;

const dataDir = makeDataDir('shutdown');
const tenant = seedTenant(dataDir, 'Shutdown');
let server;

after(async () => {
  if (server && server.child.exitCode === null) {
    await server.stop();
  }
  removeDir(dataDir);
});

function write(socket, data) {
  return new Promise((resolveWrite, rejectWrite) => {
    socket.write(data, (error) => (error ? rejectWrite(error) : resolveWrite()));
  });
}

function contactRequest(index) {
  const body = JSON.stringify({
    name: `In Flight ${index}`,
    email: `in.flight.${index}@parley.test`,
    attributes: { index: String(index) },
  });
  return (
    'POST /api/v1/contacts HTTP/1.1\r\n' +
    'Host: 127.0.0.1\r\n' +
    `Authorization: Bearer ${tenant.adminToken}\r\n` +
    'Content-Type: application/json\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}

test('SIGTERM while requests are in flight: they complete, are durable, and the exit code is 0', { timeout: SUITE_TIMEOUT_MS }, async () => {
  server = await startServer(dataDir);

  // Connections the server has certainly accepted: each has served one request already.
  const connections = [];
  for (let index = 0; index < IN_FLIGHT; index += 1) {
    const connection = await openRawSocket(server.port);
    await write(connection.socket, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const warmUp = await readRawResponse(connection);
    assert.equal(warmUp.status, 200);
    connections.push(connection);
  }
  const idle = await openRawSocket(server.port);
  await write(idle.socket, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  assert.equal((await readRawResponse(idle)).status, 200);

  const client = await signedIn(server.url, tenant.users.agent);
  const live = await openLiveSocket(server, { cookie: client.cookieHeader() });
  assert.equal((await live.next()).json.type, 'hello');

  await Promise.all(connections.map((connection, index) => write(connection.socket, contactRequest(index))));
  // Only requests the server has certainly read count as in flight; then SIGTERM.
  await serverHasRead(server.port, connections);
  process.kill(server.pid, 'SIGTERM');

  const answers = await Promise.allSettled(connections.map((connection) => readRawResponse(connection)));
  const failures = answers
    .map((answer, index) =>
      answer.status === 'rejected'
        ? `#${index}: ${answer.reason.message}`
        : answer.value.status !== 201
          ? `#${index}: ${answer.value.status} ${answer.value.body}`
          : null,
    )
    .filter(Boolean);
  assert.deepEqual(failures, [], 'every request received before SIGTERM must complete with 201');

  await Promise.all([idle.closed, live.closed]);
  const { code, signal } = await server.exited;
  assert.equal(signal, null, `killed by ${signal}`);
  assert.equal(code, 0, `parley exited ${code}; stderr:\n${server.stderr}`);

  // What was answered 201 is there after a restart.
  const ids = answers.map((answer) => answer.value.json.contact.id);
  server = await startServer(dataDir);
  const reader = new Client(server.url, { token: tenant.adminToken });
  for (const [index, id] of ids.entries()) {
    const read = await reader.get(`/api/v1/contacts/${id}`);
    assert.equal(read.status, 200, `contact #${index} ${id}: ${read.text}`);
    assert.equal(read.json.contact.email, `in.flight.${index}@parley.test`);
  }
  const { code: second } = await server.stop();
  assert.equal(second, 0, `parley exited ${second}; stderr:\n${server.stderr}`);
});

test('SIGTERM on an idle server exits 0 and /readyz was ready before', { timeout: SUITE_TIMEOUT_MS }, async () => {
  server = await startServer(dataDir);
  const ready = await fetch(`${server.url}/readyz`);
  assert.equal(ready.status, 200);
  await ready.text();
  const { code } = await server.stop();
  assert.equal(code, 0, `parley exited ${code}; stderr:\n${server.stderr}`);
});
