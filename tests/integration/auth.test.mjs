// Sign-in, sign-out, throttling, sessions and CSRF against the real binary.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  PASSWORD,
  RFC3339_MS,
  cookieByName,
  createUser,
  errorCode,
  makeDataDir,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';

let dataDir;
let server;
let tenant;
let other; // a second tenant, for foreign sessions

before(async () => {
  dataDir = makeDataDir('auth');
  tenant = seedTenant(dataDir, 'Auth');
  other = seedTenant(dataDir, 'AuthOther');
  createUser(dataDir, { tenant: tenant.tenantId, email: 'throttled@parley.test', role: 'agent' });
  createUser(dataDir, { tenant: tenant.tenantId, email: 'second.agent@parley.test', role: 'agent' });
  server = await startServer(dataDir);
}, { timeout: SUITE_TIMEOUT_MS });

after(() => stopAll([server], dataDir));

describe('sign-in', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('sign-in sets an HttpOnly SameSite=Strict session cookie and a readable CSRF cookie', async () => {
    const client = new Client(server.url);
    const response = await client.signIn(tenant.users.agent.email);
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.user.email, tenant.users.agent.email);
    assert.equal(response.json.user.role, 'agent');
    assert.equal(response.json.user.id, tenant.users.agent.id);
    assert.equal(response.json.user.tenantId, tenant.tenantId);
    assert.match(response.json.user.createdAt, RFC3339_MS);
    assert.equal(typeof response.json.csrfToken, 'string');
    assert.ok(response.json.csrfToken.length > 0);

    const session = cookieByName(response.setCookies, 'parley_session');
    assert.ok(session, `no parley_session cookie in ${JSON.stringify(response.setCookies)}`);
    assert.equal(session.attributes.httponly, true, session.raw);
    assert.equal(String(session.attributes.samesite).toLowerCase(), 'strict', session.raw);
    assert.equal(session.attributes.path, '/', session.raw);
    assert.equal(session.attributes.secure, undefined, `Secure on plain http: ${session.raw}`);

    const csrf = cookieByName(response.setCookies, 'parley_csrf');
    assert.ok(csrf, `no parley_csrf cookie in ${JSON.stringify(response.setCookies)}`);
    assert.equal(csrf.attributes.httponly, undefined, `parley_csrf must be readable: ${csrf.raw}`);
    assert.equal(String(csrf.attributes.samesite).toLowerCase(), 'strict', csrf.raw);
    assert.equal(csrf.value, response.json.csrfToken);
  });

  test('/me answers the signed-in user', async () => {
    const client = await signedIn(server.url, tenant.users.supervisor);
    const response = await client.get('/api/v1/me');
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.user.id, tenant.users.supervisor.id);
    assert.equal(response.json.user.role, 'supervisor');
    assert.equal(response.json.user.displayName, 'supervisor Auth');
  });

  test('/me without a cookie or token is 401 unauthenticated', async () => {
    const response = await new Client(server.url).get('/api/v1/me');
    assert.equal(response.status, 401);
    assert.equal(errorCode(response), 'unauthenticated');
    assert.equal(typeof response.json.error.message, 'string');
  });

  test('a made-up session cookie is 401 unauthenticated', async () => {
    const client = new Client(server.url);
    client.cookies.set('parley_session', 'ses_forged0000000000000000000000');
    const response = await client.get('/api/v1/me');
    assert.equal(response.status, 401);
    assert.equal(errorCode(response), 'unauthenticated');
  });

  test('sign-out answers 204, clears the cookies and revokes the session', async () => {
    const client = await signedIn(server.url, tenant.users.admin);
    const oldCookies = client.cookieHeader();
    const response = await client.post('/api/v1/auth/sign-out', undefined);
    assert.equal(response.status, 204, response.text);
    const cleared = cookieByName(response.setCookies, 'parley_session');
    assert.ok(cleared, 'sign-out must clear parley_session');
    assert.ok(
      cleared.value === '' || cleared.attributes['max-age'] === '0' || cleared.attributes.expires,
      `parley_session not cleared: ${cleared.raw}`,
    );

    const answer = await fetch(`${server.url}/api/v1/me`, { headers: { cookie: oldCookies } });
    const body = await answer.json();
    assert.equal(answer.status, 401, 'the old session cookie must no longer work');
    assert.equal(body.error?.code, 'unauthenticated');
  });

  test('a wrong password is 401 invalid_credentials and sets no session cookie', async () => {
    const client = new Client(server.url);
    const response = await client.signIn(tenant.users.dpo.email, 'not the password at all');
    assert.equal(response.status, 401);
    assert.equal(errorCode(response), 'invalid_credentials');
    assert.equal(cookieByName(response.setCookies, 'parley_session'), undefined);
  });

  test('an unknown email is 401 invalid_credentials', async () => {
    const response = await new Client(server.url).signIn('nobody@parley.test', PASSWORD);
    assert.equal(response.status, 401);
    assert.equal(errorCode(response), 'invalid_credentials');
  });

  test('after 5 failures for one account sign-in is 429 too_many_attempts with Retry-After', async () => {
    const client = new Client(server.url);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await client.signIn('throttled@parley.test', `wrong password ${attempt}`);
      assert.equal(response.status, 401, `attempt ${attempt}: ${response.text}`);
      assert.equal(errorCode(response), 'invalid_credentials');
    }
    const throttled = await client.signIn('throttled@parley.test', 'wrong password 6');
    assert.equal(throttled.status, 429, throttled.text);
    assert.equal(errorCode(throttled), 'too_many_attempts');
    const retryAfter = throttled.headers.get('retry-after');
    assert.match(String(retryAfter), /^\d+$/, `Retry-After must be seconds, got ${retryAfter}`);
    assert.ok(Number(retryAfter) > 0);

    const rightPassword = await client.signIn('throttled@parley.test', PASSWORD);
    assert.equal(rightPassword.status, 429, 'a throttled account is refused even with the right password');
    assert.equal(errorCode(rightPassword), 'too_many_attempts');
  });

  test('throttling one account leaves other accounts alone', async () => {
    const client = await signedIn(server.url, tenant.users.agent);
    assert.equal(client.user.email, tenant.users.agent.email);
  });
});

