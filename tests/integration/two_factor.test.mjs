// Two-factor sign-in (S3) against the real server, with codes made by a third-party TOTP library
// (npm `otpauth`) from the otpauth:// URI the server hands out: enrolment confirmed by a first code,
// sign-in in two steps (the session exists only after both), codes never accepted twice, single-use
// recovery codes, the throttle on codes, the tenant's policy that leaves an unenrolled user nothing
// but enrolment, and an admin's audited reset.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as OTPAuth from 'otpauth';
import {
  Client,
  PASSWORD,
  SUITE_TIMEOUT_MS,
  errorCode,
  makeDataDir,
  openLiveSocket,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  until,
} from './harness.mjs';

const limits = { timeout: SUITE_TIMEOUT_MS };
let dataDir;
let server;
let tenant;
let admin;

before(async () => {
  dataDir = makeDataDir('two-factor');
  tenant = seedTenant(dataDir, 'Two Factor');
  server = await startServer(dataDir, ['--live-recheck-seconds', '1']);
  admin = await signedIn(server.url, tenant.users.admin);
}, limits);

after(() => stopAll([server], dataDir));

// A code of the step `offset` steps from now (the server accepts one either side).
function codeAt(totp, offset = 0) {
  return totp.generate({ timestamp: Date.now() + offset * totp.period * 1000 });
}

// Turns two-factor sign-in on for a signed-in client; returns {totp, recoveryCodes}.
async function enrol(client) {
  const started = await client.post('/api/v1/me/two-factor', {});
  assert.equal(started.status, 201, started.text);
  const totp = OTPAuth.URI.parse(started.json.otpauthUri);
  assert.ok(totp instanceof OTPAuth.TOTP);
  assert.equal(totp.secret.base32, started.json.secret, 'the URI carries the secret shown as text');
  const confirmed = await client.post('/api/v1/me/two-factor/confirm', { code: codeAt(totp) });
  assert.equal(confirmed.status, 200, confirmed.text);
  return { totp, recoveryCodes: confirmed.json.recoveryCodes };
}

async function passwordStep(user) {
  const client = new Client(server.url);
  const response = await client.signIn(user.email, user.password ?? PASSWORD);
  return { client, response };
}

