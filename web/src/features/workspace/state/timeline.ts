// One timeline per contact: every conversation of theirs, on any channel, with its messages and internal notes,
// merged by time. A conversation's start is a boundary row, so channel changes are visible.
import type { Conversation, Message, Note } from '../../../api/routing';
import type { Bucket } from './workspaceState';

export type TimelineItem =
  | { kind: 'boundary'; key: string; at: string; conversation: Conversation }
  | { kind: 'message'; key: string; at: string; message: Message; conversation: Conversation }
  | { kind: 'note'; key: string; at: string; note: Note; conversation: Conversation };

// At one instant a conversation's boundary comes before its messages and notes.
const ORDER: Record<TimelineItem['kind'], number> = { boundary: 0, message: 1, note: 2 };

export function buildTimeline(
  conversations: readonly Conversation[],
  messages: Record<string, Bucket<Message> | undefined>,
  notes: Record<string, Bucket<Note> | undefined>,
): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const conversation of conversations) {
    const own = messages[conversation.id]?.items ?? [];
    // The boundary sits at the conversation's start, or its first message if that is earlier (clock skew).
    const start = own.length > 0 && own[0].createdAt < conversation.createdAt ? own[0].createdAt : conversation.createdAt;
    items.push({ kind: 'boundary', key: `b:${conversation.id}`, at: start, conversation });
    for (const message of own) {
      items.push({ kind: 'message', key: `m:${message.id}`, at: message.createdAt, message, conversation });
    }
    for (const note of notes[conversation.id]?.items ?? []) {
      items.push({ kind: 'note', key: `n:${note.id}`, at: note.createdAt, note, conversation });
    }
  }
  return items.sort((a, b) =>
    a.at < b.at ? -1 : a.at > b.at ? 1 : ORDER[a.kind] - ORDER[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** The last inbound message of a conversation, the start of its channel's reply window. */
export function lastInboundAt(messages: readonly Message[]): string | null {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    if (messages[index].direction === 'inbound') {
      return messages[index].createdAt;
    }
  }
  return null;
}

/**
 * Seconds left to reply freely (negative once closed): null when the channel has no window; 0 when the
 * contact has not written yet, so no window was ever opened.
 *
 * `closesAt` is the server's `replyWindowClosesAt`, counted from the provider's timestamp of the contact's last
 * message: when given it is the answer (even while the channel itself is not known). Without it (an older server,
 * or no window open by the server's record) the window counts from the last inbound message's `createdAt`.
 */
export function replyWindowLeft(
  windowSeconds: number | null,
  lastInbound: string | null,
  nowMs: number,
  closesAt?: string | null,
): number | null {
  const closesMs = closesAt ? Date.parse(closesAt) : Number.NaN;
  if (!Number.isNaN(closesMs)) {
    return Math.floor((closesMs - nowMs) / 1000);
  }
  if (windowSeconds === null) {
    return null;
  }
  if (lastInbound === null) {
    return 0;
  }
  return Math.floor((Date.parse(lastInbound) + windowSeconds * 1000 - nowMs) / 1000);
}
