// The widget's link to the server: the session call, then the live socket; reconnects with capped, jittered
// exponential backoff; keeps the visitor's unacknowledged messages (in storage too) and resends them with the
// same clientId after every (re)connect, since the server de-duplicates by clientId, and forgets those the server
// refuses (an error frame with their clientId). Throttles typing frames.
// fetch, the socket, timers, the clock and randomness are injected so that tests drive all of it.
import {
  parseServerFrame,
  parseSession,
  type ClientFrame,
  type ImageUpload,
  type Message,
  type ServerFrame,
  type Session,
} from './protocol';
import type { PendingMessage, WidgetStorage } from './storage';

/** connecting: first attempt; reconnecting: down, retrying; unavailable: 403/404, given up; stopped: stop(). */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unavailable' | 'stopped';

/** The part of the browser WebSocket used here. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface HttpAnswer {
  status: number;
  json(): Promise<unknown>;
}

export type HttpPost = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }) =>
  Promise<HttpAnswer>;

export interface ConnectionOptions {
  /** The server's origin, e.g. "https://parley.example". */
  origin: string;
  channel: string;
  storage: WidgetStorage;
  post: HttpPost;
  createSocket: (url: string) => SocketLike;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  now: () => number;
  /** In [0, 1). */
  random: () => number;
  newClientId: () => string;
  onState: (state: ConnectionState) => void;
  onSession: (session: Session) => void;
  onFrame: (frame: ServerFrame) => void;
}

export const BASE_DELAY_MS = 500;
export const MAX_DELAY_MS = 30_000;
/** A socket open this long without trouble resets the backoff even if the server said nothing. */
export const STABLE_AFTER_MS = 10_000;
export const TYPING_REPEAT_MS = 3_000;
export const TYPING_IDLE_MS = 5_000;

/**
 * Delay before reconnect attempt `attempt` (0 = first retry): 0.5 s·2^attempt capped at 30 s, scaled into
 * [50 %, 100 %] of that by `random`, so that visitors dropped together do not all come back together.
 */
export function backoffDelay(attempt: number, random: number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling * (0.5 + random * 0.5));
}

/** ws(s)://host/api/v1/widget/live?channel=…&token=… for the server's origin. */
export function liveUrl(origin: string, channel: string, token: string): string {
  const query = `channel=${encodeURIComponent(channel)}&token=${encodeURIComponent(token)}`;
  return `${origin.replace(/^http/, 'ws')}/api/v1/widget/live?${query}`;
}

export class WidgetConnection {
  private currentState: ConnectionState = 'stopped';
  private token: string | null;
  private outbox: PendingMessage[];
  private socket: SocketLike | null = null;
  private isOpen = false;
  private attempt = 0;
  // Bumped by every connect and stop, so that a late fetch answer of an abandoned attempt is ignored.
  private generation = 0;
  private retryTimer: unknown = null;
  private stableTimer: unknown = null;
  private typingTimer: unknown = null;
  private typingSentAt = -Infinity;
  private isTyping = false;
  private readonly unsentReads = new Set<string>();

