// The Workspace's one store, as a pure reducer: what was fetched by REST and what arrived live, reconciled.
//
// Ordering rule: every live routing event ticks `clock` and stamps the conversation it concerns in `touched`.
// A fetch remembers the clock when it started (`startedAt`); when it answers, a conversation stamped after that
// keeps its live version, so a slow answer never rolls a newer event back. Messages merge by id, and a message's
// status only moves forward (queued → sent → delivered → read, or failed), whoever reports it. My agent record
// follows the same rule with one stamp of its own (`meTouched`): a GET /me/agent that started before the last
// agent.updated frame or PATCH answer is stale.
//
// Typing: a `contact.typing` frame (a web chat visitor typing) stamps its conversation in `typing` with the time it
// arrived; the stamp goes on "typing": false, on the contact's next message and on closing, and counts for
// CONTACT_TYPING_MS only (the visitor's "stopped" may never come), see `isContactTyping`.
//
// Memory: messages and notes are kept for my conversations, the one on screen (with its contact's history) and
// the MAX_RECENT most recently viewed; the rest are dropped when the view changes and refetched when reopened.
import type { User } from '../../../api/types';
import type {
  Agent,
  CannedResponse,
  Category,
  Change,
  Channel,
  Contact,
  Conversation,
  Message,
  MessageStatus,
  Note,
  QueuedConversation,
  Skill,
} from '../../../api/routing';
import { applyChannelUpdate, updatedChannelOf } from '../../../live/channelEvents';
import type { LiveEvent } from '../../../live/LiveClient';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

/** Items of one conversation (messages or notes), loaded on demand. */
export interface Bucket<T> {
  status: LoadStatus;
  items: T[];
  error: string | null;
}

export interface Lookups {
  skills: Skill[];
  categories: Category[];
  /** null: the server does not offer GET /channels (capabilities and reply windows unknown). */
  channels: Channel[] | null;
  /** null: the server does not offer GET /canned-responses. */
  cannedResponses: CannedResponse[] | null;
  /** Everyone in the tenant; only admins and supervisors may list them ([] otherwise). */
  users: User[];
}

export interface WorkspaceState {
  userId: string;
  /** Live routing events applied so far (and answers that carry a Change). */
  clock: number;
  /** Goes up on every `resync` frame: everything loaded before is to be fetched again. */
  generation: number;
  me: Agent | null;
  /** Clock of the last agent.updated frame or PATCH /me/agent answer: older GET answers are ignored. */
  meTouched: number;
  /** Every conversation seen: mine, waiting ones, and the history of the contacts opened. */
  conversations: Record<string, Conversation>;
  /** conversation id → clock of the last live change to its state or agent. */
  touched: Record<string, number>;
  mineStatus: LoadStatus;
  mineError: string | null;
  queue: QueuedConversation[];
  queueStatus: LoadStatus;
  /** How many wait in all: the queue above is only the first of them. */
  queueTotal: number;
  messages: Record<string, Bucket<Message>>;
  notes: Record<string, Bucket<Note>>;
  contacts: Record<string, Contact>;
  /** Conversations with inbound messages not seen yet. */
  unread: Record<string, true>;
  /** The conversation on screen, if any (its messages are never unread). */
  viewing: string | null;
  /** Conversations viewed, most recent first (at most MAX_RECENT): their messages and notes are kept. */
  recent: string[];
  lookups: Lookups;
  /** conversation id → when (ms since the epoch) its contact was last said to be typing. */
  typing: Record<string, number>;
}

/** How many recently viewed conversations keep their messages and notes besides mine and the one on screen. */
export const MAX_RECENT = 20;

/** How long "is typing" lasts after the last frame saying so, if nothing ends it sooner. */
export const CONTACT_TYPING_MS = 10_000;

