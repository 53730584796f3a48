// The OpenAPI document served by the binary, and its access claims checked against the real routes.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeDataDir, startServer, stopAll, SUITE_TIMEOUT_MS } from './harness.mjs';

let dataDir;
let server;

before(async () => {
  dataDir = makeDataDir('openapi');
  server = await startServer(dataDir);
}, { timeout: SUITE_TIMEOUT_MS });

after(() => stopAll([server], dataDir));

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

async function fetchDocument() {
  const response = await fetch(`${server.url}/api/v1/openapi.json`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^application\/json/);
  return response.json();
}

describe('GET /api/v1/openapi.json', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('answers 200 with the OpenAPI 3.0.3 document, without credentials', async () => {
    const document = await fetchDocument();
    assert.equal(document.openapi, '3.0.3');
    assert.equal(document.info.title, 'Parley API');
    assert.ok(document.paths['/api/v1/openapi.json'].get, 'the document lists itself');
    assert.ok(document.paths['/api/v1/channels/api/messages'].post);
    assert.ok(document.components.securitySchemes.bearerToken);
  });

  test('every operation exists, and asks for credentials exactly when its security says so', async () => {
    const document = await fetchDocument();
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const isPublic = item[method].security.length === 0;
        const response = await fetch(server.url + path.replaceAll('{id}', 'x'), {
          method: method.toUpperCase(),
        });
        const text = await response.text();
        const what = `${method} ${path}: ${response.status} ${text.slice(0, 120)}`;
        // A public route may answer 404 for the made-up id (a webhook of no channel), but never
        // the router's "no such endpoint".
        const unknownId = isPublic && path.includes('{id}') && response.status === 404;
        assert.ok(unknownId ? !text.includes('no such endpoint') : ![404, 405].includes(response.status), what);
        if (isPublic) {
          assert.notEqual(response.status, 401, what);
        } else {
          assert.equal(response.status, 401, what);
          assert.equal(JSON.parse(text).error.code, 'unauthenticated', what);
        }
      }
    }
  });
});
