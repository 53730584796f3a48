import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createToken, listTokens, revokeToken, type ApiToken } from './tokens';

describe('the API token calls', () => {
  let calls: { method: string; url: string; body: unknown; csrf: string | undefined }[] = [];
  let answer: unknown = {};
  let status = 200;

  beforeEach(() => {
    calls = [];
    status = 200;
    vi.stubGlobal('document', { cookie: 'parley_csrf=tok1' });
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const headers = (init?.headers ?? {}) as Record<string, string>;
        calls.push({
          method: init?.method ?? 'GET',
          url: String(input),
          body: init?.body === undefined ? undefined : JSON.parse(String(init.body)),
          csrf: headers['X-CSRF-Token'],
        });
        return status === 204
          ? new Response(null, { status })
          : new Response(JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/json' } });
      }),
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
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
