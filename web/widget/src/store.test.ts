import { describe, expect, it } from 'vitest';
import type { Message } from './protocol';
import { chatReducer, initialChatState, laterStatus, unreadAgentMessages, type ChatState } from './store';

function message(fields: Partial<Message> & { id: string }): Message {
  return {
    clientId: null,
    direction: 'outbound',
    text: 'hello',
    image: null,
    file: null,
    status: 'sent',
    createdAt: '2025-01-01T10:00:00.000Z',
    ...fields,
  };
}

const local = (clientId: string, text = 'hi') =>
  ({ type: 'local', message: { clientId, text, createdAt: '2025-01-01T10:05:00.000Z' } }) as const;

function ids(state: ChatState): (string | null)[] {
  return state.entries.map((entry) => entry.id ?? entry.clientId);
}

describe('chatReducer', () => {
  it('merges a live message with the same id as a session message into one entry', () => {
    let state = chatReducer(initialChatState, { type: 'session', messages: [message({ id: 'msg_1' })] });
    state = chatReducer(state, { type: 'frame', frame: { type: 'message', message: message({ id: 'msg_1', text: 'edited' }) } });
    expect(state.entries).toHaveLength(1);
    expect(state.entries[0].text).toBe('edited');
  });

  it('shows a visitor message as sending until its ack, then as the stored message under the same key', () => {
    let state = chatReducer(initialChatState, local('c_1'));
    expect(state.entries[0]).toMatchObject({ key: 'c_1', id: null, status: 'sending' });
    const stored = message({ id: 'msg_9', clientId: 'c_1', direction: 'inbound', text: 'hi' });
    state = chatReducer(state, { type: 'frame', frame: { type: 'ack', clientId: 'c_1', message: stored } });
    expect(state.entries).toHaveLength(1);
    expect(state.entries[0]).toMatchObject({ key: 'c_1', id: 'msg_9', status: 'sent' });
  });

  it('matches an ack whose message omits the clientId by the frame clientId', () => {
    let state = chatReducer(initialChatState, local('c_1'));
    const stored = message({ id: 'msg_9', direction: 'inbound' });
    state = chatReducer(state, { type: 'frame', frame: { type: 'ack', clientId: 'c_1', message: stored } });
    expect(state.entries).toHaveLength(1);
    expect(state.entries[0].clientId).toBe('c_1');
  });

  it('merges the echo of a visitor message by clientId before the ack arrives', () => {
    let state = chatReducer(initialChatState, local('c_1'));
    const echo = message({ id: 'msg_9', clientId: 'c_1', direction: 'inbound' });
    state = chatReducer(state, { type: 'frame', frame: { type: 'message', message: echo } });
    state = chatReducer(state, { type: 'frame', frame: { type: 'ack', clientId: 'c_1', message: echo } });
    expect(state.entries).toHaveLength(1);
  });

  it('never moves a status backwards', () => {
    const stored = message({ id: 'msg_1', clientId: 'c_1', direction: 'inbound' });
    let state = chatReducer(initialChatState, { type: 'session', messages: [stored] });
    state = chatReducer(state, { type: 'frame', frame: { type: 'status', messageId: 'msg_1', status: 'read' } });
    state = chatReducer(state, { type: 'frame', frame: { type: 'status', messageId: 'msg_1', status: 'delivered' } });
    expect(state.entries[0].status).toBe('read');
    // A late copy of the message (a session fetched before the read) does not undo it either.
    state = chatReducer(state, { type: 'session', messages: [{ ...stored, status: 'delivered' }] });
    expect(state.entries[0].status).toBe('read');
  });

  it('orders stored messages by time and keeps unacknowledged ones last', () => {
    let state = chatReducer(initialChatState, local('c_1'));
    state = chatReducer(state, {
      type: 'session',
      messages: [
        message({ id: 'msg_3', createdAt: '2025-01-01T10:03:00.000Z' }),
        message({ id: 'msg_1', createdAt: '2025-01-01T10:01:00.000Z' }),
      ],
    });
    state = chatReducer(state, {
      type: 'frame',
      frame: { type: 'message', message: message({ id: 'msg_2', createdAt: '2025-01-01T10:02:00.000Z' }) },
    });
    state = chatReducer(state, local('c_2'));
    expect(ids(state)).toEqual(['msg_1', 'msg_2', 'msg_3', 'c_1', 'c_2']);
  });

  it('breaks ties in time by id', () => {
    const state = chatReducer(initialChatState, {
      type: 'session',
      messages: [message({ id: 'msg_b' }), message({ id: 'msg_a' })],
    });
    expect(ids(state)).toEqual(['msg_a', 'msg_b']);
  });

  it('ignores a status for a message it does not know', () => {
    const state = chatReducer(initialChatState, { type: 'frame', frame: { type: 'status', messageId: 'msg_x', status: 'read' } });
    expect(state).toBe(initialChatState);
  });

  it('adds a queued message only once', () => {
    const state = chatReducer(chatReducer(initialChatState, local('c_1')), local('c_1'));
    expect(state.entries).toHaveLength(1);
  });

  it('marks a message the server refused as failed, with the reason', () => {
    let state = chatReducer(initialChatState, local('c_1'));
    state = chatReducer(state, local('c_2'));
    state = chatReducer(state, {
      type: 'frame',
      frame: { type: 'error', clientId: 'c_1', message: 'text is longer than 4096 bytes' },
    });
    expect(state.entries[0]).toMatchObject({ key: 'c_1', status: 'failed', error: 'text is longer than 4096 bytes' });
    expect(state.entries[1]).toMatchObject({ key: 'c_2', status: 'sending' });
    expect(state.entries[1].error).toBeUndefined();
  });

  it('ignores an error frame without a clientId or for a message already stored', () => {
    const stored = message({ id: 'msg_1', clientId: 'c_1', direction: 'inbound' });
    const before = chatReducer(initialChatState, { type: 'session', messages: [stored] });
    for (const clientId of [null, 'c_1', 'c_unknown']) {
      const after = chatReducer(before, { type: 'frame', frame: { type: 'error', clientId, message: 'no' } });
      expect(after).toBe(before);
    }
  });

  it('ends the agent typing when the agent message arrives', () => {
    let state = chatReducer(initialChatState, { type: 'frame', frame: { type: 'typing', typing: true } });
    expect(state.agentTyping).toBe(true);
    state = chatReducer(state, { type: 'frame', frame: { type: 'message', message: message({ id: 'msg_1' }) } });
    expect(state.agentTyping).toBe(false);
  });
});

describe('laterStatus', () => {
  it('moves forward through sending, sent, failed, delivered and read only', () => {
    expect(laterStatus('sending', 'sent')).toBe('sent');
    expect(laterStatus('sent', 'failed')).toBe('failed');
    expect(laterStatus('delivered', 'failed')).toBe('delivered');
    expect(laterStatus('read', 'sent')).toBe('read');
  });
});

describe('unreadAgentMessages', () => {
  it('lists agent messages neither read on the server nor reported read by this page', () => {
    const state = chatReducer(initialChatState, {
      type: 'session',
      messages: [
        message({ id: 'msg_1', status: 'read' }),
        message({ id: 'msg_2' }),
        message({ id: 'msg_3' }),
        message({ id: 'msg_4', direction: 'inbound' }),
      ],
    });
    expect(unreadAgentMessages(state, new Set(['msg_2']))).toEqual(['msg_3']);
  });
});
