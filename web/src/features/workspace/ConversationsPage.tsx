// W3/W4: my conversations (offers with their countdown) beside the open one; keyboard shortcuts for both.
import { useEffect, useRef, useState } from 'react';
import type { Channel, Contact, Conversation, Message } from '../../api/routing';
import type { User } from '../../api/types';
import { channelLabel, formatClock, formatMessageTime } from '../../format';
import { Link } from '../../Link';
import { navigate } from '../../router';
import { PageHeading } from '../shell/PageHeading';
import { ConversationView, type ConversationViewHandle } from './ConversationView';
import { Dialog } from './Dialog';
import { contactName, previewPrefix } from './names';
import { isOffer, selectMine } from './state/workspaceState';
import { messageSummary } from './TimelineRow';
import { useNow } from './useNow';
import { describeError, useWorkspace, useWorkspaceState } from './WorkspaceProvider';

export const SHORTCUTS: { keys: string; action: string }[] = [
  { keys: 'j', action: 'Next conversation' },
  { keys: 'k', action: 'Previous conversation' },
  { keys: 'r', action: 'Write a reply' },
  { keys: 'n', action: 'Write an internal note' },
  { keys: 'Esc', action: 'Leave the text field' },
  { keys: 'e', action: 'Close the conversation (asks first)' },
  { keys: '?', action: 'Show these shortcuts' },
];

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable="true"]') !== null;

