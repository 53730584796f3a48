// What merging one contact into another will do, worked out from both profiles the way the server merges
// (src/storage/sqlite/contact_merge.cc): everything of the other contact moves, the kept contact's own values
// win, its empty fields and missing attributes are filled from the other, and of two consents on one channel an
// opt-out wins.
import type { Subject, SubjectIdentity } from '../../api/types';
import { plural } from '../privacy/subjectText';
import { DETAIL_FIELDS, DETAIL_LABELS, type DetailField } from './contactEdit';

export interface FieldChange {
  field: DetailField;
  /** The kept contact's value after the merge. */
  value: string;
}

export interface FieldKept extends FieldChange {
  /** The other contact's different value, which the kept contact does not take. */
  other: string;
}

export interface MergePreview {
  /** Why the server would refuse it outright, or null. */
  blocked: string | null;
  /** Channel ids that move, with their channel. */
  identities: SubjectIdentity[];
  conversations: number;
  openConversations: number;
  messages: number;
  notes: number;
  media: number;
  /** The kept contact's empty fields that get the other's value. */
  filled: FieldChange[];
  /** Fields both have, with different values: the kept contact's stays. */
  kept: FieldKept[];
  /** Attributes only the other contact has: the kept contact gets them. */
  attributesAdded: { key: string; value: string }[];
  /** Attributes both have, with different values: the kept contact's stays. */
  attributesKept: { key: string; value: string; other: string }[];
  /** Channels the kept contact will count as opted out of, because the other contact opted out of them. */
  newOptOuts: string[];
  /**
   * Channels both contacts have conversations on while both have open ones: the server refuses the merge when
   * both have an open conversation on one of them (the profiles do not say which conversations are open).
   */
  mayConflictOn: string[];
}

const present = (value: string | null): value is string => value !== null && value.trim() !== '';

function blockedReason(kept: Subject, other: Subject): string | null {
  if (kept.contact.id === other.contact.id) {
    return 'That is this contact. Choose another one.';
  }
  if (kept.erasedAt || other.erasedAt) {
    return 'An erased contact cannot be merged.';
  }
  if (kept.contact.mergedInto) {
    return 'This contact was merged into another one: merge into that one instead.';
  }
  if (other.contact.mergedInto) {
    return 'That contact was merged into another one already.';
  }
  return null;
}

/** What merging `other` into `kept` would move and change. */
export function mergePreview(kept: Subject, other: Subject): MergePreview {
  const filled: FieldChange[] = [];
  const keptFields: FieldKept[] = [];
  for (const field of DETAIL_FIELDS) {
    const mine = kept.contact[field];
    const theirs = other.contact[field];
    if (!present(theirs)) {
      continue;
    }
    if (!present(mine)) {
      filled.push({ field, value: theirs });
    } else if (mine !== theirs) {
      keptFields.push({ field, value: mine, other: theirs });
    }
  }
  const attributesAdded: MergePreview['attributesAdded'] = [];
  const attributesKept: MergePreview['attributesKept'] = [];
  for (const key of Object.keys(other.contact.attributes).sort((a, b) => a.localeCompare(b))) {
    const theirs = other.contact.attributes[key];
    const mine = kept.contact.attributes[key];
    if (mine === undefined) {
      attributesAdded.push({ key, value: theirs });
    } else if (mine !== theirs) {
      attributesKept.push({ key, value: mine, other: theirs });
    }
  }
  const keptOptedOut = new Set(kept.consents.filter((consent) => consent.optedOut).map((consent) => consent.channel));
  const newOptOuts = [
    ...new Set(other.consents.filter((consent) => consent.optedOut && !keptOptedOut.has(consent.channel)).map((c) => c.channel)),
  ];
  const mayConflictOn =
    kept.openConversations > 0 && other.openConversations > 0
      ? other.channels.filter((channel) => kept.channels.includes(channel))
      : [];
  return {
    blocked: blockedReason(kept, other),
    identities: other.identities,
    conversations: other.conversations,
    openConversations: other.openConversations,
    messages: other.messages,
    notes: other.notes,
    media: other.media,
    filled,
    kept: keptFields,
    attributesAdded,
    attributesKept,
    newOptOuts,
    mayConflictOn,
  };
}

export interface PreviewText {
  /** What moves to the kept contact. */
  moves: string[];
  /** What the kept contact gains or changes. */
  changes: string[];
  /** What stays as the kept contact has it, though the other contact says otherwise. */
  stays: string[];
}

/** The preview in sentences; `channelName` names a channel id. */
export function previewText(preview: MergePreview, channelName: (id: string) => string): PreviewText {
  const open = preview.openConversations > 0 ? ` (${preview.openConversations} open)` : '';
  const moves = [
    ...preview.identities.map((identity) => `${channelName(identity.channel)} id ${identity.identity}`),
    `${plural(preview.conversations, 'conversation')}${open}`,
    `${plural(preview.messages, 'message')}, ${plural(preview.notes, 'note')} and ${plural(preview.media, 'file')}`,
  ];
  const changes = [
    ...preview.filled.map((change) => `${DETAIL_LABELS[change.field]} set to “${change.value}” (it has none)`),
    ...preview.attributesAdded.map((attribute) => `Attribute ${attribute.key} set to “${attribute.value}”`),
    ...preview.newOptOuts.map((channel) => `Opted out of ${channelName(channel)}, as the other contact is`),
  ];
  const stays = [
    ...preview.kept.map(
      (field) => `${DETAIL_LABELS[field.field]} stays “${field.value}” (the other has “${field.other}”)`,
    ),
    ...preview.attributesKept.map(
      (attribute) => `Attribute ${attribute.key} stays “${attribute.value}” (the other has “${attribute.other}”)`,
    ),
  ];
  return { moves, changes, stays };
}
