import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CHOICE,
  addDays,
  allowsHours,
  choiceErrors,
  choiceFromSearch,
  choiceToSearch,
  dayAt,
  dayCount,
  offsetLabel,
  periodDays,
  reportQueryOf,
  utcOffsetAt,
  withAllowedGrouping,
  type ReportChoice,
} from './reportChoice';

/** A moment as a browser `offsetMinutes` east of UTC sees it. */
const seenAt = (iso: string, offsetMinutes: number): Date =>
  Object.assign(new Date(iso), { getTimezoneOffset: () => -offsetMinutes });

const custom = (from: string, to: string, groupBy: ReportChoice['groupBy'] = 'day'): ReportChoice => ({
  period: 'custom',
  from,
  to,
  groupBy,
});

describe('the browser’s offset', () => {
  it('is rounded to the whole hour and kept to what the server takes', () => {
    expect(utcOffsetAt(seenAt('2026-12-01T12:00:00Z', 60))).toBe(60);
    expect(utcOffsetAt(seenAt('2026-12-01T12:00:00Z', -300))).toBe(-300);
    expect(utcOffsetAt(seenAt('2026-12-01T12:00:00Z', 330))).toBe(360); // India, +5:30
    expect(utcOffsetAt(seenAt('2026-12-01T12:00:00Z', 345))).toBe(360); // Nepal, +5:45
    expect(utcOffsetAt(seenAt('2026-12-01T12:00:00Z', -570))).toBe(-540); // Marquesas, −9:30
    expect(utcOffsetAt(seenAt('2026-12-01T12:00:00Z', 14 * 60 + 45))).toBe(840);
    expect(Object.is(utcOffsetAt(seenAt('2026-12-01T12:00:00Z', 0)), 0)).toBe(true);
  });

  it('reads as UTC±hours', () => {
    expect(offsetLabel(0)).toBe('UTC');
    expect(offsetLabel(120)).toBe('UTC+2');
    expect(offsetLabel(-300)).toBe('UTC−5');
  });
});

describe('days', () => {
  it('are counted in the report’s offset', () => {
    expect(dayAt(new Date('2026-12-01T23:30:00Z'), 60)).toBe('2026-12-02');
    expect(dayAt(new Date('2026-12-01T02:00:00Z'), -300)).toBe('2026-11-30');
  });

  it('move across months, years and leap days', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(dayCount('2026-12-01', '2026-12-01')).toBe(1);
    expect(dayCount('2026-12-01', '2026-12-31')).toBe(31);
    expect(dayCount('2026-12-02', '2026-12-01')).toBe(0);
  });
});

