// Reports (W6, docs/api.md: /api/v1/reports/conversations): a period's conversations grouped by channel, category,
// agent, hour or day, as JSON for the page's charts or as CSV for a spreadsheet. Admins and supervisors.
import { api } from './endpoints';

export type ReportGrouping = 'day' | 'hour' | 'channel' | 'category' | 'agent';

/** A time's summary; the median and 90th percentile come from 10 %-wide buckets (within 10 % of the exact value). */
export interface ReportDuration {
  count: number;
  meanMs: number | null;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface ReportRow {
  /** A channel, category or agent id ("" for none), an hour's start (RFC 3339, UTC) or a local day (YYYY-MM-DD). */
  key: string;
  /** The channel's, category's or agent's name; the key itself for hours and days. */
  label: string;
  /** Conversations that arrived: new, or reopened by the customer. */
  received: number;
  /** Closed after a reply. */
  handled: number;
  /** Closed without any reply. */
  abandoned: number;
  missedOffers: number;
  /** Creation → first reply. */
  firstResponse: ReportDuration;
  /** Taken by an agent → closed. */
  handling: ReportDuration;
  /** Queued → held by an agent. */
  waiting: ReportDuration;
}

export interface ConversationReport {
  /** The period as the server rounded it to whole hours (RFC 3339, UTC). */
  from: string;
  until: string;
  groupBy: ReportGrouping;
  utcOffset: number;
  /** Every hour or day of the period when grouped by time (zeros for quiet ones); the groups with traffic otherwise. */
  rows: ReportRow[];
  total: ReportRow;
}

export interface ReportQuery {
  /** RFC 3339 times (UTC) or dates; an `until` date counts its whole day. */
  from: string;
  until: string;
  groupBy: ReportGrouping;
  /** Minutes east of UTC, whole hours: where a day starts. */
  utcOffset: number;
}

/** `?from=…&until=…&groupBy=…&utcOffset=…&format=…`. */
export function reportSearch(query: ReportQuery, format: 'json' | 'csv'): string {
  // encodeURIComponent, not URLSearchParams: the server reads '+' as '+', not a space.
  const parameters: [string, string | number][] = [
    ['from', query.from],
    ['until', query.until],
    ['groupBy', query.groupBy],
    ['utcOffset', query.utcOffset],
    ['format', format],
  ];
  return `?${parameters.map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`).join('&')}`;
}

/** The report; 422 `validation_failed` (with a sentence) for a period or grouping the server refuses. */
export const getConversationReport = (query: ReportQuery) =>
  api.request<ConversationReport>('GET', `/reports/conversations${reportSearch(query, 'json')}`);

/** Where the browser downloads the same report as CSV (a plain link: GET, cookie); durations in seconds. */
export const reportCsvUrl = (query: ReportQuery): string =>
  `/api/v1/reports/conversations${reportSearch(query, 'csv')}`;
