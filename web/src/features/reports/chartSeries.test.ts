import { describe, expect, it } from 'vitest';
import type { ReportDuration, ReportRow } from '../../api/reports';
import {
  barLayout,
  countAxisMax,
  DURATION_STEPS,
  durationAxisMax,
  orderRows,
  tickIndices,
  timeUnitFor,
  timingSeries,
  truncate,
  volumeSeries,
} from './chartSeries';

const none: ReportDuration = { count: 0, meanMs: null, medianMs: null, p90Ms: null };
const measured = (medianMs: number): ReportDuration => ({ count: 1, meanMs: medianMs, medianMs, p90Ms: medianMs });
const row = (fields: Partial<ReportRow>): ReportRow => ({
  key: '',
  label: '',
  received: 0,
  handled: 0,
  abandoned: 0,
  missedOffers: 0,
  firstResponse: none,
  handling: none,
  waiting: none,
  ...fields,
});

describe('the rows’ order', () => {
  it('keeps time in order and puts the busiest group first', () => {
    const days = [row({ key: '2026-12-01' }), row({ key: '2026-12-02', received: 5 })];
    expect(orderRows(days, 'day').map((each) => each.key)).toEqual(['2026-12-01', '2026-12-02']);
    const agents = [
      row({ key: 'b', label: 'Bea', received: 1 }),
      row({ key: '', label: 'Nobody', received: 3 }),
      row({ key: 'a', label: 'Al', received: 1 }),
    ];
    expect(orderRows(agents, 'agent').map((each) => each.label)).toEqual(['Nobody', 'Al', 'Bea']);
  });
});

describe('chart series', () => {
  it('count received, handled and abandoned per row', () => {
    const rows = [row({ received: 3, handled: 1, abandoned: 1 }), row({ received: 0 })];
    expect(volumeSeries(rows)).toEqual({ x: [0, 1], received: [3, 0], handled: [1, 0], abandoned: [1, 0] });
  });

  it('give medians in one unit, with gaps where nothing was measured', () => {
    const rows = [
      row({ firstResponse: measured(90_000), waiting: measured(30_000) }),
      row({}),
      row({ firstResponse: measured(600_000) }),
    ];
    const series = timingSeries(rows);
    expect(series.unit.symbol).toBe('min');
    expect(series.firstResponse).toEqual([1.5, null, 10]);
    expect(series.waiting).toEqual([0.5, null, null]);
    expect(series.measured).toBe(true);
    expect(timingSeries([row({})]).measured).toBe(false);
  });

  it('read times in seconds, minutes or hours', () => {
    expect(timeUnitFor(0).symbol).toBe('s');
    expect(timeUnitFor(119_000).symbol).toBe('s');
    expect(timeUnitFor(120_000).symbol).toBe('min');
    expect(timeUnitFor(2 * 3_600_000).symbol).toBe('h');
  });
});

describe('axis labels', () => {
  it('label every position that fits, else every n-th on a natural step', () => {
    expect(tickIndices(7, 600, 84, 'day')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(tickIndices(30, 600, 84, 'day')).toEqual([0, 7, 14, 21, 28]);
    expect(tickIndices(24, 600, 52, 'hour')).toEqual([0, 3, 6, 9, 12, 15, 18, 21]);
    expect(tickIndices(31 * 24, 600, 52, 'hour').slice(0, 3)).toEqual([0, 72, 144]);
    expect(tickIndices(0, 600, 52, 'hour')).toEqual([]);
  });

  it('cut long names', () => {
    expect(truncate('Support', 10)).toBe('Support');
    expect(truncate('Customer support team', 10)).toBe('Customer…');
  });

  it('start counts at zero with room above the highest', () => {
    expect(countAxisMax([0, 0])).toBe(1);
    expect(countAxisMax([3, 10])).toBeCloseTo(11);
  });
});

describe('bars side by side', () => {
  it('share the group’s width without overlapping, centred on it', () => {
    const bars = [0, 1, 2].map((index) => barLayout(index, 3));
    expect(bars[0].offset).toBeCloseTo(-(bars[2].offset + bars[2].size));
    for (let index = 1; index < bars.length; index += 1) {
      expect(bars[index].offset).toBeGreaterThanOrEqual(bars[index - 1].offset + bars[index - 1].size);
    }
    expect(bars[0].offset).toBeGreaterThanOrEqual(-0.5);
    expect(bars[2].offset + bars[2].size).toBeLessThanOrEqual(0.5);
  });
});

describe('a duration axis', () => {
  it('reaches a little above the longest, a minute at least', () => {
    expect(durationAxisMax([])).toBe(60);
    expect(durationAxisMax([null, 12])).toBe(60);
    expect(durationAxisMax([100, null, 300])).toBeCloseTo(330);
  });

  it('is labelled at whole minutes and hours past a minute', () => {
    for (const step of DURATION_STEPS.filter((each) => each >= 60)) {
      expect(step % (step >= 3600 ? 3600 : 60)).toBe(0);
    }
  });
});
