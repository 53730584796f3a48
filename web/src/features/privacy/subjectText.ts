// A customer's data (a privacy Subject) in words: what the result cards, the confirmation and the outcome say.
import type { Channel } from '../../api/routing';
import type { Subject, SubjectAction, SubjectActionResult, SubjectConsent } from '../../api/types';
import { channelLabel, formatDateTime } from '../../format';

/** "1 conversation", "3 conversations"; `many` defaults to `one` + "s". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * A channel id as people know it: the channel's name when the channels are known, "API" for the built-in API
 * channel, otherwise the id itself (DPOs may not list channels).
 */
export function channelName(id: string, channels: readonly Pick<Channel, 'id' | 'name'>[] | null): string {
  const channel = channels?.find((entry) => entry.id === id);
  if (channel) {
    return channel.name;
  }
  return id === 'api' ? channelLabel('api') : id;
}

export const subjectTitle = (subject: Subject): string => subject.contact.name?.trim() || 'No name';

/** "3 (1 open)", "2", "0". */
export function conversationsText(subject: Subject): string {
  return subject.openConversations > 0
    ? `${subject.conversations} (${subject.openConversations} open)`
    : String(subject.conversations);
}

/** "Opted out of WhatsApp since 6 Dec 2026, 14:05 (STOP)" or "Opted in again on SMS since … (START)". */
export function consentText(consent: SubjectConsent, channel: string): string {
  const since = formatDateTime(consent.changedAt);
  const cause = consent.cause ? ` (${consent.cause})` : '';
  return consent.optedOut
    ? `Opted out of ${channel} since ${since}${cause}`
    : `Opted in again on ${channel} since ${since}${cause}`;
}

/** "Merged from 2 contacts", or null when nothing was merged into it. */
export function mergedText(subject: Subject): string | null {
  return subject.mergedFrom.length > 0 ? `Merged from ${plural(subject.mergedFrom.length, 'contact')}` : null;
}

/** The badges of a result: "Anonymised <date>", "Erased <date>". */
export function subjectBadges(subject: Subject): { kind: SubjectAction; text: string }[] {
  const badges: { kind: SubjectAction; text: string }[] = [];
  if (subject.anonymisedAt) {
    badges.push({ kind: 'anonymise', text: `Anonymised ${formatDateTime(subject.anonymisedAt)}` });
  }
  if (subject.erasedAt) {
    badges.push({ kind: 'erase', text: `Erased ${formatDateTime(subject.erasedAt)}` });
  }
  return badges;
}

/** Which actions a result offers: none once erased (erasing is final); an anonymised customer can still be erased. */
export function actionsFor(subject: Subject): SubjectAction[] {
  return subject.erasedAt ? [] : ['anonymise', 'erase'];
}

/** The word to type before the action runs: the action's own name, as the API's `confirm` takes it. */
export const confirmWord = (action: SubjectAction): string => action;

/** Whether `typed` is the action's word; spaces around it and letter case do not matter. */
export const isConfirmed = (typed: string, action: SubjectAction): boolean =>
  typed.trim().toLowerCase() === confirmWord(action);

export const ACTION_LABELS: Record<SubjectAction, { button: string; confirm: string; pending: string; done: string }> = {
  anonymise: { button: 'Anonymise…', confirm: 'Anonymise customer', pending: 'Anonymising…', done: 'Anonymised' },
  erase: { button: 'Erase…', confirm: 'Erase customer', pending: 'Erasing…', done: 'Erased' },
};

/** What the action does, in the confirmation; it cannot be undone either way. */
export const ACTION_CONSEQUENCES: Record<SubjectAction, string> = {
  anonymise:
    'Their details and channel ids are removed and every message and note becomes “Anonymised by DPO”; files are ' +
    'deleted. Counts and times stay for reports. Their open conversations close and queued replies are cancelled.',
  erase:
    'The customer’s key is destroyed at once: their messages, notes, files and details can never be read again, ' +
    'in this database or in any backup. Their open conversations close and queued replies are cancelled.',
};

/** What the action reaches, one line each, for the confirmation. */
export function reachLines(subject: Subject): string[] {
  const open = subject.openConversations > 0 ? `, ${subject.openConversations} still open` : '';
  const lines = [
    `${plural(subject.conversations, 'conversation')}${open}`,
    `${plural(subject.messages, 'message')}, ${plural(subject.notes, 'note')} and ${plural(subject.media, 'file')}`,
  ];
  if (subject.identities.length > 0) {
    lines.push(plural(subject.identities.length, 'channel id'));
  }
  if (subject.mergedFrom.length > 0) {
    lines.push(`${plural(subject.mergedFrom.length, 'merged contact')}, and everything of theirs`);
  }
  if (subject.contact.mergedInto) {
    lines.push('The contact it was merged into, and everything of theirs');
  }
  return lines;
}

/** "Erased. 2 contacts, 1 conversation closed, 0 replies cancelled." */
export function outcomeText(action: SubjectAction, result: SubjectActionResult): string {
  return (
    `${ACTION_LABELS[action].done}. ${plural(result.contacts.length, 'contact')}, ` +
    `${plural(result.closedConversations, 'conversation')} closed, ` +
    `${plural(result.cancelledMessages, 'reply', 'replies')} cancelled.`
  );
}
