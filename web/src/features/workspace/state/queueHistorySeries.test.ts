import { describe, expect, it } from 'vitest';
import type { QueueHistory } from '../../../api/routing';
import { historySeries } from './queueHistorySeries';

const T0 = Date.parse('2026-12-07T12:00:00Z');
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
const history = (rows: [number, number, number][]): QueueHistory => ({
  stepSeconds: 60,
  points: rows.map(([minute, queueLength, longestWaitSeconds]) => ({ at: at(minute), queueLength, longestWaitSeconds })),
});

describe('historySeries', () => {
  it('gives columns in seconds, in time order', () => {
    const series = historySeries(history([[1, 2, 30], [0, 1, 10]]), 6);
    expect(series.x).toEqual([T0 / 1000, T0 / 1000 + 60]);
    expect(series.queueLength).toEqual([1, 2]);
    expect(series.longestWait).toEqual([10, 30]);
  });

  it('breaks the lines where a minute is missing', () => {
    const series = historySeries(history([[0, 1, 10], [3, 2, 40]]), 6);
    expect(series.x).toEqual([T0 / 1000, T0 / 1000 + 60, T0 / 1000 + 180]);
    expect(series.queueLength).toEqual([1, null, 2]);
    expect(series.longestWait).toEqual([10, null, 40]);
  });

  it('shows the period asked for once the series fills it', () => {
    const rows: [number, number, number][] = Array.from({ length: 120 }, (_, minute) => [minute, 0, 0]);
    const series = historySeries(history(rows), 1);
    const end = T0 / 1000 + 120 * 60;
    expect(series.range).toEqual([end - 3600, end]);
  });

  it('starts with the first minute recorded, showing half an hour at least', () => {
    const rows: [number, number, number][] = Array.from({ length: 45 }, (_, minute) => [minute, 0, 0]);
    expect(historySeries(history(rows), 6).range).toEqual([T0 / 1000, T0 / 1000 + 45 * 60]);
    expect(historySeries(history([[0, 1, 5]]), 6).range).toEqual([T0 / 1000 + 60 - 1800, T0 / 1000 + 60]);
  });

  it('is empty without points', () => {
    expect(historySeries({ stepSeconds: 60, points: [] }, 6).x).toEqual([]);
    expect(historySeries({ stepSeconds: 60, points: [] }, 6).step).toBe(60);
  });
});
