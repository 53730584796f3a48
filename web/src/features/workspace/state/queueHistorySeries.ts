// The Wallboard's queue history as chart columns. Only the charts' chunk imports this (with uPlot), so the first load
// does not carry it; the summary in words is in queueHistory.ts.
import type { QueueHistory } from '../../../api/routing';

/** A few points in a wide chart read as a smear: at least this much time is shown. */
const MIN_SPAN_SECONDS = 30 * 60;

export interface HistorySeries {
  /** Each minute's start, in seconds since the epoch (uPlot's time axis). */
  x: number[];
  /** The most that waited in each minute; null where a minute is missing (a gap, not a fall to 0). */
  queueLength: (number | null)[];
  /** The longest wait by each minute's end, in seconds; null where a minute is missing. */
  longestWait: (number | null)[];
  /** What the x axis shows, in seconds: the period asked for, ending with the last minute. */
  range: [number, number];
  /** A minute, in seconds: a queue length holds for its minute, a wait is measured at its end. */
  step: number;
}

/** The points as chart columns, in time order; a missing minute inside the series breaks the lines. */
export function historySeries(history: QueueHistory, hours: number): HistorySeries {
  const step = history.stepSeconds > 0 ? history.stepSeconds : 60;
  const points = history.points
    .map((point) => ({ ...point, seconds: Date.parse(point.at) / 1000 }))
    .filter((point) => Number.isFinite(point.seconds))
    .sort((a, b) => a.seconds - b.seconds);
  const series: HistorySeries = { x: [], queueLength: [], longestWait: [], range: [0, 0], step };
  for (const point of points) {
    const previous = series.x[series.x.length - 1];
    if (previous !== undefined && point.seconds - previous > step * 1.5) {
      series.x.push(previous + step);
      series.queueLength.push(null);
      series.longestWait.push(null);
    }
    series.x.push(point.seconds);
    series.queueLength.push(point.queueLength);
    series.longestWait.push(point.longestWaitSeconds);
  }
  if (series.x.length > 0) {
    const end = series.x[series.x.length - 1] + step;
    series.range = [Math.min(Math.max(end - hours * 3600, series.x[0]), end - MIN_SPAN_SECONDS), end];
  }
  return series;
}
