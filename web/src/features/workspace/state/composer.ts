// The composer's pure parts: canned-response lookup while typing, what a reply sends, what a finished send clears,
// and which channel account a conversation uses.
import type { Attachment, CannedResponse, Channel, ReplyContent } from '../../../api/routing';

/** The parts of a draft a reply is made of. */
export interface ReplyDraft {
  text: string;
  mediaUrl: string;
  attachment: Attachment | null;
}

/** The "/query" being typed at the end of the text (after a space or at the start), or null. */
export function cannedQuery(text: string): string | null {
  const match = /(?:^|\s)\/([^\s/]*)$/.exec(text);
  return match ? match[1] : null;
}

export const shortcutOf = (response: CannedResponse) => response.shortcut.replace(/^\//, '');

/** Canned responses whose shortcut starts with `query` (case-insensitive), at most `limit`. */
export function matchCanned(responses: readonly CannedResponse[], query: string, limit: number): CannedResponse[] {
  const wanted = query.toLowerCase();
  return responses.filter((response) => shortcutOf(response).toLowerCase().startsWith(wanted)).slice(0, limit);
}

/** The text with the "/query" being typed replaced by the response, or the response appended. */
export function insertCannedText(text: string, response: CannedResponse): string {
  if (cannedQuery(text) !== null) {
    // A function, so "$&", "$$" and the like in the response stay as written.
    return text.replace(/\/[^\s/]*$/, () => response.text);
  }
  return `${text}${text && !text.endsWith(' ') ? ' ' : ''}${response.text}`;
}

/**
 * What the reply sends, or null when there is nothing to send. Where the channel carries media, an uploaded file
 * (by its id) or else an attachment URL goes with the text as its caption; otherwise the text alone.
 */
export function replyContent(draft: ReplyDraft, media: boolean): ReplyContent | null {
  const text = draft.text.trim();
  const url = draft.mediaUrl.trim();
  if (media && draft.attachment) {
    return { media: { id: draft.attachment.id, caption: text || null } };
  }
  if (media && url) {
    return { media: { url, mimeType: null, caption: text || null } };
  }
  return text ? { text } : null;
}

/**
 * The draft with an uploaded file attached, or with none (null). A file replaces an attachment URL: a reply has one
 * attachment. The body changed, so a failed send is dropped (its Idempotency-Key belongs to the old body); one in
 * flight stays until it ends.
 */
export function withAttachment<T extends ReplyDraft & { pending: { status: string } | null }>(
  draft: T,
  attachment: Attachment | null,
): T {
  return {
    ...draft,
    attachment,
    mediaUrl: attachment ? '' : draft.mediaUrl,
    pending: draft.pending?.status === 'sending' ? draft.pending : null,
  };
}

/** The draft with an attachment URL as typed; it replaces an uploaded file (a reply has one attachment). */
export function withMediaUrl<T extends ReplyDraft & { pending: unknown }>(draft: T, mediaUrl: string): T {
  return { ...draft, mediaUrl, attachment: null, pending: null };
}

/**
 * The draft once its reply has gone out: no longer pending, and the text and attachments cleared only if they are
 * still what was sent (what the person typed or attached while it was sending stays).
 */
export function clearSent<T extends ReplyDraft & { pending: unknown }>(draft: T, sent: ReplyDraft): T {
  return {
    ...draft,
    text: draft.text === sent.text ? '' : draft.text,
    mediaUrl: draft.mediaUrl === sent.mediaUrl ? '' : draft.mediaUrl,
    attachment: draft.attachment?.id === sent.attachment?.id ? null : draft.attachment,
    pending: null,
  };
}

/** The channel account a conversation runs on: matched by id, else by kind ("sms"). */
export function findChannel(channels: readonly Channel[] | null, kind: string): Channel | null {
  if (!channels) {
    return null;
  }
  return channels.find((channel) => channel.id === kind) ?? channels.find((channel) => channel.type === kind) ?? null;
}

/** A send in flight or failed, as a draft keeps it (WorkspaceProvider's Draft.pending). */
export interface PendingSend {
  key: string;
  content: ReplyContent;
  status: 'sending' | 'failed';
  code?: string | null;
}

/** A send the server refused because the reply window is closed (409 reply_window_closed): retrying cannot help. */
export const isWindowRefusal = (pending: PendingSend | null): boolean =>
  pending !== null && pending.status === 'failed' && pending.code === 'reply_window_closed';

/** The server's refusals of a reply's body: the same body is refused again, so there is no Retry. */
const REFUSALS: ReadonlySet<string> = new Set(['reply_window_closed', 'validation_failed']);

/**
 * A send the server refused and never queued: the window was closed, or the body was not acceptable (422: a template
 * not approved or not synced, a parameter that does not fit). Retrying the same body cannot help.
 */
export const isRefusal = (pending: PendingSend | null): boolean =>
  pending !== null && pending.status === 'failed' && REFUSALS.has(pending.code ?? '');

/**
 * The Idempotency-Key for sending `content`: the pending send's when it is the same body (a retry can never send
 * twice), a new one otherwise. A refused reply was never queued, and the server keeps that refusal under its key:
 * sent again once things changed (the contact wrote and the window opened; an admin synced the templates), it needs
 * a new key or the refusal replays.
 */
export function sendKey(pending: PendingSend | null, content: ReplyContent, newKey: () => string): string {
  const sameBody = pending !== null && JSON.stringify(pending.content) === JSON.stringify(content);
  return sameBody && !isRefusal(pending) ? pending.key : newKey();
}
