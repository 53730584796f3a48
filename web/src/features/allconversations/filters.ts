// All conversations' filters: how they are written in the address (so a filtered list can be bookmarked, shared
// and left with the back button), what is wrong with them in words, and the GET /conversations query they make.
import type { ConversationQuery, ConversationState } from '../../api/routing';

export type StateFilter = '' | ConversationState;
export type SearchBy = 'phone' | 'email' | 'name' | 'identity';

export interface ConversationFilters {
  /** '' for any state. */
  state: StateFilter;
  /** '' for any agent. */
  agentId: string;
  /** A channel id ("api", "chn_…"), '' for any; an identity search looks on this channel. */
  channel: string;
  /** '' for any category. */
  categoryId: string;
  /** Created on or after this day (YYYY-MM-DD, in the browser's time zone); '' for no bound. */
  from: string;
  /** Created on or before this day (inclusive); '' for no bound. */
  to: string;
  /** How `query` finds the customer. */
  by: SearchBy;
  /** The customer search; '' for none. */
  query: string;
  /** Only conversations whose customer waits for a reply. */
  unanswered: boolean;
}

export const NO_FILTERS: ConversationFilters = {
  state: '',
  agentId: '',
  channel: '',
  categoryId: '',
  from: '',
  to: '',
  by: 'phone',
  query: '',
  unanswered: false,
};

export const STATE_OPTIONS: readonly { value: StateFilter; label: string }[] = [
  { value: '', label: 'Any state' },
  { value: 'queued', label: 'Waiting' },
  { value: 'assigned', label: 'Assigned' },
  { value: 'closed', label: 'Closed' },
];

const STATES = new Set<string>(['queued', 'assigned', 'closed']);
const SEARCH_BYS = new Set<string>(['phone', 'email', 'name', 'identity']);
/** Ids in the address longer than this are not ids. */
const MAX_ID = 64;
/** The server refuses longer searches. */
export const MAX_SEARCH_BYTES = 320;
/** The years the server takes (RFC 3339 parsing stops at 2200). */
export const MIN_DAY = '1970-01-01';
export const MAX_DAY = '2200-12-31';

/** A calendar day "YYYY-MM-DD" that exists, within the years the server takes. */
export function isDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match || text < MIN_DAY || text > MAX_DAY) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const id = (value: string | null) => {
  const text = (value ?? '').trim();
  return text.length <= MAX_ID ? text : '';
};

/** The filters an address's query string holds; anything unknown or malformed is left out. */
export function filtersFromSearch(search: string): ConversationFilters {
  const params = new URLSearchParams(search);
  const state = params.get('state') ?? '';
  const by = params.get('by') ?? '';
  const day = (name: string) => {
    const value = params.get(name) ?? '';
    return isDay(value) ? value : '';
  };
  return {
    state: STATES.has(state) ? (state as ConversationState) : '',
    agentId: id(params.get('agent')),
    channel: id(params.get('channel')),
    categoryId: id(params.get('category')),
    from: day('from'),
    to: day('to'),
    by: SEARCH_BYS.has(by) ? (by as SearchBy) : 'phone',
    query: (params.get('q') ?? '').trim(),
    unanswered: params.get('unanswered') === '1' || params.get('unanswered') === 'true',
  };
}

/** The query string for these filters ("?state=queued&…", or "" for none), always in the same order. */
export function filtersToSearch(filters: ConversationFilters): string {
  const params = new URLSearchParams();
  const put = (name: string, value: string) => {
    if (value !== '') {
      params.set(name, value);
    }
  };
  put('state', filters.state);
  put('agent', filters.agentId.trim());
  put('channel', filters.channel.trim());
  put('category', filters.categoryId.trim());
  put('from', filters.from);
  put('to', filters.to);
  const query = filters.query.trim();
  if (query !== '') {
    params.set('by', filters.by);
    params.set('q', query);
  }
  if (filters.unanswered) {
    params.set('unanswered', '1');
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Whether any filter is set (the list is then not "every conversation"). */
export const hasFilters = (filters: ConversationFilters) => filtersToSearch(filters) !== '';

export type FilterErrors = Partial<Record<'query' | 'from' | 'to', string>>;

/** What is wrong with the filters, field by field; {} when they can be sent. */
export function filterErrors(filters: ConversationFilters): FilterErrors {
  const errors: FilterErrors = {};
  const query = filters.query.trim();
  if (new TextEncoder().encode(query).length > MAX_SEARCH_BYTES) {
    errors.query = `The search is too long (at most ${MAX_SEARCH_BYTES} bytes).`;
  } else if (query !== '' && filters.by === 'phone' && !/\d/.test(query)) {
    errors.query = 'A phone number needs digits.';
  }
  if (filters.from !== '' && !isDay(filters.from)) {
    errors.from = 'Choose a day between 1970 and 2200.';
  }
  if (filters.to !== '' && !isDay(filters.to)) {
    errors.to = 'Choose a day between 1970 and 2200.';
  } else if (filters.from !== '' && filters.to !== '' && filters.to < filters.from) {
    errors.to = 'The last day is before the first.';
  }
  return errors;
}

/** Midnight starting `day` (YYYY-MM-DD) in the browser's time zone, `plusDays` later, as RFC 3339 in UTC. */
export function localMidnight(day: string, plusDays = 0): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date + plusDays).toISOString();
}

/** GET /conversations' query for the filters and one page of the list (newest first). */
export function listQuery(filters: ConversationFilters, page: { after?: string | null; limit: number }): ConversationQuery {
  const query: ConversationQuery = { limit: page.limit };
  if (filters.state !== '') {
    query.state = filters.state;
  }
  const agentId = filters.agentId.trim();
  const channel = filters.channel.trim();
  const categoryId = filters.categoryId.trim();
  if (agentId !== '') {
    query.agentId = agentId;
  }
  if (channel !== '') {
    query.channel = channel;
  }
  if (categoryId !== '') {
    query.categoryId = categoryId;
  }
  if (isDay(filters.from)) {
    query.from = localMidnight(filters.from);
  }
  if (isDay(filters.to)) {
    // The whole last day: before the midnight that ends it.
    query.before = localMidnight(filters.to, 1);
  }
  const search = filters.query.trim();
  if (search !== '') {
    query[filters.by] = search;
  }
  if (filters.unanswered) {
    query.unanswered = 'true';
  }
  if (page.after) {
    query.after = page.after;
  }
  return query;
}

/** Whether the list searches for a customer: such a search is on the read audit, so it is not repeated live. */
export const searchesCustomer = (filters: ConversationFilters) => filters.query.trim() !== '';
