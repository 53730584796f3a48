// The usage records' date range: two days as a date input gives them ("2026-12-01"), both included, turned into the
// RFC 3339 times the API takes: from the start of the first day (UTC) until the start of the day after the last.
import type { UsageRange } from '../../../api/types';

/** The form's two days, "YYYY-MM-DD" or "" when not chosen. */
export interface UsageDays {
  from: string;
  until: string;
}

export type UsageDaysErrors = Partial<Record<keyof UsageDays, string>>;

export type UsageRangeCheck = { ok: true; range: UsageRange } | { ok: false; errors: UsageDaysErrors };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day as a UTC midnight, or null when `day` is not a real "YYYY-MM-DD" date. */
function parseDay(day: string): Date | null {
  const match = DAY.exec(day.trim());
  if (!match) {
    return null;
  }
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const parsed = new Date(Date.UTC(year, month - 1, date));
  // Date.UTC rolls 2026-02-30 over into March: such a day does not exist.
  const real = parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === date;
  return real ? parsed : null;
}

/** "2026-12-01T00:00:00Z" without milliseconds, as the API writes its times. */
const rfc3339 = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The start of `day` in UTC as RFC 3339, or null when it is not a date. */
export function dayStartUtc(day: string): string | null {
  const parsed = parseDay(day);
  return parsed ? rfc3339(parsed) : null;
}

/** The start of the day after `day` in UTC as RFC 3339 (the exclusive end of a range that includes `day`), or null. */
export function dayEndUtc(day: string): string | null {
  const parsed = parseDay(day);
  if (!parsed) {
    return null;
  }
  parsed.setUTCDate(parsed.getUTCDate() + 1);
  return rfc3339(parsed);
}

/** Checks the two days as the server would and turns them into the API's range; the last day is included. */
export function checkUsageDays(days: UsageDays): UsageRangeCheck {
  const errors: UsageDaysErrors = {};
  const from = dayStartUtc(days.from);
  const until = dayEndUtc(days.until);
  if (from === null) {
    errors.from = days.from.trim() === '' ? 'Choose the first day.' : 'The first day is not a date (YYYY-MM-DD).';
  }
  if (until === null) {
    errors.until = days.until.trim() === '' ? 'Choose the last day.' : 'The last day is not a date (YYYY-MM-DD).';
  }
  if (from !== null && until !== null && from >= until) {
    errors.until = 'The last day must not be before the first day.';
  }
  if (from === null || until === null || errors.until) {
    return { ok: false, errors };
  }
  return { ok: true, range: { from, until } };
}

/** "YYYY-MM-DD" of `date` in the browser's time zone, as a date input shows it. */
const localDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** The days the form starts with: this month so far, from its first day until today. */
export function defaultUsageDays(now: Date): UsageDays {
  return { from: localDay(new Date(now.getFullYear(), now.getMonth(), 1)), until: localDay(now) };
}
