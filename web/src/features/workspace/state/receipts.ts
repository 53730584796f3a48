// Read receipts and "is typing" for the agent's side, as small timer-driven controllers (timers injectable, like
// createThrottle): the components only feed them what is on screen and what is typed.
//
// Read: the open conversation's contact messages are marked read (POST /conversations/{id}/read) once when it
// opens with its messages loaded, and again READ_DEBOUNCE_MS after new inbound messages arrive while it stays open;
// never while the page is hidden (coming back counts as seeing what arrived meanwhile).
//
// Typing (any channel: a web chat visitor sees it, and so do supervisors watching the conversation): "typing"
// when the agent starts typing, repeated at most every TYPING_REPEAT_MS while they go on, and "stopped" after
// TYPING_IDLE_MS without a keystroke, when the reply is sent or emptied, or when the composer goes away.
import type { Message } from '../../../api/routing';

export const READ_DEBOUNCE_MS = 1000;
export const TYPING_REPEAT_MS = 3000;
export const TYPING_IDLE_MS = 5000;

export interface Timers {
  now: () => number;
  set: (callback: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const browserTimers: Timers = {
  now: () => Date.now(),
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The contact's messages of a conversation, as a key that changes whenever a new one arrives. */
export function inboundSignature(messages: readonly Message[]): string {
  let count = 0;
  let last = '';
  for (const message of messages) {
    if (message.direction === 'inbound') {
      count += 1;
      last = message.id;
    }
  }
  return count === 0 ? '' : `${count}:${last}`;
}

/** What the agent has in front of them. */
export interface ReadView {
  /** The open conversation, if any. */
  conversationId: string | null;
  /** Its messages are loaded (on screen). */
  ready: boolean;
  /** `inboundSignature` of its messages. */
  inbound: string;
  /** The page is visible. */
  visible: boolean;
}

export interface ReadReceipts {
  /** What is on screen now; call it whenever any of it changes (repeating the same view is harmless). */
  update(view: ReadView): void;
  /** The view went away: nothing more is sent. */
  stop(): void;
}

export function createReadReceipts(
  markRead: (conversationId: string) => void,
  timers: Timers = browserTimers,
  debounceMs: number = READ_DEBOUNCE_MS,
): ReadReceipts {
  /** The conversation the marks below are about. */
  let conversationId: string | null = null;
  /** The inbound signature last marked read; null: not marked since it opened. */
  let marked: string | null = null;
  let pending: unknown = null;
  /** The inbound signature the pending mark was scheduled for. */
  let pendingFor: string | null = null;
  let view: ReadView | null = null;

  const cancel = () => {
    if (pending !== null) {
      timers.clear(pending);
      pending = null;
      pendingFor = null;
    }
  };
  const mark = () => {
    cancel();
    if (view?.conversationId) {
      marked = view.inbound;
      markRead(view.conversationId);
    }
  };

  return {
    update(next) {
      view = next;
      if (next.conversationId !== conversationId) {
        conversationId = next.conversationId;
        marked = null;
        cancel();
      }
      if (next.conversationId === null || !next.ready || !next.visible) {
        cancel();
        return;
      }
      if (marked === null) {
        mark();
        return;
      }
      if (next.inbound === marked) {
        cancel();
        return;
      }
      if (pending !== null && pendingFor === next.inbound) {
        return;
      }
      // New messages: wait until they stop coming for a moment (a burst is one mark).
      cancel();
      pendingFor = next.inbound;
      pending = timers.set(mark, debounceMs);
    },
    stop() {
      cancel();
      view = null;
    },
  };
}

export interface TypingSignal {
  /** The reply's text changed (typed, pasted, deleted). */
  changed(text: string): void;
  /** Typing is over: the reply was sent, or the composer goes away. */
  stop(): void;
}

export function createTypingSignal(
  send: (typing: boolean) => void,
  timers: Timers = browserTimers,
  repeatMs: number = TYPING_REPEAT_MS,
  idleMs: number = TYPING_IDLE_MS,
): TypingSignal {
  /** When "typing" was last sent; null: the contact was last told "stopped" (or nothing). */
  let toldAt: number | null = null;
  let idle: unknown = null;

  const clearIdle = () => {
    if (idle !== null) {
      timers.clear(idle);
      idle = null;
    }
  };
  const stop = () => {
    clearIdle();
    if (toldAt !== null) {
      toldAt = null;
      send(false);
    }
  };

  return {
    changed(text) {
      if (text.trim() === '') {
        stop();
        return;
      }
      const now = timers.now();
      if (toldAt === null || now - toldAt >= repeatMs) {
        toldAt = now;
        send(true);
      }
      clearIdle();
      idle = timers.set(() => {
        idle = null;
        stop();
      }, idleMs);
    },
    stop,
  };
}