export type WorkspaceAction =
  /** A live frame; `at`: when it arrived (ms since the epoch), for what lasts only a while (typing). */
  | { type: 'live'; event: LiveEvent; at?: number }
  /** A GET /me/agent answer; `startedAt` is the clock when it was sent. */
  | { type: 'agentLoaded'; agent: Agent; startedAt: number }
  /** The answer to my own PATCH /me/agent: newer than any GET sent before it. */
  | { type: 'agentPatched'; agent: Agent }
  | { type: 'mineRequested' }
  | { type: 'mineLoaded'; items: Conversation[]; startedAt: number }
  | { type: 'mineFailed'; error: string }
  | { type: 'conversationsLoaded'; items: Conversation[]; startedAt: number }
  | { type: 'queueLoaded'; items: QueuedConversation[]; total: number; startedAt: number }
  | { type: 'queueFailed' }
  | { type: 'messagesRequested'; conversationId: string }
  | { type: 'messagesLoaded'; conversationId: string; items: Message[] }
  | { type: 'messagesFailed'; conversationId: string; error: string }
  | { type: 'messageSent'; message: Message }
  | { type: 'notesRequested'; conversationId: string }
  | { type: 'notesLoaded'; conversationId: string; items: Note[] }
  | { type: 'notesFailed'; conversationId: string; error: string }
  | { type: 'noteAdded'; note: Note }
  | { type: 'changeApplied'; change: Change; startedAt: number }
  | { type: 'offerAccepted'; conversationId: string; startedAt: number }
  | { type: 'contactLoaded'; contact: Contact }
  | { type: 'viewed'; conversationId: string | null }
  | { type: 'lookupsLoaded'; lookups: Partial<Lookups> };

export function initialState(userId: string): WorkspaceState {
  return {
    userId,
    clock: 0,
    generation: 0,
    me: null,
    meTouched: 0,
    conversations: {},
    touched: {},
    mineStatus: 'idle',
    mineError: null,
    queue: [],
    queueStatus: 'idle',
    queueTotal: 0,
    messages: {},
    notes: {},
    contacts: {},
    unread: {},
    viewing: null,
    recent: [],
    lookups: { skills: [], categories: [], channels: null, cannedResponses: null, users: [] },
    typing: {},
  };
}

const STATUS_RANK: Record<MessageStatus, number> = {
  received: 0,
  queued: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: 5,
};

/** The later of two reports about one message: status never moves backwards. */
function newerMessage(current: Message, incoming: Message): Message {
  return STATUS_RANK[incoming.status] >= STATUS_RANK[current.status] ? incoming : current;
}

const byTimeThenId = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Union by id, oldest first; for a message known twice the newer status wins. */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): Message[] {
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) {
    const known = byId.get(message.id);
    byId.set(message.id, known ? newerMessage(known, message) : message);
  }
  return [...byId.values()].sort(byTimeThenId);
}

function mergeNotes(current: readonly Note[], incoming: readonly Note[]): Note[] {
  const byId = new Map(current.map((note) => [note.id, note]));
  incoming.forEach((note) => byId.set(note.id, note));
  return [...byId.values()].sort(byTimeThenId);
}

const laterIso = (a: string, b: string) => (a > b ? a : b);

/** Stores fetched conversations, except those changed live after the fetch started. */
function upsertFetched(state: WorkspaceState, items: readonly Conversation[], startedAt: number) {
  const conversations = { ...state.conversations };
  for (const fetched of items) {
    if ((state.touched[fetched.id] ?? -1) > startedAt) {
      continue;
    }
    const known = conversations[fetched.id];
    conversations[fetched.id] = known
      ? { ...fetched, lastMessageAt: laterIso(known.lastMessageAt, fetched.lastMessageAt) }
      : fetched;
  }
  return conversations;
}

export const isMine = (state: Pick<WorkspaceState, 'userId'>, conversation: Conversation) =>
  conversation.state === 'assigned' && conversation.agentId === state.userId;

/** Applies an assignment change (live, or the answer to pick/transfer/unassign) at the current clock. */
function applyChange(state: WorkspaceState, change: Change): WorkspaceState {
  const clock = state.clock + 1;
  const id = change.conversationId;
  const known = state.conversations[id];
  // assigned: to whom; requeued: back in the queue (null) or transferred on to another agent.
  const assignedTo = change.agentId;
  const conversations = known
    ? {
        ...state.conversations,
        [id]: {
          ...known,
          state: assignedTo ? ('assigned' as const) : ('queued' as const),
          agentId: assignedTo,
          offerDeadline: assignedTo ? change.offerDeadline : null,
        },
      }
    : state.conversations;
  const queued = assignedTo ? withoutQueued(state, id) : {};
  const unread = assignedTo === state.userId ? state.unread : without(state.unread, id);
  return { ...state, clock, touched: { ...state.touched, [id]: clock }, conversations, ...queued, unread };
}

