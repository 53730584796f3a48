// How a report's figures read: durations no more precise than the server measures them, shares of closed
// conversations, and what an hour's or a day's row is called.
import type { ReportDuration, ReportGrouping, ReportRow } from '../../api/reports';
import { formatDuration } from '../../format';

/**
 * A measured time in words ("45 s", "2 min 30 s", "12 min", "1 h 5 min"; "—" when nothing was measured). The
 * server's medians and percentiles are within 10 % of the exact value, so seconds are rounded to 5 past a minute and
 * left out past 10 minutes; "< 1 s" for less than half a second.
 */
export function formatReportDuration(millis: number | null): string {
  if (millis === null || !Number.isFinite(millis)) {
    return '—';
  }
  const seconds = Math.max(0, millis / 1000);
  if (seconds > 0 && seconds < 0.5) {
    return '< 1 s';
  }
  if (seconds < 60) {
    return formatDuration(seconds);
  }
  const step = seconds < 600 ? 5 : 60;
  return formatDuration(Math.round(seconds / step) * step);
}

/** A duration tile's second line: "90 % within 5 min", or "" when nothing was measured. */
export function p90Text(duration: ReportDuration): string {
  return duration.count > 0 && duration.p90Ms !== null ? `90 % within ${formatReportDuration(duration.p90Ms)}` : '';
}

/** The share of closed conversations (handled + abandoned) that `part` is, as "25 %"; null when none closed. */
export function shareOfClosed(part: number, row: Pick<ReportRow, 'handled' | 'abandoned'>): string | null {
  const closed = row.handled + row.abandoned;
  return closed > 0 ? `${Math.round((100 * part) / closed)} %` : null;
}

/** Whether nothing at all happened in the period: no arrival, no closing, no missed offer. */
export const isQuiet = (row: ReportRow): boolean =>
  row.received === 0 && row.handled === 0 && row.abandoned === 0 && row.missedOffers === 0;

export const GROUP_HEADINGS: Record<ReportGrouping, string> = {
  day: 'Day',
  hour: 'Hour',
  channel: 'Channel',
  category: 'Category',
  agent: 'Agent',
};

/** "By day", "By agent", … */
export const byText = (grouping: ReportGrouping) => `By ${GROUP_HEADINGS[grouping].toLowerCase()}`;

/** Formats dates and times as they are `offsetMinutes` east of UTC (the report's days), in the browser's locale. */
export class ReportTimes {
  private readonly day: Intl.DateTimeFormat;
  private readonly shortDay: Intl.DateTimeFormat;
  private readonly hour: Intl.DateTimeFormat;
  private readonly dayAndHour: Intl.DateTimeFormat;

  constructor(
    private readonly offsetMinutes: number,
    locale?: string,
  ) {
    // Shifted by the offset, then read as UTC: the same day and hour whatever the browser's own zone.
    const utc = { timeZone: 'UTC' } as const;
    this.day = new Intl.DateTimeFormat(locale, { ...utc, weekday: 'short', day: 'numeric', month: 'short' });
    this.shortDay = new Intl.DateTimeFormat(locale, { ...utc, day: 'numeric', month: 'short' });
    this.hour = new Intl.DateTimeFormat(locale, { ...utc, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    this.dayAndHour = new Intl.DateTimeFormat(locale, {
      ...utc,
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }

  /** A day's row ("YYYY-MM-DD"): "Tue 1 Dec"; short: "1 Dec". */
  dayLabel(key: string, short = false): string {
    const at = Date.parse(`${key}T00:00:00Z`);
    return Number.isNaN(at) ? key : (short ? this.shortDay : this.day).format(at);
  }

  /** An hour's row (its start, RFC 3339): "14:00", or "1 Dec, 14:00" with the day. */
  hourLabel(key: string, withDay: boolean): string {
    const at = Date.parse(key);
    if (Number.isNaN(at)) {
      return key;
    }
    const local = at + this.offsetMinutes * 60_000;
    return (withDay ? this.dayAndHour : this.hour).format(local);
  }

  /** The day an hour's row (its start, RFC 3339) falls on: "1 Dec". */
  dayOfHour(key: string): string {
    const at = Date.parse(key);
    return Number.isNaN(at) ? key : this.shortDay.format(at + this.offsetMinutes * 60_000);
  }

  /** Whether an hour's row (its start, RFC 3339) is the start of a day. */
  startsDay(key: string): boolean {
    const at = Date.parse(key);
    return !Number.isNaN(at) && (at + this.offsetMinutes * 60_000) % 86_400_000 === 0;
  }

  /** "1 Dec" for a one-day period, "1 Dec – 7 Dec" for longer ones; the days as the server rounded the period. */
  periodLabel(from: string, until: string): string {
    const first = Date.parse(from) + this.offsetMinutes * 60_000;
    const last = Date.parse(until) + this.offsetMinutes * 60_000 - 1;
    if (Number.isNaN(first) || Number.isNaN(last)) {
      return `${from} – ${until}`;
    }
    const [a, b] = [this.shortDay.format(first), this.shortDay.format(last)];
    return a === b ? a : `${a} – ${b}`;
  }
}

/**
 * What a row is called in the table and on a chart's axis: the day or hour for time groupings (with the day when
 * the report spans several), the server's label otherwise ("None" for a channel-less row).
 */
export function rowLabel(row: ReportRow, grouping: ReportGrouping, times: ReportTimes, severalDays: boolean): string {
  switch (grouping) {
    case 'day':
      return times.dayLabel(row.key);
    case 'hour':
      return times.hourLabel(row.key, severalDays);
    default:
      return row.label || (row.key === '' ? 'None' : row.key);
  }
}
