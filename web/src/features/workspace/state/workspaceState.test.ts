import { describe, expect, it } from 'vitest';
import type { Agent, Change, Channel, Conversation, Message, Note, QueuedConversation } from '../../../api/routing';
import type { LiveEvent } from '../../../live/LiveClient';
import { buildTimeline, lastInboundAt, replyWindowLeft } from './timeline';
import {
  CONTACT_TYPING_MS,
  initialState,
  isContactTyping,
  isOffer,
  MAX_RECENT,
  selectMine,
  workspaceReducer,
  type WorkspaceAction,
  type WorkspaceState,
} from './workspaceState';

const ME = 'usr_me';
const OTHER = 'usr_other';

function conversation(id: string, patch: Partial<Conversation> = {}): Conversation {
  return {
    id,
    contactId: 'con_1',
    channel: 'api',
    categoryId: null,
    state: 'assigned',
    agentId: ME,
    manual: false,
    enqueuedAt: '2026-11-23T10:00:00.000Z',
    assignedAt: '2026-11-23T10:00:01.000Z',
    offerDeadline: null,
    firstResponseAt: null,
    closedAt: null,
    createdAt: '2026-11-23T10:00:00.000Z',
    lastMessageAt: '2026-11-23T10:00:00.000Z',
    ...patch,
  };
}

function message(id: string, patch: Partial<Message> = {}): Message {
  return {
    id,
    conversationId: 'cnv_1',
    direction: 'inbound',
    content: { text: `text of ${id}` },
    status: 'received',
    statusReason: null,
    providerMessageId: null,
    authorId: null,
    authorKind: null,
    createdAt: '2026-11-23T10:00:00.000Z',
    ...patch,
  };
}

function change(conversationId: string, patch: Partial<Change> = {}): Change {
  return {
    conversationId,
    kind: 'assigned',
    cause: 'allocated',
    agentId: ME,
    previousAgentId: null,
    offerDeadline: null,
    ...patch,
  };
}

const live = (event: LiveEvent): WorkspaceAction => ({ type: 'live', event });
const run = (state: WorkspaceState, ...actions: WorkspaceAction[]) => actions.reduce(workspaceReducer, state);
const agent = (patch: Partial<Agent> = {}): Agent => ({
  userId: ME,
  presence: 'available',
  autoAllocate: true,
  capacity: 1,
  load: 0,
  missedOffers: 0,
  skills: [],
  conversations: [],
  ...patch,
});
const mineIds = (state: WorkspaceState) => selectMine(state).map((item) => item.id);

/** A state with cnv_1 mine and its messages loaded (m1 inbound). */
function withOpenConversation(): WorkspaceState {
  return run(
    initialState(ME),
    { type: 'mineLoaded', items: [conversation('cnv_1')], startedAt: 0 },
    { type: 'messagesRequested', conversationId: 'cnv_1' },
    { type: 'messagesLoaded', conversationId: 'cnv_1', items: [message('m1')] },
  );
}

