// The charts' data, built from a report's rows without the chart library: series per figure, the unit a time
// chart reads in, which ticks get a label, and where each of a group's bars stands.
import type { ReportGrouping, ReportRow } from '../../api/reports';
import { isTimeGrouping } from './reportChoice';

/**
 * The rows in the order the table and the charts show them: hours and days in time order, as the server sends them;
 * channels, categories and agents busiest first, then by name.
 */
export function orderRows(rows: readonly ReportRow[], grouping: ReportGrouping): ReportRow[] {
  if (isTimeGrouping(grouping)) {
    return [...rows];
  }
  return [...rows].sort(
    (a, b) =>
      b.received - a.received ||
      b.handled + b.abandoned - (a.handled + a.abandoned) ||
      a.label.localeCompare(b.label) ||
      a.key.localeCompare(b.key),
  );
}

export interface VolumeSeries {
  /** The rows' positions, 0 … n−1: the charts place rows by index and label them themselves. */
  x: number[];
  received: number[];
  handled: number[];
  abandoned: number[];
}

export function volumeSeries(rows: readonly ReportRow[]): VolumeSeries {
  return {
    x: rows.map((_, index) => index),
    received: rows.map((row) => row.received),
    handled: rows.map((row) => row.handled),
    abandoned: rows.map((row) => row.abandoned),
  };
}

export interface TimeUnit {
  /** Milliseconds per unit. */
  millis: number;
  /** For the axis: "Median (s)". */
  symbol: 's' | 'min' | 'h';
}

const SECOND: TimeUnit = { millis: 1000, symbol: 's' };
const MINUTE: TimeUnit = { millis: 60_000, symbol: 'min' };
const HOUR: TimeUnit = { millis: 3_600_000, symbol: 'h' };

/** The unit an axis reading up to `maxMillis` is easiest in: seconds below 2 minutes, minutes below 2 hours. */
export function timeUnitFor(maxMillis: number): TimeUnit {
  if (maxMillis < 2 * MINUTE.millis) {
    return SECOND;
  }
  return maxMillis < 2 * HOUR.millis ? MINUTE : HOUR;
}

export interface TimingSeries {
  unit: TimeUnit;
  /** Medians in `unit`, to a tenth; null where nothing was measured (a gap in the line). */
  firstResponse: (number | null)[];
  waiting: (number | null)[];
  /** Whether any row measured either time (else there is nothing to draw). */
  measured: boolean;
}

/** The medians of first response and waiting per row, in one unit that suits the longest. */
export function timingSeries(rows: readonly ReportRow[]): TimingSeries {
  const medians = (pick: (row: ReportRow) => number | null) => rows.map((row) => pick(row));
  const firstResponse = medians((row) => (row.firstResponse.count > 0 ? row.firstResponse.medianMs : null));
  const waiting = medians((row) => (row.waiting.count > 0 ? row.waiting.medianMs : null));
  const measuredValues = [...firstResponse, ...waiting].filter((value): value is number => value !== null);
  const unit = timeUnitFor(Math.max(0, ...measuredValues));
  const inUnit = (values: (number | null)[]) =>
    values.map((value) => (value === null ? null : Math.round((value / unit.millis) * 10) / 10));
  return {
    unit,
    firstResponse: inUnit(firstResponse),
    waiting: inUnit(waiting),
    measured: measuredValues.length > 0,
  };
}

/** Steps between labelled ticks that read naturally: days by 1, 2, a week…; hours by 1, 2, 3, 6, 12, a day… */
const STEPS: Record<'day' | 'hour' | 'group', readonly number[]> = {
  day: [1, 2, 7, 14, 28, 56, 91, 182],
  hour: [1, 2, 3, 6, 12, 24, 48, 72, 168, 336],
  group: [1, 2, 3, 4, 5, 10, 20, 50, 100],
};

/**
 * Which of `count` positions get a label on an axis `widthPx` wide when a label needs `labelPx`: every one when they
 * fit, else every n-th for the smallest natural n that fits (positions 0, n, 2n, …: midnight first for hours).
 */
export function tickIndices(count: number, widthPx: number, labelPx: number, kind: 'day' | 'hour' | 'group'): number[] {
  if (count <= 0) {
    return [];
  }
  const fits = Math.max(1, Math.floor(widthPx / labelPx));
  const steps = STEPS[kind];
  const step = steps.find((candidate) => Math.ceil(count / candidate) <= fits) ?? Math.ceil(count / fits);
  const ticks: number[] = [];
  for (let index = 0; index < count; index += step) {
    ticks.push(index);
  }
  return ticks;
}

/** `text` cut to `maxChars` with an ellipsis when longer. */
export function truncate(text: string, maxChars: number): string {
  const keep = Math.max(1, Math.floor(maxChars));
  return text.length <= keep ? text : `${text.slice(0, Math.max(1, keep - 1)).trimEnd()}…`;
}

/** Of a group's width (1 on the x axis), what its bars share; the rest is the space between groups. */
const GROUP_WIDTH = 0.8;
/** Of each bar's slot, what the bar fills; the rest separates it from its neighbour. */
const BAR_FILL = 0.85;

/**
 * Where bar `seriesIndex` of `seriesCount` side-by-side bars starts, relative to its group's position, and how wide it
 * is, in x-axis units (groups stand at 0, 1, 2, …).
 */
export function barLayout(seriesIndex: number, seriesCount: number): { offset: number; size: number } {
  const slot = GROUP_WIDTH / seriesCount;
  const size = slot * BAR_FILL;
  return { offset: -GROUP_WIDTH / 2 + seriesIndex * slot + (slot - size) / 2, size };
}

/** The y axis's upper end for counts: a little above the highest, at least 1 (a quiet period still has an axis). */
export function countAxisMax(values: readonly number[]): number {
  const highest = Math.max(0, ...values);
  return highest < 1 ? 1 : highest * 1.1;
}

/** Steps a duration axis (in seconds) is labelled at: whole seconds, minutes or hours that read naturally. */
export const DURATION_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
];

/** The upper end of an axis of durations in seconds: a little above the longest, at least a minute. */
export function durationAxisMax(values: readonly (number | null)[]): number {
  const highest = Math.max(0, ...values.filter((value): value is number => value !== null));
  return highest < 60 ? 60 : highest * 1.1;
}
