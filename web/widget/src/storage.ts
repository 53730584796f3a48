// Where the widget keeps the visitor token and the messages not yet acknowledged, under
// "parley.widget.<channel>". Without the site's word that the visitor consented, only sessionStorage (strictly
// necessary, gone with the tab); with `consent: true`, localStorage so the conversation survives the browser
// closing. Storage that is missing or throws (blocked cookies, sandboxed frames) falls back to memory.
import type { ImageUpload } from './protocol';

/** The part of the Web Storage interface used here. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A visitor message the server has not acknowledged yet: resent with the same clientId until it is. */
export interface PendingMessage {
  clientId: string;
  text?: string;
  image?: ImageUpload;
  createdAt: string;
}

export interface StoredState {
  token: string | null;
  outbox: PendingMessage[];
}

export interface WidgetStorage {
  load(): StoredState;
  save(state: StoredState): void;
}

/** Anything with localStorage/sessionStorage properties, normally `window` (whose getters may throw). */
export type StorageHost = Partial<Record<'localStorage' | 'sessionStorage', KeyValueStore>>;

export function storageKey(channel: string): string {
  return `parley.widget.${channel}`;
}

export function memoryStore(): KeyValueStore {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

function storeOf(host: StorageHost, name: 'localStorage' | 'sessionStorage'): KeyValueStore | null {
  try {
    const store = host[name];
    return store && typeof store.getItem === 'function' ? store : null;
  } catch {
    return null;
  }
}

function parseState(raw: string | null): StoredState {
  const empty: StoredState = { token: null, outbox: [] };
  if (raw === null) {
    return empty;
  }
  try {
    const value = JSON.parse(raw) as Partial<StoredState> | null;
    if (!value || typeof value !== 'object') {
      return empty;
    }
    const outbox = Array.isArray(value.outbox)
      ? value.outbox.filter((item) => item && typeof item.clientId === 'string')
      : [];
    return { token: typeof value.token === 'string' ? value.token : null, outbox };
  } catch {
    return empty;
  }
}

function attempt(action: () => void): boolean {
  try {
    action();
    return true;
  } catch {
    return false;
  }
}

/**
 * The widget's storage for `channel`. A state found only in the other kind of storage (the visitor chatted
 * before the site asked for consent, or consent was withdrawn) is moved into the one now in use.
 */
export function openStorage(channel: string, consent: boolean, host: StorageHost): WidgetStorage {
  const key = storageKey(channel);
  const local = storeOf(host, 'localStorage');
  const session = storeOf(host, 'sessionStorage');
  const other = consent ? session : local;
  const store = (consent ? local : session) ?? memoryStore();

  const read = (from: KeyValueStore | null): string | null => {
    try {
      return from ? from.getItem(key) : null;
    } catch {
      return null;
    }
  };

  return {
    load() {
      let raw = read(store);
      const moved = raw === null ? read(other) : null;
      if (moved !== null) {
        raw = moved;
        attempt(() => store.setItem(key, moved));
        attempt(() => other?.removeItem(key));
      }
      return parseState(raw);
    },
    save(state) {
      if (state.token === null && state.outbox.length === 0) {
        attempt(() => store.removeItem(key));
        return;
      }
      if (attempt(() => store.setItem(key, JSON.stringify(state)))) {
        return;
      }
      // Over quota (images are large): keep the token and the texts; images then survive only in memory.
      const texts = state.outbox.filter((message) => !message.image);
      attempt(() => store.setItem(key, JSON.stringify({ token: state.token, outbox: texts })));
    },
  };
}
