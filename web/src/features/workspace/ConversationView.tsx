// One open conversation: the contact's whole timeline across channels, the composer and the note box, and the
// actions on the conversation (transfer, unassign, close); for admins and supervisors, its routing decisions.
// Read-only (a supervisor looking at any conversation from All conversations): no composer, no actions, no read
// receipts; the page that shows it passes its own actions.
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Conversation, Message, Note } from '../../api/routing';
import type { User } from '../../api/types';
import { channelLabel, formatClock, formatDateTime } from '../../format';
import { navigate } from '../../router';
import { Composer, type ComposerHandle } from './Composer';
import { Dialog } from './Dialog';
import { RoutingDecisions } from './RoutingDecisions';
import { findChannel } from './state/composer';
import { buildTimeline, type TimelineItem } from './state/timeline';
import { isContactTyping, isOffer, selectMine } from './state/workspaceState';
import { TimelineRow, estimateRowHeight } from './TimelineRow';
import { TransferDialog } from './TransferDialog';
import { contactName, userName } from './names';
import { useNow } from './useNow';
import { useReadReceipts } from './useReadReceipts';
import { VirtualList, type VirtualListHandle } from './VirtualList';
import { describeError, useWorkspace, useWorkspaceState } from './WorkspaceProvider';

export interface ConversationViewHandle {
  focusReply(): void;
  focusNote(): void;
  focusTimeline(): void;
  askClose(): void;
}

const itemKey = (item: TimelineItem) => item.key;

interface ConversationViewProps {
  user: User;
  conversationId: string;
  /** Looking on: no composer, no transfer/unassign/close, nothing marked read; `actions` in their place. */
  readOnly?: boolean;
  actions?: ReactNode;
  /** What the typing line says instead of the customer typing (a watched conversation: the agent too). */
  typing?: ReactNode;
  /** Shown below the timeline in place of the composer while read-only (a supervisor's note box). */
  footer?: ReactNode;
}

