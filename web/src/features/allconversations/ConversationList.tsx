// The conversations found, newest first, as a windowed list (only the rows in view are in the page): each row a
// link named after the customer, its details a description list under the column heads.
import { useEffect, useState } from 'react';
import type { Conversation } from '../../api/routing';
import { Link } from '../../Link';
import { VirtualList } from '../workspace/VirtualList';
import { useWorkspace, useWorkspaceState } from '../workspace/WorkspaceProvider';
import { describeRow, type RowTime } from './rows';

/** Rows are one line: this is their height, near enough until measured. */
const ROW_HEIGHT = 46;
const COLUMNS = ['Customer', 'Channel', 'State', 'Agent', 'Category', 'Started', 'Last message'];

interface ConversationListProps {
  ids: readonly string[];
  /** The list's own copy of each conversation (the workspace store's, when it has one, is as new or newer). */
  items: Readonly<Record<string, Conversation>>;
  /** Rows register here while rendered (see useConversationList). */
  onScreen: Set<string>;
  onNearEnd: () => void;
}

const itemKey = (id: string) => id;
const estimate = () => ROW_HEIGHT;

export function ConversationList({ ids, items, onScreen, onNearEnd }: ConversationListProps) {
  const state = useWorkspaceState();
  const now = new Date();
  return (
    <div className="ac-list">
      <div className="ac-head" aria-hidden="true">
        {COLUMNS.map((column) => (
          <span key={column}>{column}</span>
        ))}
      </div>
      <VirtualList
        items={ids}
        itemKey={itemKey}
        estimateHeight={estimate}
        followBottom={false}
        onNearEnd={onNearEnd}
        label="Conversations, newest first"
        renderItem={(id) => {
          const conversation = state.conversations[id] ?? items[id];
          return conversation ? (
            <ConversationRow
              conversation={conversation}
              onScreen={onScreen}
              row={describeRow(conversation, {
                contact: state.contacts[conversation.contactId],
                users: state.lookups.users,
                me: state.userId,
                channels: state.lookups.channels,
                categories: state.lookups.categories,
                now,
              })}
            />
          ) : null;
        }}
      />
    </div>
  );
}

function ConversationRow({
  conversation,
  row,
  onScreen,
}: {
  conversation: Conversation;
  row: ReturnType<typeof describeRow>;
  onScreen: Set<string>;
}) {
  const workspace = useWorkspace();
  const { id, contactId } = conversation;

  useEffect(() => {
    onScreen.add(id);
    return () => {
      onScreen.delete(id);
    };
  }, [id, onScreen]);

  // Names only for the rows drawn: each contact read is on the read audit.
  const [tried, setTried] = useState(false);
  useEffect(() => {
    let mounted = true;
    void workspace.ensureContact(contactId).then(() => mounted && setTried(true));
    return () => {
      mounted = false;
    };
  }, [contactId, workspace]);

  return (
    <div className={`ac-row ac-row-${row.state.kind}`}>
      <Link to={`/all-conversations/${encodeURIComponent(id)}`} className="ac-row-link">
        {row.name ??
          (tried ? (
            'Unknown contact'
          ) : (
            <>
              <span aria-hidden="true">…</span>
              <span className="visually-hidden">Loading the name</span>
            </>
          ))}
      </Link>
      <dl className="ac-row-fields">
        <div>
          <dt className="visually-hidden">Channel</dt>
          <dd>{row.channel}</dd>
        </div>
        <div>
          <dt className="visually-hidden">State</dt>
          <dd>
            <span className={`ac-state ac-state-${row.state.kind}`}>{row.state.label}</span>
          </dd>
        </div>
        <div>
          <dt className="visually-hidden">Agent</dt>
          <dd>
            {row.agent ?? (
              <>
                <span aria-hidden="true" className="muted">
                  —
                </span>
                <span className="visually-hidden">Nobody</span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt className="visually-hidden">Category</dt>
          <dd>{row.category}</dd>
        </div>
        <div>
          <dt className="visually-hidden">Started</dt>
          <dd>
            <Time time={row.created} />
          </dd>
        </div>
        <div>
          <dt className="visually-hidden">Last message</dt>
          <dd>
            <Time time={row.lastMessage} />
          </dd>
        </div>
      </dl>
    </div>
  );
}

function Time({ time }: { time: RowTime }) {
  return (
    <time className="ws-num" dateTime={time.iso} title={time.full}>
      {time.text}
    </time>
  );
}