  constructor(private readonly options: ConnectionOptions) {
    const stored = options.storage.load();
    this.token = stored.token;
    this.outbox = stored.outbox;
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** True once a visitor token is known (stored from an earlier page, or from this page's session). */
  get hasToken(): boolean {
    return this.token !== null;
  }

  /** The visitor's messages not yet acknowledged, oldest first. */
  get pending(): readonly PendingMessage[] {
    return this.outbox;
  }

  start(): void {
    if (this.currentState === 'stopped') {
      this.attempt = 0;
      void this.connect('connecting');
    }
  }

  /** Closes everything; nothing happens after this until start(). */
  stop(): void {
    this.generation += 1;
    this.closeSocket();
    this.cancel('retryTimer');
    this.setState('stopped');
  }

  /** While waiting to reconnect, try now (the browser came back online, the visitor opened the panel). */
  retryNow(): void {
    if (this.currentState === 'reconnecting' && this.retryTimer !== null) {
      this.cancel('retryTimer');
      void this.connect('reconnecting');
    }
  }

  /** Queues a visitor message (text or image) and sends it if the socket is open; returns what was queued. */
  send(content: { text: string } | { image: ImageUpload }): PendingMessage {
    const message: PendingMessage = {
      clientId: this.options.newClientId(),
      ...content,
      createdAt: new Date(this.options.now()).toISOString(),
    };
    this.outbox.push(message);
    this.persist();
    this.stopTyping();
    this.transmitMessage(message);
    return message;
  }

  /** Call on every edit of the visitor's draft: `true` at most every 3 s, `false` after 5 s without edits or
   * on send (after which the next edit says `true` again at once). */
  typing(): void {
    const now = this.options.now();
    if (now - this.typingSentAt >= TYPING_REPEAT_MS && this.transmit({ type: 'typing', typing: true })) {
      this.typingSentAt = now;
      this.isTyping = true;
    }
    this.cancel('typingTimer');
    this.typingTimer = this.options.setTimer(() => {
      this.typingTimer = null;
      this.stopTyping();
    }, TYPING_IDLE_MS);
  }

  /** Tells the server the visitor has seen agent message `messageId` (sent once the socket is open). */
  read(messageId: string): void {
    if (!this.transmit({ type: 'read', messageId })) {
      this.unsentReads.add(messageId);
    }
  }

  private async connect(state: ConnectionState): Promise<void> {
    const generation = ++this.generation;
    this.retryTimer = null;
    this.setState(state);
    const session = await this.fetchSession();
    if (generation !== this.generation) {
      return;
    }
    if (session === 'unavailable') {
      this.setState('unavailable');
      return;
    }
    if (session === null) {
      this.scheduleRetry();
      return;
    }
    this.token = session.visitorToken;
    this.dropStored(session.messages);
    this.persist();
    this.options.onSession(session);
    this.openSocket(session.visitorToken);
  }

  // The session, 'unavailable' when the server refuses this page or channel for good, null to retry.
  private async fetchSession(): Promise<Session | 'unavailable' | null> {
    const body: { channel: string; visitorToken?: string } = { channel: this.options.channel };
    if (this.token !== null) {
      body.visitorToken = this.token;
    }
    try {
      const answer = await this.options.post(`${this.options.origin}/api/v1/widget/sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (answer.status === 403 || answer.status === 404) {
        return 'unavailable';
      }
      return answer.status === 200 ? parseSession(await answer.json()) : null;
    } catch {
      return null;
    }
  }

  private openSocket(token: string): void {
    let socket: SocketLike;
    try {
      socket = this.options.createSocket(liveUrl(this.options.origin, this.options.channel, token));
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.isOpen = true;
      this.setState('open');
      this.stableTimer = this.options.setTimer(() => {
        this.stableTimer = null;
        this.attempt = 0;
      }, STABLE_AFTER_MS);
      this.outbox.forEach((message) => this.transmitMessage(message));
      const reads = [...this.unsentReads];
      this.unsentReads.clear();
      reads.forEach((messageId) => this.read(messageId));
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => {
      // A close event follows; reconnecting is decided there.
    };
    socket.onclose = () => {
      if (this.socket === socket) {
        this.closeSocket();
        this.scheduleRetry();
      }
    };
  }

  private receive(data: unknown): void {
    const frame = parseServerFrame(data);
    if (!frame) {
      return;
    }
    this.attempt = 0;
    if (frame.type === 'ack') {
      this.dropFromOutbox([frame.clientId]);
    } else if (frame.type === 'error' && frame.clientId !== null) {
      // Refused (too long, not an image…): it would be refused again, so it is never resent.
      this.dropFromOutbox([frame.clientId]);
    } else if (frame.type === 'message') {
      this.dropStored([frame.message]);
    }
    this.options.onFrame(frame);
  }

  // Visitor messages the server shows as stored need no resend, whether or not their ack got through.
  private dropStored(messages: Message[]): void {
    this.dropFromOutbox(messages.filter((m) => m.direction === 'inbound').map((m) => m.clientId));
  }

  private dropFromOutbox(clientIds: (string | null)[]): void {
    const kept = this.outbox.filter((message) => !clientIds.includes(message.clientId));
    if (kept.length !== this.outbox.length) {
      this.outbox = kept;
      this.persist();
    }
  }

  private transmitMessage(message: PendingMessage): void {
    const frame: ClientFrame = { type: 'message', clientId: message.clientId };
    if (message.text !== undefined) {
      frame.text = message.text;
    }
    if (message.image !== undefined) {
      frame.image = message.image;
    }
    this.transmit(frame);
  }

  private transmit(frame: ClientFrame): boolean {
    if (!this.socket || !this.isOpen) {
      return false;
    }
    try {
      this.socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  // Also ends the 3 s throttle: the next edit (a new message right after sending one) is announced at once.
  private stopTyping(): void {
    this.cancel('typingTimer');
    this.typingSentAt = -Infinity;
    if (this.isTyping) {
      this.isTyping = false;
      this.transmit({ type: 'typing', typing: false });
    }
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempt, this.options.random());
    this.attempt += 1;
    this.setState('reconnecting');
    this.retryTimer = this.options.setTimer(() => void this.connect('reconnecting'), delay);
  }

  private closeSocket(): void {
    this.cancel('stableTimer');
    this.cancel('typingTimer');
    this.isTyping = false;
    this.typingSentAt = -Infinity;
    this.isOpen = false;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      try {
        socket.close(1000);
      } catch {
        // Already closed.
      }
    }
  }

  private cancel(timer: 'retryTimer' | 'stableTimer' | 'typingTimer'): void {
    if (this[timer] !== null) {
      this.options.clearTimer(this[timer]);
      this[timer] = null;
    }
  }

  private persist(): void {
    this.options.storage.save({ token: this.token, outbox: this.outbox });
  }

  private setState(state: ConnectionState): void {
    if (state !== this.currentState) {
      this.currentState = state;
      this.options.onState(state);
    }
  }
}
