// The reply window of a conversation as the composer shows it: none (the channel takes replies at any time),
// open with the time left, closed but still taking replies tagged as a human agent's (Messenger and Instagram pages
// with Meta's Human Agent permission: up to 7 days after the customer's last message), or closed (since when, or
// never opened because the contact has not written). It counts down from the server's `replyWindowClosesAt` (the
// provider's timestamp of the contact's last message) and falls back to the last inbound message's arrival when
// the server does not give one (see replyWindowLeft).
import type { Channel, Conversation, Message } from '../../../api/routing';
import { replyWindowLeft } from './timeline';

/** Under this, the time left is a warning. */
export const WINDOW_WARNING_SECONDS = 3600;

export type ReplyWindow =
  | { state: 'none' }
  | { state: 'open'; secondsLeft: number; warning: boolean }
  /**
   * The reply window closed `closedSecondsAgo` ago, but replies still go, tagged as a human agent's, until `endsAtMs`
   * (the customer's last message + the channel's humanAgentWindowSeconds): `secondsLeft` until then.
   */
  | { state: 'tagged'; closedSecondsAgo: number; secondsLeft: number; endsAtMs: number; warning: boolean }
  /**
   * `secondsAgo`: null when it never opened (the contact has not written). `humanAgentEndedSecondsAgo`: the channel
   * takes replies tagged as a human agent's, and that time is over too, since then.
   */
  | { state: 'closed'; secondsAgo: number | null; humanAgentEndedSecondsAgo?: number };

export interface ReplyWindowInput {
  /** The channel's `replyWindowSeconds`; null: no window (or the channel is not known). */
  windowSeconds: number | null;
  /** The conversation's `replyWindowClosesAt`; null or absent: fall back to `lastInbound`. */
  closesAt?: string | null;
  /** The createdAt of the contact's last message in the conversation, or null. */
  lastInbound: string | null;
  nowMs: number;
  /** The channel's humanAgentWindowSeconds (humanAgentWindowOf); null or absent: no replies after the window. */
  humanAgentSeconds?: number | null;
  /** The conversation's `customerLastMessageAt` (the provider's clock), which the human agent's time counts from;
   * absent: the window's start (`closesAt` − `windowSeconds`), else `lastInbound`. */
  customerLastMessageAt?: string | null;
}

const parseMs = (iso: string | null | undefined): number | null => {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
};

/** When the customer last wrote, as well as it is known. */
function customerLastMs({ customerLastMessageAt, closesAt, windowSeconds, lastInbound }: ReplyWindowInput): number | null {
  const told = parseMs(customerLastMessageAt);
  if (told !== null) {
    return told;
  }
  const closes = parseMs(closesAt);
  if (closes !== null && windowSeconds !== null) {
    return closes - windowSeconds * 1000;
  }
  return parseMs(lastInbound);
}

export function replyWindowOf(input: ReplyWindowInput): ReplyWindow {
  const { windowSeconds, closesAt, lastInbound, nowMs } = input;
  const left = replyWindowLeft(windowSeconds, lastInbound, nowMs, closesAt);
  if (left === null) {
    return { state: 'none' };
  }
  if (left > 0) {
    return { state: 'open', secondsLeft: left, warning: left < WINDOW_WARNING_SECONDS };
  }
  const opened = parseMs(closesAt) !== null || lastInbound !== null;
  if (!opened) {
    return { state: 'closed', secondsAgo: null };
  }
  const secondsAgo = Math.max(0, -left);
  const humanAgentSeconds = input.humanAgentSeconds ?? null;
  const lastMs = humanAgentSeconds !== null ? customerLastMs(input) : null;
  if (humanAgentSeconds === null || lastMs === null) {
    return { state: 'closed', secondsAgo };
  }
  const endsAtMs = lastMs + humanAgentSeconds * 1000;
  const taggedLeft = Math.floor((endsAtMs - nowMs) / 1000);
  if (taggedLeft > 0) {
    return {
      state: 'tagged',
      closedSecondsAgo: secondsAgo,
      secondsLeft: taggedLeft,
      endsAtMs,
      warning: taggedLeft < WINDOW_WARNING_SECONDS,
    };
  }
  return { state: 'closed', secondsAgo, humanAgentEndedSecondsAgo: Math.max(0, -taggedLeft) };
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

/** Channel types whose replies may go tagged as a human agent's after the window (Meta's Human Agent policy). */
const HUMAN_AGENT_TYPES: ReadonlySet<string> = new Set(['messenger', 'instagram']);

/**
 * The closed window in words, for the composer: "The 24-hour reply window closed 2 h ago. WhatsApp only delivers
 * approved templates now; …". `channelName` is the channel's label ("WhatsApp"), `channelType` its type. On
 * Messenger and Instagram it says whether the page could have sent replies tagged as a human agent's.
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
  const closed = `The ${name} closed ${roughDuration(window.secondsAgo)} ago`;
  if (window.humanAgentEndedSecondsAgo !== undefined) {
    return (
      `${closed}, and the time for replies tagged as a human agent's ended ` +
      `${roughDuration(window.humanAgentEndedSecondsAgo)} ago. ${channelName} delivers replies again once the contact writes.`
    );
  }
  if (channelType !== null && HUMAN_AGENT_TYPES.has(channelType)) {
    return (
      `${closed}. ${channelName} only delivers replies tagged as a human agent's, which this page may not send ` +
      '(an admin can enable it in the Configurator).'
    );
  }
  const what = after
    ? `${channelName} only delivers ${after} now; free-form replies work again once the contact writes.`
    : 'You can reply again once the contact writes.';
  return `${closed}. ${what}`;
}

/**
 * The window closed but replies still go tagged as a human agent's, in words for the composer: "The 24-hour window
 * closed 3 h ago. Replies go tagged as a human agent's until 13 Dec 2026, 12:00 (…)". `formatTime` writes the
 * end (epoch ms) as a local date and time.
 */
export function taggedWindowText(
  window: Extract<ReplyWindow, { state: 'tagged' }>,
  windowSeconds: number | null,
  formatTime: (ms: number) => string,
): string {
  const name = windowName(windowSeconds).replace(/ reply window$/, ' window');
  return (
    `The ${name} closed ${roughDuration(window.closedSecondsAgo)} ago. Replies go tagged as a human agent's until ` +
    `${formatTime(window.endsAtMs)} (Meta's Human Agent policy: written by a person, no automated messages).`
  );
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
