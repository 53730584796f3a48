// W8 for admins and supervisors: every conversation, newest first, filtered by state, agent, channel, category,
// days and customer, with the filters in the address; one opens read-only (WatchedConversation). Loaded on first
// use (React.lazy in the shell), so the Workspace's first load does not carry it.
import { useEffect, useMemo } from 'react';
import type { User } from '../../api/types';
import { navigate, useSearch } from '../../router';
import { PageHeading } from '../shell/PageHeading';
import { useWorkspaceState } from '../workspace/WorkspaceProvider';
import { ConversationFilterForm } from './ConversationFilterForm';
import { ConversationList } from './ConversationList';
import { filtersFromSearch, filtersToSearch, hasFilters, type ConversationFilters } from './filters';
import { listSummary } from './rows';
import { useConversationList } from './useConversationList';
import { WatchedConversation } from './WatchedConversation';
import './allConversations.css';

export const ALL_CONVERSATIONS_PATH = '/all-conversations';

/** The list's address as last shown, so "Back to the list" returns to the same filters. */
let lastListSearch = '';

export default function AllConversationsPage({ user, conversationId }: { user: User; conversationId: string | null }) {
  return conversationId ? (
    <WatchedConversation
      key={conversationId}
      user={user}
      conversationId={conversationId}
      listPath={`${ALL_CONVERSATIONS_PATH}${lastListSearch}`}
    />
  ) : (
    <ConversationsList />
  );
}

function ConversationsList() {
  const search = useSearch();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const key = filtersToSearch(filters);
  const state = useWorkspaceState();
  const list = useConversationList(filters, key);

  // One way to write each filter: an address with unknown or malformed ones is replaced by what applies.
  useEffect(() => {
    lastListSearch = key;
    if (search !== key) {
      navigate(`${ALL_CONVERSATIONS_PATH}${key}`, { replace: true });
    }
  }, [key, search]);

  const apply = (next: ConversationFilters) => navigate(`${ALL_CONVERSATIONS_PATH}${filtersToSearch(next)}`);

  const { state: listState } = list;
  const loading = listState.key !== key || listState.status === 'loading';
  const filtered = hasFilters(filters);
  const fresh = listState.fresh.length;
  return (
    <section className="page ws-wide ac-page">
      <PageHeading title="All conversations" />
      <ConversationFilterForm
        filters={filters}
        users={state.lookups.users}
        channels={state.lookups.channels}
        categories={state.lookups.categories}
        onApply={apply}
      />
      <div className="ac-bar">
        <p className="ac-summary" role="status">
          {loading
            ? 'Loading conversations…'
            : listState.status === 'failed'
              ? ''
              : listSummary(listState.ids.length, listState.nextCursor !== null, filtered)}
        </p>
        {!loading && fresh > 0 && (
          <button className="button button-small" type="button" onClick={list.reload}>
            {fresh === 1 ? 'Show 1 more conversation' : `Show ${fresh} more conversations`}
          </button>
        )}
      </div>
      {!loading && listState.status === 'failed' && (
        <div className="form-error" role="alert">
          The conversations could not be loaded: {listState.error}{' '}
          <button className="button button-small" type="button" onClick={list.reload}>
            Try again
          </button>
        </div>
      )}
      {!loading && listState.status === 'ready' && listState.ids.length === 0 && (
        <div className="empty-state">
          <p className="empty-title">{filtered ? 'Nothing matches' : 'No conversations yet'}</p>
          <p>
            {filtered
              ? 'Try fewer filters, another day, or another way of finding the customer.'
              : 'Conversations appear here as soon as customers write on any channel.'}
          </p>
        </div>
      )}
      {!loading && listState.ids.length > 0 && (
        <>
          <ConversationList
            ids={listState.ids}
            items={listState.items}
            onScreen={list.onScreen}
            onNearEnd={() => {
              // After a failure only the button tries again (scrolling would repeat the request at every step).
              if (listState.more !== 'failed') {
                list.loadMore();
              }
            }}
          />
          <div className="ac-more">
            {listState.more === 'failed' && (
              <p className="form-error" role="alert">
                More could not be loaded: {listState.error}
              </p>
            )}
            {listState.nextCursor !== null && (
              <button
                className="button button-small"
                type="button"
                disabled={listState.more === 'loading'}
                onClick={list.loadMore}
              >
                {listState.more === 'loading' ? 'Loading more…' : 'Load more'}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
