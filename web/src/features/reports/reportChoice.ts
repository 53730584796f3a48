// What a report covers: the period and grouping chosen on the page, kept in the address (bookmarkable), and the
// query they make for the server. Days are the browser's, to the whole hour (the server takes whole-hour offsets).
import type { ReportGrouping, ReportQuery } from '../../api/reports';

export type PeriodKind = 'today' | '7d' | '30d' | 'custom';

export interface ReportChoice {
  period: PeriodKind;
  /** First and last day (YYYY-MM-DD, both counted) of a custom period; "" for the others. */
  from: string;
  to: string;
  groupBy: ReportGrouping;
}

export const DEFAULT_CHOICE: ReportChoice = { period: '7d', from: '', to: '', groupBy: 'day' };

export const PERIOD_OPTIONS: readonly { value: PeriodKind; label: string }[] = [
  { value: 'today', label: 'Today' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: 'custom', label: 'Custom dates' },
];

export const GROUPING_OPTIONS: readonly { value: ReportGrouping; label: string }[] = [
  { value: 'day', label: 'Day' },
  { value: 'hour', label: 'Hour' },
  { value: 'channel', label: 'Channel' },
  { value: 'category', label: 'Category' },
  { value: 'agent', label: 'Agent' },
];

/** The server's limits: a report covers at most 366 days, and 31 when grouped by hour. */
export const MAX_DAYS = 366;
export const MAX_DAYS_BY_HOUR = 31;

const PERIODS: ReadonlySet<string> = new Set(PERIOD_OPTIONS.map((option) => option.value));
const GROUPINGS: ReadonlySet<string> = new Set(GROUPING_OPTIONS.map((option) => option.value));
const DAY_MS = 86_400_000;

export const isTimeGrouping = (grouping: ReportGrouping) => grouping === 'day' || grouping === 'hour';

/** A calendar day "YYYY-MM-DD" that exists, within the years the server takes (1970–2200). */
export function isDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match || text < '1970-01-01' || text > '2200-12-31') {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `day` moved by `days` (negative: earlier). */
export const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** How many days from `first` to `last`, both counted (0 when `last` is before `first`). */
export const dayCount = (first: string, last: string): number =>
  Math.max(0, Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / DAY_MS) + 1);

/** The browser's offset from UTC at `at`, in minutes east, rounded to the whole hour and kept to -12 h … +14 h. */
export function utcOffsetAt(at: Date): number {
  const hours = Math.round(-at.getTimezoneOffset() / 60);
  return Math.min(14, Math.max(-12, hours)) * 60 || 0;
}

/** "UTC+2", "UTC−5", "UTC". */
export function offsetLabel(offsetMinutes: number): string {
  if (offsetMinutes === 0) {
    return 'UTC';
  }
  return `UTC${offsetMinutes > 0 ? '+' : '−'}${Math.abs(offsetMinutes) / 60}`;
}

/** The day it is at `now`, `offsetMinutes` east of UTC. */
export const dayAt = (now: Date, offsetMinutes: number): string =>
  new Date(now.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);

/** The first and last day of the chosen period (custom: as chosen, whether valid or not). */
export function periodDays(choice: ReportChoice, today: string): { first: string; last: string } {
  switch (choice.period) {
    case 'today':
      return { first: today, last: today };
    case '7d':
      return { first: addDays(today, -6), last: today };
    case '30d':
      return { first: addDays(today, -29), last: today };
    case 'custom':
      return { first: choice.from, last: choice.to };
  }
}

export type ChoiceErrors = Partial<Record<'from' | 'to', string>>;

/** What is wrong with a custom period, field by field; {} when it can be sent (and always for the others). */
export function choiceErrors(choice: ReportChoice): ChoiceErrors {
  if (choice.period !== 'custom') {
    return {};
  }
  const errors: ChoiceErrors = {};
  if (!isDay(choice.from)) {
    errors.from = 'Choose the first day (between 1970 and 2200).';
  }
  if (!isDay(choice.to)) {
    errors.to = 'Choose the last day (between 1970 and 2200).';
  } else if (!errors.from && choice.to < choice.from) {
    errors.to = 'The last day is before the first.';
  } else if (!errors.from && dayCount(choice.from, choice.to) > MAX_DAYS) {
    errors.to = `A report covers at most ${MAX_DAYS} days.`;
  }
  return errors;
}

/** Whether the period is short enough to be grouped by hour. */
export const allowsHours = (choice: ReportChoice, today: string): boolean => {
  const { first, last } = periodDays(choice, today);
  return dayCount(first, last) <= MAX_DAYS_BY_HOUR;
};

/**
 * The choice an address's query string holds. Unknown or malformed parts fall back to the defaults: a custom
 * period with bad days becomes the last 7 days, and hours over a period too long for them become days.
 */
export function choiceFromSearch(search: string, today: string): ReportChoice {
  const params = new URLSearchParams(search);
  const period = params.get('period') ?? '';
  const groupBy = params.get('groupBy') ?? '';
  let choice: ReportChoice = {
    period: PERIODS.has(period) ? (period as PeriodKind) : DEFAULT_CHOICE.period,
    from: '',
    to: '',
    groupBy: GROUPINGS.has(groupBy) ? (groupBy as ReportGrouping) : DEFAULT_CHOICE.groupBy,
  };
  if (choice.period === 'custom') {
    choice = { ...choice, from: params.get('from') ?? '', to: params.get('to') ?? '' };
    if (Object.keys(choiceErrors(choice)).length > 0) {
      choice = { ...choice, period: DEFAULT_CHOICE.period, from: '', to: '' };
    }
  }
  return withAllowedGrouping(choice, today);
}

/** The choice with hours replaced by days when its period is too long for them. */
export function withAllowedGrouping(choice: ReportChoice, today: string): ReportChoice {
  return choice.groupBy === 'hour' && !allowsHours(choice, today) ? { ...choice, groupBy: 'day' } : choice;
}

/** The query string for a choice ("?period=30d&groupBy=agent"; "" for the defaults), always in the same order. */
export function choiceToSearch(choice: ReportChoice): string {
  const params = new URLSearchParams();
  if (choice.period !== DEFAULT_CHOICE.period) {
    params.set('period', choice.period);
  }
  if (choice.period === 'custom') {
    params.set('from', choice.from);
    params.set('to', choice.to);
  }
  if (choice.groupBy !== DEFAULT_CHOICE.groupBy) {
    params.set('groupBy', choice.groupBy);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Midnight starting `day`, `offsetMinutes` east of UTC, as RFC 3339 in UTC ("2026-11-30T23:00:00Z"). */
export const midnightOf = (day: string, offsetMinutes: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) - offsetMinutes * 60_000).toISOString().replace('.000Z', 'Z');

/**
 * The server's query for a (valid) choice at `now`: from the first day's midnight to the midnight after the last,
 * in the browser's time zone rounded to the hour, which is also sent as where days start.
 */
export function reportQueryOf(choice: ReportChoice, now: Date): ReportQuery {
  const utcOffset = utcOffsetAt(now);
  const { first, last } = periodDays(choice, dayAt(now, utcOffset));
  return {
    from: midnightOf(first, utcOffset),
    until: midnightOf(addDays(last, 1), utcOffset),
    groupBy: choice.groupBy,
    utcOffset,
  };
}