describe('a period', () => {
  const today = '2026-12-10';

  it('ends today, or where the custom dates say', () => {
    expect(periodDays({ ...DEFAULT_CHOICE, period: 'today' }, today)).toEqual({ first: today, last: today });
    expect(periodDays({ ...DEFAULT_CHOICE, period: '7d' }, today)).toEqual({ first: '2026-12-04', last: today });
    expect(periodDays({ ...DEFAULT_CHOICE, period: '30d' }, today)).toEqual({ first: '2026-11-11', last: today });
    expect(periodDays(custom('2026-01-01', '2026-01-31'), today)).toEqual({ first: '2026-01-01', last: '2026-01-31' });
  });

  it('goes from the first day’s local midnight to the midnight after the last, in UTC', () => {
    const now = seenAt('2026-12-10T10:00:00Z', 60);
    expect(reportQueryOf({ ...DEFAULT_CHOICE, period: 'today', groupBy: 'hour' }, now)).toEqual({
      from: '2026-12-09T23:00:00Z',
      until: '2026-12-10T23:00:00Z',
      groupBy: 'hour',
      utcOffset: 60,
    });
    expect(reportQueryOf(DEFAULT_CHOICE, now)).toMatchObject({ from: '2026-12-03T23:00:00Z', until: '2026-12-10T23:00:00Z' });
    const west = seenAt('2026-12-10T03:00:00Z', -300); // still the 9th in New York
    expect(reportQueryOf({ ...DEFAULT_CHOICE, period: 'today' }, west)).toEqual({
      from: '2026-12-09T05:00:00Z',
      until: '2026-12-10T05:00:00Z',
      groupBy: 'day',
      utcOffset: -300,
    });
    expect(reportQueryOf(custom('2026-01-01', '2026-01-31', 'agent'), seenAt('2026-12-10T03:00:00Z', 0))).toEqual({
      from: '2026-01-01T00:00:00Z',
      until: '2026-02-01T00:00:00Z',
      groupBy: 'agent',
      utcOffset: 0,
    });
  });

  it('may be grouped by hour up to 31 days', () => {
    expect(allowsHours({ ...DEFAULT_CHOICE, period: '30d' }, today)).toBe(true);
    expect(allowsHours(custom('2026-12-01', '2026-12-31'), today)).toBe(true);
    expect(allowsHours(custom('2026-12-01', '2027-01-01'), today)).toBe(false);
    expect(withAllowedGrouping(custom('2026-12-01', '2027-01-01', 'hour'), today).groupBy).toBe('day');
    expect(withAllowedGrouping(custom('2026-12-01', '2027-01-01', 'agent'), today).groupBy).toBe('agent');
  });

  it('needs two days in order, at most 366 days apart', () => {
    expect(choiceErrors(DEFAULT_CHOICE)).toEqual({});
    expect(choiceErrors(custom('2025-01-01', '2026-01-01'))).toEqual({});
    expect(choiceErrors(custom('', '2026-01-01'))).toHaveProperty('from');
    expect(choiceErrors(custom('2026-01-01', '2026-02-30'))).toHaveProperty('to');
    expect(choiceErrors(custom('2026-01-02', '2026-01-01'))).toEqual({ to: 'The last day is before the first.' });
    expect(choiceErrors(custom('2025-01-01', '2026-01-02'))).toEqual({ to: 'A report covers at most 366 days.' });
  });
});

describe('the address', () => {
  const today = '2026-12-10';

  it('leaves the defaults out and keeps the rest in one order', () => {
    expect(choiceToSearch(DEFAULT_CHOICE)).toBe('');
    expect(choiceToSearch({ ...DEFAULT_CHOICE, groupBy: 'agent' })).toBe('?groupBy=agent');
    expect(choiceToSearch(custom('2026-11-01', '2026-11-30', 'hour'))).toBe(
      '?period=custom&from=2026-11-01&to=2026-11-30&groupBy=hour',
    );
  });

  it('reads back what it wrote', () => {
    const choices: ReportChoice[] = [
      DEFAULT_CHOICE,
      { ...DEFAULT_CHOICE, period: 'today', groupBy: 'hour' },
      { ...DEFAULT_CHOICE, period: '30d', groupBy: 'category' },
      custom('2026-11-01', '2026-11-30', 'channel'),
    ];
    for (const choice of choices) {
      expect(choiceFromSearch(choiceToSearch(choice), today)).toEqual(choice);
    }
  });

  it('falls back to the defaults for what it cannot use', () => {
    expect(choiceFromSearch('', today)).toEqual(DEFAULT_CHOICE);
    expect(choiceFromSearch('?period=year&groupBy=weekday', today)).toEqual(DEFAULT_CHOICE);
    expect(choiceFromSearch('?period=custom&from=2026-11-30&to=2026-11-01&groupBy=agent', today)).toEqual({
      ...DEFAULT_CHOICE,
      groupBy: 'agent',
    });
    expect(choiceFromSearch('?period=custom&from=2026-01-01&to=2026-03-01&groupBy=hour', today)).toEqual(
      custom('2026-01-01', '2026-03-01', 'day'),
    );
  });
});
