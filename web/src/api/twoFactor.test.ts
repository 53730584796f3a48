import { beforeEach, describe, expect, it } from 'vitest';
import { fakeFetch, type FetchCall } from '../test/fakeFetch';
import { signIn, signInSecondFactor } from './endpoints';
import {
  confirmMyTwoFactor,
  getMyTwoFactor,
  getSecuritySettings,
  replaceMyRecoveryCodes,
  resetUserTwoFactor,
  startMyTwoFactor,
  turnOffMyTwoFactor,
  updateSecuritySettings,
} from './twoFactor';

describe('the two-factor calls', () => {
  let calls: FetchCall[] = [];
  let answer: unknown = {};
  let status = 200;

  beforeEach(() => {
    status = 200;
    ({ calls } = fakeFetch({ csrf: 'tok1', answer: () => ({ status, body: answer }) }));
  });

  const status0 = { enabled: true, enabledAt: '2026-12-07T10:00:00Z', recoveryCodesLeft: 10, required: false };

  it('hands back the second step of a sign-in as it is', async () => {
    answer = { twoFactor: { challenge: 'ch1', expiresAt: '2026-12-07T10:05:00Z' } };
    expect(await signIn('ada@example.test', 'pw')).toEqual(answer);
    answer = { user: { id: 'usr_1' }, csrfToken: 't' };
    await signInSecondFactor('ch1', { code: '123456' });
    await signInSecondFactor('ch1', { recoveryCode: 'k7pq-2mxd-9trw' });
    expect(calls.slice(1)).toEqual([
      { method: 'POST', url: '/api/v1/auth/sign-in/second-factor', body: { challenge: 'ch1', code: '123456' }, csrf: 'tok1' },
      {
        method: 'POST',
        url: '/api/v1/auth/sign-in/second-factor',
        body: { challenge: 'ch1', recoveryCode: 'k7pq-2mxd-9trw' },
        csrf: 'tok1',
      },
    ]);
  });

  it('reads, starts, confirms, replaces codes and turns off the own second factor', async () => {
    answer = { twoFactor: status0 };
    expect(await getMyTwoFactor()).toEqual(status0);
    answer = { secret: 'JBSWY3DP', otpauthUri: 'otpauth://totp/x' };
    expect(await startMyTwoFactor()).toEqual(answer);
    answer = { twoFactor: status0, recoveryCodes: ['a'] };
    expect(await confirmMyTwoFactor('123456')).toEqual(answer);
    expect(await replaceMyRecoveryCodes('654321')).toEqual(answer);
    answer = { twoFactor: { ...status0, enabled: false } };
    expect(await turnOffMyTwoFactor('111111')).toEqual({ ...status0, enabled: false });
    expect(calls).toEqual([
      { method: 'GET', url: '/api/v1/me/two-factor', body: undefined, csrf: undefined },
      { method: 'POST', url: '/api/v1/me/two-factor', body: {}, csrf: 'tok1' },
      { method: 'POST', url: '/api/v1/me/two-factor/confirm', body: { code: '123456' }, csrf: 'tok1' },
      { method: 'POST', url: '/api/v1/me/two-factor/recovery-codes', body: { code: '654321' }, csrf: 'tok1' },
      { method: 'DELETE', url: '/api/v1/me/two-factor', body: { code: '111111' }, csrf: 'tok1' },
    ]);
  });

  it('resets a user’s second factor and reads and saves the policy', async () => {
    status = 204;
    await resetUserTwoFactor('usr/1');
    status = 200;
    answer = { security: { twoFactorRequiredFor: ['admin'] } };
    expect(await getSecuritySettings()).toEqual({ twoFactorRequiredFor: ['admin'] });
    expect(await updateSecuritySettings({ twoFactorRequiredFor: ['admin', 'agent'] })).toEqual({
      twoFactorRequiredFor: ['admin'],
    });
    expect(calls).toEqual([
      { method: 'DELETE', url: '/api/v1/users/usr%2F1/two-factor', body: undefined, csrf: 'tok1' },
      { method: 'GET', url: '/api/v1/settings/security', body: undefined, csrf: undefined },
      { method: 'PUT', url: '/api/v1/settings/security', body: { twoFactorRequiredFor: ['admin', 'agent'] }, csrf: 'tok1' },
    ]);
  });
});
