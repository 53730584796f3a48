import { describe, expect, it } from 'vitest';
import { reportCsvUrl, reportSearch } from './reports';

describe('the report’s query', () => {
  const query = { from: '2026-11-30T23:00:00Z', until: '2026-12-07T23:00:00Z', groupBy: 'agent', utcOffset: 60 } as const;

  it('names the period, grouping, offset and format', () => {
    expect(reportSearch(query, 'json')).toBe(
      '?from=2026-11-30T23%3A00%3A00Z&until=2026-12-07T23%3A00%3A00Z&groupBy=agent&utcOffset=60&format=json',
    );
  });

  it('downloads the same report as CSV', () => {
    expect(reportCsvUrl({ ...query, utcOffset: -300 })).toBe(
      '/api/v1/reports/conversations?from=2026-11-30T23%3A00%3A00Z&until=2026-12-07T23%3A00%3A00Z&groupBy=agent&utcOffset=-300&format=csv',
    );
  });
});
