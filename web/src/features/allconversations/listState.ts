// The All conversations list as a pure reducer: pages in the server's order (newest first), answers for another
// filter dropped, and live refreshes that update rows in place and never reorder the list: conversations that
// match only now are counted in `fresh`, for the person to show when they choose.
import type { Conversation } from '../../api/routing';

export interface ListState {
  /** The filters the list is for (their query string); answers for other filters are dropped. */
  key: string;
  status: 'loading' | 'ready' | 'failed';
  /** The next page: being loaded, or why it could not be. */
  more: 'idle' | 'loading' | 'failed';
  error: string | null;
  /** Listed conversation ids, in the server's order. */
  ids: string[];
  /** The conversations as last fetched (the workspace store may know a newer version). */
  items: Record<string, Conversation>;
  nextCursor: string | null;
  /** Conversations that match the filters now but are not listed (newer ones, found by a refresh). */
  fresh: string[];
}

export type ListAction =
  | { type: 'load'; key: string }
  | { type: 'loaded'; key: string; items: Conversation[]; nextCursor: string | null }
  | { type: 'failed'; key: string; error: string }
  | { type: 'moreRequested'; key: string }
  | { type: 'moreLoaded'; key: string; items: Conversation[]; nextCursor: string | null }
  | { type: 'moreFailed'; key: string; error: string }
  /** The first page fetched again: listed rows take the new version, others become `fresh`. */
  | { type: 'refreshed'; key: string; items: Conversation[] }
  /** Listed conversations fetched one by one (a refresh of the rows on screen). */
  | { type: 'rowsFetched'; key: string; items: Conversation[] };

export const initialList = (key: string): ListState => ({
  key,
  status: 'loading',
  more: 'idle',
  error: null,
  ids: [],
  items: {},
  nextCursor: null,
  fresh: [],
});

function withItems(items: Record<string, Conversation>, fetched: readonly Conversation[], only?: ReadonlySet<string>) {
  const next = { ...items };
  for (const conversation of fetched) {
    if (!only || only.has(conversation.id)) {
      next[conversation.id] = conversation;
    }
  }
  return next;
}

export function listReducer(state: ListState, action: ListAction): ListState {
  if (action.type === 'load') {
    return initialList(action.key);
  }
  if (action.key !== state.key) {
    return state;
  }
  switch (action.type) {
    case 'loaded': {
      const ids = [...new Set(action.items.map((item) => item.id))];
      return {
        ...initialList(state.key),
        status: 'ready',
        ids,
        items: withItems({}, action.items),
        nextCursor: action.nextCursor,
      };
    }
    case 'failed':
      return { ...state, status: 'failed', error: action.error };
    case 'moreRequested':
      return state.status !== 'ready' || state.more === 'loading' || state.nextCursor === null
        ? state
        : { ...state, more: 'loading', error: null };
    case 'moreLoaded': {
      // A page can repeat rows the list has (the newest ones moved on meanwhile): each is listed once.
      const listed = new Set(state.ids);
      const added = action.items.filter((item) => !listed.has(item.id)).map((item) => item.id);
      const ids = [...state.ids, ...new Set(added)];
      const fresh = state.fresh.filter((id) => !added.includes(id));
      return {
        ...state,
        more: 'idle',
        ids,
        items: withItems(state.items, action.items),
        nextCursor: action.nextCursor,
        fresh,
      };
    }
    case 'moreFailed':
      return { ...state, more: 'failed', error: action.error };
    case 'refreshed': {
      if (state.status !== 'ready') {
        return state;
      }
      const listed = new Set(state.ids);
      const fresh = new Set(state.fresh);
      action.items.filter((item) => !listed.has(item.id)).forEach((item) => fresh.add(item.id));
      return { ...state, items: withItems(state.items, action.items, listed), fresh: [...fresh] };
    }
    case 'rowsFetched':
      return { ...state, items: withItems(state.items, action.items, new Set(state.ids)) };
  }
}

/**
 * After a refresh answered `answered`: the rows on screen it did not bring back, to fetch one by one (at most
 * `max`). They changed so that they no longer match, or are further down than the refresh reached.
 */
export function rowsToRecheck(onScreen: Iterable<string>, answered: ReadonlySet<string>, max: number): string[] {
  const result: string[] = [];
  for (const id of onScreen) {
    if (result.length >= max) {
      break;
    }
    if (!answered.has(id)) {
      result.push(id);
    }
  }
  return result;
}
