// The Wallboard's queue history (GET /stats/queue-history) in words: the summary that is the charts' text alternative
// (the peak queue and the longest wait, and when). Pure; the charts' series are in queueHistorySeries.ts.
import type { QueueHistory } from '../../../api/routing';
import { formatCount, formatDuration } from '../../../format';

/** The periods a supervisor can choose, in hours; the server keeps 24. */
export const HISTORY_HOURS = [1, 6, 12, 24] as const;
export type HistoryHours = (typeof HISTORY_HOURS)[number];
export const DEFAULT_HISTORY_HOURS: HistoryHours = 6;

/** "hour", "6 hours": for "Queue over the last …". */
export const lastHoursText = (hours: number): string => (hours === 1 ? 'hour' : `${hours} hours`);

export interface HistoryPeak {
  value: number;
  /** The minute's start, in milliseconds since the epoch. */
  atMs: number;
}

/** The highest queue and the longest wait, each at the latest minute it was reached; null when always 0. */
export function historyPeaks(history: QueueHistory): { queue: HistoryPeak | null; wait: HistoryPeak | null } {
  let queue: HistoryPeak | null = null;
  let wait: HistoryPeak | null = null;
  // Oldest first, as the server sends them: a later minute as high replaces an earlier one.
  for (const point of history.points) {
    const atMs = Date.parse(point.at);
    if (point.queueLength > 0 && point.queueLength >= (queue?.value ?? 0)) {
      queue = { value: point.queueLength, atMs };
    }
    if (point.longestWaitSeconds > 0 && point.longestWaitSeconds >= (wait?.value ?? 0)) {
      wait = { value: point.longestWaitSeconds, atMs };
    }
  }
  return { queue, wait };
}

/**
 * The charts in words: "Peak queue: 4 waiting at 14:05. Longest wait: 3 min 20 s at 14:12.", and since when the
 * series runs when it starts inside the period. Null for no points at all (the page says there is no history yet).
 */
export function historySummary(history: QueueHistory, hours: number, formatTime: (ms: number) => string): string | null {
  if (history.points.length === 0) {
    return null;
  }
  const { queue, wait } = historyPeaks(history);
  const sentences: string[] = [];
  if (!queue) {
    sentences.push(`Nothing waited in the last ${lastHoursText(hours)}.`);
  } else {
    sentences.push(`Peak queue: ${formatCount(queue.value)} waiting at ${formatTime(queue.atMs)}.`);
    sentences.push(
      wait
        ? `Longest wait: ${formatDuration(wait.value)} at ${formatTime(wait.atMs)}.`
        : 'Longest wait: under a second.',
    );
  }
  // A series shorter than the period began when the server did.
  const first = Date.parse(history.points[0].at);
  const last = Date.parse(history.points[history.points.length - 1].at);
  if (last - first < hours * 3_600_000 - 2 * history.stepSeconds * 1000) {
    sentences.push(`Recorded since ${formatTime(first)}, when the server started.`);
  }
  return sentences.join(' ');
}

/** A time of day in the browser's locale ("14:05"), with the weekday when it is not today ("Mon 22:10"). */
export function historyTimeFormatter(nowMs: number, locale?: string): (ms: number) => string {
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  const withDay = new Intl.DateTimeFormat(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
  const today = new Date(nowMs).toDateString();
  return (ms) => (new Date(ms).toDateString() === today ? time : withDay).format(ms);
}