describe('sessions', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('two sign-ins are listed, exactly one as current', async () => {
    const first = await signedIn(server.url, tenant.users.agent, { userAgent: 'parley-it-first' });
    const second = await signedIn(server.url, tenant.users.agent, { userAgent: 'parley-it-second' });
    const response = await first.get('/api/v1/me/sessions');
    assert.equal(response.status, 200, response.text);
    const items = response.json.items;
    const mine = items.filter((session) => ['parley-it-first', 'parley-it-second'].includes(session.userAgent));
    assert.equal(mine.length, 2, JSON.stringify(items));
    const current = items.filter((session) => session.current === true);
    assert.equal(current.length, 1, JSON.stringify(items));
    assert.equal(current[0].userAgent, 'parley-it-first');
    for (const session of items) {
      assert.match(session.id, /^ses_/);
      assert.match(session.createdAt, RFC3339_MS);
      assert.match(session.lastSeenAt, RFC3339_MS);
      assert.match(session.expiresAt, RFC3339_MS);
      assert.equal(typeof session.current, 'boolean');
    }

    const otherSession = mine.find((session) => session.userAgent === 'parley-it-second');
    const revoke = await first.delete(`/api/v1/me/sessions/${otherSession.id}`);
    assert.equal(revoke.status, 204, revoke.text);

    const revoked = await second.get('/api/v1/me');
    assert.equal(revoked.status, 401);
    assert.equal(errorCode(revoked), 'unauthenticated');
    assert.equal((await first.get('/api/v1/me')).status, 200, 'revoking the other session keeps this one');

    const after = await first.get('/api/v1/me/sessions');
    assert.ok(!after.json.items.some((session) => session.id === otherSession.id), 'revoked session still listed');
  });

  test("revoking another user's session is 404 and leaves it working", async () => {
    const mine = await signedIn(server.url, tenant.users.agent);
    const theirs = await signedIn(server.url, { email: 'second.agent@parley.test' }, { userAgent: 'parley-it-theirs' });
    const theirList = await theirs.get('/api/v1/me/sessions');
    const theirSession = theirList.json.items.find((session) => session.current);
    assert.ok(theirSession, JSON.stringify(theirList.json));

    const attempt = await mine.delete(`/api/v1/me/sessions/${theirSession.id}`);
    assert.equal(attempt.status, 404, attempt.text);
    assert.equal(errorCode(attempt), 'not_found');
    assert.equal((await theirs.get('/api/v1/me')).status, 200);
  });

  test("revoking a session of another tenant's user is 404", async () => {
    const mine = await signedIn(server.url, tenant.users.admin);
    const foreign = await signedIn(server.url, other.users.admin);
    const foreignSession = (await foreign.get('/api/v1/me/sessions')).json.items.find((session) => session.current);
    const attempt = await mine.delete(`/api/v1/me/sessions/${foreignSession.id}`);
    assert.equal(attempt.status, 404, attempt.text);
    assert.equal(errorCode(attempt), 'not_found');
    assert.equal((await foreign.get('/api/v1/me')).status, 200);
  });

  test('an unknown session id is 404 not_found', async () => {
    const client = await signedIn(server.url, tenant.users.agent);
    const response = await client.delete('/api/v1/me/sessions/ses_doesnotexist');
    assert.equal(response.status, 404);
    assert.equal(errorCode(response), 'not_found');
  });
});

