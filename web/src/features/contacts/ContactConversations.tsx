import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { listConversations, type Channel, type Conversation } from '../../api/routing';
import type { Role } from '../../api/types';
import { channelLabel, formatDateTime } from '../../format';
import { Link } from '../../Link';
import { ActionError, LoadError } from '../configurator/common/ActionStatus';
import { useAction } from '../configurator/common/useAction';
import { channelName } from '../privacy/subjectText';
import { conversationPath, STATE_LABELS } from './contactText';

const PAGE_SIZE = 20;

interface ContactConversationsProps {
  contactId: string;
  role: Role;
  channels: readonly Channel[] | null;
  /** Changes when the contact's conversations may have changed (a merge brought more): the list loads again. */
  version: number;
}

/** The contact's conversations, newest first, each linking to where it opens; agents see their own only. */
export function ContactConversations({ contactId, role, channels, version }: ContactConversationsProps) {
  const base = useId();
  const [items, setItems] = useState<Conversation[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const first = useAction();
  const more = useAction();
  const { run: runFirst } = first;
  const loaded = useRef<number | null>(null);
  const linkId = useCallback((id: string) => `${base}-conversation-${id}`, [base]);

  const load = useCallback(async () => {
    const page = await runFirst('Loading conversations…', () => listConversations({ contactId, limit: PAGE_SIZE }), '');
    if (page) {
      setItems(page.items);
      setNextCursor(page.nextCursor);
    }
  }, [runFirst, contactId]);

  useEffect(() => {
    // Once per version, also under StrictMode's second mount.
    if (loaded.current !== version) {
      loaded.current = version;
      void load();
    }
  }, [load, version]);

  useEffect(() => {
    if (focusId !== null) {
      document.getElementById(linkId(focusId))?.focus();
      setFocusId(null);
    }
  }, [focusId, linkId]);

  async function loadMore() {
    if (nextCursor === null) {
      return;
    }
    const page = await more.run(
      'Loading more conversations…',
      () => listConversations({ contactId, after: nextCursor, limit: PAGE_SIZE }),
      '',
    );
    if (page) {
      setItems((current) => [...(current ?? []), ...page.items]);
      setNextCursor(page.nextCursor);
      setFocusId(page.items[0]?.id ?? items?.at(-1)?.id ?? null);
    }
  }

  const nameOf = (id: string) => {
    const name = channelName(id, channels);
    const type = channelLabel(id, channels);
    return name === type ? name : `${name} (${type})`;
  };

  return (
    <>
      {role === 'agent' && <p className="field-hint contacts-hint">Only the conversations you handle are listed.</p>}
      {first.pending && items === null && <p className="muted">{first.pending}</p>}
      {first.error && <LoadError what="The conversations" message={first.error} onRetry={() => void load()} />}
      {items !== null && items.length === 0 && (
        <p className="muted">{role === 'agent' ? 'None of yours.' : 'No conversations yet.'}</p>
      )}
      {items !== null && items.length > 0 && (
        <div className="cfg-table-scroll">
          <table className="table contacts-table contacts-conversations">
            <caption className="visually-hidden">Conversations, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Channel</th>
                <th scope="col">State</th>
                <th scope="col">Last message</th>
              </tr>
            </thead>
            <tbody>
              {items.map((conversation) => (
                <tr key={conversation.id}>
                  <th scope="row">
                    <Link to={conversationPath(role, conversation.id)} id={linkId(conversation.id)}>
                      {formatDateTime(conversation.createdAt)}
                    </Link>
                  </th>
                  <td>{nameOf(conversation.channel)}</td>
                  <td>
                    <span className={`badge contacts-state contacts-state-${conversation.state}`}>
                      {STATE_LABELS[conversation.state]}
                    </span>
                  </td>
                  <td className="contacts-cell-date">{formatDateTime(conversation.lastMessageAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor !== null && (
        <div className="form-actions contacts-more">
          <button className="button" type="button" disabled={more.pending !== null} onClick={() => void loadMore()}>
            {more.pending ?? 'Load more conversations'}
          </button>
        </div>
      )}
      <ActionError action={more} />
    </>
  );
}
