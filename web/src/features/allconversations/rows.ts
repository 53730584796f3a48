// What one row of All conversations says: the customer, channel, state, agent, category and times, in words.
import type { Category, Channel, Contact, Conversation } from '../../api/routing';
import type { User } from '../../api/types';
import { channelLabel, formatCount, formatDateTime } from '../../format';
import { contactName, userName } from '../workspace/names';

export interface RowContext {
  contact: Contact | undefined;
  /** Everyone in the tenant (admins and supervisors have the list). */
  users: readonly User[];
  /** The signed-in person's id: their own conversations say "You". */
  me: string;
  channels: readonly Channel[] | null;
  categories: readonly Category[];
  now: Date;
}

export type RowStateKind = 'queued' | 'offered' | 'assigned' | 'closed';

export interface RowTime {
  iso: string;
  /** Short: "14:05" today, "7 Dec, 14:05" this year, "7 Dec 2025" before. */
  text: string;
  /** Long, for a tooltip. */
  full: string;
}

export interface Row {
  /** The customer's name (or phone, or email: see contactName); null while their contact is not loaded. */
  name: string | null;
  channel: string;
  state: { kind: RowStateKind; label: string };
  /** Who has it ("You" for the signed-in person); null for nobody. */
  agent: string | null;
  category: string;
  created: RowTime;
  lastMessage: RowTime;
}

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayThisYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const dayOtherYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** A time in a list: "14:05" today, "7 Dec, 14:05" this year, "7 Dec 2025" another year (relative to `now`). */
export function listTime(iso: string, now: Date): RowTime {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return { iso, text: iso, full: iso };
  }
  let text: string;
  if (date.toDateString() === now.toDateString()) {
    text = timeOfDay.format(date);
  } else if (date.getFullYear() === now.getFullYear()) {
    text = `${dayThisYear.format(date)}, ${timeOfDay.format(date)}`;
  } else {
    text = dayOtherYear.format(date);
  }
  return { iso, text, full: formatDateTime(iso) };
}

export function rowState(conversation: Conversation): { kind: RowStateKind; label: string } {
  switch (conversation.state) {
    case 'queued':
      return { kind: 'queued', label: 'Waiting' };
    case 'closed':
      return { kind: 'closed', label: 'Closed' };
    case 'assigned':
      return conversation.offerDeadline !== null
        ? { kind: 'offered', label: 'Offered' }
        : { kind: 'assigned', label: 'Assigned' };
  }
}

/**
 * The channel in words: its kind ("SMS"), and the account's name too when the tenant has several channels of
 * that kind ("SMS · Support line").
 */
export function rowChannel(kind: string, channels: readonly Channel[] | null): string {
  const label = channelLabel(kind, channels);
  const channel = channels?.find((each) => each.id === kind);
  if (!channel) {
    return label;
  }
  const sameKind = channels?.filter((each) => channelLabel(each.id, channels) === label).length ?? 0;
  return sameKind > 1 && channel.name && channel.name !== label ? `${label} · ${channel.name}` : label;
}

export function describeRow(conversation: Conversation, context: RowContext): Row {
  const { contact } = context;
  const category =
    conversation.categoryId === null
      ? 'Uncategorised'
      : (context.categories.find((each) => each.id === conversation.categoryId)?.name ?? 'Deleted category');
  return {
    name: contact ? contactName(contact) : null,
    channel: rowChannel(conversation.channel, context.channels),
    state: rowState(conversation),
    agent: conversation.agentId === null ? null : userName(context.users, conversation.agentId, context.me),
    category,
    created: listTime(conversation.createdAt, context.now),
    lastMessage: listTime(conversation.lastMessageAt, context.now),
  };
}

/** A channel as the filter offers it: its name, and its kind when the name does not say it ("Support (SMS)"). */
export function channelOption(channel: Channel, channels: readonly Channel[]): string {
  const label = channelLabel(channel.id, channels);
  return !channel.name || channel.name === label ? label : `${channel.name} (${label})`;
}

/** The line above the list: how many are listed, and whether there are more. */
export function listSummary(count: number, more: boolean, filtered: boolean): string {
  if (count === 0) {
    return filtered ? 'No conversation matches these filters.' : 'There are no conversations yet.';
  }
  if (more) {
    return `The newest ${formatCount(count)} conversations${filtered ? ' matching the filters' : ''}; more load as you scroll.`;
  }
  if (count === 1) {
    return filtered ? '1 conversation matches the filters.' : '1 conversation.';
  }
  return `${formatCount(count)} conversations${filtered ? ' match the filters' : ''}.`;
}
