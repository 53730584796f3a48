import { describe, expect, it } from 'vitest';
import { profile } from './contactFixtures';
import { mergePreview, previewText } from './mergePreview';

const names: Record<string, string> = { api: 'API', chn_WA: 'Shop WhatsApp', chn_SMS: 'SMS line' };
const nameOf = (id: string) => names[id] ?? id;

const kept = profile(
  { id: 'con_KEPT', name: 'Ada Lovelace', email: null, phone: '+44 20 7946 0001', attributes: { plan: 'gold' } },
  {
    identities: [{ channel: 'chn_SMS', identity: '442079460001', unreachable: null }],
    channels: ['chn_SMS'],
    conversations: 1,
  },
);
const other = profile(
  {
    id: 'con_OTHER',
    name: 'Ada L.',
    email: 'ada@example.test',
    phone: null,
    attributes: { plan: 'silver', language: 'en' },
  },
  {
    identities: [{ channel: 'api', identity: 'cust-7781', unreachable: null }],
    channels: ['api'],
    conversations: 2,
    openConversations: 1,
    messages: 5,
    notes: 1,
    media: 0,
    consents: [{ channel: 'chn_WA', optedOut: true, cause: 'STOP', changedAt: '2026-11-02T10:30:00Z' }],
  },
);

describe('the merge preview', () => {
  it('moves the other contact’s channel ids, conversations, messages and notes', () => {
    const preview = mergePreview(kept, other);
    expect(preview.blocked).toBeNull();
    expect(preview.identities).toEqual(other.identities);
    expect([preview.conversations, preview.openConversations, preview.messages, preview.notes]).toEqual([2, 1, 5, 1]);
  });

  it('fills only the kept contact’s empty fields and missing attributes; its own values stay', () => {
    const preview = mergePreview(kept, other);
    expect(preview.filled).toEqual([{ field: 'email', value: 'ada@example.test' }]);
    expect(preview.kept).toEqual([{ field: 'name', value: 'Ada Lovelace', other: 'Ada L.' }]);
    expect(preview.attributesAdded).toEqual([{ key: 'language', value: 'en' }]);
    expect(preview.attributesKept).toEqual([{ key: 'plan', value: 'gold', other: 'silver' }]);
  });

  it('lets an opt-out win', () => {
    expect(mergePreview(kept, other).newOptOuts).toEqual(['chn_WA']);
    const optedOut = { ...kept, consents: [{ channel: 'chn_WA', optedOut: true, cause: 'STOP', changedAt: '2026-10-01T00:00:00Z' }] };
    expect(mergePreview(optedOut, other).newOptOuts).toEqual([]);
  });

  it('warns when both have open conversations on a shared channel', () => {
    expect(mergePreview(kept, other).mayConflictOn).toEqual([]);
    const busy = { ...kept, openConversations: 1, channels: ['chn_SMS', 'api'] };
    expect(mergePreview(busy, other).mayConflictOn).toEqual(['api']);
    expect(mergePreview(busy, { ...other, openConversations: 0 }).mayConflictOn).toEqual([]);
  });

  it('is blocked for the same contact, one merged already, or an erased one', () => {
    expect(mergePreview(kept, kept).blocked).toMatch(/this contact/);
    expect(mergePreview(kept, { ...other, contact: { ...other.contact, mergedInto: 'con_X' } }).blocked).toMatch(
      /merged into another one already/,
    );
    expect(mergePreview({ ...kept, contact: { ...kept.contact, mergedInto: 'con_X' } }, other).blocked).toMatch(
      /merge into that one/,
    );
    expect(mergePreview(kept, { ...other, erasedAt: '2026-12-01T00:00:00Z' }).blocked).toMatch(/erased/);
  });

  it('says it in sentences', () => {
    expect(previewText(mergePreview(kept, other), nameOf)).toEqual({
      moves: ['API id cust-7781', '2 conversations (1 open)', '5 messages, 1 note and 0 files'],
      changes: [
        'Email set to “ada@example.test” (it has none)',
        'Attribute language set to “en”',
        'Opted out of Shop WhatsApp, as the other contact is',
      ],
      stays: [
        'Name stays “Ada Lovelace” (the other has “Ada L.”)',
        'Attribute plan stays “gold” (the other has “silver”)',
      ],
    });
  });

  it('has nothing to fill when the other contact has no details', () => {
    const empty = profile({ id: 'con_E', name: null, email: null, phone: null, attributes: {} });
    const text = previewText(mergePreview(kept, empty), nameOf);
    expect(text.changes).toEqual([]);
    expect(text.stays).toEqual([]);
    expect(text.moves).toEqual(['0 conversations', '0 messages, 0 notes and 0 files']);
  });
});
