// Loads All conversations page by page for the filters, and keeps the rows current. Live frames about other
// agents' conversations do not reach a supervisor, but `queue.changed` (and `stats`) come whenever routing moves:
// then, at most every REFRESH_MS while the page is visible, the first page is fetched again (not for a customer
// search, which is on the read audit) and the rows on screen it did not bring back are fetched one by one.
// Everything fetched also goes into the workspace store, so its own live events (my conversations) apply too.
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { getConversation, listConversations, type Conversation } from '../../api/routing';
import type { LiveEvent } from '../../live/LiveClient';
import { useLiveEvent } from '../../live/LiveEvents';
import { forEachLimited } from '../workspace/state/flight';
import { createThrottle } from '../workspace/state/store';
import { describeError, useWorkspace } from '../workspace/WorkspaceProvider';
import { listQuery, searchesCustomer, type ConversationFilters } from './filters';
import { initialList, listReducer, rowsToRecheck, type ListState } from './listState';

export const PAGE_SIZE = 50;
const REFRESH_MS = 3000;
/** Rows on screen fetched one by one in a refresh, at most, and how many at a time. */
const MAX_RECHECK = 30;
const RECHECK_CONCURRENCY = 4;

const REFRESHING_EVENTS = new Set([
  'queue.changed',
  'stats',
  'conversation.assigned',
  'conversation.requeued',
  'conversation.closed',
  'resync',
]);

export interface ConversationList {
  state: ListState;
  loadMore(): void;
  /** Loads the list again from the top (after a failure, or to show the fresh conversations). */
  reload(): void;
  /** Rows register here while rendered, so a refresh knows which ones are on screen. */
  onScreen: Set<string>;
}

export function useConversationList(filters: ConversationFilters, key: string): ConversationList {
  const workspace = useWorkspace();
  const [state, dispatch] = useReducer(listReducer, key, initialList);
  const stateRef = useRef(state);
  stateRef.current = state;
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const onScreen = useMemo(() => new Set<string>(), []);
  const [generation, reload] = useReducer((value: number) => value + 1, 0);

  /** Fetched conversations go into the store too (unless changed live since `startedAt`). */
  const store = useCallback(
    (items: Conversation[], startedAt: number) => {
      if (items.length > 0) {
        workspace.store.dispatch({ type: 'conversationsLoaded', items, startedAt });
      }
    },
    [workspace],
  );

  useEffect(() => {
    let live = true;
    dispatch({ type: 'load', key });
    const startedAt = workspace.store.getState().clock;
    listConversations(listQuery(filtersRef.current, { limit: PAGE_SIZE }))
      .then((page) => {
        if (live) {
          store(page.items, startedAt);
          dispatch({ type: 'loaded', key, items: page.items, nextCursor: page.nextCursor });
        }
      })
      .catch((error: unknown) => {
        if (live) {
          dispatch({ type: 'failed', key, error: describeError(error) });
        }
      });
    return () => {
      live = false;
    };
  }, [key, generation, store, workspace]);

  const loadMore = useCallback(() => {
    const current = stateRef.current;
    if (current.status !== 'ready' || current.more === 'loading' || current.nextCursor === null) {
      return;
    }
    const listKey = current.key;
    dispatch({ type: 'moreRequested', key: listKey });
    const startedAt = workspace.store.getState().clock;
    listConversations(listQuery(filtersRef.current, { after: current.nextCursor, limit: PAGE_SIZE }))
      .then((page) => {
        store(page.items, startedAt);
        dispatch({ type: 'moreLoaded', key: listKey, items: page.items, nextCursor: page.nextCursor });
      })
      .catch((error: unknown) => dispatch({ type: 'moreFailed', key: listKey, error: describeError(error) }));
  }, [store, workspace]);

  const refresh = useCallback(async () => {
    const current = stateRef.current;
    if (current.status !== 'ready') {
      return;
    }
    const listKey = current.key;
    const startedAt = workspace.store.getState().clock;
    const answered = new Set<string>();
    if (!searchesCustomer(filtersRef.current)) {
      try {
        const page = await listConversations(listQuery(filtersRef.current, { limit: PAGE_SIZE }));
        store(page.items, startedAt);
        dispatch({ type: 'refreshed', key: listKey, items: page.items });
        page.items.forEach((item) => answered.add(item.id));
      } catch {
        return; // the next frame tries again
      }
    }
    const recheck = rowsToRecheck(onScreen, answered, MAX_RECHECK);
    const fetched: Conversation[] = [];
    await forEachLimited(recheck, RECHECK_CONCURRENCY, async (id) => {
      fetched.push(await getConversation(id));
    });
    store(fetched, startedAt);
    dispatch({ type: 'rowsFetched', key: listKey, items: fetched });
  }, [onScreen, store, workspace]);

  // One refresh at a time; one asked for while another runs happens after it.
  const running = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  const dirty = useRef(false);
  const throttle = useMemo(
    () =>
      createThrottle(() => {
        if (document.visibilityState !== 'visible') {
          dirty.current = true;
          return;
        }
        if (running.current) {
          again.current = true;
          return;
        }
        const run = async () => {
          do {
            again.current = false;
            await refresh();
          } while (again.current);
          running.current = null;
        };
        running.current = run();
      }, REFRESH_MS),
    [refresh],
  );
  useEffect(() => () => throttle.cancel(), [throttle]);

  useLiveEvent((event: LiveEvent) => {
    if (REFRESHING_EVENTS.has(event.type)) {
      throttle.call();
    }
  });

  // Back to a tab that missed refreshes while hidden: one now.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible' && dirty.current) {
        dirty.current = false;
        throttle.call();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [throttle]);

  return { state, loadMore, reload, onScreen };
}