export const ConversationView = forwardRef<ConversationViewHandle, ConversationViewProps>(
  function ConversationView({ user, conversationId, readOnly = false, actions, typing, footer }, ref) {
    const workspace = useWorkspace();
    const state = useWorkspaceState();
    const [loadError, setLoadError] = useState<string | null>(null);
    const [dialog, setDialog] = useState<'transfer' | 'close' | null>(null);
    const [busy, setBusy] = useState(false);
    const [actionError, setActionError] = useState<string | null>(null);
    const timelineRef = useRef<VirtualListHandle>(null);
    const composer = useRef<ComposerHandle>(null);

    useEffect(() => {
      setLoadError(null);
      workspace.openConversation(conversationId).catch((error: unknown) => setLoadError(describeError(error)));
    }, [conversationId, workspace]);

    const conversation: Conversation | undefined = state.conversations[conversationId];
    const contactId = conversation?.contactId;
    const contact = contactId ? state.contacts[contactId] : undefined;
    const name = contactName(contact);

    const contactConversations = useMemo(
      () => Object.values(state.conversations).filter((each) => each.contactId === contactId),
      [state.conversations, contactId],
    );
    const timeline = useMemo(
      () => buildTimeline(contactConversations, state.messages, state.notes),
      [contactConversations, state.messages, state.notes],
    );
    // Two SMS accounts are both "SMS": the rows name the channel only when the names differ.
    const channelKinds = new Set(
      contactConversations.map((each) => channelLabel(each.channel, state.lookups.channels)),
    );
    const messages = state.messages[conversationId];
    const channel = conversation ? findChannel(state.lookups.channels, conversation.channel) : null;
    const canAct =
      !readOnly && conversation?.state === 'assigned' && (conversation.agentId === user.id || workspace.manager);
    const announcement = useAnnouncements(messages?.status === 'ready' ? messages.items : undefined, name);
    const notes = state.notes[conversationId];
    const noteAnnouncement = useNoteAnnouncements(
      notes?.status === 'ready' ? notes.items : undefined,
      (authorId) => userName(state.lookups.users, authorId, user.id),
      user.id,
    );
    // Whoever only looks on does not tell the customer their messages were read.
    useReadReceipts(conversationId, readOnly ? undefined : messages);

    useImperativeHandle(
      ref,
      () => ({
        focusReply: () => composer.current?.focusReply(),
        focusNote: () => composer.current?.focusNote(),
        focusTimeline: () => timelineRef.current?.focus(),
        askClose: () => {
          if (canAct) {
            setDialog('close');
          }
        },
      }),
      [canAct],
    );

    /** After the conversation left me: the next one in my list, or the empty list. */
    function moveOn() {
      const rest = selectMine(workspace.store.getState()).filter((each) => each.id !== conversationId);
      navigate(rest.length > 0 ? `/conversations/${rest[0].id}` : '/conversations');
    }

    async function act(run: () => Promise<void>, done: string, leave: boolean) {
      setBusy(true);
      setActionError(null);
      try {
        await run();
        workspace.announce(done);
        setDialog(null);
        if (leave) {
          moveOn();
        }
      } catch (error) {
        setActionError(describeError(error));
      } finally {
        setBusy(false);
      }
    }

    if (!conversation) {
      return (
        <div className="ws-view-inner">
          {loadError ? (
            <p className="form-error" role="alert">
              {loadError}
            </p>
          ) : (
            <p className="muted">Loading the conversation…</p>
          )}
        </div>
      );
    }

    // Whoever gives away their own conversation moves on to the next one; a supervisor acting on a colleague's stays.
    const leavesMe = conversation.agentId === user.id;
    return (
      <article className="ws-view-inner" aria-labelledby="ws-view-title">
        <header className="ws-view-header">
          <div className="ws-view-who">
            <h2 id="ws-view-title" className="ws-view-title">
              {name}
            </h2>
            <p className="ws-view-meta">
              <span className="badge">{channelLabel(conversation.channel, state.lookups.channels)}</span>
              <span>{stateLabel(conversation, user.id, state.lookups.users)}</span>
              {contact?.phone && <span>{contact.phone}</span>}
              {contact?.email && <span>{contact.email}</span>}
            </p>
          </div>
          {readOnly && actions}
          {canAct && (
            <div className="ws-view-actions">
              <button className="button button-small" type="button" disabled={busy} onClick={() => setDialog('transfer')}>
                Transfer
              </button>
              <button
                className="button button-small"
                type="button"
                disabled={busy}
                onClick={() =>
                  void act(() => workspace.unassign(conversationId), `The conversation with ${name} is back in the queue.`, leavesMe)
                }
              >
                Unassign
              </button>
              <button
                className="button button-small"
                type="button"
                disabled={busy}
                onClick={() => setDialog('close')}
                aria-keyshortcuts="e"
              >
                Close conversation
              </button>
            </div>
          )}
        </header>
        {actionError && (
          <p className="form-error ws-view-error" role="alert">
            {actionError}
          </p>
        )}
        {isOffer(conversation) && conversation.agentId === user.id && <OfferBanner deadline={conversation.offerDeadline} />}
        {workspace.manager && (
          <RoutingDecisions
            key={conversationId}
            conversationId={conversationId}
            context={{
              agentName: (id) => {
                const person = state.lookups.users.find((each) => each.id === id);
                return person ? person.displayName || person.email : id;
              },
              skillName: (id) => state.lookups.skills.find((skill) => skill.id === id)?.name ?? id,
            }}
          />
        )}
        <div className="ws-timeline">
          {messages?.status === 'failed' && (
            <p className="form-error" role="alert">
              Messages could not be loaded: {messages.error}
            </p>
          )}
          {(!messages || messages.status === 'loading' || messages.status === 'idle') && timeline.length <= 1 ? (
            <p className="muted ws-timeline-loading">Loading messages…</p>
          ) : (
            <VirtualList
              key={contactId}
              ref={timelineRef}
              items={timeline}
              itemKey={itemKey}
              estimateHeight={estimateRowHeight}
              label={`Timeline with ${name}`}
              renderItem={(item) => (
                <TimelineRow
                  item={item}
                  userId={user.id}
                  users={state.lookups.users}
                  contactName={name}
                  current={item.conversation.id === conversationId}
                  showChannel={channelKinds.size > 1}
                  channels={state.lookups.channels}
                />
              )}
            />
          )}
          <p className="ws-typing" aria-live="polite">
            {typing ??
              (state.typing[conversationId] !== undefined && (
                <ContactTyping typing={state.typing} conversationId={conversationId} />
              ))}
          </p>
        </div>
        <p className="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </p>
        <p className="visually-hidden" role="status" aria-live="polite">
          {noteAnnouncement}
        </p>
        {readOnly && footer}
        {!readOnly && (
          <Composer
            ref={composer}
            conversation={conversation}
            channel={channel}
            channelsKnown={state.lookups.channels !== null}
            messages={messages?.items ?? []}
            cannedResponses={state.lookups.cannedResponses}
            canWrite={canAct}
          />
        )}
        <TransferDialog
          open={dialog === 'transfer'}
          conversation={conversation}
          busy={busy}
          error={dialog === 'transfer' ? actionError : null}
          onClose={() => {
            setDialog(null);
            setActionError(null);
          }}
          onTransfer={(to, label) =>
            void act(() => workspace.transfer(conversationId, to), `Transferred the conversation with ${name} to ${label}.`, leavesMe)
          }
        />
        <Dialog open={dialog === 'close'} title="Close this conversation?" onClose={() => setDialog(null)}>
          <p>
            The conversation with {name} on {channelLabel(conversation.channel, state.lookups.channels)} ends. A new message from them within
            the reopen window opens it again.
          </p>
          {actionError && (
            <p className="form-error" role="alert">
              {actionError}
            </p>
          )}
          <div className="ws-dialog-actions">
            <button
              className="button button-primary"
              type="button"
              disabled={busy}
              onClick={() => void act(() => workspace.close(conversationId), `Closed the conversation with ${name}.`, true)}
            >
              Close it
            </button>
            <button className="button" type="button" onClick={() => setDialog(null)}>
              Cancel
            </button>
          </div>
        </Dialog>
      </article>
    );
  },
);