describe('messages', () => {
  it('keeps one copy of a message delivered live and by a fetch', () => {
    const state = run(
      withOpenConversation(),
      live({ type: 'message.created', message: message('m2', { createdAt: '2026-11-23T10:01:00.000Z' }) }),
      live({ type: 'message.created', message: message('m2', { createdAt: '2026-11-23T10:01:00.000Z' }) }),
      {
        type: 'messagesLoaded',
        conversationId: 'cnv_1',
        items: [message('m1'), message('m2', { createdAt: '2026-11-23T10:01:00.000Z' })],
      },
    );
    expect(state.messages.cnv_1.items.map((item) => item.id)).toEqual(['m1', 'm2']);
  });

  it('orders messages by time whatever order they arrive in', () => {
    const state = run(
      withOpenConversation(),
      live({ type: 'message.created', message: message('m3', { createdAt: '2026-11-23T10:03:00.000Z' }) }),
      live({ type: 'message.created', message: message('m2', { createdAt: '2026-11-23T10:02:00.000Z' }) }),
    );
    expect(state.messages.cnv_1.items.map((item) => item.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('updates the status of a known message on message.status', () => {
    const sent = message('m2', { direction: 'outbound', status: 'queued', authorId: ME });
    const state = run(
      withOpenConversation(),
      { type: 'messageSent', message: sent },
      live({ type: 'message.status', message: { ...sent, status: 'failed', statusReason: 'webhook answered 410' } }),
    );
    const stored = state.messages.cnv_1.items.find((item) => item.id === 'm2');
    expect(stored?.status).toBe('failed');
    expect(stored?.statusReason).toBe('webhook answered 410');
  });

  it('never moves a status back when the send answer arrives after the live status', () => {
    const queued = message('m2', { direction: 'outbound', status: 'queued', authorId: ME });
    const state = run(
      withOpenConversation(),
      live({ type: 'message.created', message: queued }),
      live({ type: 'message.status', message: { ...queued, status: 'delivered' } }),
      // The POST's own answer (status queued) arrives last.
      { type: 'messageSent', message: queued },
      // And so does a fetch that was started before the status changed.
      { type: 'messagesLoaded', conversationId: 'cnv_1', items: [message('m1'), queued] },
    );
    expect(state.messages.cnv_1.items.find((item) => item.id === 'm2')?.status).toBe('delivered');
  });

  it('shows a reply as read once the web chat visitor read it, and never less after that', () => {
    const sent = message('m2', { direction: 'outbound', status: 'queued', authorId: ME });
    const state = run(
      withOpenConversation(),
      { type: 'messageSent', message: sent },
      live({ type: 'message.status', message: { ...sent, status: 'delivered' } }),
      live({ type: 'message.status', message: { ...sent, status: 'read' } }),
      // A fetch started before the visitor read it.
      { type: 'messagesLoaded', conversationId: 'cnv_1', items: [message('m1'), { ...sent, status: 'delivered' }] },
      live({ type: 'message.status', message: { ...sent, status: 'sent' } }),
    );
    expect(state.messages.cnv_1.items.find((item) => item.id === 'm2')?.status).toBe('read');
  });

  it('does not store messages of a conversation nobody has opened, but keeps its last activity', () => {
    const state = run(
      initialState(ME),
      { type: 'mineLoaded', items: [conversation('cnv_2')], startedAt: 0 },
      live({
        type: 'message.created',
        message: message('m9', { conversationId: 'cnv_2', createdAt: '2026-11-23T11:00:00.000Z' }),
      }),
    );
    expect(state.messages.cnv_2).toBeUndefined();
    expect(state.conversations.cnv_2.lastMessageAt).toBe('2026-11-23T11:00:00.000Z');
    expect(state.unread.cnv_2).toBe(true);
  });

  it('ignores a message of an unknown conversation entirely', () => {
    const before = initialState(ME);
    const after = workspaceReducer(
      before,
      live({ type: 'message.created', message: message('m9', { conversationId: 'cnv_unknown' }) }),
    );
    expect(after).toBe(before);
  });

  it('keeps messages that arrive live while the first fetch is still running', () => {
    const state = run(
      initialState(ME),
      { type: 'mineLoaded', items: [conversation('cnv_1')], startedAt: 0 },
      { type: 'messagesRequested', conversationId: 'cnv_1' },
      live({ type: 'message.created', message: message('m2', { createdAt: '2026-11-23T10:05:00.000Z' }) }),
      { type: 'messagesLoaded', conversationId: 'cnv_1', items: [message('m1')] },
    );
    expect(state.messages.cnv_1.status).toBe('ready');
    expect(state.messages.cnv_1.items.map((item) => item.id)).toEqual(['m1', 'm2']);
  });

  it('marks inbound messages unread unless their conversation is on screen', () => {
    let state = run(withOpenConversation(), { type: 'viewed', conversationId: 'cnv_1' });
    state = workspaceReducer(
      state,
      live({ type: 'message.created', message: message('m2', { createdAt: '2026-11-23T10:09:00.000Z' }) }),
    );
    expect(state.unread.cnv_1).toBeUndefined();
    state = run(
      state,
      { type: 'viewed', conversationId: null },
      live({ type: 'message.created', message: message('m3', { createdAt: '2026-11-23T10:10:00.000Z' }) }),
    );
    expect(state.unread.cnv_1).toBe(true);
    state = workspaceReducer(state, { type: 'viewed', conversationId: 'cnv_1' });
    expect(state.unread.cnv_1).toBeUndefined();
  });
});

describe('assignment events', () => {
  it('moves a conversation into mine on assigned and out on requeued', () => {
    let state = run(
      initialState(ME),
      {
        type: 'queueLoaded',
        items: [{ conversationId: 'cnv_1', categoryId: null, priority: 0, enqueuedAt: '', requires: [] }],
        total: 1,
        startedAt: 0,
      },
      {
        type: 'conversationsLoaded',
        items: [conversation('cnv_1', { state: 'queued', agentId: null, assignedAt: null })],
        startedAt: 0,
      },
    );
    expect(mineIds(state)).toEqual([]);
    state = workspaceReducer(state, live({ type: 'conversation.assigned', change: change('cnv_1') }));
    expect(mineIds(state)).toEqual(['cnv_1']);
    expect(state.queue).toEqual([]);
    state = workspaceReducer(
      state,
      live({ type: 'conversation.requeued', change: change('cnv_1', { kind: 'requeued', cause: 'unassigned', agentId: null }) }),
    );
    expect(mineIds(state)).toEqual([]);
    expect(state.conversations.cnv_1.state).toBe('queued');
  });

  it('lets a conversation transferred to a colleague leave mine', () => {
    const state = run(
      withOpenConversation(),
      live({
        type: 'conversation.requeued',
        change: change('cnv_1', { kind: 'requeued', cause: 'transferred', agentId: OTHER, previousAgentId: ME }),
      }),
    );
    expect(mineIds(state)).toEqual([]);
    expect(state.conversations.cnv_1.agentId).toBe(OTHER);
  });

  it('moves a conversation out of mine on conversation.closed', () => {
    const state = run(
      withOpenConversation(),
      live({ type: 'conversation.closed', conversation: conversation('cnv_1', { state: 'closed', closedAt: '2026-11-23T11:00:00.000Z' }) }),
    );
    expect(mineIds(state)).toEqual([]);
    expect(state.conversations.cnv_1.state).toBe('closed');
  });

  it('tracks an offer until it is accepted', () => {
    let state = run(
      initialState(ME),
      { type: 'mineLoaded', items: [conversation('cnv_1', { offerDeadline: '2026-11-23T10:01:00.000Z' })], startedAt: 0 },
    );
    expect(isOffer(state.conversations.cnv_1)).toBe(true);
    state = workspaceReducer(state, { type: 'offerAccepted', conversationId: 'cnv_1', startedAt: state.clock });
    expect(isOffer(state.conversations.cnv_1)).toBe(false);
  });

  it('does not revive an offer that expired while accepting it', () => {
    const offered = run(initialState(ME), {
      type: 'mineLoaded',
      items: [conversation('cnv_1', { offerDeadline: '2026-11-23T10:01:00.000Z' })],
      startedAt: 0,
    });
    const startedAt = offered.clock;
    const state = run(
      offered,
      live({
        type: 'conversation.requeued',
        change: change('cnv_1', { kind: 'requeued', cause: 'offer_expired', agentId: null, previousAgentId: ME }),
      }),
      { type: 'offerAccepted', conversationId: 'cnv_1', startedAt },
    );
    expect(mineIds(state)).toEqual([]);
  });
});

describe('out-of-order answers', () => {
  it('does not let a fetch started before a live event roll it back', () => {
    const base = run(initialState(ME), { type: 'mineLoaded', items: [], startedAt: 0 });
    const startedAt = base.clock; // the fetch of my conversations starts here…
    const state = run(
      base,
      // …an allocation arrives live (the conversation itself is fetched after it)…
      live({ type: 'conversation.assigned', change: change('cnv_1') }),
      { type: 'conversationsLoaded', items: [conversation('cnv_1')], startedAt: 1 },
      // …and the old fetch answers last, without it.
      { type: 'mineLoaded', items: [], startedAt },
    );
    expect(mineIds(state)).toEqual(['cnv_1']);
  });

  it('does not resurrect a conversation closed live when an older fetch still lists it', () => {
    const base = withOpenConversation();
    const startedAt = base.clock;
    const state = run(
      base,
      live({ type: 'conversation.closed', conversation: conversation('cnv_1', { state: 'closed' }) }),
      { type: 'mineLoaded', items: [conversation('cnv_1')], startedAt },
      { type: 'conversationsLoaded', items: [conversation('cnv_1')], startedAt },
    );
    expect(mineIds(state)).toEqual([]);
    expect(state.conversations.cnv_1.state).toBe('closed');
  });

  it('ignores a stale answer for a conversation requeued before it was ever loaded', () => {
    // assigned live (unknown yet: its fetch starts), then requeued live, then the fetch answers "assigned".
    let state = workspaceReducer(initialState(ME), live({ type: 'conversation.assigned', change: change('cnv_7') }));
    const startedAt = state.clock;
    state = run(
      state,
      live({ type: 'conversation.requeued', change: change('cnv_7', { kind: 'requeued', cause: 'offer_expired', agentId: null }) }),
      { type: 'conversationsLoaded', items: [conversation('cnv_7')], startedAt },
    );
    expect(mineIds(state)).toEqual([]);
  });

  it('keeps a picked conversation out of a queue answer that predates the pick', () => {
    const waiting: QueuedConversation = { conversationId: 'cnv_1', categoryId: null, priority: 0, enqueuedAt: '', requires: [] };
    const base = initialState(ME);
    const startedAt = base.clock;
    const state = run(
      base,
      { type: 'changeApplied', change: change('cnv_1', { cause: 'picked' }), startedAt },
      { type: 'queueLoaded', items: [waiting], total: 30412, startedAt },
    );
    expect(state.queue).toEqual([]);
    expect(state.queueTotal).toBe(30411);
  });

  it('counts every waiting conversation, not only the page, and one less when a listed one is taken', () => {
    const waiting = (id: string): QueuedConversation => ({ conversationId: id, categoryId: null, priority: 0, enqueuedAt: '', requires: [] });
    let state = run(initialState(ME), { type: 'queueLoaded', items: [waiting('cnv_1'), waiting('cnv_2')], total: 30412, startedAt: 0 });
    expect(state.queueTotal).toBe(30412);
    state = workspaceReducer(state, live({ type: 'conversation.assigned', change: change('cnv_1') }));
    expect(state.queue.map((item) => item.conversationId)).toEqual(['cnv_2']);
    expect(state.queueTotal).toBe(30411);
  });

  it('keeps the later of two lastMessageAt values', () => {
    const state = run(
      withOpenConversation(),
      live({ type: 'message.created', message: message('m5', { createdAt: '2026-11-23T12:00:00.000Z' }) }),
      { type: 'conversationsLoaded', items: [conversation('cnv_1', { lastMessageAt: '2026-11-23T11:00:00.000Z' })], startedAt: 99 },
    );
    expect(state.conversations.cnv_1.lastMessageAt).toBe('2026-11-23T12:00:00.000Z');
  });
});

describe('resync', () => {
  it('asks for everything again and keeps showing what it had meanwhile', () => {
    const before = withOpenConversation();
    const after = workspaceReducer(before, live({ type: 'resync', cursor: 'e2.10' }));
    expect(after.generation).toBe(before.generation + 1);
    expect(mineIds(after)).toEqual(['cnv_1']);
    expect(after.messages.cnv_1.items).toHaveLength(1);
  });

  it('drops conversations that stopped being mine while frames were missed', () => {
    let state = run(
      initialState(ME),
      { type: 'mineLoaded', items: [conversation('cnv_1'), conversation('cnv_2')], startedAt: 0 },
      live({ type: 'resync', cursor: 'e2.10' }),
    );
    const startedAt = state.clock;
    state = workspaceReducer(state, {
      type: 'mineLoaded',
      items: [conversation('cnv_2'), conversation('cnv_3')],
      startedAt,
    });
    expect(mineIds(state)).toEqual(['cnv_2', 'cnv_3']);
  });

  it('keeps a conversation assigned live during the refetch even if the refetch missed it', () => {
    let state = run(initialState(ME), live({ type: 'resync', cursor: 'e2.10' }));
    const startedAt = state.clock;
    state = run(
      state,
      { type: 'conversationsLoaded', items: [conversation('cnv_4')], startedAt },
      live({ type: 'conversation.assigned', change: change('cnv_4') }),
      { type: 'mineLoaded', items: [], startedAt },
    );
    expect(mineIds(state)).toEqual(['cnv_4']);
  });
});

describe('notes', () => {
  it('merges a note added before the list answered', () => {
    const note = (id: string, createdAt: string): Note => ({
      id,
      conversationId: 'cnv_1',
      authorId: ME,
      text: id,
      createdAt,
    });
    const state = run(
      initialState(ME),
      { type: 'notesRequested', conversationId: 'cnv_1' },
      { type: 'noteAdded', note: note('n2', '2026-11-23T10:02:00.000Z') },
      { type: 'notesLoaded', conversationId: 'cnv_1', items: [note('n1', '2026-11-23T10:01:00.000Z')] },
    );
    expect(state.notes.cnv_1.items.map((item) => item.id)).toEqual(['n1', 'n2']);
  });

  it("adds a colleague's note.created to loaded notes once, and ignores it where notes are not loaded", () => {
    const hint: Note = { id: 'n9', conversationId: 'cnv_1', authorId: OTHER, text: 'VIP', createdAt: '2026-11-23T10:03:00.000Z' };
    const loaded = run(
      initialState(ME),
      { type: 'notesRequested', conversationId: 'cnv_1' },
      { type: 'notesLoaded', conversationId: 'cnv_1', items: [] },
      live({ type: 'note.created', note: hint }),
      live({ type: 'note.created', note: hint }),
    );
    expect(loaded.notes.cnv_1.items).toEqual([hint]);
    const elsewhere = run(initialState(ME), live({ type: 'note.created', note: { ...hint, conversationId: 'cnv_2' } }));
    expect(elsewhere.notes.cnv_2).toBeUndefined();
  });
});

describe('selectMine', () => {
  it('lists my assigned conversations oldest assignment first, not others or closed ones', () => {
    const state = run(initialState(ME), {
      type: 'conversationsLoaded',
      items: [
        conversation('cnv_b', { assignedAt: '2026-11-23T10:05:00.000Z' }),
        conversation('cnv_a', { assignedAt: '2026-11-23T10:01:00.000Z' }),
        conversation('cnv_c', { agentId: OTHER }),
        conversation('cnv_d', { state: 'closed' }),
      ],
      startedAt: 0,
    });
    expect(mineIds(state)).toEqual(['cnv_a', 'cnv_b']);
  });
});

describe('timeline', () => {
  it('merges a contact’s conversations by time with a boundary at each start, notes included', () => {
    const first = conversation('cnv_1', { channel: 'sms', createdAt: '2026-11-20T09:00:00.000Z' });
    const second = conversation('cnv_2', { channel: 'whatsapp', createdAt: '2026-11-23T10:00:00.000Z' });
    const items = buildTimeline(
      [second, first],
      {
        cnv_1: { status: 'ready', error: null, items: [message('a', { conversationId: 'cnv_1', createdAt: '2026-11-20T09:00:00.000Z' })] },
        cnv_2: { status: 'ready', error: null, items: [message('b', { conversationId: 'cnv_2', createdAt: '2026-11-23T10:00:05.000Z' })] },
      },
      {
        cnv_1: {
          status: 'ready',
          error: null,
          items: [{ id: 'n', conversationId: 'cnv_1', authorId: ME, text: 'vip', createdAt: '2026-11-20T09:01:00.000Z' }],
        },
      },
    );
    expect(items.map((item) => item.key)).toEqual(['b:cnv_1', 'm:a', 'n:n', 'b:cnv_2', 'm:b']);
  });

  it('measures the reply window from the last inbound message', () => {
    const messages = [
      message('a', { createdAt: '2026-11-23T10:00:00.000Z' }),
      message('b', { direction: 'outbound', createdAt: '2026-11-23T10:30:00.000Z' }),
    ];
    const last = lastInboundAt(messages);
    expect(last).toBe('2026-11-23T10:00:00.000Z');
    const now = Date.parse('2026-11-23T10:20:00.000Z');
    expect(replyWindowLeft(3600, last, now)).toBe(40 * 60);
    expect(replyWindowLeft(600, last, now)).toBeLessThan(0);
    expect(replyWindowLeft(null, last, now)).toBeNull();
    expect(replyWindowLeft(3600, null, now)).toBe(0);
  });
});

describe('my agent record', () => {
  it('takes the record an agent.updated frame carries (an admin gave me a skill)', () => {
    const before = run(initialState(ME), { type: 'agentLoaded', agent: agent(), startedAt: 0 });
    const after = run(
      before,
      live({
        type: 'agent.updated',
        agent: { ...before.me, capacity: 2, skills: [{ skillId: 'skl_billing', active: true }] },
      }),
    );
    expect(after.me?.capacity).toBe(2);
    expect(after.me?.skills).toEqual([{ skillId: 'skl_billing', active: true }]);
    expect(run(after, live({ type: 'agent.updated' })).me).toBe(after.me);
  });

  it('ignores a GET answer sent before an agent.updated frame', () => {
    const base = initialState(ME);
    const startedAt = base.clock;
    const state = run(
      base,
      live({ type: 'agent.updated', agent: agent({ presence: 'away' }) }),
      { type: 'agentLoaded', agent: agent({ presence: 'available' }), startedAt },
    );
    expect(state.me?.presence).toBe('away');
  });

  it('ignores a GET answer sent before my own PATCH answered', () => {
    const base = initialState(ME);
    const startedAt = base.clock;
    const state = run(
      base,
      { type: 'agentPatched', agent: agent({ presence: 'away' }) },
      { type: 'agentLoaded', agent: agent({ presence: 'available' }), startedAt },
    );
    expect(state.me?.presence).toBe('away');
  });

  it('takes a GET answer sent after the last frame or PATCH', () => {
    const patched = workspaceReducer(initialState(ME), { type: 'agentPatched', agent: agent({ presence: 'away' }) });
    const state = workspaceReducer(patched, {
      type: 'agentLoaded',
      agent: agent({ presence: 'available', load: 1 }),
      startedAt: patched.clock,
    });
    expect(state.me?.presence).toBe('available');
    expect(state.me?.load).toBe(1);
  });
});

describe('keeping memory bounded', () => {
  const loaded = (id: string): WorkspaceAction[] => [
    { type: 'messagesRequested', conversationId: id },
    { type: 'messagesLoaded', conversationId: id, items: [message(`m_${id}`, { conversationId: id })] },
    { type: 'notesRequested', conversationId: id },
    { type: 'notesLoaded', conversationId: id, items: [] },
  ];
  const others = (count: number) =>
    Array.from({ length: count }, (_, index) =>
      conversation(`cnv_o${index}`, { contactId: `con_o${index}`, state: 'closed', agentId: OTHER }),
    );

  /** Views each conversation in turn, loading its messages and notes as opening it does. */
  function viewAll(state: WorkspaceState, ids: string[]): WorkspaceState {
    return ids.reduce(
      (current, id) => run(current, { type: 'viewed', conversationId: id }, ...loaded(id)),
      state,
    );
  }

  it('keeps the buckets of the 20 most recently viewed conversations and drops older ones', () => {
    const closed = others(MAX_RECENT + 5);
    let state = run(initialState(ME), { type: 'conversationsLoaded', items: closed, startedAt: 0 });
    state = viewAll(
      state,
      closed.map((each) => each.id),
    );
    state = workspaceReducer(state, { type: 'viewed', conversationId: null });
    const kept = Object.keys(state.messages).sort();
    const expected = closed
      .slice(-MAX_RECENT)
      .map((each) => each.id)
      .sort();
    expect(kept).toEqual(expected);
    expect(Object.keys(state.notes).sort()).toEqual(expected);
    expect(state.recent).toHaveLength(MAX_RECENT);
  });

  it('viewing a conversation again makes it the most recent', () => {
    const closed = others(MAX_RECENT + 1);
    let state = run(initialState(ME), { type: 'conversationsLoaded', items: closed, startedAt: 0 });
    const ids = closed.map((each) => each.id);
    state = viewAll(state, ids.slice(0, MAX_RECENT));
    state = viewAll(state, [ids[0], ids[MAX_RECENT]]);
    expect(state.messages[ids[0]]).toBeDefined();
    expect(state.messages[ids[1]]).toBeUndefined();
    expect(state.recent[0]).toBe(ids[MAX_RECENT]);
    expect(state.recent[1]).toBe(ids[0]);
  });

  it('never drops my conversations or the one on screen with its contact history', () => {
    const closed = others(MAX_RECENT + 1);
    const history = conversation('cnv_old', { contactId: 'con_1', state: 'closed', agentId: OTHER });
    let state = run(
      withOpenConversation(),
      { type: 'conversationsLoaded', items: [...closed, history], startedAt: 0 },
      ...loaded('cnv_old'),
    );
    state = viewAll(
      state,
      closed.map((each) => each.id),
    );
    expect(state.messages.cnv_1?.status).toBe('ready');
    expect(state.messages.cnv_old).toBeUndefined();
    state = run(state, { type: 'viewed', conversationId: 'cnv_1' }, ...loaded('cnv_old'));
    state = workspaceReducer(state, { type: 'viewed', conversationId: 'cnv_1' });
    expect(state.messages.cnv_old?.status).toBe('ready');
  });

  it('on resync keeps only mine and what is on screen, for refetching', () => {
    const closed = others(3);
    const history = conversation('cnv_old', { contactId: 'con_o2', state: 'closed', agentId: OTHER });
    let state = run(
      withOpenConversation(),
      { type: 'conversationsLoaded', items: [...closed, history], startedAt: 0 },
    );
    state = viewAll(
      state,
      closed.map((each) => each.id),
    );
    state = run(state, ...loaded('cnv_old'), live({ type: 'resync' }));
    expect(Object.keys(state.messages).sort()).toEqual(['cnv_1', 'cnv_o2', 'cnv_old']);
    expect(state.generation).toBe(1);
  });
});

describe('channels', () => {
  const channel = (id: string, patch: Partial<Channel> = {}): Channel => ({
    id,
    type: id === 'api' ? 'api' : 'smpp',
    name: id,
    enabled: true,
    inboundPath: '',
    webhookUrl: '',
    webhookSecretSet: false,
    capabilities: { text: true, media: false, choices: true, maxChoices: 10, location: false, typing: false, readReceipts: false },
    replyWindowSeconds: null,
    ...patch,
  });

  it('follows channel.updated frames once the channels are listed', () => {
    const listed = run(initialState(ME), { type: 'lookupsLoaded', lookups: { channels: [channel('api')] } });
    const added = run(listed, live({ type: 'channel.updated', channel: channel('chn_1', { name: 'SMS 1' }) }));
    expect(added.lookups.channels?.map((item) => item.id)).toEqual(['api', 'chn_1']);
    const renamed = run(added, live({ type: 'channel.updated', channel: channel('chn_1', { name: 'SMS one' }) }));
    expect(renamed.lookups.channels?.map((item) => item.name)).toEqual(['api', 'SMS one']);
  });

  it('ignores them before the list is loaded', () => {
    const state = run(initialState(ME), live({ type: 'channel.updated', channel: channel('chn_1') }));
    expect(state.lookups.channels).toBeNull();
  });
});

describe('the contact typing', () => {
  const T = 1_800_000_000_000;
  const typing = (value: boolean, conversationId = 'cnv_1', at = T): WorkspaceAction => ({
    type: 'live',
    event: { type: 'contact.typing', conversationId, typing: value },
    at,
  });

  it('shows from a typing frame for a while, renewed by the next one', () => {
    const state = run(withOpenConversation(), typing(true));
    expect(isContactTyping(state, 'cnv_1', T)).toBe(true);
    expect(isContactTyping(state, 'cnv_1', T + CONTACT_TYPING_MS - 1)).toBe(true);
    expect(isContactTyping(state, 'cnv_1', T + CONTACT_TYPING_MS)).toBe(false);
    expect(isContactTyping(state, 'cnv_2', T)).toBe(false);
    const renewed = run(state, typing(true, 'cnv_1', T + 8000));
    expect(isContactTyping(renewed, 'cnv_1', T + CONTACT_TYPING_MS + 5000)).toBe(true);
  });

  it('ends when the contact stops typing, writes, or the conversation closes', () => {
    const shown = run(withOpenConversation(), typing(true));
    expect(isContactTyping(run(shown, typing(false)), 'cnv_1', T)).toBe(false);
    const wrote = run(
      shown,
      live({ type: 'message.created', message: message('m2', { createdAt: '2026-11-23T10:01:00.000Z' }) }),
    );
    expect(isContactTyping(wrote, 'cnv_1', T)).toBe(false);
    const closed = run(shown, live({ type: 'conversation.closed', conversation: conversation('cnv_1', { state: 'closed' }) }));
    expect(isContactTyping(closed, 'cnv_1', T)).toBe(false);
  });

  it("goes on while the agent's own reply goes out, and only for its conversation", () => {
    const shown = run(withOpenConversation(), typing(true), typing(true, 'cnv_2'));
    const replied = run(
      shown,
      { type: 'messageSent', message: message('m2', { direction: 'outbound', status: 'queued', authorId: ME }) },
      typing(false, 'cnv_2'),
    );
    expect(isContactTyping(replied, 'cnv_1', T)).toBe(true);
    expect(isContactTyping(replied, 'cnv_2', T)).toBe(false);
  });

  it('ignores malformed frames and a stop for a conversation not typing', () => {
    const start = withOpenConversation();
    expect(run(start, live({ type: 'contact.typing', typing: true }))).toBe(start);
    expect(run(start, typing(false))).toBe(start);
  });
});
