import { describe, expect, it } from 'vitest';
import type { QueueHistory } from '../../../api/routing';
import { historyPeaks, historySummary, historyTimeFormatter, lastHoursText } from './queueHistory';

const T0 = Date.parse('2026-12-07T12:00:00Z');
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
const history = (rows: [number, number, number][]): QueueHistory => ({
  stepSeconds: 60,
  points: rows.map(([minute, queueLength, longestWaitSeconds]) => ({ at: at(minute), queueLength, longestWaitSeconds })),
});
/** Minutes after T0, so the summaries do not depend on the machine's time zone. */
const minutes = (ms: number) => `+${(ms - T0) / 60_000}m`;

describe('historyPeaks', () => {
  it('finds the highest queue and the longest wait at the latest minute they were reached', () => {
    const peaks = historyPeaks(history([[0, 3, 50], [1, 1, 200], [2, 3, 20], [3, 0, 0]]));
    expect(peaks.queue).toEqual({ value: 3, atMs: T0 + 2 * 60_000 });
    expect(peaks.wait).toEqual({ value: 200, atMs: T0 + 60_000 });
  });

  it('has none when nothing waited', () => {
    expect(historyPeaks(history([[0, 0, 0], [1, 0, 0]]))).toEqual({ queue: null, wait: null });
  });
});

describe('historySummary', () => {
  const full: [number, number, number][] = Array.from({ length: 61 }, (_, minute) => [minute, 0, 0]);

  it('names the peak queue and the longest wait, and when', () => {
    const rows = full.map(([minute]) => [minute, minute === 10 ? 4 : 1, minute === 12 ? 200 : 30] as [number, number, number]);
    expect(historySummary(history(rows), 1, minutes)).toBe(
      'Peak queue: 4 waiting at +10m. Longest wait: 3 min 20 s at +12m.',
    );
  });

  it('says when nothing waited', () => {
    expect(historySummary(history(full), 1, minutes)).toBe('Nothing waited in the last hour.');
  });

  it('says a wait too short to count', () => {
    expect(historySummary(history([...full.slice(0, 60), [60, 1, 0]]), 1, minutes)).toBe(
      'Peak queue: 1 waiting at +60m. Longest wait: under a second.',
    );
  });

  it('says since when the series runs when the server started within the period', () => {
    expect(historySummary(history([[0, 2, 15], [1, 1, 75]]), 6, minutes)).toBe(
      'Peak queue: 2 waiting at +0m. Longest wait: 1 min 15 s at +1m. Recorded since +0m, when the server started.',
    );
  });

  it('is null without points: there is no history yet', () => {
    expect(historySummary({ stepSeconds: 60, points: [] }, 6, minutes)).toBeNull();
  });
});

describe('wording', () => {
  it('names the period', () => {
    expect(lastHoursText(1)).toBe('hour');
    expect(lastHoursText(24)).toBe('24 hours');
  });

  it('adds the weekday to times of another day', () => {
    const now = Date.parse('2026-12-07T12:00:00');
    const format = historyTimeFormatter(now, 'en-GB');
    expect(format(Date.parse('2026-12-07T09:05:00'))).toBe('09:05');
    expect(format(Date.parse('2026-12-06T22:10:00'))).toBe('Sun 22:10');
  });
});
