// The conversation as the widget shows it: a pure reducer over server messages, acks, status frames and the
// visitor's own messages still on their way. A message is one entry however it arrives (the session list,
// a live frame, an ack) because entries merge by server id or by clientId; a status never goes backwards. A
// message the server refused (an error frame with its clientId) is failed, with the reason.
import type { Message, MessageStatus, ServerFrame, WidgetFile } from './protocol';
import type { PendingMessage } from './storage';

export type EntryStatus = 'sending' | MessageStatus;

export interface Entry {
  /** Stable for the entry's life: the clientId when there is one (so the ack keeps it), else the id. */
  key: string;
  id: string | null;
  clientId: string | null;
  direction: 'inbound' | 'outbound';
  text: string | null;
  /** url is '' while the visitor's image is still being sent. */
  image: { url: string; name: string } | null;
  file: WidgetFile | null;
  status: EntryStatus;
  /** Why the server refused the visitor's message (status failed); absent otherwise. */
  error?: string;
  createdAt: string;
  /** Arrival order; sorts the entries that have no server id yet. */
  order: number;
}

export interface ChatState {
  entries: Entry[];
  agentTyping: boolean;
  nextOrder: number;
}

export type ChatAction =
  | { type: 'session'; messages: Message[] }
  | { type: 'frame'; frame: ServerFrame }
  | { type: 'local'; message: PendingMessage }
  | { type: 'agentTyping'; typing: boolean };

export const initialChatState: ChatState = { entries: [], agentTyping: false, nextOrder: 0 };

const RANK: Record<EntryStatus, number> = { sending: 0, sent: 1, failed: 2, delivered: 3, read: 4 };

/** The later of two statuses: sending → sent → failed → delivered → read. */
export function laterStatus(current: EntryStatus, incoming: EntryStatus): EntryStatus {
  return RANK[incoming] > RANK[current] ? incoming : current;
}

function timeOf(entry: Entry): number {
  return Date.parse(entry.createdAt) || 0;
}

// Stored messages by server time (ids are time-ordered, so they break ties), then the unacknowledged ones in
// the order the visitor wrote them.
function compareEntries(a: Entry, b: Entry): number {
  if ((a.id === null) !== (b.id === null)) {
    return a.id === null ? 1 : -1;
  }
  if (a.id === null || b.id === null) {
    return a.order - b.order;
  }
  return timeOf(a) - timeOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function findEntry(entries: Entry[], id: string | null, clientId: string | null): number {
  return entries.findIndex(
    (entry) => (id !== null && entry.id === id) || (clientId !== null && entry.clientId === clientId),
  );
}

function mergeMessage(state: ChatState, message: Message): ChatState {
  const entries = state.entries.slice();
  const index = findEntry(entries, message.id, message.clientId);
  const existing = index >= 0 ? entries[index] : null;
  const clientId = message.clientId ?? existing?.clientId ?? null;
  const merged: Entry = {
    key: existing?.key ?? clientId ?? message.id,
    id: message.id,
    clientId,
    direction: message.direction,
    text: message.text,
    image: message.image,
    file: message.file,
    status: existing ? laterStatus(existing.status, message.status) : message.status,
    createdAt: message.createdAt || existing?.createdAt || '',
    order: existing?.order ?? state.nextOrder,
  };
  if (index >= 0) {
    entries[index] = merged;
  } else {
    entries.push(merged);
  }
  entries.sort(compareEntries);
  return {
    entries,
    // The agent's message ends their typing.
    agentTyping: message.direction === 'outbound' && !existing ? false : state.agentTyping,
    nextOrder: state.nextOrder + (existing ? 0 : 1),
  };
}

function addLocal(state: ChatState, message: PendingMessage): ChatState {
  if (findEntry(state.entries, null, message.clientId) >= 0) {
    return state;
  }
  const entry: Entry = {
    key: message.clientId,
    id: null,
    clientId: message.clientId,
    direction: 'inbound',
    text: message.text ?? null,
    image: message.image ? { url: '', name: message.image.name } : null,
    file: null,
    status: 'sending',
    createdAt: message.createdAt,
    order: state.nextOrder,
  };
  return { ...state, entries: [...state.entries, entry].sort(compareEntries), nextOrder: state.nextOrder + 1 };
}

// The server refused the visitor's message `clientId`: it was not stored and will not be resent.
function applyError(state: ChatState, clientId: string | null, error: string): ChatState {
  const index = clientId === null ? -1 : findEntry(state.entries, null, clientId);
  if (index < 0 || state.entries[index].id !== null) {
    return state;
  }
  const entries = state.entries.slice();
  entries[index] = { ...entries[index], status: 'failed', error };
  return { ...state, entries };
}

function applyStatus(state: ChatState, messageId: string, status: EntryStatus): ChatState {
  const index = findEntry(state.entries, messageId, null);
  if (index < 0 || laterStatus(state.entries[index].status, status) === state.entries[index].status) {
    return state;
  }
  const entries = state.entries.slice();
  entries[index] = { ...entries[index], status };
  return { ...state, entries };
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'session':
      return action.messages.reduce(mergeMessage, state);
    case 'local':
      return addLocal(state, action.message);
    case 'agentTyping':
      return state.agentTyping === action.typing ? state : { ...state, agentTyping: action.typing };
    case 'frame': {
      const frame = action.frame;
      switch (frame.type) {
        case 'message':
          return mergeMessage(state, frame.message);
        case 'ack':
          return mergeMessage(state, { ...frame.message, clientId: frame.message.clientId ?? frame.clientId });
        case 'status':
          return applyStatus(state, frame.messageId, frame.status);
        case 'typing':
          return chatReducer(state, { type: 'agentTyping', typing: frame.typing });
        case 'error':
          return applyError(state, frame.clientId, frame.message);
      }
    }
  }
  return state;
}

/** Ids of agent messages the visitor has not read: not `read` on the server and not in `readSent`. */
export function unreadAgentMessages(state: ChatState, readSent: ReadonlySet<string>): string[] {
  return state.entries
    .filter((entry) => entry.direction === 'outbound' && entry.id !== null && entry.status !== 'read')
    .map((entry) => entry.id as string)
    .filter((id) => !readSent.has(id));
}
