import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, readCookie } from './client';

interface Recorded {
  url: string;
  init: RequestInit;
}

function fakeFetch(respond: () => Response | Promise<Response>) {
  const calls: Recorded[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return respond();
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

const headersOf = (call: Recorded) => call.init.headers as Record<string, string>;

describe('readCookie', () => {
  it('finds one cookie among several and decodes it', () => {
    expect(readCookie('a=1; parley_csrf=abc%2Fdef; b=2', 'parley_csrf')).toBe('abc/def');
  });

  it('does not match a cookie whose name only ends with the wanted name', () => {
    expect(readCookie('xparley_csrf=nope', 'parley_csrf')).toBeNull();
  });

  it('returns null when the cookie is absent', () => {
    expect(readCookie('', 'parley_csrf')).toBeNull();
  });
});

describe('createApiClient', () => {
  it('sends same-origin credentials and parses a JSON answer', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { user: { id: 'usr_1' } }));
    const client = createApiClient({ fetch, readCookies: () => '' });

    const answer = await client.request<{ user: { id: string } }>('GET', '/me');

    expect(answer.user.id).toBe('usr_1');
    expect(calls[0].url).toBe('/api/v1/me');
    expect(calls[0].init.credentials).toBe('same-origin');
    expect(calls[0].init.method).toBe('GET');
  });

  it('puts the parley_csrf cookie into X-CSRF-Token on every write', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 204 }));
    const client = createApiClient({ fetch, readCookies: () => 'parley_csrf=tok123; other=x' });

    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE'] as const) {
      await client.request(method, '/thing');
    }

    expect(calls.map((call) => headersOf(call)['X-CSRF-Token'])).toEqual(['tok123', 'tok123', 'tok123', 'tok123']);
  });

  it('sends no CSRF header on reads', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, {}));
    const client = createApiClient({ fetch, readCookies: () => 'parley_csrf=tok123' });

    await client.request('GET', '/me');

    expect(headersOf(calls[0])['X-CSRF-Token']).toBeUndefined();
  });

  it('reads the cookie at request time, so a new session token is picked up', async () => {
    let cookies = '';
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 204 }));
    const client = createApiClient({ fetch, readCookies: () => cookies });

    await client.request('POST', '/auth/sign-in', { email: 'a@b.c', password: 'x' });
    cookies = 'parley_csrf=fresh';
    await client.request('POST', '/auth/sign-out');

    expect(headersOf(calls[0])['X-CSRF-Token']).toBeUndefined();
    expect(headersOf(calls[1])['X-CSRF-Token']).toBe('fresh');
  });

  it('sends a JSON body with its content type, and none without a body', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 204 }));
    const client = createApiClient({ fetch, readCookies: () => '' });

    await client.request('PATCH', '/me', { displayName: 'Ada' });
    await client.request('POST', '/auth/sign-out');

    expect(calls[0].init.body).toBe('{"displayName":"Ada"}');
    expect(headersOf(calls[0])['Content-Type']).toBe('application/json');
    expect(calls[1].init.body).toBeUndefined();
    expect(headersOf(calls[1])['Content-Type']).toBeUndefined();
  });

  it('returns undefined for 204 No Content', async () => {
    const { fetch } = fakeFetch(() => new Response(null, { status: 204 }));
    const client = createApiClient({ fetch, readCookies: () => '' });

    await expect(client.request('DELETE', '/me/sessions/ses_1')).resolves.toBeUndefined();
  });

  it('turns the one error shape into an ApiError with code, message and status', async () => {
    const { fetch } = fakeFetch(() =>
      json(401, { error: { code: 'invalid_credentials', message: 'email or password is wrong' } }),
    );
    const client = createApiClient({ fetch, readCookies: () => '' });

    const error = await client.request('POST', '/auth/sign-in', {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'invalid_credentials', status: 401, message: 'email or password is wrong' });
  });

  it('carries Retry-After seconds on too_many_attempts', async () => {
    const { fetch } = fakeFetch(() =>
      json(429, { error: { code: 'too_many_attempts', message: 'try later' } }, { 'Retry-After': '120' }),
    );
    const client = createApiClient({ fetch, readCookies: () => '' });

    const error = await client.request('POST', '/auth/sign-in', {}).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'too_many_attempts', status: 429, retryAfterSeconds: 120 });
  });

  it('keeps the field a validation error names', async () => {
    const { fetch } = fakeFetch(() =>
      json(422, { error: { code: 'validation_failed', message: 'port must be 1 to 65535', field: 'settings.port' } }),
    );
    const client = createApiClient({ fetch, readCookies: () => '' });

    const error = await client.request('POST', '/channels', {}).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'validation_failed', status: 422, field: 'settings.port' });
  });

  it('has no field when the server names none', async () => {
    const { fetch } = fakeFetch(() => json(409, { error: { code: 'conflict', message: 'taken' } }));
    const client = createApiClient({ fetch, readCookies: () => '' });

    const error = await client.request('POST', '/channels', {}).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'conflict', field: null });
  });

  it('reports an answer that is not the error shape as unexpected_response', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>Bad Gateway</html>', { status: 502 }));
    const client = createApiClient({ fetch, readCookies: () => '' });

    const error = await client.request('GET', '/me').catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'unexpected_response', status: 502 });
  });

  it('reports a failed fetch as network_error with status 0', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const client = createApiClient({ fetch, readCookies: () => '' });

    const error = await client.request('GET', '/me').catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'network_error', status: 0 });
  });

  it('reports a 200 whose body is not JSON as unexpected_response', async () => {
    const { fetch } = fakeFetch(() => new Response('not json', { status: 200 }));
    const client = createApiClient({ fetch, readCookies: () => '' });

    const error = await client.request('GET', '/me').catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'unexpected_response', status: 200 });
  });

  it('calls onUnauthenticated for 401 unauthenticated but not for invalid_credentials', async () => {
    let answer = json(401, { error: { code: 'unauthenticated', message: 'sign in' } });
    const { fetch } = fakeFetch(() => answer);
    const onUnauthenticated = vi.fn();
    const client = createApiClient({ fetch, readCookies: () => '', onUnauthenticated });

    await client.request('GET', '/me').catch(() => undefined);
    answer = json(401, { error: { code: 'invalid_credentials', message: 'wrong' } });
    await client.request('POST', '/auth/sign-in', {}).catch(() => undefined);

    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('calls onTwoFactorRequired for 403 two_factor_required but not for forbidden, and still throws', async () => {
    let answer = json(403, { error: { code: 'two_factor_required', message: 'set it up first' } });
    const { fetch } = fakeFetch(() => answer);
    const onTwoFactorRequired = vi.fn();
    const onUnauthenticated = vi.fn();
    const client = createApiClient({ fetch, readCookies: () => '', onTwoFactorRequired, onUnauthenticated });

    const error = await client.request('GET', '/conversations').catch((caught: unknown) => caught);
    answer = json(403, { error: { code: 'forbidden', message: 'no' } });
    await client.request('GET', '/users').catch(() => undefined);

    expect(error).toMatchObject({ code: 'two_factor_required', status: 403 });
    expect(onTwoFactorRequired).toHaveBeenCalledTimes(1);
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });
});

