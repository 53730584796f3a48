// A fake `fetch` for the unit tests that run the real API client (api/client.ts) against a made-up server. Many
// test files wrote the same dozen lines for this (stub fetch, record each call, answer with JSON, set the CSRF
// cookie); this is that code once. Call it in a `beforeEach` or a test: the stubs are undone when the test ends.
import { onTestFinished, vi } from 'vitest';
import { CSRF_COOKIE, CSRF_HEADER } from '../api/client';

/** One request as the code under test sent it. */
export interface FetchCall {
  method: string;
  url: string;
  /** Parsed when it was sent as JSON; anything else as sent (a file stays the same Blob); undefined without one. */
  body: unknown;
  /** The X-CSRF-Token header, undefined when the request had none. */
  csrf: string | undefined;
  /**
   * Every header sent. Not enumerable, so that `expect(calls).toEqual([{ method, url, body, csrf }])` compares those
   * four only; read it as `calls[0].headers['Idempotency-Key']`.
   */
  readonly headers: Record<string, string>;
}

/** What the fake server answers: the status, and the body it sends as JSON (none for 204). */
export interface FakeAnswer {
  status: number;
  body: unknown;
}

export interface FakeFetch {
  /** Every request, oldest first. */
  calls: FetchCall[];
  /** Answers given in turn when no `answer` function was passed; when none is left, the request fails as if offline. */
  answers: FakeAnswer[];
}

/**
 * Replaces `fetch` (and, with `csrf`, `document.cookie`, so that writes carry that token) until the test ends, when
 * `vi.unstubAllGlobals()` undoes every `vi.stubGlobal` of the test. `answer` answers each request; without it,
 * `answers` does, in turn.
 */
export function fakeFetch(options: { csrf?: string; answer?: (call: FetchCall) => FakeAnswer } = {}): FakeFetch {
  const fake: FakeFetch = { calls: [], answers: [] };
  if (options.csrf !== undefined) {
    vi.stubGlobal('document', { cookie: `${CSRF_COOKIE}=${options.csrf}` });
  }
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = { ...(init?.headers as Record<string, string> | undefined) };
      const sent = init?.body ?? undefined;
      const json = typeof sent === 'string' && headers['Content-Type'] === 'application/json';
      const body: unknown = json ? JSON.parse(sent) : sent;
      const recorded = { method: init?.method ?? 'GET', url: String(input), body, csrf: headers[CSRF_HEADER] };
      const call = Object.defineProperty(recorded, 'headers', { value: headers, enumerable: false }) as FetchCall;
      fake.calls.push(call);
      const answer = options.answer ? options.answer(call) : fake.answers.shift();
      if (!answer) {
        throw new TypeError('fakeFetch: no answer left');
      }
      if (answer.status === 204) {
        return new Response(null, { status: 204 });
      }
      return new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'Content-Type': 'application/json' },
      });
    }),
  );
  onTestFinished(() => {
    vi.unstubAllGlobals();
  });
  return fake;
}
