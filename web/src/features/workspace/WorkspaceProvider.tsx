// The signed-in person's workspace, shared by the Dashboard, Queue, Conversations and Wallboard pages and kept
// while they switch between them: loads by REST, listens to the live stream, reconciles both through the pure
// reducer (state/workspaceState.ts), and tells about new allocations (sound, toast, system notification).
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { isApiError } from '../../api/client';
import {
  acceptConversation,
  addNote as apiAddNote,
  closeConversation,
  getContact,
  getConversation,
  getMyAgent,
  getQueue,
  listCannedResponses,
  listCategories,
  listChannels,
  listConversations,
  listMessages,
  listNotes,
  listSkills,
  listUsers,
  markConversationRead,
  pickConversation,
  sendMessage,
  sendTyping as apiSendTyping,
  transferConversation,
  unassignConversation,
  updateMyAgent,
  uploadAttachment as apiUploadAttachment,
  type AgentPatch,
  type Attachment,
  type Change,
  type Conversation,
  type Message,
  type QueuedConversation,
  type ReplyContent,
} from '../../api/routing';
import type { User } from '../../api/types';
import { channelLabel } from '../../format';
import type { LiveEvent } from '../../live/LiveClient';
import { useLiveEvent } from '../../live/LiveEvents';
import { navigate } from '../../router';
import { playChime, showSystemNotification } from './notify';
import { createCooldown, createSingleFlight, forEachLimited, type FlightMode } from './state/flight';
import { movesReplyWindow } from './state/replyWindow';
import { createThrottle, createWorkspaceStore, type WorkspaceStore } from './state/store';
import { selectMine, type WorkspaceState } from './state/workspaceState';
import './workspace.css';

export const describeError = (error: unknown): string => (isApiError(error) ? error.message : String(error));

export const isManager = (user: User) => user.role === 'admin' || user.role === 'supervisor';

/** A reply being written or sent; kept per conversation while the person moves around the workspace. */
export interface Draft {
  text: string;
  mediaUrl: string;
  /** A file from the agent's computer, already uploaded; exclusive with `mediaUrl`. */
  attachment: Attachment | null;
  note: string;
  /**
   * The send in flight or failed: its body and Idempotency-Key, so a retry can never send twice. A failed one has
   * the server's message and, when the server gave one, its code (`reply_window_closed`: retrying cannot help).
   */
  pending: {
    key: string;
    content: ReplyContent;
    status: 'sending' | 'failed';
    error: string | null;
    code?: string | null;
  } | null;
}

export const emptyDraft = (): Draft => ({ text: '', mediaUrl: '', attachment: null, note: '', pending: null });

export interface Toast {
  id: number;
  text: string;
}

export interface Workspace {
  user: User;
  store: WorkspaceStore;
  manager: boolean;
  refreshAgent(): Promise<void>;
  refreshQueue(): Promise<void>;
  /** Loads what a conversation view needs: the conversation, its contact, and the contact's whole history. */
  openConversation(conversationId: string): Promise<void>;
  /** Loads a contact into the store once, for a list's names; settles when tried (one that cannot be read stays
   * unknown). */
  ensureContact(contactId: string): Promise<void>;
  /** Fetches a conversation, its messages and its notes again (a watch socket that opened or came back may have
   * missed frames); settles when done, failures ignored. */
  refreshConversation(conversationId: string): Promise<void>;
  updateMe(patch: AgentPatch): Promise<void>;
  send(conversationId: string, content: ReplyContent, idempotencyKey: string): Promise<Message>;
  /** Uploads a file a reply in the conversation can then send by its id. */
  uploadAttachment(conversationId: string, file: File): Promise<Attachment>;
  addNote(conversationId: string, text: string): Promise<void>;
  pick(conversationId: string): Promise<void>;
  accept(conversationId: string): Promise<void>;
  transfer(conversationId: string, to: { agentId: string } | { categoryId: string }): Promise<void>;
  unassign(conversationId: string): Promise<void>;
  close(conversationId: string): Promise<void>;
  /** The contact's messages in the conversation are read (a web chat visitor sees it); failures are ignored. */
  markRead(conversationId: string): void;
  /** Tells a web chat visitor whether I am typing; failures are ignored. */
  sendTyping(conversationId: string, typing: boolean): void;
  announce(text: string): void;
  draft(conversationId: string): Draft;
  /** Saves a draft; no re-render (the composer holds its own copy while it is on screen). */
  setDraft(conversationId: string, update: (draft: Draft) => Draft): void;
}

