// Contacts in words and links: their title, the directory's summary, channel status, where a conversation opens.
import type { Contact, ConversationState } from '../../api/routing';
import type { Role, Subject, SubjectConsent, SubjectIdentity } from '../../api/types';
import { plural } from '../privacy/subjectText';
import { sectionsFor } from '../shell/sections';

export const UNNAMED = 'Unnamed';

export const contactTitle = (contact: Pick<Contact, 'name'>): string => contact.name?.trim() || UNNAMED;

export const profilePath = (contactId: string): string => `/contacts/${encodeURIComponent(contactId)}`;

/** The privacy audit viewer filtered on one contact (admins and DPOs read the audit log). */
export const auditPath = (contactId: string): string =>
  `/privacy/audit?entity=contact&entityId=${encodeURIComponent(contactId)}`;

export const canReadAudit = (role: Role): boolean => role === 'admin' || role === 'dpo';

/**
 * Where a conversation of the contact opens: agents open their own in Conversations; supervisors and admins in
 * All conversations when this build has that section, else in Conversations too.
 */
export function conversationPath(role: Role, conversationId: string): string {
  const all = role !== 'agent' && sectionsFor(role).some((section) => section.path === '/all-conversations');
  return `${all ? '/all-conversations' : '/conversations'}/${encodeURIComponent(conversationId)}`;
}

/** The directory's status line: "12 contacts, oldest first." or "50 contacts shown, oldest first; more follow." */
export function directorySummary(count: number, more: boolean): string {
  if (count === 0) {
    return 'No contacts yet.';
  }
  return more ? `${plural(count, 'contact')} shown, oldest first; more follow.` : `${plural(count, 'contact')}, oldest first.`;
}

export const STATE_LABELS: Record<ConversationState, string> = {
  queued: 'Waiting',
  assigned: 'Assigned',
  closed: 'Closed',
};

/** One channel of the contact: its ids there, whether they are unreachable, and the consent on it. */
export interface ChannelStatus {
  channel: string;
  identities: SubjectIdentity[];
  /** The latest consent change on the channel, if any. */
  consent: SubjectConsent | null;
}

/** The contact's channels: each channel it has an id or a consent on, in the order the profile lists them. */
export function channelStatuses(subject: Subject): ChannelStatus[] {
  const byChannel = new Map<string, ChannelStatus>();
  const entry = (channel: string) => {
    let status = byChannel.get(channel);
    if (!status) {
      status = { channel, identities: [], consent: null };
      byChannel.set(channel, status);
    }
    return status;
  };
  for (const identity of subject.identities) {
    entry(identity.channel).identities.push(identity);
  }
  for (const consent of subject.consents) {
    const status = entry(consent.channel);
    if (!status.consent || status.consent.changedAt < consent.changedAt) {
      status.consent = consent;
    }
  }
  return [...byChannel.values()];
}

/** Whether messages reach the contact on the channel: "Opted out", "Unreachable" or "Reachable". */
export function reachLabel(status: ChannelStatus): { kind: 'opted-out' | 'unreachable' | 'ok'; text: string } {
  if (status.consent?.optedOut) {
    return { kind: 'opted-out', text: 'Opted out' };
  }
  if (status.identities.length > 0 && status.identities.every((identity) => identity.unreachable)) {
    return { kind: 'unreachable', text: 'Unreachable' };
  }
  return { kind: 'ok', text: 'Reachable' };
}
