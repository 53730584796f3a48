import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../format';
import { CHANNELS, subject } from './subjectFixtures';
import {
  actionsFor,
  channelName,
  consentText,
  conversationsText,
  isConfirmed,
  mergedText,
  outcomeText,
  plural,
  reachLines,
  subjectBadges,
  subjectTitle,
} from './subjectText';

describe('a customer in words', () => {
  it('counts in the singular and the plural', () => {
    expect(plural(0, 'note')).toBe('0 notes');
    expect(plural(1, 'note')).toBe('1 note');
    expect(plural(2, 'reply', 'replies')).toBe('2 replies');
  });

  it('names channels by their name, the API channel as API, and unknown ids as they are', () => {
    expect(channelName('chn_WA', CHANNELS)).toBe('Shop WhatsApp');
    expect(channelName('api', CHANNELS)).toBe('API');
    expect(channelName('chn_GONE', CHANNELS)).toBe('chn_GONE');
    expect(channelName('chn_WA', null)).toBe('chn_WA');
  });

  it('says "No name" for a customer without one', () => {
    expect(subjectTitle(subject())).toBe('Jane Doe');
    expect(subjectTitle(subject({ contact: { ...subject().contact, name: null } }))).toBe('No name');
    expect(subjectTitle(subject({ contact: { ...subject().contact, name: '  ' } }))).toBe('No name');
  });

  it('tells open conversations apart', () => {
    expect(conversationsText(subject())).toBe('3 (1 open)');
    expect(conversationsText(subject({ openConversations: 0 }))).toBe('3');
  });

  it('says who opted out of what since when, and why', () => {
    const since = formatDateTime('2026-11-02T10:30:00Z');
    expect(consentText(subject().consents[0], 'Shop WhatsApp')).toBe(`Opted out of Shop WhatsApp since ${since} (STOP)`);
    expect(consentText({ ...subject().consents[0], optedOut: false, cause: 'START' }, 'SMS')).toBe(
      `Opted in again on SMS since ${since} (START)`,
    );
    expect(consentText({ ...subject().consents[0], cause: '' }, 'SMS')).toBe(`Opted out of SMS since ${since}`);
  });

  it('mentions merged contacts only when there are some', () => {
    expect(mergedText(subject())).toBe('Merged from 1 contact');
    expect(mergedText(subject({ mergedFrom: ['ct_1', 'ct_2'] }))).toBe('Merged from 2 contacts');
    expect(mergedText(subject({ mergedFrom: [] }))).toBeNull();
  });

  it('badges when the customer was anonymised and erased', () => {
    expect(subjectBadges(subject())).toEqual([]);
    const done = subject({ anonymisedAt: '2026-12-01T08:00:00Z', erasedAt: '2026-12-02T08:00:00Z' });
    expect(subjectBadges(done)).toEqual([
      { kind: 'anonymise', text: `Anonymised ${formatDateTime('2026-12-01T08:00:00Z')}` },
      { kind: 'erase', text: `Erased ${formatDateTime('2026-12-02T08:00:00Z')}` },
    ]);
  });
});

describe('the actions on a customer', () => {
  it('offers both until erased; an anonymised customer can still be erased', () => {
    expect(actionsFor(subject())).toEqual(['anonymise', 'erase']);
    expect(actionsFor(subject({ anonymisedAt: '2026-12-01T08:00:00Z' }))).toEqual(['anonymise', 'erase']);
    expect(actionsFor(subject({ erasedAt: '2026-12-02T08:00:00Z' }))).toEqual([]);
  });

  it('runs only once the action’s own word is typed', () => {
    expect(isConfirmed('erase', 'erase')).toBe(true);
    expect(isConfirmed('  Erase ', 'erase')).toBe(true);
    expect(isConfirmed('anonymise', 'anonymise')).toBe(true);
    expect(isConfirmed('', 'erase')).toBe(false);
    expect(isConfirmed('eras', 'erase')).toBe(false);
    expect(isConfirmed('erase it', 'erase')).toBe(false);
    expect(isConfirmed('anonymise', 'erase')).toBe(false);
    expect(isConfirmed('erase', 'anonymise')).toBe(false);
    expect(isConfirmed('anonymize', 'anonymise')).toBe(false);
  });

  it('lists what an action reaches', () => {
    expect(reachLines(subject())).toEqual([
      '3 conversations, 1 still open',
      '42 messages, 2 notes and 1 file',
      '2 channel ids',
      '1 merged contact, and everything of theirs',
    ]);
    const merged = subject({
      contact: { ...subject().contact, mergedInto: 'ct_01NEW' },
      identities: [],
      mergedFrom: [],
      conversations: 1,
      openConversations: 0,
      messages: 1,
      notes: 0,
      media: 0,
    });
    expect(reachLines(merged)).toEqual([
      '1 conversation',
      '1 message, 0 notes and 0 files',
      'The contact it was merged into, and everything of theirs',
    ]);
  });

  it('sums up what was done', () => {
    const result = { subject: subject(), contacts: ['ct_01JANE', 'ct_01OLD'], closedConversations: 1, cancelledMessages: 0 };
    expect(outcomeText('erase', result)).toBe('Erased. 2 contacts, 1 conversation closed, 0 replies cancelled.');
    expect(outcomeText('anonymise', { ...result, contacts: ['ct_01JANE'], closedConversations: 0, cancelledMessages: 1 })).toBe(
      'Anonymised. 1 contact, 0 conversations closed, 1 reply cancelled.',
    );
  });
});
