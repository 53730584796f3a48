// The reply box and the note box of an open conversation. The reply box knows the channel: attachments only where
// it carries media (a URL, or a file from the agent's computer uploaded as soon as it is chosen), nothing
// free-form once its reply window has closed (counted down from the server's replyWindowClosesAt, and said loud
// and clear once it is over), except on Messenger and Instagram pages with Meta's Human Agent permission, whose
// replies go on, tagged as a human agent's, until 7 days after the customer's last message (said, and counted down). Where the channel has message templates (WhatsApp), "Send a template" opens the
// picker, also from the closed-window notice: a template still reaches the customer then. "/" plus a shortcut
// suggests canned responses. Every send carries an Idempotency-Key kept with a failed send, so "Retry" can never
// send twice.
// While the agent types, the server is told (state/receipts.ts): a web chat visitor sees "Agent is typing…" (and a
// Telegram chat "typing…"), and supervisors watching the conversation (W7) see it on any channel.
import { forwardRef, useEffect, useId, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { isApiError } from '../../api/client';
import {
  humanAgentWindowOf,
  type CannedResponse,
  type Channel,
  type Conversation,
  type Message,
  type ReplyContent,
  type TemplateReply,
} from '../../api/routing';
import { channelLabel, formatClock, formatDateTime } from '../../format';
import { NoteForm } from './NoteForm';
import { attachmentLabel, uploadForReply } from './state/attachment';
import {
  cannedQuery,
  clearSent,
  insertCannedText,
  isRefusal,
  matchCanned,
  replyContent,
  sendKey,
  shortcutOf,
  withAttachment,
  withMediaUrl,
} from './state/composer';
import { createTypingSignal } from './state/receipts';
import { closedWindowText, replyWindowOf, roughDuration, taggedWindowText } from './state/replyWindow';
import { draftFromReply, emptyTemplateDraft, isTemplateReply, type TemplateDraft } from './state/templates';
import { lastInboundAt } from './state/timeline';
import { TemplatePicker } from './TemplatePicker';
import { useNow } from './useNow';
import { describeError, useWorkspace, type Draft } from './WorkspaceProvider';

export interface ComposerHandle {
  focusReply(): void;
  focusNote(): void;
}

interface ComposerProps {
  conversation: Conversation;
  channel: Channel | null;
  /** False when the server does not list channels: capabilities and windows are unknown. */
  channelsKnown: boolean;
  messages: Message[];
  cannedResponses: CannedResponse[] | null;
  canWrite: boolean;
}

const MAX_SUGGESTIONS = 6;

function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}


