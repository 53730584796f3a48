import { describe, expect, it } from 'vitest';
import type { Attachment, CannedResponse, Channel } from '../../../api/routing';
import {
  cannedQuery,
  clearSent,
  findChannel,
  insertCannedText,
  matchCanned,
  replyContent,
  sendKey,
  withAttachment,
  withMediaUrl,
} from './composer';

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

const receipt: Attachment = {
  id: 'med_1',
  url: '/api/v1/media/med_1',
  mimeType: 'image/png',
  name: 'receipt.png',
  size: 12345,
};

describe('clearSent', () => {
  const pending = { key: 'k1', status: 'sending' };

  it('clears the text and attachment that were sent', () => {
    const draft = { text: 'Hello', mediaUrl: 'https://x.test/a.png', attachment: null, note: 'n', pending };
    expect(clearSent(draft, { text: 'Hello', mediaUrl: 'https://x.test/a.png', attachment: null })).toEqual({
      text: '',
      mediaUrl: '',
      attachment: null,
      note: 'n',
      pending: null,
    });
  });

  it('keeps what was typed while the reply was sending', () => {
    const draft = { text: 'Hello, and one more thing', mediaUrl: '', attachment: null, note: '', pending };
    expect(clearSent(draft, { text: 'Hello', mediaUrl: '', attachment: null })).toEqual({
      text: 'Hello, and one more thing',
      mediaUrl: '',
      attachment: null,
      note: '',
      pending: null,
    });
  });

  it('clears the uploaded file that was sent, but not another attached meanwhile', () => {
    const sent = { text: 'Here', mediaUrl: '', attachment: receipt };
    expect(clearSent({ ...sent, note: '', pending }, sent).attachment).toBeNull();
    const other = { ...receipt, id: 'med_2', name: 'other.pdf' };
    expect(clearSent({ ...sent, attachment: other, note: '', pending }, sent).attachment).toEqual(other);
  });
});

describe('replyContent', () => {
  const draft = { text: '  Here is your receipt ', mediaUrl: '', attachment: null };

  it('sends an uploaded file by its id, the text as its caption (null when there is none)', () => {
    expect(replyContent({ ...draft, attachment: receipt }, true)).toEqual({
      media: { id: 'med_1', caption: 'Here is your receipt' },
    });
    expect(replyContent({ ...draft, text: ' ', attachment: receipt }, true)).toEqual({
      media: { id: 'med_1', caption: null },
    });
  });

  it('sends an attachment URL as before, and the text alone without an attachment', () => {
    expect(replyContent({ ...draft, mediaUrl: ' https://x.test/a.png ' }, true)).toEqual({
      media: { url: 'https://x.test/a.png', mimeType: null, caption: 'Here is your receipt' },
    });
    expect(replyContent(draft, true)).toEqual({ text: 'Here is your receipt' });
    expect(replyContent({ ...draft, text: '' }, true)).toBeNull();
  });

  it('sends the text alone where the channel carries no media', () => {
    expect(replyContent({ ...draft, attachment: receipt }, false)).toEqual({ text: 'Here is your receipt' });
  });
});

describe('one attachment per reply', () => {
  const draft = { text: 'Hi', mediaUrl: '', attachment: null, note: '', pending: null };

  it('an uploaded file replaces an attachment URL, and a URL replaces the file', () => {
    const withFile = withAttachment({ ...draft, mediaUrl: 'https://x.test/a.png' }, receipt);
    expect(withFile).toMatchObject({ mediaUrl: '', attachment: receipt, text: 'Hi' });
    expect(withMediaUrl(withFile, 'https://x.test/b.png')).toMatchObject({
      mediaUrl: 'https://x.test/b.png',
      attachment: null,
    });
  });

  it('removing the file keeps the rest of the draft', () => {
    expect(withAttachment({ ...draft, attachment: receipt }, null)).toEqual(draft);
  });

  it('drops a failed send (its key was for the old body) but keeps one in flight', () => {
    const failed = { key: 'k1', content: { text: 'Hi' }, status: 'failed', error: 'x' };
    expect(withAttachment({ ...draft, pending: failed }, receipt).pending).toBeNull();
    const sending = { ...failed, status: 'sending', error: null };
    expect(withAttachment({ ...draft, pending: sending }, null).pending).toBe(sending);
  });
});

describe('the Idempotency-Key of a send', () => {
  const content = { text: 'Your order shipped.' };
  const newKey = () => 'k-new';

  it('is kept for the same body (a retry can never send twice) and new for another body', () => {
    const failed = { key: 'k1', content, status: 'failed' as const, code: 'network_error' };
    expect(sendKey(failed, { text: 'Your order shipped.' }, newKey)).toBe('k1');
    expect(sendKey(failed, { text: 'Something else' }, newKey)).toBe('k-new');
    expect(sendKey(null, content, newKey)).toBe('k-new');
  });

  it('is new after a refusal for the reply window, whose answer the server keeps under the old key', () => {
    const refused = { key: 'k1', content, status: 'failed' as const, code: 'reply_window_closed' };
    expect(sendKey(refused, content, newKey)).toBe('k-new');
  });
});
