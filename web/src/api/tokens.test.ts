import { beforeEach, describe, expect, it } from 'vitest';
import { fakeFetch, type FetchCall } from '../test/fakeFetch';
import { createToken, listTokens, revokeToken, type ApiToken } from './tokens';

describe('the API token calls', () => {
  let calls: FetchCall[] = [];
  let answer: unknown = {};
  let status = 200;

  beforeEach(() => {
    status = 200;
    ({ calls } = fakeFetch({ csrf: 'tok1', answer: () => ({ status, body: answer }) }));
  });

  const token: ApiToken = {
    id: 'tok_1',
    name: 'Order bot',
    role: 'admin',
    createdAt: '2026-12-07T10:00:00Z',
    lastUsedAt: null,
    scopes: ['messages:send'],
    expiresAt: '2027-01-06T10:00:00Z',
    createdBy: 'usr_ada',
  };

  it('lists, creates and revokes tokens', async () => {
    answer = { items: [token] };
    expect(await listTokens()).toEqual([token]);
    answer = { token, secret: 'pat_secret' };
    const input = { name: 'Order bot', role: 'admin' as const, scopes: ['messages:send' as const], expiresAt: '2027-01-06T10:00:00Z' };
    expect(await createToken(input)).toEqual(answer);
    status = 204;
    await revokeToken('tok/1');
    expect(calls).toEqual([
      { method: 'GET', url: '/api/v1/tokens', body: undefined, csrf: undefined },
      { method: 'POST', url: '/api/v1/tokens', body: input, csrf: 'tok1' },
      { method: 'DELETE', url: '/api/v1/tokens/tok%2F1', body: undefined, csrf: 'tok1' },
    ]);
  });

  it('hands on the server’s refusal', async () => {
    status = 422;
    answer = { error: { code: 'validation_failed', message: 'expiresAt must be in the future' } };
    await expect(createToken({ name: 'x', role: 'admin', scopes: ['admin'] })).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'expiresAt must be in the future',
      status: 422,
    });
  });
});
