import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../api/routing';
import { initialList, listReducer, rowsToRecheck, type ListState } from './listState';

function conversation(id: string, changes: Partial<Conversation> = {}): Conversation {
  return {
    id,
    contactId: `ctc_${id}`,
    channel: 'api',
    categoryId: null,
    state: 'queued',
    agentId: null,
    manual: false,
    enqueuedAt: '2026-12-07T09:00:00Z',
    assignedAt: null,
    offerDeadline: null,
    firstResponseAt: null,
    closedAt: null,
    createdAt: '2026-12-07T09:00:00Z',
    lastMessageAt: '2026-12-07T09:00:00Z',
    ...changes,
  };
}

const KEY = '?state=queued';

function loaded(ids: string[], nextCursor: string | null = null): ListState {
  return listReducer(initialList(KEY), {
    type: 'loaded',
    key: KEY,
    items: ids.map((id) => conversation(id)),
    nextCursor,
  });
}

describe('the All conversations list', () => {
  it('lists the first page in the server’s order', () => {
    const state = loaded(['c3', 'c2', 'c1'], 'cur');
    expect(state.status).toBe('ready');
    expect(state.ids).toEqual(['c3', 'c2', 'c1']);
    expect(state.nextCursor).toBe('cur');
  });

  it('drops answers for other filters', () => {
    const state = loaded(['c1']);
    expect(listReducer(state, { type: 'loaded', key: '?state=closed', items: [conversation('x')], nextCursor: null })).toBe(
      state,
    );
    expect(listReducer(state, { type: 'refreshed', key: '?', items: [conversation('x')] })).toBe(state);
  });

  it('starts again, empty, for new filters', () => {
    const state = listReducer(loaded(['c1']), { type: 'load', key: '?state=closed' });
    expect(state).toEqual(initialList('?state=closed'));
  });

  it('appends the next page, each conversation once', () => {
    let state = loaded(['c4', 'c3'], 'cur');
    state = listReducer(state, { type: 'moreRequested', key: KEY });
    expect(state.more).toBe('loading');
    // Asked again while it loads: nothing more.
    expect(listReducer(state, { type: 'moreRequested', key: KEY })).toBe(state);
    state = listReducer(state, {
      type: 'moreLoaded',
      key: KEY,
      items: [conversation('c3'), conversation('c2'), conversation('c1')],
      nextCursor: null,
    });
    expect(state.ids).toEqual(['c4', 'c3', 'c2', 'c1']);
    expect(state.more).toBe('idle');
    expect(state.nextCursor).toBeNull();
    // The last page was reached: nothing more to ask for.
    expect(listReducer(state, { type: 'moreRequested', key: KEY })).toBe(state);
  });

  it('keeps the rows when the next page fails', () => {
    let state = listReducer(loaded(['c2'], 'cur'), { type: 'moreRequested', key: KEY });
    state = listReducer(state, { type: 'moreFailed', key: KEY, error: 'offline' });
    expect(state.ids).toEqual(['c2']);
    expect(state.more).toBe('failed');
    expect(state.error).toBe('offline');
    expect(listReducer(state, { type: 'moreRequested', key: KEY }).more).toBe('loading');
  });

  it('updates listed rows in place on a refresh, and counts the new ones apart', () => {
    const state = listReducer(loaded(['c2', 'c1']), {
      type: 'refreshed',
      key: KEY,
      items: [conversation('c3'), conversation('c1', { state: 'assigned', agentId: 'usr_bob' })],
    });
    expect(state.ids).toEqual(['c2', 'c1']);
    expect(state.items.c1.state).toBe('assigned');
    expect(state.items.c1.agentId).toBe('usr_bob');
    expect(state.items.c3).toBeUndefined();
    expect(state.fresh).toEqual(['c3']);
    // Found again by the next refresh: still one.
    const again = listReducer(state, { type: 'refreshed', key: KEY, items: [conversation('c3')] });
    expect(again.fresh).toEqual(['c3']);
  });

  it('forgets a fresh one once a page lists it', () => {
    let state = listReducer(loaded(['c2'], 'cur'), { type: 'refreshed', key: KEY, items: [conversation('c1')] });
    state = listReducer(state, { type: 'moreRequested', key: KEY });
    state = listReducer(state, { type: 'moreLoaded', key: KEY, items: [conversation('c1')], nextCursor: null });
    expect(state.fresh).toEqual([]);
    expect(state.ids).toEqual(['c2', 'c1']);
  });

  it('takes rows fetched one by one only for listed conversations', () => {
    const state = listReducer(loaded(['c1']), {
      type: 'rowsFetched',
      key: KEY,
      items: [conversation('c1', { state: 'closed' }), conversation('c9')],
    });
    expect(state.items.c1.state).toBe('closed');
    expect(state.items.c9).toBeUndefined();
  });

  it('ignores a refresh while it loads', () => {
    const state = initialList(KEY);
    expect(listReducer(state, { type: 'refreshed', key: KEY, items: [conversation('c1')] })).toBe(state);
  });
});

describe('rows to check again after a refresh', () => {
  it('are those on screen the refresh did not bring back, up to the limit', () => {
    expect(rowsToRecheck(['a', 'b', 'c', 'd'], new Set(['b']), 2)).toEqual(['a', 'c']);
    expect(rowsToRecheck(new Set(['a']), new Set(['a']), 10)).toEqual([]);
  });
});