describe('enrolment and sign-in', () => {
  const user = () => tenant.users.supervisor;
  let totp;
  let recoveryCodes;

  test('enrolment gives an otpauth URI apps read, and is confirmed only by a right code', limits, async () => {
    const client = await signedIn(server.url, user());
    const started = await client.post('/api/v1/me/two-factor', {});
    assert.equal(started.status, 201, started.text);
    assert.match(started.json.otpauthUri, /^otpauth:\/\/totp\/Parley%20%28Tenant%20Two%20Factor%29:.+\?secret=[A-Z2-7]{32}&issuer=/);
    const parsed = OTPAuth.URI.parse(started.json.otpauthUri);
    assert.equal(parsed.algorithm, 'SHA1');
    assert.equal(parsed.digits, 6);
    assert.equal(parsed.period, 30);
    assert.equal(parsed.label, user().email);
    assert.equal(parsed.issuer, 'Parley (Tenant Two Factor)');

    const wrong = String((Number(codeAt(parsed)) + 1) % 1_000_000).padStart(6, '0');
    const refused = await client.post('/api/v1/me/two-factor/confirm', { code: wrong });
    assert.equal(refused.status, 422, refused.text);
    assert.equal((await client.get('/api/v1/me/two-factor')).json.twoFactor.enabled, false);

    const confirmed = await client.post('/api/v1/me/two-factor/confirm', { code: codeAt(parsed) });
    assert.equal(confirmed.status, 200, confirmed.text);
    assert.equal(confirmed.json.recoveryCodes.length, 10);
    assert.equal(new Set(confirmed.json.recoveryCodes).size, 10);
    assert.equal(confirmed.json.twoFactor.enabled, true);
    assert.equal(confirmed.json.twoFactor.recoveryCodesLeft, 10);
    const status = await client.get('/api/v1/me/two-factor');
    assert.equal(status.json.twoFactor.enabled, true);
    assert.equal(status.json.recoveryCodes, undefined, 'codes are shown once');
    assert.equal((await client.post('/api/v1/me/two-factor', {})).status, 409, 'no second enrolment over the first');
    totp = parsed;
    recoveryCodes = confirmed.json.recoveryCodes;
  });

  test('a right password alone starts no session', limits, async () => {
    const { client, response } = await passwordStep(user());
    assert.equal(response.status, 200, response.text);
    assert.match(response.json.twoFactor.challenge, /\S{40,}/);
    assert.equal(response.json.user, undefined);
    assert.deepEqual(response.setCookies.map((cookie) => cookie.name), []);
    assert.equal((await client.get('/api/v1/me')).status, 401);
  });

  test('the code completes the sign-in, and the same code is refused after', limits, async () => {
    const { client, response } = await passwordStep(user());
    // The confirming code's step is used: the next step's code (one step of drift allowed).
    const code = codeAt(totp, 1);
    const done = await client.post('/api/v1/auth/sign-in/second-factor', { challenge: response.json.twoFactor.challenge, code });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.user.email, user().email);
    assert.equal((await client.get('/api/v1/me')).status, 200, 'the session works');

    const again = await passwordStep(user());
    const replay = await again.client.post('/api/v1/auth/sign-in/second-factor', { challenge: again.response.json.twoFactor.challenge, code });
    assert.equal(replay.status, 401, replay.text);
    assert.equal(errorCode(replay), 'invalid_credentials');
    assert.equal((await again.client.get('/api/v1/me')).status, 401);
  });

  test('a recovery code signs in once', limits, async () => {
    const [first] = recoveryCodes;
    const { client, response } = await passwordStep(user());
    const done = await client.post('/api/v1/auth/sign-in/second-factor', {
      challenge: response.json.twoFactor.challenge,
      recoveryCode: first.toUpperCase().replaceAll('-', ' '), // as someone may type it
    });
    assert.equal(done.status, 200, done.text);
    assert.equal((await client.get('/api/v1/me/two-factor')).json.twoFactor.recoveryCodesLeft, 9);

    const again = await passwordStep(user());
    const reused = await again.client.post('/api/v1/auth/sign-in/second-factor', {
      challenge: again.response.json.twoFactor.challenge,
      recoveryCode: first,
    });
    assert.equal(reused.status, 401, reused.text);
  });

  test('a challenge completes one sign-in at most', limits, async () => {
    const { response } = await passwordStep(user());
    const challenge = response.json.twoFactor.challenge;
    const first = await new Client(server.url).post('/api/v1/auth/sign-in/second-factor', { challenge, recoveryCode: recoveryCodes[2] });
    assert.equal(first.status, 200, first.text);
    const second = await new Client(server.url).post('/api/v1/auth/sign-in/second-factor', { challenge, recoveryCode: recoveryCodes[3] });
    assert.equal(second.status, 401, 'the same challenge again, with another good code');
    assert.match(second.json.error.message, /expired/);
  });

  test('a forged, altered or missing challenge signs nobody in', limits, async () => {
    const { response } = await passwordStep(user());
    const challenge = response.json.twoFactor.challenge;
    const client = new Client(server.url);
    const altered = challenge.slice(0, -1) + (challenge.endsWith('0') ? '1' : '0');
    for (const body of [
      { challenge: altered, code: codeAt(totp, 1) },
      { challenge: 'ten_x.usr_y.99999999999.abc.00', code: '123456' },
    ]) {
      const refused = await client.post('/api/v1/auth/sign-in/second-factor', body);
      assert.equal(refused.status, 401, refused.text);
    }
    for (const body of [{ code: '123456' }, { challenge }, { challenge, code: '123456', recoveryCode: 'x' }, { challenge, code: 7 }]) {
      const refused = await client.post('/api/v1/auth/sign-in/second-factor', body);
      assert.equal(refused.status, 422, `${JSON.stringify(body)}: ${refused.text}`);
    }
    const foreign = await client.post('/api/v1/auth/sign-in/second-factor', { challenge, code: '123456' }, { headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403, foreign.text);
  });

  test('wrong codes are throttled like wrong passwords', limits, async () => {
    // A success clears the user's count (the reused recovery code above failed once).
    const cleared = await passwordStep(user());
    const signedInWithCode = await cleared.client.post('/api/v1/auth/sign-in/second-factor', {
      challenge: cleared.response.json.twoFactor.challenge,
      recoveryCode: recoveryCodes[1],
    });
    assert.equal(signedInWithCode.status, 200, signedInWithCode.text);
    const { response } = await passwordStep(user());
    const client = new Client(server.url);
    const challenge = response.json.twoFactor.challenge;
    const statuses = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      statuses.push((await client.post('/api/v1/auth/sign-in/second-factor', { challenge, code: '000000' })).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429], 'five wrong codes, then a wait');
    const blocked = await client.post('/api/v1/auth/sign-in/second-factor', { challenge, code: codeAt(totp, 1) });
    assert.equal(blocked.status, 429, 'even a right code waits');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  });
});