/** The queue without a conversation that no longer waits, and its total one less when it was listed. */
function withoutQueued(state: WorkspaceState, conversationId: string): Pick<WorkspaceState, 'queue' | 'queueTotal'> {
  const queue = state.queue.filter((item) => item.conversationId !== conversationId);
  const removed = state.queue.length - queue.length;
  return { queue, queueTotal: Math.max(queue.length, state.queueTotal - removed) };
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) {
    return record;
  }
  const copy = { ...record };
  delete copy[key];
  return copy;
}

function applyLive(state: WorkspaceState, event: LiveEvent, at: number): WorkspaceState {
  const fields = event as Record<string, unknown>;
  switch (event.type) {
    case 'resync':
      // Buckets that will not be refetched now are out of date: drop them, opening one again refetches it.
      return evictBuckets({ ...state, clock: state.clock + 1, generation: state.generation + 1 }, 0);
    case 'conversation.assigned':
    case 'conversation.requeued':
      return fields.change ? applyChange(state, fields.change as Change) : state;
    case 'conversation.closed': {
      const conversation = fields.conversation as Conversation | undefined;
      if (!conversation) {
        return state;
      }
      const clock = state.clock + 1;
      return {
        ...state,
        clock,
        touched: { ...state.touched, [conversation.id]: clock },
        conversations: { ...state.conversations, [conversation.id]: conversation },
        ...withoutQueued(state, conversation.id),
        unread: without(state.unread, conversation.id),
        typing: without(state.typing, conversation.id),
      };
    }
    case 'message.created':
    case 'message.status': {
      const message = fields.message as Message | undefined;
      return message ? applyMessage(state, message, event.type === 'message.created') : state;
    }
    case 'note.created': {
      // A colleague's note; kept only where the notes are loaded (others fetch it when opened).
      const note = fields.note as Note | undefined;
      if (!note || !state.notes[note.conversationId]) {
        return state;
      }
      return {
        ...state,
        notes: setBucket(state.notes, note.conversationId, (bucket) => ({
          ...bucket,
          items: mergeNotes(bucket.items, [note]),
        })),
      };
    }
    case 'contact.typing': {
      // A web chat visitor started or stopped typing in my conversation.
      const id = fields.conversationId;
      if (typeof id !== 'string') {
        return state;
      }
      if (fields.typing === true) {
        return { ...state, typing: { ...state.typing, [id]: at } };
      }
      const typing = without(state.typing, id);
      return typing === state.typing ? state : { ...state, typing };
    }
    case 'agent.updated':
      // An admin changed my skills or capacity, or I changed my presence in another tab.
      return fields.agent ? touchMe(state, fields.agent as Agent) : state;
    case 'channel.updated': {
      // An admin added or changed a channel: its conversations are named after it (an SMS account → "SMS").
      const channel = updatedChannelOf(event);
      const channels = state.lookups.channels;
      return channel && channels
        ? { ...state, lookups: { ...state.lookups, channels: applyChannelUpdate(channels, channel, true) } }
        : state;
    }
    default:
      return state;
  }
}

/**
 * A message from the live stream or a send's answer. It joins its conversation's bucket only if that bucket
 * exists (loaded or loading): a conversation nobody opened yet gets all its messages when it is opened.
 */
function applyMessage(state: WorkspaceState, message: Message, isNew: boolean): WorkspaceState {
  const id = message.conversationId;
  const bucket = state.messages[id];
  const messages = bucket
    ? { ...state.messages, [id]: { ...bucket, items: mergeMessages(bucket.items, [message]) } }
    : state.messages;
  const known = state.conversations[id];
  const conversations =
    known && isNew
      ? { ...state.conversations, [id]: { ...known, lastMessageAt: laterIso(known.lastMessageAt, message.createdAt) } }
      : state.conversations;
  const alreadyKnown = bucket?.items.some((item) => item.id === message.id) ?? false;
  const unread =
    isNew && !alreadyKnown && message.direction === 'inbound' && known && state.viewing !== id
      ? { ...state.unread, [id]: true as const }
      : state.unread;
  // The contact's message is what they were typing.
  const typing = isNew && message.direction === 'inbound' ? without(state.typing, id) : state.typing;
  if (
    messages === state.messages &&
    conversations === state.conversations &&
    unread === state.unread &&
    typing === state.typing
  ) {
    return state;
  }
  return { ...state, messages, conversations, unread, typing };
}