describe('CSRF', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('a cookie-authenticated PATCH /me without X-CSRF-Token is 403 csrf_failed', async () => {
    const client = await signedIn(server.url, tenant.users.agent);
    const response = await client.patch('/api/v1/me', { displayName: 'No Token' }, { csrf: false });
    assert.equal(response.status, 403, response.text);
    assert.equal(errorCode(response), 'csrf_failed');
    const me = await client.get('/api/v1/me');
    assert.notEqual(me.json.user.displayName, 'No Token', 'the refused write must not have happened');
  });

  test('a cookie-authenticated PATCH /me with a wrong X-CSRF-Token is 403 csrf_failed', async () => {
    const client = await signedIn(server.url, tenant.users.agent);
    const response = await client.patch(
      '/api/v1/me',
      { displayName: 'Wrong Token' },
      { csrf: false, headers: { 'x-csrf-token': 'not-the-token' } },
    );
    assert.equal(response.status, 403, response.text);
    assert.equal(errorCode(response), 'csrf_failed');
  });

  test("another session's CSRF token does not work", async () => {
    const first = await signedIn(server.url, tenant.users.agent);
    const second = await signedIn(server.url, tenant.users.agent);
    assert.notEqual(first.csrf, second.csrf);
    const response = await first.patch(
      '/api/v1/me',
      { displayName: 'Borrowed Token' },
      { csrf: false, headers: { 'x-csrf-token': second.csrf } },
    );
    assert.equal(response.status, 403, response.text);
    assert.equal(errorCode(response), 'csrf_failed');
  });

  test('a cookie-authenticated write from a foreign Origin is 403 csrf_failed', async () => {
    const client = await signedIn(server.url, tenant.users.agent);
    const response = await client.patch(
      '/api/v1/me',
      { displayName: 'Foreign Origin' },
      { headers: { origin: 'https://evil.example' } },
    );
    assert.equal(response.status, 403, response.text);
    assert.equal(errorCode(response), 'csrf_failed');
  });

  test('a cookie-authenticated PATCH /me with the CSRF token is 200 and changes the name', async () => {
    const client = await signedIn(server.url, tenant.users.agent);
    const response = await client.patch('/api/v1/me', { displayName: 'Agent With Token' });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.user.displayName, 'Agent With Token');
    const me = await client.get('/api/v1/me');
    assert.equal(me.json.user.displayName, 'Agent With Token');
  });

  test('a cookie-authenticated sign-out without the CSRF token is 403 csrf_failed', async () => {
    const client = await signedIn(server.url, tenant.users.agent);
    const response = await client.post('/api/v1/auth/sign-out', undefined, { csrf: false });
    assert.equal(response.status, 403, response.text);
    assert.equal(errorCode(response), 'csrf_failed');
    assert.equal((await client.get('/api/v1/me')).status, 200, 'the session must still be alive');
  });

  test('Bearer token writes need no CSRF header', async () => {
    const client = new Client(server.url, { token: tenant.adminToken });
    const created = await client.post('/api/v1/contacts', { name: 'Bearer Without Csrf' });
    assert.equal(created.status, 201, created.text);
    const token = await client.post('/api/v1/tokens', { name: 'made by bearer' });
    assert.equal(token.status, 201, token.text);
    const removed = await client.delete(`/api/v1/tokens/${token.json.token.id}`);
    assert.equal(removed.status, 204, removed.text);
  });
});
