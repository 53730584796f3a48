// W2: conversations waiting, in allocation order, with their wait ticking; pick one to take it.
import { useEffect, useState } from 'react';
import type { QueuedConversation } from '../../api/routing';
import type { User } from '../../api/types';
import { channelLabel, formatClock, formatCount, formatDuration, formatRequires } from '../../format';
import { Link } from '../../Link';
import { navigate } from '../../router';
import { PageHeading } from '../shell/PageHeading';
import { queueSummary } from './queueSummary';
import { useSecondsSince } from './useNow';
import { describeError, useWorkspace, useWorkspaceState } from './WorkspaceProvider';

export function QueuePage(_props: { user: User }) {
  const workspace = useWorkspace();
  const state = useWorkspaceState();
  const [picking, setPicking] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void workspace.refreshQueue();
  }, [workspace]);

  const skillName = (id: string) => state.lookups.skills.find((skill) => skill.id === id)?.name ?? id;
  const categoryName = (id: string | null) =>
    id === null ? 'Uncategorised' : (state.lookups.categories.find((category) => category.id === id)?.name ?? id);

  async function pick(item: QueuedConversation) {
    setPicking(item.conversationId);
    setError(null);
    try {
      await workspace.pick(item.conversationId);
      navigate(`/conversations/${item.conversationId}`);
    } catch (failure) {
      setError(`Could not pick it: ${describeError(failure)}`);
      void workspace.refreshQueue();
    } finally {
      setPicking(null);
    }
  }

  const { queue } = state;
  return (
    <section className="page ws-queue">
      <PageHeading title="Queue" />
      <p className="page-lead">
        Conversations waiting for an agent, in the order they will be allocated. Pick one to take it yourself.
      </p>
      <p className="ws-queue-summary" role="status">
        {state.queueStatus === 'ready' || queue.length > 0 ? queueSummary(queue.length, state.queueTotal) : ''}
      </p>
      {workspace.manager && queue.length > 0 && (
        <p>
          {/* Admins and supervisors: every waiting one in All conversations, filtered and searchable. */}
          <Link to="/all-conversations?state=queued">
            See all {formatCount(Math.max(queue.length, state.queueTotal))} waiting
          </Link>
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {state.queueStatus === 'failed' && queue.length === 0 && (
        <div className="form-error" role="alert">
          The queue could not be loaded.{' '}
          <button className="button button-small" type="button" onClick={() => void workspace.refreshQueue()}>
            Try again
          </button>
        </div>
      )}
      {(state.queueStatus === 'idle' || state.queueStatus === 'loading') && queue.length === 0 && (
        <p className="muted">Loading the queue…</p>
      )}
      {state.queueStatus === 'ready' && queue.length === 0 && (
        <div className="empty-state">
          <p className="empty-title">Nobody is waiting</p>
          <p>New conversations appear here the moment they arrive and no agent has room for them.</p>
        </div>
      )}
      {queue.length > 0 && (
        <table className="table ws-queue-table">
          <caption className="visually-hidden">Waiting conversations, next to be allocated first</caption>
          <thead>
            <tr>
              <th scope="col" className="ws-col-num">
                #
              </th>
              <th scope="col">Waiting</th>
              <th scope="col">Channel</th>
              <th scope="col">Category</th>
              <th scope="col">Requires</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {queue.map((item, index) => {
              const conversation = state.conversations[item.conversationId];
              return (
                <tr key={item.conversationId}>
                  <td className="ws-col-num ws-num">{index + 1}</td>
                  <td>
                    <WaitTime since={item.enqueuedAt} />
                  </td>
                  <td>{conversation ? channelLabel(conversation.channel, state.lookups.channels) : '—'}</td>
                  <td>{categoryName(item.categoryId)}</td>
                  <td>{formatRequires(item.requires, skillName)}</td>
                  <td className="table-action">
                    <button
                      className="button button-small"
                      type="button"
                      disabled={picking !== null}
                      onClick={() => void pick(item)}
                    >
                      Pick
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function WaitTime({ since }: { since: string }) {
  const seconds = useSecondsSince(since);
  return (
    <time className="ws-num ws-wait" dateTime={`PT${seconds}S`} title={formatDuration(seconds)}>
      {formatClock(seconds)}
    </time>
  );
}