function touchMe(state: WorkspaceState, agent: Agent): WorkspaceState {
  const clock = state.clock + 1;
  return { ...state, clock, meTouched: clock, me: agent };
}

/** The conversations whose messages and notes are on screen: the one viewed and its contact's others. */
export function onScreenIds(state: Pick<WorkspaceState, 'viewing' | 'conversations'>): Set<string> {
  const ids = new Set<string>();
  if (state.viewing === null) {
    return ids;
  }
  ids.add(state.viewing);
  const contactId = state.conversations[state.viewing]?.contactId;
  if (contactId !== undefined) {
    Object.values(state.conversations)
      .filter((conversation) => conversation.contactId === contactId)
      .forEach((conversation) => ids.add(conversation.id));
  }
  return ids;
}

/**
 * Drops the message and note buckets of conversations that are neither mine nor on screen nor among the
 * `keepRecent` most recently viewed.
 */
export function evictBuckets(state: WorkspaceState, keepRecent: number = MAX_RECENT): WorkspaceState {
  const keep = onScreenIds(state);
  state.recent.slice(0, keepRecent).forEach((id) => keep.add(id));
  const isKept = (id: string) => {
    const conversation = state.conversations[id];
    return keep.has(id) || (conversation !== undefined && isMine(state, conversation));
  };
  const prune = <T>(buckets: Record<string, Bucket<T>>) => {
    const dropped = Object.keys(buckets).filter((id) => !isKept(id));
    if (dropped.length === 0) {
      return buckets;
    }
    const copy = { ...buckets };
    dropped.forEach((id) => delete copy[id]);
    return copy;
  };
  const messages = prune(state.messages);
  const notes = prune(state.notes);
  return messages === state.messages && notes === state.notes ? state : { ...state, messages, notes };
}

function setBucket<T>(
  buckets: Record<string, Bucket<T>>,
  id: string,
  update: (bucket: Bucket<T>) => Bucket<T>,
): Record<string, Bucket<T>> {
  const bucket = buckets[id] ?? { status: 'idle', items: [], error: null };
  return { ...buckets, [id]: update(bucket) };
}

