import { describe, expect, it } from 'vitest';
import type { CannedResponse, Channel } from '../../../api/routing';
import { cannedQuery, clearSent, findChannel, insertCannedText, matchCanned } from './composer';

const canned = (shortcut: string, text: string): CannedResponse => ({
  id: `cr_${shortcut}`,
  shortcut,
  text,
  createdAt: '',
  updatedAt: '',
});

describe('canned responses while typing', () => {
  it('sees a slash query at the start or after a space only', () => {
    expect(cannedQuery('/hel')).toBe('hel');
    expect(cannedQuery('Thanks! /')).toBe('');
    expect(cannedQuery('see https://x.test/a')).toBeNull();
    expect(cannedQuery('and/or')).toBeNull();
    expect(cannedQuery('/hello there')).toBeNull();
  });

  it('matches shortcuts by prefix, with or without their own slash', () => {
    const responses = [canned('hello', 'Hello!'), canned('/help', 'How can I help?'), canned('bye', 'Bye')];
    expect(matchCanned(responses, 'HE', 5).map((each) => each.text)).toEqual(['Hello!', 'How can I help?']);
    expect(matchCanned(responses, '', 2)).toHaveLength(2);
  });

  it('inserts a response holding "$$" or "$&" exactly as written', () => {
    const response = canned('fee', 'The fee is $$5 (see $& and $1).');
    expect(insertCannedText('Hi. /fe', response)).toBe('Hi. The fee is $$5 (see $& and $1).');
    expect(insertCannedText('Hi.', response)).toBe('Hi. The fee is $$5 (see $& and $1).');
  });

  it('replaces the query with the response, or appends it', () => {
    const response = canned('hello', 'Hello, how can I help?');
    expect(insertCannedText('Hi. /hel', response)).toBe('Hi. Hello, how can I help?');
    expect(insertCannedText('Hi.', response)).toBe('Hi. Hello, how can I help?');
    expect(insertCannedText('', response)).toBe('Hello, how can I help?');
  });
});

describe('findChannel', () => {
  const channel = (id: string, type: string): Channel => ({
    id,
    type,
    name: id,
    enabled: true,
    inboundPath: '',
    webhookUrl: '',
    webhookSecretSet: false,
    capabilities: { text: true, media: false, choices: false, maxChoices: 0, location: false, typing: false, readReceipts: false },
    replyWindowSeconds: null,
  });

  it('finds the channel by id first, then by kind; null when channels are unknown', () => {
    const channels = [channel('chn_1', 'whatsapp'), channel('sms', 'smpp')];
    expect(findChannel(channels, 'sms')?.id).toBe('sms');
    expect(findChannel(channels, 'whatsapp')?.id).toBe('chn_1');
    expect(findChannel(channels, 'telegram')).toBeNull();
    expect(findChannel(null, 'sms')).toBeNull();
  });
});

describe('clearSent', () => {
  const pending = { key: 'k1', status: 'sending' };

  it('clears the text and attachment that were sent', () => {
    const draft = { text: 'Hello', mediaUrl: 'https://x.test/a.png', note: 'n', pending };
    expect(clearSent(draft, { text: 'Hello', mediaUrl: 'https://x.test/a.png' })).toEqual({
      text: '',
      mediaUrl: '',
      note: 'n',
      pending: null,
    });
  });

  it('keeps what was typed while the reply was sending', () => {
    const draft = { text: 'Hello, and one more thing', mediaUrl: '', note: '', pending };
    expect(clearSent(draft, { text: 'Hello', mediaUrl: '' })).toEqual({
      text: 'Hello, and one more thing',
      mediaUrl: '',
      note: '',
      pending: null,
    });
  });
});
