import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, MAX_TEXT_BYTES, parseServerFrame, parseSession, utf8Bytes } from './protocol';

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
      { id: 'msg_1', clientId: null, direction: 'outbound', text: 'hi', image: null, file: null, status: 'sent', createdAt: '' },
    ]);
  });

  it('takes the server image limit (1 MiB), which is also the default until the session answers', () => {
    const session = parseSession({ visitorToken: 'vt_1', config: { maxImageBytes: 1048576 } });
    expect(session?.config.maxImageBytes).toBe(1048576);
    expect(DEFAULT_CONFIG.maxImageBytes).toBe(1048576);
  });

  it('reads a file an agent sent, with its size when it is a number', () => {
    const session = parseSession({
      visitorToken: 'vt_1',
      messages: [
        { id: 'msg_1', direction: 'outbound', file: { url: '/api/v1/widget/media/med_1?channel=c&sig=s', name: 'a.pdf', size: 2048 } },
        { id: 'msg_2', direction: 'outbound', file: { url: '/x', size: 'big' } },
      ],
    });
    expect(session?.messages.map((message) => message.file)).toEqual([
      { url: '/api/v1/widget/media/med_1?channel=c&sig=s', name: 'a.pdf', size: 2048 },
      { url: '/x', name: 'file', size: null },
    ]);
  });

  it('keeps inline (data:) image URLs of stored messages', () => {
    const url = 'data:image/png;base64,iVBORw0KGgo=';
    const session = parseSession({
      visitorToken: 'vt_1',
      messages: [{ id: 'msg_1', direction: 'inbound', image: { url, name: 'a.png' } }],
    });
    expect(session?.messages[0].image).toEqual({ url, name: 'a.png' });
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

  it('reads error frames, with the clientId of the refused message or null', () => {
    expect(
      parseServerFrame('{"type":"error","clientId":"c_1","message":"text is longer than 4096 bytes"}'),
    ).toEqual({ type: 'error', clientId: 'c_1', message: 'text is longer than 4096 bytes' });
    expect(parseServerFrame('{"type":"error","clientId":null,"message":"too many messages; wait a moment"}')).toEqual({
      type: 'error',
      clientId: null,
      message: 'too many messages; wait a moment',
    });
    expect(parseServerFrame('{"type":"error"}')).toEqual({
      type: 'error',
      clientId: null,
      message: 'The message was not accepted.',
    });
  });
});

describe('utf8Bytes', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(MAX_TEXT_BYTES).toBe(4096);
    expect(utf8Bytes('abc')).toBe(3);
    expect(utf8Bytes('€')).toBe(3);
    expect(utf8Bytes('😀')).toBe(4);
  });
});
