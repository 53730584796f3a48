// Typed HTTP client for /api/v1. Sends the session cookie (same origin only), adds the X-CSRF-Token header
// from the parley_csrf cookie on every write, and turns every failure into an ApiError.
import type { ApiErrorCode } from './types';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** The server's stable snake_case code, or one of the client's own (network_error, unexpected_response). */
    readonly code: ApiErrorCode | (string & {}),
    message: string,
    /** HTTP status; 0 when no answer arrived. */
    readonly status: number,
    /** Seconds from a Retry-After header (429), when the server sent one. */
    readonly retryAfterSeconds: number | null = null,
    /** The input field a validation error is about (e.g. "settings.port"), when the server names one. */
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

export const isApiError = (value: unknown): value is ApiError => value instanceof ApiError;

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ApiClientOptions {
  /** Prefix for every path; defaults to /api/v1 on the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Returns document.cookie (or a stand-in in tests). */
  readCookies?: () => string;
  /** Called whenever an answer is 401 `unauthenticated` (the session ended or never existed). */
  onUnauthenticated?: () => void;
  /** Called whenever an answer is 403 `two_factor_required` (the user must set up a second factor first). */
  onTwoFactorRequired?: () => void;
}

export interface ApiClient {
  /** `idempotencyKey` goes out as Idempotency-Key: a retry with the same key runs on the server once. */
  request<T>(method: HttpMethod, path: string, body?: unknown, idempotencyKey?: string): Promise<T>;
  /** POSTs `body` as it is (a file's bytes, not JSON) with `contentType`; answers and errors as `request`. */
  postBytes<T>(path: string, body: Blob, contentType: string): Promise<T>;
}

/** A request body as it goes on the wire, with its Content-Type. */
interface Body {
  data: string | Blob;
  contentType: string;
}

export const CSRF_COOKIE = 'parley_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
const WRITE_METHODS: ReadonlySet<HttpMethod> = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** Value of one cookie from a `document.cookie` string, or null. */
export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      continue;
    }
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return null;
}

function parseRetryAfter(header: string | null): number | null {
  if (header === null || !/^\d+$/.test(header.trim())) {
    return null;
  }
  return Number(header.trim());
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  let parsed: unknown = null;
  try {
    parsed = await response.json();
  } catch {
    // Not JSON: handled below.
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string') {
    const message = typeof error.message === 'string' ? error.message : error.code;
    const field = typeof error.field === 'string' && error.field !== '' ? error.field : null;
    return new ApiError(error.code, message, response.status, retryAfter, field);
  }
  return new ApiError(
    'unexpected_response',
    `unexpected answer from the server (HTTP ${response.status})`,
    response.status,
    retryAfter,
  );
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '/api/v1';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const readCookies = options.readCookies ?? (() => (typeof document === 'undefined' ? '' : document.cookie));

  async function send<T>(method: HttpMethod, path: string, body?: Body, idempotencyKey?: string): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = body.contentType;
    }
    if (idempotencyKey !== undefined) {
      headers['Idempotency-Key'] = idempotencyKey;
    }
    if (WRITE_METHODS.has(method)) {
      const csrf = readCookie(readCookies(), CSRF_COOKIE);
      if (csrf) {
        headers[CSRF_HEADER] = csrf;
      }
    }

    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        body: body?.data,
      });
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new ApiError('network_error', `could not reach the server: ${detail}`, 0);
    }

    if (!response.ok) {
      const error = await errorFromResponse(response);
      if (error.code === 'unauthenticated') {
        options.onUnauthenticated?.();
      } else if (error.code === 'two_factor_required') {
        options.onTwoFactorRequired?.();
      }
      throw error;
    }
    if (response.status === 204) {
      return undefined as T;
    }
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiError('unexpected_response', `answer is not JSON (HTTP ${response.status})`, response.status);
    }
  }

  function request<T>(method: HttpMethod, path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
    const json = body === undefined ? undefined : { data: JSON.stringify(body), contentType: 'application/json' };
    return send<T>(method, path, json, idempotencyKey);
  }

  function postBytes<T>(path: string, body: Blob, contentType: string): Promise<T> {
    return send<T>('POST', path, { data: body, contentType });
  }

  return { request, postBytes };
}
