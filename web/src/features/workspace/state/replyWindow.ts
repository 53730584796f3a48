// The reply window of a conversation as the composer shows it: none (the channel takes replies at any time),
// open with the time left, or closed (since when, or never opened because the contact has not written). It counts
// down from the server's `replyWindowClosesAt` (the provider's timestamp of the contact's last message) and falls
// back to the last inbound message's arrival when the server does not give one (see replyWindowLeft).
import type { Channel, Conversation, Message } from '../../../api/routing';
import { replyWindowLeft } from './timeline';

/** Under this, the time left is a warning. */
export const WINDOW_WARNING_SECONDS = 3600;

export type ReplyWindow =
  | { state: 'none' }
  | { state: 'open'; secondsLeft: number; warning: boolean }
  /** `secondsAgo`: null when it never opened (the contact has not written). */
  | { state: 'closed'; secondsAgo: number | null };

export interface ReplyWindowInput {
  /** The channel's `replyWindowSeconds`; null: no window (or the channel is not known). */
  windowSeconds: number | null;
  /** The conversation's `replyWindowClosesAt`; null or absent: fall back to `lastInbound`. */
  closesAt?: string | null;
  /** The createdAt of the contact's last message in the conversation, or null. */
  lastInbound: string | null;
  nowMs: number;
}

export function replyWindowOf({ windowSeconds, closesAt, lastInbound, nowMs }: ReplyWindowInput): ReplyWindow {
  const left = replyWindowLeft(windowSeconds, lastInbound, nowMs, closesAt);
  if (left === null) {
    return { state: 'none' };
  }
  if (left > 0) {
    return { state: 'open', secondsLeft: left, warning: left < WINDOW_WARNING_SECONDS };
  }
  const opened = (closesAt !== null && closesAt !== undefined && !Number.isNaN(Date.parse(closesAt))) || lastInbound !== null;
  return { state: 'closed', secondsAgo: opened ? Math.max(0, -left) : null };
}

/**
 * A duration as the server words it in its refusals, rounded down: "less than a minute", "12 min", "3 h 12 min"
 * (under two days), "3 d 4 h".
 */
export function roughDuration(totalSeconds: number): string {
  const minutes = Math.max(0, Math.floor(totalSeconds / 60));
  if (minutes < 1) {
    return 'less than a minute';
  }
  if (minutes < 60) {
    return `${minutes} min`;
  }
  if (minutes < 48 * 60) {
    const rest = minutes % 60;
    return `${Math.floor(minutes / 60)} h${rest > 0 ? ` ${rest} min` : ''}`;
  }
  const hours = Math.floor(minutes / 60);
  return `${Math.floor(hours / 24)} d${hours % 24 > 0 ? ` ${hours % 24} h` : ''}`;
}

/** "24-hour reply window"; a window that is not whole hours: "reply window". */
export function windowName(windowSeconds: number | null): string {
  return windowSeconds !== null && windowSeconds > 0 && windowSeconds % 3600 === 0
    ? `${windowSeconds / 3600}-hour reply window`
    : 'reply window';
}

/** What a channel type still delivers once its window has closed, where the web knows it. */
const AFTER_WINDOW: Readonly<Record<string, string>> = {
  whatsapp: 'approved templates',
};

/**
 * The closed window in words, for the composer: "The 24-hour reply window closed 2 h ago. WhatsApp only delivers
 * approved templates now; …". `channelName` is the channel's label ("WhatsApp"), `channelType` its type.
 */
export function closedWindowText(
  window: Extract<ReplyWindow, { state: 'closed' }>,
  windowSeconds: number | null,
  channelName: string,
  channelType: string | null,
): string {
  const name = windowName(windowSeconds);
  const after = channelType ? AFTER_WINDOW[channelType] : undefined;
  if (window.secondsAgo === null) {
    const what = after
      ? `${channelName} only delivers ${after} until they do.`
      : `${channelName} allows replies only after the contact has written.`;
    return `The ${name} is not open: the contact has not written on ${channelName} yet. ${what}`;
  }
  const what = after
    ? `${channelName} only delivers ${after} now; free-form replies work again once the contact writes.`
    : 'You can reply again once the contact writes.';
  return `The ${name} closed ${roughDuration(window.secondsAgo)} ago. ${what}`;
}

/**
 * Whether `message` (from the live stream) moves the reply window of `conversation`: the contact wrote on a channel
 * with a window. The server has the window's new end (by the provider's clock), so the conversation is fetched again.
 */
export function movesReplyWindow(
  conversation: Pick<Conversation, 'channel' | 'replyWindowClosesAt'>,
  message: Pick<Message, 'direction'>,
  channels: readonly Pick<Channel, 'id' | 'replyWindowSeconds'>[] | null,
): boolean {
  if (message.direction !== 'inbound') {
    return false;
  }
  if (conversation.replyWindowClosesAt !== null && conversation.replyWindowClosesAt !== undefined) {
    return true;
  }
  const channel = channels?.find((each) => each.id === conversation.channel);
  return channel !== undefined && channel.replyWindowSeconds !== null;
}