export function ConversationsPage({ user, conversationId }: { user: User; conversationId: string | null }) {
  const state = useWorkspaceState();
  const workspace = useWorkspace();
  const mine = selectMine(state);
  const [helpOpen, setHelpOpen] = useState(false);
  const view = useRef<ConversationViewHandle>(null);
  const mineRef = useRef(mine);
  mineRef.current = mine;

  useEffect(() => () => workspace.store.dispatch({ type: 'viewed', conversationId: null }), [workspace]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
        return;
      }
      if (event.key === 'Escape') {
        if (isTyping(event.target) && !document.querySelector('dialog[open]')) {
          event.preventDefault();
          (event.target as HTMLElement).blur();
          view.current?.focusTimeline();
        }
        return;
      }
      if (isTyping(event.target) || document.querySelector('dialog[open]')) {
        return;
      }
      const list = mineRef.current;
      const index = list.findIndex((item) => item.id === conversationId);
      switch (event.key) {
        case 'j':
        case 'k': {
          if (list.length === 0) {
            return;
          }
          const step = event.key === 'j' ? 1 : -1;
          const next = index < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, index + step));
          navigate(`/conversations/${list[next].id}`);
          break;
        }
        case 'r':
          view.current?.focusReply();
          break;
        case 'n':
          view.current?.focusNote();
          break;
        case 'e':
          view.current?.askClose();
          break;
        case '?':
          setHelpOpen(true);
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [conversationId]);

  return (
    <section className="page ws-wide ws-conversations-page">
      <div className="ws-page-head">
        <PageHeading title="Conversations" />
        <button className="button button-small" type="button" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
          Keyboard shortcuts
        </button>
      </div>
      <div className="ws-conversations">
        <nav className="ws-list" aria-labelledby="ws-mine-heading">
          <h2 id="ws-mine-heading" className="ws-list-title">
            Mine <span className="ws-num muted">({mine.length})</span>
          </h2>
          <MineList mine={mine} currentId={conversationId} />
        </nav>
        <div className="ws-view">
          {conversationId ? (
            <ConversationView key={conversationId} ref={view} user={user} conversationId={conversationId} />
          ) : (
            <div className="empty-state ws-view-empty">
              <p className="empty-title">No conversation open</p>
              <p>
                {mine.length > 0
                  ? 'Choose one from the list, or press j to open the first.'
                  : 'Conversations allocated to you, or picked on the Queue page, appear here.'}
              </p>
            </div>
          )}
        </div>
      </div>
      <Dialog open={helpOpen} title="Keyboard shortcuts" onClose={() => setHelpOpen(false)}>
        <p className="field-hint">They work anywhere on this page except while you type in a field.</p>
        <table className="ws-shortcuts">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Does</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((shortcut) => (
              <tr key={shortcut.keys}>
                <td>
                  <kbd>{shortcut.keys}</kbd>
                </td>
                <td>{shortcut.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="ws-dialog-actions">
          <button className="button button-primary" type="button" onClick={() => setHelpOpen(false)}>
            Done
          </button>
        </div>
      </Dialog>
    </section>
  );
}

function MineList({ mine, currentId }: { mine: Conversation[]; currentId: string | null }) {
  const state = useWorkspaceState();
  if (mine.length === 0) {
    return (
      <p className="muted ws-list-empty">
        {state.mineStatus === 'failed'
          ? `Your conversations could not be loaded: ${state.mineError}`
          : state.mineStatus === 'ready'
            ? 'Nothing assigned to you right now.'
            : 'Loading…'}
      </p>
    );
  }
  return (
    <ul className="ws-list-items">
      {mine.map((conversation) => (
        <MineItem
          key={conversation.id}
          conversation={conversation}
          last={state.messages[conversation.id]?.items.at(-1)}
          contact={state.contacts[conversation.contactId]}
          unread={state.unread[conversation.id] === true}
          current={conversation.id === currentId}
          channels={state.lookups.channels}
        />
      ))}
    </ul>
  );
}

function MineItem(props: {
  conversation: Conversation;
  last: Message | undefined;
  contact: Contact | undefined;
  unread: boolean;
  current: boolean;
  channels: readonly Channel[] | null;
}) {
  const { conversation, last, contact, unread, current, channels } = props;
  const name = contactName(contact);
  const offer = isOffer(conversation);
  return (
    <li className={`ws-item${current ? ' ws-item-current' : ''}${offer ? ' ws-item-offer' : ''}`}>
      <Link
        to={`/conversations/${conversation.id}`}
        className="ws-item-link"
        aria-current={current ? 'page' : undefined}
      >
        <span className="ws-item-name">
          {unread && (
            <span className="ws-unread-dot" aria-hidden="true" />
          )}
          {name}
          {unread && <span className="visually-hidden"> (unread)</span>}
        </span>
        <span className="ws-item-meta">
          <span>{channelLabel(conversation.channel, channels)}</span>
          <span aria-hidden="true">·</span>
          <span>{offer ? 'Offer' : 'Assigned'}</span>
          <span aria-hidden="true">·</span>
          <time dateTime={conversation.lastMessageAt}>{formatMessageTime(conversation.lastMessageAt)}</time>
        </span>
        {/* The open conversation's last message is in its timeline already. */}
        <span className="ws-item-preview">
          {current ? 'Open' : last ? `${previewPrefix(last)}${messageSummary(last)}` : '\u00a0'}
        </span>
      </Link>
      {offer && conversation.offerDeadline && <OfferControls conversation={conversation} name={name} />}
    </li>
  );
}

function OfferControls({ conversation, name }: { conversation: Conversation; name: string }) {
  const workspace = useWorkspace();
  const now = useNow();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const left = Math.max(0, Math.floor((Date.parse(conversation.offerDeadline ?? '') - now) / 1000));
  return (
    <div className="ws-offer">
      <span className="ws-offer-left">
        <span className="visually-hidden">Offer for {name} runs out in </span>
        <span className="ws-num" aria-hidden="false">
          {formatClock(left)}
        </span>
      </span>
      <button
        className="button button-primary button-small"
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await workspace.accept(conversation.id);
            workspace.announce(`Accepted the conversation with ${name}.`);
          } catch (failure) {
            setError(describeError(failure));
          } finally {
            setBusy(false);
          }
        }}
      >
        Accept
      </button>
      {error && (
        <p className="ws-item-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
