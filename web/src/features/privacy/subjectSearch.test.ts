import { describe, expect, it } from 'vitest';
import { resultSummary, searchHint, toSubjectSearch } from './subjectSearch';

const names = (id: string) => (id === 'chn_TG' ? 'Support bot' : id);

describe('toSubjectSearch', () => {
  it('trims what was typed and sends one way to search', () => {
    expect(toSubjectSearch({ by: 'phone', value: ' +44 7911 123456 ', channel: '' })).toEqual({
      ok: true,
      search: { by: 'phone', value: '+44 7911 123456' },
    });
    expect(toSubjectSearch({ by: 'email', value: 'Jane@Example.com', channel: 'chn_TG' })).toEqual({
      ok: true,
      search: { by: 'email', value: 'Jane@Example.com' },
    });
  });

  it('keeps the channel for a channel id only, and only when one was chosen', () => {
    expect(toSubjectSearch({ by: 'identity', value: '12345', channel: 'chn_TG' })).toEqual({
      ok: true,
      search: { by: 'identity', value: '12345', channel: 'chn_TG' },
    });
    expect(toSubjectSearch({ by: 'identity', value: '12345', channel: ' ' })).toEqual({
      ok: true,
      search: { by: 'identity', value: '12345' },
    });
  });

  it('refuses what the server refuses, in words', () => {
    expect(toSubjectSearch({ by: 'name', value: '   ', channel: '' })).toEqual({ ok: false, message: 'Enter the name to search for.' });
    expect(toSubjectSearch({ by: 'identity', value: '', channel: '' })).toEqual({
      ok: false,
      message: 'Enter the channel id to search for.',
    });
    expect(toSubjectSearch({ by: 'phone', value: 'call me', channel: '' })).toEqual({ ok: false, message: 'A phone number needs digits.' });
    expect(toSubjectSearch({ by: 'name', value: 'é'.repeat(161), channel: '' }).ok).toBe(false);
    expect(toSubjectSearch({ by: 'name', value: 'é'.repeat(160), channel: '' }).ok).toBe(true);
  });
});

describe('resultSummary', () => {
  it('says plainly that nothing matches', () => {
    expect(resultSummary({ by: 'phone', value: '+447911123456' }, 0, names)).toBe(
      'No customer matches the phone number “+447911123456”.',
    );
    expect(resultSummary({ by: 'identity', value: '12345', channel: 'chn_TG' }, 0, names)).toBe(
      'No customer matches the channel id “12345” on Support bot.',
    );
  });

  it('counts the customers found', () => {
    expect(resultSummary({ by: 'name', value: 'Jane' }, 1, names)).toBe('1 customer matches the name “Jane”.');
    expect(resultSummary({ by: 'email', value: 'a@b.c' }, 3, names)).toBe('3 customers match the email address “a@b.c”.');
  });

  it('says when the server’s limit cut the list short', () => {
    expect(resultSummary({ by: 'name', value: 'Smith' }, 50, names)).toBe(
      'The first 50 customers matching the name “Smith” are shown; narrow the search to find others.',
    );
  });
});

describe('searchHint', () => {
  it('tells how a phone number without a country code is read', () => {
    expect(searchHint('phone', 'GB')).toContain('read as a GB number');
    expect(searchHint('phone', '')).toContain('no phone region is set');
    expect(searchHint('phone', undefined)).toContain('with the country code');
  });
});