const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const value = useContext(WorkspaceContext);
  if (!value) {
    throw new Error('useWorkspace needs a WorkspaceProvider above it');
  }
  return value;
}

/** The workspace state; re-renders on every change (pass a selector to narrow it). */
export function useWorkspaceState(): WorkspaceState {
  const { store } = useWorkspace();
  return useSyncExternalStore(store.subscribe, store.getState);
}

const MAX_PAGES = 10;
/** How many waiting conversations the Queue page lists; its summary says how many wait in all. */
const QUEUE_PAGE = 200;

async function allPages<T>(load: (after: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>) {
  const items: T[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await load(after);
    items.push(...answer.items);
    if (!answer.nextCursor) {
      break;
    }
    after = answer.nextCursor;
  }
  return items;
}

const ALLOCATION_CAUSES = new Set(['allocated', 'transferred']);
/** Queue rows whose conversation is not known yet are fetched this many at a time. */
const QUEUE_FETCH_CONCURRENCY = 4;
const LOOKUPS_REFRESH_MS = 30_000;

export function WorkspaceProvider({ user, children }: { user: User; children: ReactNode }) {
  const store = useMemo(() => createWorkspaceStore(user.id), [user.id]);
  const [toasts, setToasts] = useState<Toast[]>([]);
  // Drafts live outside React state: the composer keeps its own copy and saves every change here.
  const drafts = useRef(new Map<string, Draft>());
  const manager = isManager(user);

  const announce = useCallback((text: string) => {
    const id = Date.now() + Math.random();
    setToasts((current) => [...current.slice(-3), { id, text }]);
    window.setTimeout(() => setToasts((current) => current.filter((toast) => toast.id !== id)), 8000);
  }, []);

  /** One run at a time per key: a second caller joins the run in flight, or (mode 'again') gets one more after it. */
  const once = useMemo(() => createSingleFlight(), [store]);

  const refreshAgent = useCallback(
    () =>
      once(
        'agent',
        async () => {
          const startedAt = store.getState().clock;
          try {
            store.dispatch({ type: 'agentLoaded', agent: await getMyAgent(), startedAt });
          } catch {
            // The dashboard shows what it has; the next event tries again.
          }
        },
        'again',
      ),
    [once, store],
  );

  const refreshMine = useCallback(
    () =>
      once(
        'mine',
        async () => {
          const startedAt = store.getState().clock;
          store.dispatch({ type: 'mineRequested' });
          try {
            const items = await allPages((after) =>
              listConversations({ state: 'assigned', agentId: user.id, after, limit: 200 }),
            );
            store.dispatch({ type: 'mineLoaded', items, startedAt });
          } catch (error) {
            store.dispatch({ type: 'mineFailed', error: describeError(error) });
          }
        },
        'again',
      ),
    [once, store, user.id],
  );

  /** The conversation itself (no contact): rejects when it cannot be read. */
  const fetchConversation = useCallback(
    (conversationId: string, mode: FlightMode = 'join') =>
      once(
        `conversation:${conversationId}`,
        async () => {
          const startedAt = store.getState().clock;
          const conversation = await getConversation(conversationId);
          store.dispatch({ type: 'conversationsLoaded', items: [conversation], startedAt });
        },
        mode,
      ),
    [once, store],
  );

  const refreshQueue = useCallback(
    () =>
      once(
        'queue',
        async () => {
          const startedAt = store.getState().clock;
          let items: QueuedConversation[];
          let total: number;
          try {
            ({ items, total } = await getQueue(QUEUE_PAGE));
          } catch {
            store.dispatch({ type: 'queueFailed' });
            return;
          }
          store.dispatch({ type: 'queueLoaded', items, total, startedAt });
          // The rows show each conversation's channel: fetch the ones not known yet, a few at a time. (A list of
          // queued conversations would not do: it is newest first, the queue is in allocation order.)
          const isKnown = (id: string) => store.getState().conversations[id] !== undefined;
          const missing = items.map((item) => item.conversationId).filter((id) => !isKnown(id));
          await forEachLimited(missing, QUEUE_FETCH_CONCURRENCY, (id) =>
            isKnown(id) ? Promise.resolve() : fetchConversation(id),
          );
        },
        'again',
      ),
    [fetchConversation, once, store],
  );

  const loadLookups = useCallback(
    () =>
      once(
        'lookups',
        async () => {
          const settle = async <T,>(load: () => Promise<T>, apply: (value: T) => void) => {
            try {
              apply(await load());
            } catch {
              // Names fall back to ids; nothing else depends on a lookup.
            }
          };
          await Promise.all([
            settle(listSkills, (skills) => store.dispatch({ type: 'lookupsLoaded', lookups: { skills } })),
            settle(listCategories, (categories) =>
              store.dispatch({ type: 'lookupsLoaded', lookups: { categories } }),
            ),
            settle(listChannels, (channels) => store.dispatch({ type: 'lookupsLoaded', lookups: { channels } })),
            settle(listCannedResponses, (cannedResponses) =>
              store.dispatch({ type: 'lookupsLoaded', lookups: { cannedResponses } }),
            ),
            manager
              ? settle(listUsers, (users) => store.dispatch({ type: 'lookupsLoaded', lookups: { users } }))
              : Promise.resolve(),
          ]);
        },
        'again',
      ),
    [manager, once, store],
  );

  const ensureContact = useCallback(
    (contactId: string): Promise<void> => {
      if (store.getState().contacts[contactId]) {
        return Promise.resolve();
      }
      return once(`contact:${contactId}`, async () => {
        try {
          store.dispatch({ type: 'contactLoaded', contact: await getContact(contactId) });
        } catch {
          // Shown as "Unknown contact".
        }
      });
    },
    [once, store],
  );

  /** The conversation and its contact; rejects when the conversation cannot be read. */
  const loadConversation = useCallback(
    async (conversationId: string, mode: FlightMode = 'join') => {
      await fetchConversation(conversationId, mode);
      const conversation = store.getState().conversations[conversationId];
      if (conversation) {
        ensureContact(conversation.contactId);
      }
    },
    [ensureContact, fetchConversation, store],
  );

  const loadMessages = useCallback(
    (conversationId: string, mode: FlightMode = 'join') =>
      once(
        `messages:${conversationId}`,
        async () => {
          store.dispatch({ type: 'messagesRequested', conversationId });
          try {
            const items = await allPages((after) => listMessages(conversationId, after, 200));
            store.dispatch({ type: 'messagesLoaded', conversationId, items });
          } catch (error) {
            store.dispatch({ type: 'messagesFailed', conversationId, error: describeError(error) });
          }
        },
        mode,
      ),
    [once, store],
  );

  const loadNotes = useCallback(
    (conversationId: string, mode: FlightMode = 'join') =>
      once(
        `notes:${conversationId}`,
        async () => {
          store.dispatch({ type: 'notesRequested', conversationId });
          try {
            store.dispatch({ type: 'notesLoaded', conversationId, items: await listNotes(conversationId) });
          } catch (error) {
            store.dispatch({ type: 'notesFailed', conversationId, error: describeError(error) });
          }
        },
        mode,
      ),
    [once, store],
  );

  const loadContactHistory = useCallback(
    (contactId: string, mode: FlightMode = 'join') =>
      once(
        `history:${contactId}`,
        async () => {
          const startedAt = store.getState().clock;
          try {
            const items = await allPages((after) => listConversations({ contactId, after, limit: 50 }));
            store.dispatch({ type: 'conversationsLoaded', items, startedAt });
          } catch {
            // The open conversation alone still shows.
          }
          const state = store.getState();
          const ids = Object.values(state.conversations)
            .filter((conversation) => conversation.contactId === contactId)
            .map((conversation) => conversation.id);
          await Promise.all(
            ids.flatMap((id) => [
              state.messages[id]?.status === 'ready' ? Promise.resolve() : loadMessages(id),
              state.notes[id]?.status === 'ready' ? Promise.resolve() : loadNotes(id),
            ]),
          );
        },
        mode,
      ),
    [loadMessages, loadNotes, once, store],
  );

  const openConversation = useCallback(
    async (conversationId: string) => {
      store.dispatch({ type: 'viewed', conversationId });
      let conversation = store.getState().conversations[conversationId];
      if (!conversation) {
        // Joins a fetch already under way (pick() starts one) and waits for its answer; if that answer predates a
        // live change to the conversation it was not stored, so one fresh fetch follows.
        await loadConversation(conversationId);
        conversation = store.getState().conversations[conversationId];
        if (!conversation) {
          await loadConversation(conversationId, 'again');
          conversation = store.getState().conversations[conversationId];
        }
      }
      if (!conversation) {
        throw new Error('This conversation cannot be found, or it is not yours to see.');
      }
      ensureContact(conversation.contactId);
      void loadMessages(conversationId);
      void loadNotes(conversationId);
      await loadContactHistory(conversation.contactId);
    },
    [ensureContact, loadContactHistory, loadConversation, loadMessages, loadNotes, store],
  );

  // Everything, at first and after every resync (the store's generation moves on).
  const generation = useSyncExternalStore(store.subscribe, () => store.getState().generation);
  useEffect(() => {
    void refreshAgent();
    void refreshMine();
    void refreshQueue();
    void loadLookups();
    if (generation === 0) {
      return;
    }
    // The resync frame left only the buckets of my conversations and of the one on screen (with its contact's
    // history); the others are refetched when opened again.
    const state = store.getState();
    Object.keys(state.messages).forEach((id) => void loadMessages(id, 'again'));
    Object.keys(state.notes).forEach((id) => void loadNotes(id, 'again'));
    const viewing = state.viewing ? state.conversations[state.viewing] : undefined;
    if (state.viewing) {
      void loadConversation(state.viewing, 'again').catch(() => undefined);
    }
    if (viewing) {
      void loadContactHistory(viewing.contactId, 'again');
    }
  }, [generation, loadContactHistory, loadConversation, loadLookups, loadMessages, loadNotes, refreshAgent, refreshMine, refreshQueue, store]);

  // Skills, categories, channels and canned responses change in the Configurator: fetch them again when the
  // person comes back to this window, at most every LOOKUPS_REFRESH_MS.
  useEffect(() => {
    const isDue = createCooldown(LOOKUPS_REFRESH_MS);
    const onReturn = () => {
      if (document.visibilityState === 'visible' && isDue()) {
        void loadLookups();
      }
    };
    window.addEventListener('focus', onReturn);
    document.addEventListener('visibilitychange', onReturn);
    return () => {
      window.removeEventListener('focus', onReturn);
      document.removeEventListener('visibilitychange', onReturn);
    };
  }, [loadLookups]);

  // Contact names and messages (for the list's previews, kept live from then on) of everything in my list.
  const mineKey = useSyncExternalStore(store.subscribe, () =>
    selectMine(store.getState())
      .map((conversation) => `${conversation.id} ${conversation.contactId}`)
      .join(','),
  );
  useEffect(() => {
    const state = store.getState();
    for (const entry of mineKey.split(',').filter(Boolean)) {
      const [conversationId, contactId] = entry.split(' ');
      ensureContact(contactId);
      if (!state.messages[conversationId]) {
        void loadMessages(conversationId);
      }
    }
  }, [ensureContact, loadMessages, mineKey, store]);

  const throttles = useMemo(
    () => ({
      queue: createThrottle(() => void refreshQueue(), 2000),
      agent: createThrottle(() => void refreshAgent(), 1500),
    }),
    [refreshAgent, refreshQueue],
  );
  useEffect(
    () => () => {
      throttles.queue.cancel();
      throttles.agent.cancel();
    },
    [throttles],
  );

  const tellAllocation = useCallback(
    async (change: Change) => {
      playChime();
      let conversation: Conversation | undefined;
      try {
        await loadConversation(change.conversationId);
        conversation = store.getState().conversations[change.conversationId];
      } catch {
        // Told without the details.
      }
      if (conversation && !store.getState().contacts[conversation.contactId]) {
        try {
          store.dispatch({ type: 'contactLoaded', contact: await getContact(conversation.contactId) });
        } catch {
          // Told without the name.
        }
      }
      const contact = conversation ? store.getState().contacts[conversation.contactId] : undefined;
      const who = contact?.name ?? contact?.phone ?? contact?.email ?? 'a customer';
      const where = conversation
        ? ` on ${channelLabel(conversation.channel, store.getState().lookups.channels)}`
        : '';
      const verb = change.cause === 'transferred' ? 'Transferred to you' : 'New conversation';
      const offer = change.offerDeadline ? ' Accept it before the offer runs out.' : '';
      const text = `${verb}: ${who}${where}.${offer}`;
      announce(text);
      showSystemNotification('Parley', text, () => navigate(`/conversations/${change.conversationId}`));
    },
    [announce, loadConversation, store],
  );

  const onLive = useCallback(
    (event: LiveEvent) => {
      const fields = event as Record<string, unknown>;
      store.dispatch({ type: 'live', event, at: Date.now() });
      switch (event.type) {
        case 'conversation.assigned': {
          const change = fields.change as Change | undefined;
          if (!change) {
            break;
          }
          throttles.agent.call();
          if (change.agentId !== user.id) {
            break;
          }
          if (ALLOCATION_CAUSES.has(change.cause) || (change.cause === 'picked' && change.offerDeadline)) {
            void tellAllocation(change);
          } else {
            void loadConversation(change.conversationId).catch(() => undefined);
          }
          break;
        }
        case 'conversation.requeued': {
          const change = fields.change as Change | undefined;
          throttles.agent.call();
          if (change?.cause === 'offer_expired' && change.previousAgentId === user.id) {
            announce('An offer expired and went back to the queue.');
          } else if (change?.cause === 'agent_away' && change.previousAgentId === user.id) {
            announce('You were offline too long: your conversations went back to the queue.');
          }
          break;
        }
        case 'conversation.closed':
          throttles.agent.call();
          break;
        case 'message.created': {
          const message = fields.message as Message | undefined;
          if (!message) {
            break;
          }
          const state = store.getState();
          const known = state.conversations[message.conversationId];
          if (!known) {
            void loadConversation(message.conversationId).catch(() => undefined);
          } else if (movesReplyWindow(known, message, state.lookups.channels)) {
            // The contact wrote: the reply window's new end is the server's (by the provider's clock).
            void fetchConversation(message.conversationId, 'again').catch(() => undefined);
          }
          break;
        }
        case 'queue.changed':
          throttles.queue.call();
          break;
        default:
          break;
      }
    },
    [announce, fetchConversation, loadConversation, store, tellAllocation, throttles, user.id],
  );
  useLiveEvent(onLive);

  const workspace = useMemo<Workspace>(() => {
    const withClock = async (act: () => Promise<Change>) => {
      const startedAt = store.getState().clock;
      const change = await act();
      store.dispatch({ type: 'changeApplied', change, startedAt });
      void refreshAgent();
      return change;
    };
    return {
      user,
      store,
      manager,
      refreshAgent,
      refreshQueue,
      openConversation,
      ensureContact,
      async refreshConversation(conversationId) {
        await Promise.all([
          loadConversation(conversationId, 'again').catch(() => undefined),
          loadMessages(conversationId, 'again'),
          loadNotes(conversationId, 'again'),
        ]);
      },
      async updateMe(patch) {
        store.dispatch({ type: 'agentPatched', agent: await updateMyAgent(patch) });
      },
      async send(conversationId, content, idempotencyKey) {
        const startedAt = store.getState().clock;
        let message: Message;
        try {
          message = await sendMessage(conversationId, content, idempotencyKey);
        } catch (error) {
          if (isApiError(error) && error.code === 'reply_window_closed') {
            // The server says the window is closed: its end, as the server knows it, closes the composer too.
            void fetchConversation(conversationId, 'again').catch(() => undefined);
          }
          throw error;
        }
        store.dispatch({ type: 'messageSent', message });
        // A reply also accepts a pending offer.
        store.dispatch({ type: 'offerAccepted', conversationId, startedAt });
        return message;
      },
      uploadAttachment: apiUploadAttachment,
      async addNote(conversationId, text) {
        store.dispatch({ type: 'noteAdded', note: await apiAddNote(conversationId, text) });
      },
      async pick(conversationId) {
        await withClock(() => pickConversation(conversationId));
        void loadConversation(conversationId).catch(() => undefined);
      },
      async accept(conversationId) {
        const startedAt = store.getState().clock;
        await acceptConversation(conversationId);
        store.dispatch({ type: 'offerAccepted', conversationId, startedAt });
      },
      async transfer(conversationId, to) {
        await withClock(() => transferConversation(conversationId, to));
      },
      async unassign(conversationId) {
        await withClock(() => unassignConversation(conversationId));
      },
      async close(conversationId) {
        const startedAt = store.getState().clock;
        const conversation = await closeConversation(conversationId);
        store.dispatch({ type: 'conversationsLoaded', items: [conversation], startedAt });
        void refreshAgent();
      },
      markRead(conversationId) {
        markConversationRead(conversationId).catch(() => undefined);
      },
      sendTyping(conversationId, typing) {
        apiSendTyping(conversationId, typing).catch(() => undefined);
      },
      announce,
      draft: (conversationId) => drafts.current.get(conversationId) ?? emptyDraft(),
      setDraft(conversationId, update) {
        drafts.current.set(conversationId, update(drafts.current.get(conversationId) ?? emptyDraft()));
      },
    };
  }, [announce, ensureContact, fetchConversation, loadConversation, loadMessages, loadNotes, manager, openConversation, refreshAgent, refreshQueue, store, user]);

  return (
    <WorkspaceContext.Provider value={workspace}>
      {children}
      <div className="ws-toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <p className="ws-toast" key={toast.id}>
            {toast.text}
          </p>
        ))}
      </div>
    </WorkspaceContext.Provider>
  );
}