function stateLabel(conversation: Conversation, userId: string, users: readonly User[]): string {
  switch (conversation.state) {
    case 'queued':
      return 'Waiting in the queue';
    case 'closed':
      return conversation.closedAt ? `Closed ${formatDateTime(conversation.closedAt)}` : 'Closed';
    case 'assigned': {
      if (conversation.agentId === userId) {
        return isOffer(conversation) ? 'Offered to you' : 'Assigned to you';
      }
      // Admins and supervisors have the users list: they see whose it is.
      const agent = users.find((each) => each.id === conversation.agentId);
      return agent ? `Assigned to ${agent.displayName || agent.email}` : 'Assigned to a colleague';
    }
  }
}

/** "Customer is typing…" until the frames say otherwise or it runs out (ticking only while it shows). */
function ContactTyping({ typing, conversationId }: { typing: Record<string, number>; conversationId: string }) {
  const now = useNow();
  // useNow ticks each second: a frame newer than its last tick counts as now.
  return isContactTyping({ typing }, conversationId, Math.max(now, typing[conversationId] ?? 0)) ? (
    <span className="ws-typing-text">Customer is typing…</span>
  ) : null;
}

function OfferBanner({ deadline }: { deadline: string | null }) {
  const now = useNow();
  const left = deadline ? Math.max(0, Math.floor((Date.parse(deadline) - now) / 1000)) : 0;
  return (
    <p className="ws-banner ws-banner-offer">
      Offered to you: accept it in the list or reply within <span className="ws-num">{formatClock(left)}</span>, or it
      goes to the next agent.
    </p>
  );
}

/**
 * What the view's live region says: new inbound messages and failed sends in this conversation. `messages` is
 * undefined until the conversation's messages have loaded: what is there then is the baseline, never news.
 */
function useAnnouncements(messages: Message[] | undefined, name: string): string {
  const [text, setText] = useState('');
  const seen = useRef<Map<string, string> | null>(null);
  useEffect(() => {
    if (!messages) {
      return;
    }
    if (seen.current === null) {
      seen.current = new Map(messages.map((message) => [message.id, message.status]));
      return;
    }
    const known = seen.current;
    const news: string[] = [];
    for (const message of messages) {
      const before = known.get(message.id);
      if (before === undefined && message.direction === 'inbound') {
        // Not the text itself: it is in the timeline, where the reader can go on from it.
        news.push(`New message from ${name}.`);
      } else if (message.status === 'failed' && before !== 'failed' && message.direction === 'outbound') {
        news.push(`A reply could not be delivered${message.statusReason ? `: ${message.statusReason}` : ''}.`);
      }
      known.set(message.id, message.status);
    }
    if (news.length > 0) {
      setText(news.join(' '));
    }
  }, [messages, name]);
  return text;
}

/** What the view's second live region says: a note someone else added (a supervisor's hint, the agent's note). */
function useNoteAnnouncements(notes: Note[] | undefined, authorName: (id: string) => string, userId: string): string {
  const [text, setText] = useState('');
  const seen = useRef<Set<string> | null>(null);
  const nameOf = useRef(authorName);
  nameOf.current = authorName;
  useEffect(() => {
    if (!notes) {
      return;
    }
    if (seen.current === null) {
      seen.current = new Set(notes.map((note) => note.id));
      return;
    }
    const known = seen.current;
    const fresh = notes.filter((note) => !known.has(note.id));
    fresh.forEach((note) => known.add(note.id));
    const others = fresh.filter((note) => note.authorId !== userId);
    if (others.length > 0) {
      setText(others.map((note) => `${nameOf.current(note.authorId)} added an internal note.`).join(' '));
    }
  }, [notes, userId]);
  return text;
}
