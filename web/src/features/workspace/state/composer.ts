// The composer's pure parts: canned-response lookup while typing, what a finished send clears, and which channel
// account a conversation uses.
import type { CannedResponse, Channel } from '../../../api/routing';

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
 * The draft once its reply has gone out: no longer pending, and the text and attachment cleared only if they are
 * still what was sent (what the person typed while it was sending stays).
 */
export function clearSent<T extends { text: string; mediaUrl: string }>(draft: T, sent: { text: string; mediaUrl: string }) {
  return {
    ...draft,
    text: draft.text === sent.text ? '' : draft.text,
    mediaUrl: draft.mediaUrl === sent.mediaUrl ? '' : draft.mediaUrl,
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
