// WebSocket client for /api/v1/live: connects, reports its state, hands parsed events on, and reconnects with
// capped exponential backoff (with jitter) until stopped. Sockets, timers and randomness are injectable for tests.
import type { User } from '../api/types';

export type LiveState = 'connecting' | 'open' | 'reconnecting' | 'stopped';

export type LiveEvent =
  | { type: 'hello'; user: User }
  | { type: 'user.updated'; user: User }
  | { type: 'session.revoked' }
  /** The tenant was deleted: everyone of it is signed out, and the server closes the socket. */
  | { type: 'tenant.deleted' }
  | { type: string; [key: string]: unknown };

/** The part of the browser WebSocket this client uses. */
export interface LiveSocket {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface LiveClientOptions {
  url: string;
  onState?: (state: LiveState) => void;
  onEvent?: (event: LiveEvent) => void;
  createSocket?: (url: string) => LiveSocket;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** In [0, 1); defaults to Math.random. */
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Reconnect with `since` (the default), so that missed frames are replayed; false for a socket that always
   * starts from now (a watch: its page reloads by REST instead). */
  resume?: boolean;
}

export const DEFAULT_BASE_DELAY_MS = 500;
export const DEFAULT_MAX_DELAY_MS = 30_000;

/**
 * Delay before reconnect attempt `attempt` (0 = first retry): base·2^attempt capped at max, then scaled into
 * [50 %, 100 %) of that by `random` so that many clients dropped together do not return together.
 */
export function backoffDelay(attempt: number, random: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * (0.5 + random * 0.5));
}

/** ws(s)://host/api/v1/live for the page's own origin. */
export function liveUrl(location: { protocol: string; host: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/v1/live`;
}

/** The socket of a supervisor watching one conversation (W7): every frame about it, from now. */
export function watchUrl(location: { protocol: string; host: string }, conversationId: string): string {
  return `${liveUrl(location)}?watch=${encodeURIComponent(conversationId)}`;
}

/** Splits a server cursor "<epoch>.<seq>"; null when it is not one. */
export function parseCursor(cursor: unknown): { epoch: string; seq: number } | null {
  if (typeof cursor !== 'string') {
    return null;
  }
  const dot = cursor.lastIndexOf('.');
  const seq = Number(cursor.slice(dot + 1));
  return dot > 0 && Number.isSafeInteger(seq) && seq >= 0 ? { epoch: cursor.slice(0, dot), seq } : null;
}

/** The socket URL with `since` set, so that a reconnect replays what was missed (or gets one `resync`). */
export function urlWithSince(url: string, cursor: string | null): string {
  return cursor === null ? url : `${url}${url.includes('?') ? '&' : '?'}since=${encodeURIComponent(cursor)}`;
}

export class LiveClient {
  private socket: LiveSocket | null = null;
  // Where this client stands in the tenant's event stream: the hello's epoch and the last frame's seq.
  private epoch: string | null = null;
  private seq = 0;
  private timer: unknown = null;
  private attempt = 0;
  private currentState: LiveState = 'stopped';
  private readonly createSocket: (url: string) => LiveSocket;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly random: () => number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly options: LiveClientOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url) as unknown as LiveSocket);
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.random = options.random ?? Math.random;
    this.baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  }

  get state(): LiveState {
    return this.currentState;
  }

  /** "<epoch>.<seq>" of the last event seen, or null before the first hello. */
  get cursor(): string | null {
    return this.epoch === null ? null : `${this.epoch}.${this.seq}`;
  }

  start(): void {
    if (this.currentState !== 'stopped') {
      return;
    }
    this.attempt = 0;
    this.connect('connecting');
  }

  /** Closes the socket and cancels any pending reconnect; nothing happens after this until start(). */
  stop(): void {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      this.detach(socket);
      socket.close(1000, 'client stopped');
    }
    this.setState('stopped');
  }

  private connect(state: LiveState): void {
    this.timer = null;
    this.setState(state);
    let socket: LiveSocket;
    try {
      const resume = this.options.resume ?? true;
      socket = this.createSocket(resume ? urlWithSince(this.options.url, this.cursor) : this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => this.setState('open');
    socket.onmessage = (message) => {
      // The backoff restarts only once the server has spoken (its hello), so a server that accepts and drops
      // at once still sees growing delays.
      this.attempt = 0;
      this.handleMessage(message.data);
    };
    socket.onerror = () => {
      // A close event always follows; reconnecting is decided there.
    };
    socket.onclose = () => {
      if (this.socket !== socket) {
        return;
      }
      this.detach(socket);
      this.socket = null;
      this.scheduleReconnect();
    };
  }

  private handleMessage(data: unknown): void {
    if (typeof data !== 'string') {
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      return;
    }
    if (event && typeof event === 'object' && typeof (event as { type?: unknown }).type === 'string') {
      this.track(event as LiveEvent);
      this.options.onEvent?.(event as LiveEvent);
    }
  }

  // A hello of another epoch (the server restarted) or a resync restarts the count at the cursor they carry;
  // otherwise every frame's seq moves it on.
  private track(event: LiveEvent): void {
    const fields = event as Record<string, unknown>;
    const carried = parseCursor(fields.cursor);
    if (carried && (event.type === 'resync' || (event.type === 'hello' && carried.epoch !== this.epoch))) {
      this.epoch = carried.epoch;
      this.seq = carried.seq;
    } else if (typeof fields.seq === 'number' && fields.seq > this.seq) {
      this.seq = fields.seq;
    }
  }

  private scheduleReconnect(): void {
    const delay = backoffDelay(this.attempt, this.random(), this.baseDelayMs, this.maxDelayMs);
    this.attempt += 1;
    this.setState('reconnecting');
    this.timer = this.setTimer(() => this.connect('reconnecting'), delay);
  }

  private detach(socket: LiveSocket): void {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
  }

  private setState(state: LiveState): void {
    if (state === this.currentState) {
      return;
    }
    this.currentState = state;
    this.options.onState?.(state);
  }
}
