import { describe, expect, it } from 'vitest';
import type { Conversation, Message, Note } from '../../api/routing';
import type { LiveEvent } from '../../live/LiveClient';
import { initialState, workspaceReducer, type WorkspaceState } from '../workspace/state/workspaceState';
import {
  applyTypingFrame,
  latestTypingAt,
  NOBODY_TYPING,
  typingLines,
  WATCH_TYPING_MS,
  watchAction,
  whoIsTyping,
  type WatchTyping,
} from './watch';

const conversation: Conversation = {
  id: 'cnv_1',
  contactId: 'ct_1',
  channel: 'api',
  state: 'assigned',
  agentId: 'usr_bob',
  categoryId: null,
  createdAt: '2026-01-05T10:00:00Z',
  assignedAt: '2026-01-05T10:00:05Z',
  closedAt: null,
  lastMessageAt: '2026-01-05T10:00:00Z',
  offerDeadline: null,
} as unknown as Conversation;

const message = (id: string, direction: 'inbound' | 'outbound', authorId: string | null, createdAt: string): Message => ({
  id,
  conversationId: 'cnv_1',
  direction,
  content: { text: id },
  status: direction === 'inbound' ? 'received' : 'sent',
  statusReason: null,
  providerMessageId: null,
  authorId,
  authorKind: authorId === null ? null : 'user',
  createdAt,
}) as Message;

const note: Note = { id: 'nt_1', conversationId: 'cnv_1', authorId: 'usr_bob', text: 'Carrier lost it', createdAt: '2026-01-05T10:02:00Z' };

/** A supervisor's store with the watched conversation open (its messages and notes loaded). */
function watching(): WorkspaceState {
  let state = initialState('usr_sue');
  state = workspaceReducer(state, { type: 'conversationsLoaded', items: [conversation], startedAt: 0 });
  state = workspaceReducer(state, { type: 'viewed', conversationId: 'cnv_1' });
  state = workspaceReducer(state, {
    type: 'messagesLoaded',
    conversationId: 'cnv_1',
    items: [message('m1', 'inbound', null, '2026-01-05T10:00:00Z')],
  });
  return workspaceReducer(state, { type: 'notesLoaded', conversationId: 'cnv_1', items: [] });
}

function feed(state: WorkspaceState, ...events: LiveEvent[]): WorkspaceState {
  return events.reduce((current, event) => {
    const action = watchAction(event, 1000);
    return action ? workspaceReducer(current, action) : current;
  }, state);
}

describe('watchAction', () => {
  it('hands the frames about the conversation to the Workspace reducer as live frames', () => {
    const event = { type: 'message.created', message: message('m2', 'inbound', null, '2026-01-05T10:01:00Z') };
    expect(watchAction(event, 42)).toEqual({ type: 'live', event, at: 42 });
    for (const type of ['message.status', 'note.created', 'contact.typing', 'conversation.assigned', 'conversation.requeued', 'conversation.closed']) {
      expect(watchAction({ type }, 1)?.type).toBe('live');
    }
  });

  it('keeps the hello and the agent typing out of the store', () => {
    expect(watchAction({ type: 'hello', cursor: 'e.1' }, 1)).toBeNull();
    expect(watchAction({ type: 'agent.typing', conversationId: 'cnv_1', userId: 'usr_bob', typing: true }, 1)).toBeNull();
  });

  it('shows both sides’ messages and the agent’s notes in the watched timeline', () => {
    const state = feed(
      watching(),
      { type: 'message.created', message: message('m2', 'inbound', null, '2026-01-05T10:01:00Z') },
      { type: 'message.created', message: message('m3', 'outbound', 'usr_bob', '2026-01-05T10:01:30Z') },
      { type: 'message.status', message: { ...message('m3', 'outbound', 'usr_bob', '2026-01-05T10:01:30Z'), status: 'delivered' } },
      { type: 'note.created', note },
    );
    expect(state.messages.cnv_1.items.map((each) => `${each.id}:${each.status}`)).toEqual(['m1:received', 'm2:received', 'm3:delivered']);
    expect(state.notes.cnv_1.items).toEqual([note]);
    // On screen: nothing unread.
    expect(state.unread).toEqual({});
  });

  it('follows the conversation changing hands and closing', () => {
    const change = { conversationId: 'cnv_1', kind: 'requeued', cause: 'unassigned', agentId: null, previousAgentId: 'usr_bob', offerDeadline: null };
    let state = feed(watching(), { type: 'conversation.requeued', change });
    expect(state.conversations.cnv_1).toMatchObject({ state: 'queued', agentId: null });
    state = feed(state, { type: 'conversation.assigned', change: { ...change, kind: 'assigned', cause: 'transferred', agentId: 'usr_sue' } });
    expect(state.conversations.cnv_1).toMatchObject({ state: 'assigned', agentId: 'usr_sue' });
    const closed = { ...conversation, state: 'closed', agentId: null, closedAt: '2026-01-05T10:05:00Z' };
    state = feed(state, { type: 'conversation.closed', conversation: closed });
    expect(state.conversations.cnv_1.state).toBe('closed');
  });
});