export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer(props, ref) {
  const { conversation, channel, messages, cannedResponses, canWrite } = props;
  const workspace = useWorkspace();
  const [draft, setDraftState] = useState<Draft>(() => workspace.draft(conversation.id));
  const [menuOpen, setMenuOpen] = useState(false);
  const [attachOpen, setAttachOpen] = useState(() => draft.mediaUrl !== '');
  /** The name of the file being uploaded, if any. */
  const [uploading, setUploading] = useState<string | null>(null);
  const [attachError, setAttachError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [templatesOpen, setTemplatesOpen] = useState(false);
  const [templateDraft, setTemplateDraft] = useState<TemplateDraft>(emptyTemplateDraft);
  const reply = useRef<HTMLTextAreaElement>(null);
  const note = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const ids = { reply: useId(), media: useId(), suggestions: useId(), window: useId(), menu: useId() };
  const now = useNow();

  useImperativeHandle(ref, () => ({
    focusReply: () => reply.current?.focus(),
    focusNote: () => note.current?.focus(),
  }));

  // "Typing", and "stopped" when the composer goes away (another conversation, or left).
  const conversationId = conversation.id;
  const typing = useMemo(
    () => createTypingSignal((value) => workspace.sendTyping(conversationId, value)),
    [conversationId, workspace],
  );
  useEffect(() => () => typing.stop(), [typing]);

  // The workspace's draft is the truth, written first: a composer unmounted while a send is under way still
  // has its draft (and the end of its 'sending' state) saved; this copy only re-renders what is on screen.
  const update = (change: (current: Draft) => Draft) => {
    workspace.setDraft(conversation.id, change);
    setDraftState(workspace.draft(conversation.id));
  };

  // Reply window: until the server's replyWindowClosesAt, else from the contact's last message here; then, where the
  // channel tags replies as a human agent's, until customerLastMessageAt + its humanAgentWindowSeconds. `now` ticks,
  // so the countdown runs and the composer closes when the window does.
  const windowSeconds = channel?.replyWindowSeconds ?? null;
  const replyWindow = replyWindowOf({
    windowSeconds,
    closesAt: conversation.replyWindowClosesAt,
    lastInbound: lastInboundAt(messages),
    nowMs: now,
    humanAgentSeconds: humanAgentWindowOf(channel),
    customerLastMessageAt: conversation.customerLastMessageAt,
  });
  const windowClosed = replyWindow.state === 'closed';
  const channelName = channelLabel(conversation.channel, channel ? [channel] : null);
  const media = channel?.capabilities.media === true;
  const templates = channel?.capabilities.templates === true;
  const sending = draft.pending?.status === 'sending';
  const disabled = !canWrite || windowClosed;

  const query = cannedQuery(draft.text);
  const suggestions =
    query !== null && query !== dismissed && cannedResponses ? matchCanned(cannedResponses, query, MAX_SUGGESTIONS) : [];
  const activeIndex = Math.min(active, Math.max(0, suggestions.length - 1));

  function insertCanned(response: CannedResponse) {
    update((current) => ({ ...current, text: insertCannedText(current.text, response), pending: null }));
    setMenuOpen(false);
    setActive(0);
    reply.current?.focus();
  }

  /**
   * Sends `content` as the draft's pending send (its Idempotency-Key from sendKey: the same for the same body after
   * a failure), then `onSent`. Resolves to whether it went.
   */
  async function deliver(content: ReplyContent, onSent: () => void): Promise<boolean> {
    if (sending) {
      return false;
    }
    const key = sendKey(draft.pending, content, newIdempotencyKey);
    typing.stop();
    update((current) => ({ ...current, pending: { key, content, status: 'sending', error: null } }));
    try {
      await workspace.send(conversation.id, content, key);
      onSent();
      return true;
    } catch (error) {
      const code = isApiError(error) ? error.code : null;
      update((current) => ({ ...current, pending: { key, content, status: 'failed', error: describeError(error), code } }));
      return false;
    }
  }

  async function send(retry: boolean) {
    const pending = draft.pending;
    const content = retry && pending ? pending.content : replyContent(draft, media);
    // Not while a file uploads: the reply would go without it.
    if (!content || uploading !== null) {
      return;
    }
    if (isTemplateReply(content)) {
      // A failed template, sent again with its key: the text typed in the box is not what went.
      await sendTemplate(content);
      return;
    }
    const sent = { text: draft.text, mediaUrl: draft.mediaUrl, attachment: draft.attachment };
    await deliver(content, () => {
      // Only what was sent is cleared: anything typed meanwhile stays.
      update((current) => clearSent(current, sent));
      setAttachError(null);
      if (workspace.draft(conversation.id).mediaUrl === '') {
        setAttachOpen(false);
      }
    });
  }

  async function sendTemplate(content: TemplateReply) {
    const sent = await deliver(content, () => update((current) => ({ ...current, pending: null })));
    if (sent) {
      setTemplatesOpen(false);
      setTemplateDraft(emptyTemplateDraft());
      workspace.announce(`Template ${content.template.name} sent.`);
    }
  }

  function openTemplates() {
    // A template that failed comes back as it was tried (the same body keeps its Idempotency-Key).
    const pending = draft.pending;
    if (pending?.status === 'failed' && isTemplateReply(pending.content)) {
      setTemplateDraft(draftFromReply(pending.content));
    }
    setTemplatesOpen(true);
  }

  async function attachFile(file: File) {
    setAttachError(null);
    setUploading(file.name);
    const result = await uploadForReply(file, (chosen) => workspace.uploadAttachment(conversation.id, chosen));
    setUploading(null);
    if (result.ok) {
      update((current) => withAttachment(current, result.attachment));
      setAttachOpen(false);
    } else {
      setAttachError(result.message);
    }
  }

  function onReplyKey(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (suggestions.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((activeIndex + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        insertCanned(suggestions[activeIndex]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(query);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send(false);
    }
  }

  let notice: string | null = null;
  if (!canWrite) {
    notice =
      conversation.state === 'closed'
        ? 'This conversation is closed. A new message from the contact reopens it.'
        : conversation.state === 'queued'
          ? 'This conversation is waiting in the queue; pick it there to reply.'
          : 'This conversation is assigned to a colleague.';
  } else if (replyWindow.state === 'closed') {
    notice = closedWindowText(replyWindow, windowSeconds, channelName, channel?.type ?? null);
  } else if (replyWindow.state === 'tagged') {
    notice = taggedWindowText(replyWindow, windowSeconds, (ms) => formatDateTime(new Date(ms).toISOString()));
  }
  const tagged = replyWindow.state === 'tagged' && canWrite;
  const refused = isRefusal(draft.pending);
  const pendingTemplate = draft.pending !== null && isTemplateReply(draft.pending.content) ? draft.pending : null;
  const templateButton = (
    <button
      className="button button-small"
      type="button"
      aria-haspopup="dialog"
      disabled={sending}
      onClick={openTemplates}
    >
      Send a template
    </button>
  );

  return (
    <div className="ws-composer">
      <form
        className="ws-reply"
        onSubmit={(event) => {
          event.preventDefault();
          void send(false);
        }}
      >
        <div className="ws-reply-head">
          <label htmlFor={ids.reply} className="ws-field-label">
            Reply
          </label>
          {(replyWindow.state === 'open' || replyWindow.state === 'tagged') && canWrite && (
            <span className={replyWindow.warning ? 'ws-window-warn' : 'ws-window-left'} id={ids.window}>
              {replyWindow.state === 'tagged' ? 'Human agent replies' : 'Reply window'}:{' '}
              <span className="ws-num">
                {replyWindow.warning ? formatClock(replyWindow.secondsLeft) : roughDuration(replyWindow.secondsLeft)}
              </span>{' '}
              left
            </span>
          )}
        </div>
        {notice && (
          <p
            className={
              windowClosed && canWrite
                ? 'ws-composer-notice ws-window-closed'
                : tagged
                  ? 'ws-composer-notice ws-window-tagged'
                  : 'ws-composer-notice'
            }
            id={`${ids.reply}-notice`}
            role={(windowClosed || tagged) && canWrite ? 'status' : undefined}
          >
            {notice}
          </p>
        )}
        {/* What still reaches the customer once the window closed, right under the notice that says so. */}
        {windowClosed && canWrite && templates && <div className="ws-window-templates">{templateButton}</div>}
        <div className="ws-reply-row">
          <div className="ws-reply-box">
            <textarea
              ref={reply}
              id={ids.reply}
              className="ws-textarea"
              rows={2}
              value={draft.text}
              disabled={disabled}
              placeholder={disabled ? '' : 'Write a reply; / for canned responses'}
              aria-describedby={notice ? `${ids.reply}-notice` : undefined}
              aria-autocomplete="list"
              aria-controls={suggestions.length > 0 ? ids.suggestions : undefined}
              aria-activedescendant={suggestions.length > 0 ? `${ids.suggestions}-${activeIndex}` : undefined}
              aria-keyshortcuts="r"
              onChange={(event) => {
                const text = event.target.value;
                typing.changed(text);
                setActive(0);
                setDismissed(null);
                update((current) => ({
                  ...current,
                  text,
                  // Another body needs another key; the failed one is dropped.
                  pending: current.pending?.status === 'sending' ? current.pending : null,
                }));
              }}
              onKeyDown={onReplyKey}
            />
            {suggestions.length > 0 && (
              <ul className="ws-suggestions" id={ids.suggestions} role="listbox" aria-label="Canned responses">
                {suggestions.map((response, index) => (
                  <li
                    key={response.id}
                    id={`${ids.suggestions}-${index}`}
                    role="option"
                    aria-selected={index === activeIndex}
                    className="ws-suggestion"
                    onMouseDown={(event) => {
                      event.preventDefault();
                      insertCanned(response);
                    }}
                  >
                    <span className="ws-suggestion-key">/{shortcutOf(response)}</span> {response.text}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <button
            className="button button-primary"
            type="submit"
            disabled={disabled || sending || uploading !== null || !replyContent(draft, media)}
          >
            {sending ? 'Sending…' : 'Send'}
          </button>
        </div>
        {/* A template's failure is said in the picker while it is open. */}
        {draft.pending?.status === 'failed' && !(templatesOpen && pendingTemplate) && (
          <div className="ws-send-failed" role="alert">
            <span>
              {pendingTemplate ? 'Template not sent' : 'Not sent'}: {draft.pending.error}
            </span>
            {/* The server refused it (the window, or the body): the same reply would be refused again. */}
            {!refused && (
              <button className="button button-small" type="button" onClick={() => void send(true)}>
                Retry
              </button>
            )}
          </div>
        )}
        {attachError && (
          <div className="ws-send-failed" role="alert">
            <span>Not attached: {attachError}</span>
          </div>
        )}
        {!disabled && (
          <div className="ws-reply-tools">
            {cannedResponses !== null && (
              <div className="ws-menu">
                <button
                  className="button button-small"
                  type="button"
                  aria-expanded={menuOpen}
                  aria-controls={ids.menu}
                  onClick={() => setMenuOpen((open) => !open)}
                >
                  Canned responses
                </button>
                {menuOpen && (
                  <div
                    className="ws-menu-popup"
                    id={ids.menu}
                    onKeyDown={(event) => {
                      if (event.key === 'Escape') {
                        event.preventDefault();
                        setMenuOpen(false);
                        reply.current?.focus();
                      }
                    }}
                  >
                    {cannedResponses.length === 0 ? (
                      <p className="field-hint">No canned responses yet; admins add them in the Configurator.</p>
                    ) : (
                      <ul>
                        {cannedResponses.map((response) => (
                          <li key={response.id}>
                            <button type="button" className="ws-menu-item" onClick={() => insertCanned(response)}>
                              <span className="ws-suggestion-key">/{shortcutOf(response)}</span> {response.text}
                            </button>
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                )}
              </div>
            )}
            {templates && templateButton}
            {media && (
              <button
                className="button button-small"
                type="button"
                aria-expanded={attachOpen}
                onClick={() => setAttachOpen((open) => !open)}
              >
                Attach a link
              </button>
            )}
            {media && (
              <>
                <button
                  className="button button-small"
                  type="button"
                  disabled={uploading !== null || sending}
                  onClick={() => fileInput.current?.click()}
                >
                  Attach a file
                </button>
                <input
                  ref={fileInput}
                  type="file"
                  hidden
                  aria-label="File to attach"
                  onChange={(event) => {
                    const file = event.target.files?.[0];
                    // Emptied, so choosing the same file again (after removing it) is a change too.
                    event.target.value = '';
                    if (file) {
                      void attachFile(file);
                    }
                  }}
                />
              </>
            )}
            {media && attachOpen && (
              <span className="ws-attach">
                <label htmlFor={ids.media}>Attachment URL</label>
                <input
                  id={ids.media}
                  type="url"
                  className="ws-input"
                  value={draft.mediaUrl}
                  placeholder="https://…"
                  onChange={(event) => {
                    const mediaUrl = event.target.value;
                    update((current) => withMediaUrl(current, mediaUrl));
                  }}
                />
              </span>
            )}
            {media && draft.attachment && (
              <span className="ws-attachment">
                {attachmentLabel(draft.attachment)}
                <button
                  className="ws-attachment-remove"
                  type="button"
                  aria-label="Remove attachment"
                  title="Remove attachment"
                  onClick={() => update((current) => withAttachment(current, null))}
                >
                  ×
                </button>
              </span>
            )}
            {/* Always there (last, so an empty one takes no room): a live region announces what it is given. */}
            {media && (
              <span className="ws-upload-status" role="status">
                {uploading !== null && `Uploading ${uploading}…`}
              </span>
            )}
          </div>
        )}
      </form>
      <NoteForm
        ref={note}
        conversationId={conversation.id}
        label="Internal note"
        text={draft.note}
        onText={(text) => update((current) => ({ ...current, note: text }))}
        keyShortcut="n"
      />
      {templates && channel && (
        <TemplatePicker
          open={templatesOpen}
          channelId={channel.id}
          draft={templateDraft}
          onDraft={(change) => {
            setTemplateDraft(change);
            // A refused template is dropped once the agent changes it (its message is about what was there before).
            // One the server may not have seen stays: sent again as it was, it keeps its Idempotency-Key.
            if (pendingTemplate?.status === 'failed' && refused) {
              update((current) =>
                current.pending?.status === 'failed' && isTemplateReply(current.pending.content)
                  ? { ...current, pending: null }
                  : current,
              );
            }
          }}
          send={pendingTemplate ? { status: pendingTemplate.status, error: pendingTemplate.error } : null}
          onSend={(content) => void sendTemplate(content)}
          onClose={() => setTemplatesOpen(false)}
        />
      )}
    </div>
  );
});
