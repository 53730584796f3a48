// One conversation opened from All conversations: its timeline, notes and routing decisions as its agent sees
// them, read-only, and live (W7): a watch socket (useWatch) brings the messages of both sides, the notes, the
// agent and the customer typing, and every change of hands or close as they happen. The supervisor may add a note
// the agent sees at once. "Take it" makes it the supervisor's own (pick when it waits, a transfer to themselves
// when a colleague has it) and goes on to it in Conversations; "Transfer" moves it to a category or another agent.
import { useEffect, useRef, useState } from 'react';
import type { Conversation } from '../../api/routing';
import type { User } from '../../api/types';
import { Link } from '../../Link';
import { LiveIndicator } from '../../live/LiveIndicator';
import { navigate } from '../../router';
import { PageHeading } from '../shell/PageHeading';
import { ConversationView } from '../workspace/ConversationView';
import { contactName } from '../workspace/names';
import { NoteForm } from '../workspace/NoteForm';
import { TransferDialog } from '../workspace/TransferDialog';
import { useNow } from '../workspace/useNow';
import { describeError, useWorkspace, useWorkspaceState } from '../workspace/WorkspaceProvider';
import { useWatch } from './useWatch';
import { latestTypingAt, typingLines, whoIsTyping, type WatchTyping } from './watch';

interface WatchedConversationProps {
  user: User;
  conversationId: string;
  /** The list, with the filters it had. */
  listPath: string;
}

export function WatchedConversation({ user, conversationId, listPath }: WatchedConversationProps) {
  const workspace = useWorkspace();
  const state = useWorkspaceState();
  const conversation = state.conversations[conversationId];
  const name = contactName(conversation ? state.contacts[conversation.contactId] : undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [transferring, setTransferring] = useState(false);
  const [transferError, setTransferError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const watch = useWatch(conversationId);
  const users = state.lookups.users;
  const personName = (id: string | null) => {
    const person = users.find((each) => each.id === id);
    return person ? person.displayName || person.email : 'The agent';
  };
  const agentName = conversation?.state === 'assigned' ? personName(conversation.agentId) : null;
  const news = useChangeNews(conversation, agentName);

  useEffect(() => () => workspace.store.dispatch({ type: 'viewed', conversationId: null }), [workspace]);

  async function take() {
    if (!conversation) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (conversation.state === 'queued') {
        await workspace.pick(conversationId);
      } else {
        await workspace.transfer(conversationId, { agentId: user.id });
      }
      workspace.announce(`The conversation with ${name} is yours now.`);
      navigate(`/conversations/${encodeURIComponent(conversationId)}`);
    } catch (failure) {
      setError(`Could not take it: ${describeError(failure)}`);
      setBusy(false);
    }
  }

  const mine = conversation?.state === 'assigned' && conversation.agentId === user.id;
  const open = conversation !== undefined && conversation.state !== 'closed';
  const actions = (
    <div className="ws-view-actions">
      {mine ? (
        <Link to={`/conversations/${encodeURIComponent(conversationId)}`} className="button button-small button-primary">
          Open in Conversations
        </Link>
      ) : (
        open && (
          <button className="button button-small button-primary" type="button" disabled={busy} onClick={() => void take()}>
            {busy ? 'Taking it…' : 'Take it'}
          </button>
        )
      )}
      {open && (
        <button className="button button-small" type="button" disabled={busy} onClick={() => setTransferring(true)}>
          Transfer
        </button>
      )}
    </div>
  );

  return (
    <section className="page ws-wide ac-watch">
      <div className="ws-page-head">
        <PageHeading title="All conversations" />
        <Link to={listPath} className="ac-back">
          <span aria-hidden="true">← </span>Back to the list
        </Link>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="ws-view ac-watch-view">
        <div className="ac-watch-bar">
          {conversation && !mine && (
            <p className="ac-watch-note">
              {open
                ? 'You are looking on: the customer does not see it. Take the conversation to reply.'
                : 'This conversation is closed. A new message from the customer within the reopen window opens it again.'}
            </p>
          )}
          <span className="ac-watch-live">
            <span className="visually-hidden">Watching this conversation: </span>
            <LiveIndicator state={watch.state} />
          </span>
        </div>
        <p className="visually-hidden" role="status">
          {news}
        </p>
        <ConversationView
          user={user}
          conversationId={conversationId}
          readOnly
          actions={actions}
          typing={<WatchTypingLine typing={watch.typing} nameOf={personName} />}
          footer={
            conversation &&
            !mine && (
              <div className="ws-composer ac-watch-composer">
                <NoteForm
                  conversationId={conversationId}
                  label={agentName ? `Add an internal note for ${agentName}` : 'Add an internal note'}
                  placeholder={agentName ? `Only your team sees notes; ${agentName} sees it at once` : undefined}
                  text={note}
                  onText={setNote}
                />
              </div>
            )
          }
        />
      </div>
      {conversation && (
        <TransferDialog
          open={transferring}
          conversation={conversation}
          busy={busy}
          error={transferError}
          onClose={() => {
            setTransferring(false);
            setTransferError(null);
          }}
          onTransfer={(to, label) => {
            setBusy(true);
            setTransferError(null);
            workspace
              .transfer(conversationId, to)
              .then(() => {
                workspace.announce(`Transferred the conversation with ${name} to ${label}.`);
                setTransferring(false);
              })
              .catch((failure: unknown) => setTransferError(describeError(failure)))
              .finally(() => setBusy(false));
          }}
        />
      )}
    </section>
  );
}

/** "<agent> is typing…" and "The customer is typing…", while the watch's frames say so (ticking only then). */
function WatchTypingLine({ typing, nameOf }: { typing: WatchTyping; nameOf: (id: string) => string }) {
  const now = useNow();
  // useNow ticks each second: a frame newer than its last tick counts as now.
  const who = whoIsTyping(typing, Math.max(now, latestTypingAt(typing)));
  const lines = typingLines(who, who.agentId === null ? '' : nameOf(who.agentId));
  return (
    <>
      {lines.map((line) => (
        <span key={line} className="ws-typing-text">
          {line}
        </span>
      ))}
    </>
  );
}

/** A sentence for screen readers when the conversation changes hands or closes while watched (not at first). */
function useChangeNews(conversation: Conversation | undefined, agentName: string | null): string {
  const [text, setText] = useState('');
  const key = conversation ? `${conversation.state}:${conversation.agentId ?? ''}` : null;
  const last = useRef<string | null>(null);
  useEffect(() => {
    if (key === null) {
      return;
    }
    const before = last.current;
    last.current = key;
    if (before === null || before === key) {
      return;
    }
    const state = key.slice(0, key.indexOf(':'));
    setText(
      state === 'assigned'
        ? `Now assigned to ${agentName ?? 'an agent'}.`
        : state === 'queued'
          ? 'The conversation went back to the queue.'
          : 'The conversation was closed.',
    );
  }, [agentName, key]);
  return text;
}