export function workspaceReducer(state: WorkspaceState, action: WorkspaceAction): WorkspaceState {
  switch (action.type) {
    case 'live':
      return applyLive(state, action.event, action.at ?? 0);
    case 'agentLoaded':
      return state.meTouched > action.startedAt ? state : { ...state, me: action.agent };
    case 'agentPatched':
      return touchMe(state, action.agent);
    case 'mineRequested':
      return { ...state, mineStatus: state.mineStatus === 'ready' ? 'ready' : 'loading' };
    case 'mineLoaded': {
      const conversations = upsertFetched(state, action.items, action.startedAt);
      // The fetched list is the whole truth about "mine" at its time: whatever looked mine here but is not in
      // it (and did not change live since) left while we were not listening. Drop it; opening it refetches it.
      const fetchedIds = new Set(action.items.map((item) => item.id));
      for (const [id, conversation] of Object.entries(conversations)) {
        if (isMine(state, conversation) && !fetchedIds.has(id) && (state.touched[id] ?? -1) <= action.startedAt) {
          delete conversations[id];
        }
      }
      return { ...state, conversations, mineStatus: 'ready', mineError: null };
    }
    case 'mineFailed':
      return { ...state, mineStatus: 'failed', mineError: action.error };
    case 'conversationsLoaded':
      return { ...state, conversations: upsertFetched(state, action.items, action.startedAt) };
    case 'queueLoaded': {
      // A conversation assigned or closed live after the fetch started is no longer waiting, whatever it says.
      const queue = action.items.filter((item) => (state.touched[item.conversationId] ?? -1) <= action.startedAt);
      const queueTotal = Math.max(queue.length, action.total - (action.items.length - queue.length));
      return { ...state, queue, queueTotal, queueStatus: 'ready' };
    }
    case 'queueFailed':
      return { ...state, queueStatus: 'failed' };
    case 'messagesRequested':
      return {
        ...state,
        messages: setBucket(state.messages, action.conversationId, (bucket) => ({
          ...bucket,
          status: bucket.status === 'ready' ? 'ready' : 'loading',
          error: null,
        })),
      };
    case 'messagesLoaded':
      return {
        ...state,
        messages: setBucket(state.messages, action.conversationId, (bucket) => ({
          status: 'ready',
          items: mergeMessages(bucket.items, action.items),
          error: null,
        })),
      };
    case 'messagesFailed':
      return {
        ...state,
        messages: setBucket(state.messages, action.conversationId, (bucket) => ({
          ...bucket,
          status: bucket.status === 'ready' ? 'ready' : 'failed',
          error: action.error,
        })),
      };
    case 'messageSent': {
      const id = action.message.conversationId;
      const withBucket = state.messages[id]
        ? state
        : { ...state, messages: setBucket(state.messages, id, (bucket) => bucket) };
      return applyMessage(withBucket, action.message, true);
    }
    case 'notesRequested':
      return {
        ...state,
        notes: setBucket(state.notes, action.conversationId, (bucket) => ({
          ...bucket,
          status: bucket.status === 'ready' ? 'ready' : 'loading',
          error: null,
        })),
      };
    case 'notesLoaded':
      return {
        ...state,
        notes: setBucket(state.notes, action.conversationId, (bucket) => ({
          status: 'ready',
          items: mergeNotes(bucket.items, action.items),
          error: null,
        })),
      };
    case 'notesFailed':
      return {
        ...state,
        notes: setBucket(state.notes, action.conversationId, (bucket) => ({
          ...bucket,
          status: bucket.status === 'ready' ? 'ready' : 'failed',
          error: action.error,
        })),
      };
    case 'noteAdded':
      return {
        ...state,
        notes: setBucket(state.notes, action.note.conversationId, (bucket) => ({
          ...bucket,
          items: mergeNotes(bucket.items, [action.note]),
        })),
      };
    case 'changeApplied':
      if ((state.touched[action.change.conversationId] ?? -1) > action.startedAt) {
        return state;
      }
      return applyChange(state, action.change);
    case 'offerAccepted': {
      const known = state.conversations[action.conversationId];
      if (!known || (state.touched[action.conversationId] ?? -1) > action.startedAt) {
        return state;
      }
      return {
        ...state,
        conversations: { ...state.conversations, [known.id]: { ...known, offerDeadline: null } },
      };
    }
    case 'contactLoaded':
      return { ...state, contacts: { ...state.contacts, [action.contact.id]: action.contact } };
    case 'viewed': {
      const id = action.conversationId;
      const recent = id === null ? state.recent : [id, ...state.recent.filter((each) => each !== id)].slice(0, MAX_RECENT);
      return evictBuckets({
        ...state,
        viewing: id,
        recent,
        unread: id === null ? state.unread : without(state.unread, id),
      });
    }
    case 'lookupsLoaded':
      return { ...state, lookups: { ...state.lookups, ...action.lookups } };
  }
}

/** My open conversations (offers included), oldest assignment first, so new ones join at the end. */
export function selectMine(state: WorkspaceState): Conversation[] {
  return Object.values(state.conversations)
    .filter((conversation) => isMine(state, conversation))
    .sort((a, b) => {
      const left = a.assignedAt ?? a.createdAt;
      const right = b.assignedAt ?? b.createdAt;
      return left < right ? -1 : left > right ? 1 : a.id < b.id ? -1 : 1;
    });
}

/** Whether the contact of `conversationId` is typing at `now` (ms since the epoch), as far as the frames tell. */
export function isContactTyping(
  state: Pick<WorkspaceState, 'typing'>,
  conversationId: string,
  now: number,
): boolean {
  const since = state.typing[conversationId];
  return since !== undefined && now - since < CONTACT_TYPING_MS;
}

/** A pending offer: assigned to me with a deadline I have not accepted yet. */
export const isOffer = (conversation: Conversation) => conversation.offerDeadline !== null;
