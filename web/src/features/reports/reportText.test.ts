import { describe, expect, it } from 'vitest';
import type { ReportDuration, ReportRow } from '../../api/reports';
import { formatReportDuration, isQuiet, p90Text, ReportTimes, rowLabel, shareOfClosed } from './reportText';

const none: ReportDuration = { count: 0, meanMs: null, medianMs: null, p90Ms: null };
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

describe('a measured time', () => {
  it('reads in seconds, minutes and hours, no more precise than measured', () => {
    expect(formatReportDuration(null)).toBe('—');
    expect(formatReportDuration(0)).toBe('0 s');
    expect(formatReportDuration(300)).toBe('< 1 s');
    expect(formatReportDuration(45_400)).toBe('45 s');
    expect(formatReportDuration(150_000)).toBe('2 min 30 s');
    expect(formatReportDuration(152_600)).toBe('2 min 35 s');
    expect(formatReportDuration(754_000)).toBe('13 min');
    expect(formatReportDuration(3_900_000)).toBe('1 h 5 min');
    expect(formatReportDuration(7_200_000)).toBe('2 h');
  });

  it('says within what time 90 % were done', () => {
    expect(p90Text({ count: 4, meanMs: 1000, medianMs: 900, p90Ms: 300_000 })).toBe('90 % within 5 min');
    expect(p90Text(none)).toBe('');
  });
});

describe('figures', () => {
  it('give a share of the closed conversations', () => {
    expect(shareOfClosed(1, { handled: 1, abandoned: 1 })).toBe('50 %');
    expect(shareOfClosed(1, { handled: 2, abandoned: 1 })).toBe('33 %');
    expect(shareOfClosed(0, { handled: 0, abandoned: 0 })).toBeNull();
  });

  it('call a period quiet when nothing at all happened', () => {
    expect(isQuiet(row({}))).toBe(true);
    expect(isQuiet(row({ missedOffers: 1 }))).toBe(false);
    expect(isQuiet(row({ abandoned: 1 }))).toBe(false);
  });
});

describe('row names', () => {
  const times = new ReportTimes(60, 'en-GB');

  it('name days and hours as they are where the report’s days start', () => {
    expect(times.dayLabel('2026-12-01')).toBe('Tue 1 Dec');
    expect(times.dayLabel('2026-12-01', true)).toBe('1 Dec');
    expect(times.hourLabel('2026-12-01T13:00:00.000Z', false)).toBe('14:00');
    expect(times.hourLabel('2026-12-01T23:00:00.000Z', true)).toBe('2 Dec, 00:00');
    expect(times.dayOfHour('2026-12-01T23:00:00.000Z')).toBe('2 Dec');
    expect(times.startsDay('2026-12-01T23:00:00.000Z')).toBe(true);
    expect(times.startsDay('2026-12-01T00:00:00.000Z')).toBe(false);
  });

  it('name the period by its first and last day', () => {
    expect(times.periodLabel('2026-11-30T23:00:00.000Z', '2026-12-01T23:00:00.000Z')).toBe('1 Dec');
    expect(times.periodLabel('2026-11-30T23:00:00.000Z', '2026-12-07T23:00:00.000Z')).toBe('1 Dec – 7 Dec');
  });

  it('use the server’s label for channels, categories and agents', () => {
    expect(rowLabel(row({ key: 'usr_1', label: 'Bob Agent' }), 'agent', times, false)).toBe('Bob Agent');
    expect(rowLabel(row({ key: '', label: 'Nobody' }), 'agent', times, false)).toBe('Nobody');
    expect(rowLabel(row({ key: '', label: '' }), 'channel', times, false)).toBe('None');
    expect(rowLabel(row({ key: '2026-12-01', label: '2026-12-01' }), 'day', times, false)).toBe('Tue 1 Dec');
    expect(rowLabel(row({ key: '2026-12-01T13:00:00.000Z' }), 'hour', times, true)).toBe('1 Dec, 14:00');
  });
});
