import { describe, expect, it } from 'vitest';
import { checkUsageDays, dayEndUtc, dayStartUtc, defaultUsageDays } from './usageRange';

describe('days as the API’s times', () => {
  it('starts a day at midnight UTC', () => {
    expect(dayStartUtc('2026-12-01')).toBe('2026-12-01T00:00:00Z');
    expect(dayStartUtc(' 2026-12-01 ')).toBe('2026-12-01T00:00:00Z');
  });

  it('ends a day at the start of the next, across months, years and leap days', () => {
    expect(dayEndUtc('2026-12-07')).toBe('2026-12-08T00:00:00Z');
    expect(dayEndUtc('2026-11-30')).toBe('2026-12-01T00:00:00Z');
    expect(dayEndUtc('2026-12-31')).toBe('2027-01-01T00:00:00Z');
    expect(dayEndUtc('2028-02-28')).toBe('2028-02-29T00:00:00Z');
    expect(dayEndUtc('2027-02-28')).toBe('2027-03-01T00:00:00Z');
  });

  it('refuses what is not a real day', () => {
    for (const day of ['', '2026-2-1', '2026-02-30', '2026-13-01', '01/12/2026', '2026-12-01T00:00:00Z', 'today']) {
      expect(dayStartUtc(day), day).toBeNull();
      expect(dayEndUtc(day), day).toBeNull();
    }
  });
});

describe('checkUsageDays', () => {
  it('includes the last day: until is the start of the day after it', () => {
    expect(checkUsageDays({ from: '2026-12-01', until: '2026-12-07' })).toEqual({
      ok: true,
      range: { from: '2026-12-01T00:00:00Z', until: '2026-12-08T00:00:00Z' },
    });
  });

  it('takes a single day', () => {
    expect(checkUsageDays({ from: '2026-12-07', until: '2026-12-07' })).toEqual({
      ok: true,
      range: { from: '2026-12-07T00:00:00Z', until: '2026-12-08T00:00:00Z' },
    });
  });

  it('refuses a last day before the first', () => {
    expect(checkUsageDays({ from: '2026-12-08', until: '2026-12-07' })).toEqual({
      ok: false,
      errors: { until: 'The last day must not be before the first day.' },
    });
    expect(checkUsageDays({ from: '2027-01-01', until: '2026-12-31' }).ok).toBe(false);
  });

  it('asks for both days, and says which is not a date', () => {
    expect(checkUsageDays({ from: '', until: '' })).toEqual({
      ok: false,
      errors: { from: 'Choose the first day.', until: 'Choose the last day.' },
    });
    expect(checkUsageDays({ from: '2026-02-30', until: '2026-12-07' })).toEqual({
      ok: false,
      errors: { from: 'The first day is not a date (YYYY-MM-DD).' },
    });
  });
});

describe('defaultUsageDays', () => {
  it('is this month so far, in the browser’s own calendar', () => {
    expect(defaultUsageDays(new Date(2026, 11, 7, 15, 30))).toEqual({ from: '2026-12-01', until: '2026-12-07' });
    expect(defaultUsageDays(new Date(2027, 0, 1, 0, 5))).toEqual({ from: '2027-01-01', until: '2027-01-01' });
  });
});