describe('who is typing', () => {
  const agentTyping = (typing: boolean) => ({ type: 'agent.typing', conversationId: 'cnv_1', userId: 'usr_bob', typing });
  const customerTyping = (typing: boolean) => ({ type: 'contact.typing', conversationId: 'cnv_1', typing });

  it('shows the agent and the customer from their frames, each for WATCH_TYPING_MS after the last', () => {
    let typing = applyTypingFrame(NOBODY_TYPING, agentTyping(true), 1000);
    typing = applyTypingFrame(typing, customerTyping(true), 3000);
    expect(whoIsTyping(typing, 3000)).toEqual({ agentId: 'usr_bob', customer: true });
    expect(whoIsTyping(typing, 1000 + WATCH_TYPING_MS - 1)).toEqual({ agentId: 'usr_bob', customer: true });
    expect(whoIsTyping(typing, 1000 + WATCH_TYPING_MS)).toEqual({ agentId: null, customer: true });
    expect(whoIsTyping(typing, 3000 + WATCH_TYPING_MS)).toEqual({ agentId: null, customer: false });
    expect(latestTypingAt(typing)).toBe(3000);
  });

  it('a repeated frame keeps it going', () => {
    let typing = applyTypingFrame(NOBODY_TYPING, agentTyping(true), 0);
    typing = applyTypingFrame(typing, agentTyping(true), 3000);
    expect(whoIsTyping(typing, WATCH_TYPING_MS + 1000).agentId).toBe('usr_bob');
  });

  it('ends on "typing": false', () => {
    let typing = applyTypingFrame(NOBODY_TYPING, agentTyping(true), 0);
    typing = applyTypingFrame(typing, customerTyping(true), 0);
    typing = applyTypingFrame(typing, agentTyping(false), 10);
    expect(whoIsTyping(typing, 20)).toEqual({ agentId: null, customer: true });
    typing = applyTypingFrame(typing, customerTyping(false), 30);
    expect(typing).toEqual(NOBODY_TYPING);
  });

  it('ends when what was being typed arrives, for the one who wrote it', () => {
    const both: WatchTyping = { agent: { userId: 'usr_bob', at: 0 }, customer: 0 };
    const inbound = { type: 'message.created', message: message('m2', 'inbound', null, '2026-01-05T10:01:00Z') };
    expect(applyTypingFrame(both, inbound, 5)).toEqual({ agent: { userId: 'usr_bob', at: 0 }, customer: null });
    const reply = { type: 'message.created', message: message('m3', 'outbound', 'usr_bob', '2026-01-05T10:01:00Z') };
    expect(applyTypingFrame(both, reply, 5)).toEqual({ agent: null, customer: 0 });
    // Someone else's message (an integrator's, a colleague's) says nothing about Bob.
    const other = { type: 'message.created', message: message('m4', 'outbound', 'tok_1', '2026-01-05T10:01:00Z') };
    expect(applyTypingFrame(both, other, 5)).toBe(both);
  });

  it('ends for the agent when the conversation changes hands, and for both when it closes', () => {
    const both: WatchTyping = { agent: { userId: 'usr_bob', at: 0 }, customer: 0 };
    expect(applyTypingFrame(both, { type: 'conversation.requeued', change: {} }, 5)).toEqual({ agent: null, customer: 0 });
    expect(applyTypingFrame(both, { type: 'conversation.assigned', change: {} }, 5)).toEqual({ agent: null, customer: 0 });
    expect(applyTypingFrame(both, { type: 'conversation.closed', conversation: {} }, 5)).toEqual(NOBODY_TYPING);
  });

  it('changes nothing (same object) for frames that do not concern it', () => {
    expect(applyTypingFrame(NOBODY_TYPING, { type: 'note.created', note }, 5)).toBe(NOBODY_TYPING);
    expect(applyTypingFrame(NOBODY_TYPING, agentTyping(false), 5)).toBe(NOBODY_TYPING);
    expect(applyTypingFrame(NOBODY_TYPING, { type: 'agent.typing', typing: true }, 5)).toBe(NOBODY_TYPING);
  });

  it('says who types in words', () => {
    expect(typingLines({ agentId: 'usr_bob', customer: false }, 'Bob Agent')).toEqual(['Bob Agent is typing…']);
    expect(typingLines({ agentId: null, customer: true }, '')).toEqual(['The customer is typing…']);
    expect(typingLines({ agentId: 'usr_bob', customer: true }, 'Bob Agent')).toEqual([
      'Bob Agent is typing…',
      'The customer is typing…',
    ]);
    expect(typingLines({ agentId: null, customer: false }, '')).toEqual([]);
  });
});
