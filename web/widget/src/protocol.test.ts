import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseServerFrame, parseSession } from './protocol';

describe('parseSession', () => {
  it('fills in the defaults the server left out and drops malformed messages', () => {
    const session = parseSession({
      visitorToken: 'vt_1',
      config: { title: 'Help', colors: { primary: '#000' } },
      messages: [{ id: 'msg_1', direction: 'outbound', text: 'hi' }, { id: 7 }, null],
    });
    expect(session?.config).toEqual({
      ...DEFAULT_CONFIG,
      title: 'Help',
      colors: { primary: '#000', onPrimary: '#ffffff' },
    });
    expect(session?.messages).toEqual([
      { id: 'msg_1', clientId: null, direction: 'outbound', text: 'hi', image: null, status: 'sent', createdAt: '' },
    ]);
  });

  it('rejects an answer without a visitor token', () => {
    expect(parseSession({ config: {} })).toBeNull();
  });
});

describe('parseServerFrame', () => {
  it('rejects unknown types, bad JSON and statuses that are not delivered or read', () => {
    expect(parseServerFrame('{"type":"other"}')).toBeNull();
    expect(parseServerFrame('not json')).toBeNull();
    expect(parseServerFrame('{"type":"status","messageId":"msg_1","status":"sent"}')).toBeNull();
    expect(parseServerFrame('{"type":"ack","message":{"id":"msg_1","direction":"inbound"}}')).toBeNull();
  });

  it('reads typing as a boolean', () => {
    expect(parseServerFrame('{"type":"typing","typing":"yes"}')).toEqual({ type: 'typing', typing: false });
  });
});