describe('the tenant policy and an admin reset', () => {
  test('an agent required to use a second factor can do nothing else until enrolled', limits, async () => {
    // Signed in before the policy: the open socket closes at its next re-check (1 s here).
    const earlier = await signedIn(server.url, tenant.users.agent);
    const earlierLive = await openLiveSocket(server, { cookie: earlier.cookieHeader() });
    assert.equal((await earlierLive.next()).json.type, 'hello');
    const saved = await admin.put('/api/v1/settings/security', { twoFactorRequiredFor: ['agent', 'agent'] });
    assert.equal(saved.status, 200, saved.text);
    assert.deepEqual(saved.json.security.twoFactorRequiredFor, ['agent']);
    assert.equal((await earlierLive.closed).code, 1008, 'the earlier socket is closed');
    assert.equal(errorCode(await earlier.get('/api/v1/conversations')), 'two_factor_required');
    assert.equal((await admin.put('/api/v1/settings/security', { twoFactorRequiredFor: ['owner'] })).status, 422);
    const agentClient = await signedIn(server.url, tenant.users.agent);
    assert.equal((await agentClient.get('/api/v1/me')).status, 200);
    const status = await agentClient.get('/api/v1/me/two-factor');
    assert.deepEqual(status.json.twoFactor, { enabled: false, enabledAt: null, recoveryCodesLeft: 0, required: true });
    for (const [method, path] of [['GET', '/api/v1/conversations'], ['GET', '/api/v1/me/sessions'], ['PATCH', '/api/v1/me/agent']]) {
      const refused = await agentClient.request(method, path, { json: method === 'GET' ? undefined : { presence: 'available' } });
      assert.equal(refused.status, 403, `${method} ${path}: ${refused.text}`);
      assert.equal(errorCode(refused), 'two_factor_required');
    }
    const socket = await openLiveSocket(server, { cookie: agentClient.cookieHeader() });
    assert.equal(socket.refused, 403, 'no live events either');

    const { totp } = await enrol(agentClient);
    assert.equal((await agentClient.get('/api/v1/conversations')).status, 200, 'enrolled: the same session works');
    const off = await agentClient.request('DELETE', '/api/v1/me/two-factor', { json: { code: codeAt(totp, 1) } });
    assert.equal(off.status, 409, 'the policy keeps it on');

    // API tokens are not people: the policy does not stop them.
    assert.equal((await new Client(server.url, { token: tenant.adminToken }).get('/api/v1/conversations')).status, 200);
    assert.equal((await admin.put('/api/v1/settings/security', { twoFactorRequiredFor: [] })).status, 200);
  });

  test('an admin resets a lost second factor: audited, and the user signs in with the password again', limits, async () => {
    const dpo = tenant.users.dpo;
    const dpoClient = await signedIn(server.url, dpo);
    const { totp } = await enrol(dpoClient);
    const dpoId = dpoClient.user.id;

    const agentPassword = await passwordStep(tenant.users.agent);
    assert.ok(agentPassword.response.json.twoFactor, 'the agent enrolled above: a password alone no longer signs in');
    const { client: dpoAgain } = await passwordStep(dpo);
    assert.equal((await dpoAgain.delete(`/api/v1/users/${dpoId}/two-factor`)).status, 401);

    const reset = await admin.delete(`/api/v1/users/${dpoId}/two-factor`);
    assert.equal(reset.status, 204, reset.text);
    assert.equal((await admin.delete(`/api/v1/users/${dpoId}/two-factor`)).status, 404);
    assert.equal((await admin.delete('/api/v1/users/usr_nobody/two-factor')).status, 404);
    const signedInAgain = await passwordStep(dpo);
    assert.equal(signedInAgain.response.status, 200);
    assert.equal(signedInAgain.response.json.user.id, dpoId, 'a session at once, no challenge');
    assert.ok(totp);

    await until('the reset is on the audit trail', async () => {
      const audit = await admin.get(`/api/v1/audit?entity=user&entityId=${dpoId}`);
      const changes = (audit.json?.items ?? []).filter((entry) => entry.attribute === 'twoFactor');
      return changes.some((entry) => entry.value === 'removed' && entry.actor.id === admin.user.id);
    });
  });

  test('only admins set the policy or reset others', limits, async () => {
    const supervisor = new Client(server.url);
    assert.equal((await supervisor.put('/api/v1/settings/security', { twoFactorRequiredFor: [] })).status, 401);
    const dpoClient = await signedIn(server.url, tenant.users.dpo);
    assert.equal((await dpoClient.put('/api/v1/settings/security', { twoFactorRequiredFor: [] })).status, 403);
    assert.equal((await dpoClient.delete(`/api/v1/users/${admin.user.id}/two-factor`)).status, 403);
  });
});