describe('idempotency keys', () => {
  it('sends Idempotency-Key only when the caller gives one', async () => {
    const seen: Headers[] = [];
    const client = createApiClient({
      readCookies: () => '',
      fetch: async (_input, init) => {
        seen.push(new Headers(init?.headers));
        return new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });
      },
    });
    await client.request('POST', '/conversations/c1/messages', { text: 'hi' }, 'key-1');
    await client.request('POST', '/conversations/c1/notes', { text: 'hi' });
    expect(seen[0].get('Idempotency-Key')).toBe('key-1');
    expect(seen[1].get('Idempotency-Key')).toBeNull();
  });
});

describe('postBytes', () => {
  it('POSTs the bytes as they are, with their content type and the CSRF header', async () => {
    const { fetch, calls } = fakeFetch(() => json(201, { attachment: { id: 'med_1' } }));
    const client = createApiClient({ fetch, readCookies: () => 'parley_csrf=tok123' });
    const file = new File(['%PDF-1.7'], 'invoice.pdf', { type: 'application/pdf' });

    const answer = await client.postBytes<{ attachment: { id: string } }>('/things?name=invoice.pdf', file, 'application/pdf');

    expect(answer.attachment.id).toBe('med_1');
    expect(calls[0].url).toBe('/api/v1/things?name=invoice.pdf');
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.credentials).toBe('same-origin');
    expect(calls[0].init.body).toBe(file);
    expect(headersOf(calls[0])['Content-Type']).toBe('application/pdf');
    expect(headersOf(calls[0])['X-CSRF-Token']).toBe('tok123');
  });

  it("turns the server's error into an ApiError, as request does", async () => {
    const { fetch } = fakeFetch(() =>
      json(413, { error: { code: 'payload_too_large', message: 'the file is larger than 20 MiB' } }),
    );
    const client = createApiClient({ fetch, readCookies: () => '' });

    const error = await client.postBytes('/things', new Blob(['x']), 'text/plain').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'payload_too_large', status: 413, message: 'the file is larger than 20 MiB' });
  });
});
