import { describe, expect, it } from 'vitest';
import {
  NO_FILTERS,
  filterErrors,
  filtersFromSearch,
  filtersToSearch,
  hasFilters,
  isDay,
  listQuery,
  localMidnight,
  searchesCustomer,
  type ConversationFilters,
} from './filters';

const every: ConversationFilters = {
  state: 'queued',
  agentId: 'usr_1',
  channel: 'chn_sms',
  categoryId: 'cat_2',
  from: '2026-12-01',
  to: '2026-12-07',
  by: 'email',
  query: 'carla@example.com',
  unanswered: true,
};

describe('filters in the address', () => {
  it('are written in one order, and read back the same', () => {
    const search = filtersToSearch(every);
    expect(search).toBe(
      '?state=queued&agent=usr_1&channel=chn_sms&category=cat_2&from=2026-12-01&to=2026-12-07&by=email&q=carla%40example.com&unanswered=1',
    );
    expect(filtersFromSearch(search)).toEqual(every);
  });

  it('are nothing at all when none is set', () => {
    expect(filtersToSearch(NO_FILTERS)).toBe('');
    expect(filtersFromSearch('')).toEqual(NO_FILTERS);
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, unanswered: true })).toBe(true);
  });

  it('leave out how to search while there is nothing to search for', () => {
    expect(filtersToSearch({ ...NO_FILTERS, by: 'name', query: '   ' })).toBe('');
    expect(filtersToSearch({ ...NO_FILTERS, by: 'name', query: ' Carla  ' })).toBe('?by=name&q=Carla');
  });

  it('drop what is unknown or malformed', () => {
    const read = filtersFromSearch('?state=open&by=shoe&q=x&from=2026-02-30&to=12/07/2026&unanswered=yes&agent=' + 'a'.repeat(65));
    expect(read).toEqual({ ...NO_FILTERS, query: 'x' });
  });

  it('take the state, channel and a search from a shared link', () => {
    expect(filtersFromSearch('?state=closed&channel=api&by=identity&q=customer-42')).toEqual({
      ...NO_FILTERS,
      state: 'closed',
      channel: 'api',
      by: 'identity',
      query: 'customer-42',
    });
    expect(filtersFromSearch('?unanswered=true').unanswered).toBe(true);
  });

  it('spell spaces and plus signs so they come back unchanged', () => {
    const filters = { ...NO_FILTERS, query: '+44 7911 123456' };
    expect(filtersFromSearch(filtersToSearch(filters))).toEqual(filters);
  });
});

describe('days', () => {
  it('exist, between 1970 and 2200', () => {
    expect(isDay('2026-12-07')).toBe(true);
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('1969-12-31')).toBe(false);
    expect(isDay('2201-01-01')).toBe(false);
    expect(isDay('2026-1-7')).toBe(false);
  });

  it('start at midnight where the browser is', () => {
    expect(localMidnight('2026-12-07')).toBe(new Date(2026, 11, 7).toISOString());
    expect(localMidnight('2026-12-31', 1)).toBe(new Date(2027, 0, 1).toISOString());
  });
});

describe('what is wrong with the filters', () => {
  it('is nothing for none, or for a good search', () => {
    expect(filterErrors(NO_FILTERS)).toEqual({});
    expect(filterErrors(every)).toEqual({});
  });

  it('is a phone number without digits', () => {
    expect(filterErrors({ ...NO_FILTERS, by: 'phone', query: 'carla' }).query).toBe('A phone number needs digits.');
    expect(filterErrors({ ...NO_FILTERS, by: 'name', query: 'carla' })).toEqual({});
  });

  it('is a search longer than the server takes', () => {
    expect(filterErrors({ ...NO_FILTERS, by: 'name', query: 'é'.repeat(161) }).query).toMatch(/too long/);
    expect(filterErrors({ ...NO_FILTERS, by: 'name', query: 'é'.repeat(160) })).toEqual({});
  });

  it('is a last day before the first', () => {
    expect(filterErrors({ ...NO_FILTERS, from: '2026-12-07', to: '2026-12-01' }).to).toBe('The last day is before the first.');
    expect(filterErrors({ ...NO_FILTERS, from: '2026-12-07', to: '2026-12-07' })).toEqual({});
    expect(filterErrors({ ...NO_FILTERS, from: '0002-12-07' }).from).toMatch(/1970/);
  });
});

describe('the list query', () => {
  it('is only the page for no filters', () => {
    expect(listQuery(NO_FILTERS, { limit: 50 })).toEqual({ limit: 50 });
  });

  it('sends every filter as GET /conversations names it', () => {
    expect(listQuery(every, { after: 'cur_1', limit: 50 })).toEqual({
      state: 'queued',
      agentId: 'usr_1',
      channel: 'chn_sms',
      categoryId: 'cat_2',
      from: new Date(2026, 11, 1).toISOString(),
      before: new Date(2026, 11, 8).toISOString(),
      email: 'carla@example.com',
      unanswered: 'true',
      after: 'cur_1',
      limit: 50,
    });
  });

  it('searches the customer the chosen way, trimmed', () => {
    for (const by of ['phone', 'email', 'name', 'identity'] as const) {
      const query = listQuery({ ...NO_FILTERS, by, query: ' 4471 ' }, { limit: 10 });
      expect(query).toEqual({ [by]: '4471', limit: 10 });
    }
    expect(searchesCustomer({ ...NO_FILTERS, query: ' ' })).toBe(false);
    expect(searchesCustomer({ ...NO_FILTERS, query: '+44' })).toBe(true);
  });

  it('scopes an identity search to the chosen channel', () => {
    expect(listQuery({ ...NO_FILTERS, by: 'identity', query: 'customer-42', channel: 'api' }, { limit: 50 })).toEqual({
      identity: 'customer-42',
      channel: 'api',
      limit: 50,
    });
  });

  it('asks for awaiting replies only when ticked', () => {
    expect(listQuery({ ...NO_FILTERS, unanswered: true }, { limit: 50 }).unanswered).toBe('true');
    expect('unanswered' in listQuery(NO_FILTERS, { limit: 50 })).toBe(false);
  });

  it('leaves out a bound that is not a day', () => {
    expect(listQuery({ ...NO_FILTERS, from: 'soon', to: '2026-13-01' }, { limit: 50 })).toEqual({ limit: 50 });
  });
});
