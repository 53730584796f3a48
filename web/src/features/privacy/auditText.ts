// An audit entry in words: whose change it was, what it changed, and what can be said about its value.
import type { AuditActor, AuditEntry, User } from '../../api/types';

/** The users the UI can name; null when they could not be listed (DPOs may not). */
export type KnownUsers = readonly Pick<User, 'id' | 'displayName' | 'email'>[] | null;

/**
 * Entries that record an action destroying a key rather than a value: erasing or anonymising a customer, deleting a
 * user (whose email and name in the audit were sealed under a key of their own).
 */
const ACTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  contact: { erased: 'erased', anonymised: 'anonymised' },
  user: { deleted: 'deleted' },
};
const actionOf = (entry: Pick<AuditEntry, 'entity' | 'attribute'>): string | undefined =>
  ACTIONS[entry.entity]?.[entry.attribute];
const whose = (entry: Pick<AuditEntry, 'entity'>) => (entry.entity === 'user' ? 'user' : 'customer');

const ENTITY_LABELS: Readonly<Record<string, string>> = {
  contact: 'Contact',
  user: 'User',
  invite: 'Invite',
  tenant: 'Tenant',
};

const ACTOR_KIND_LABELS: Readonly<Record<AuditActor['kind'], string>> = {
  user: 'User',
  token: 'API token',
  system: 'System',
};

/** "Contact" for "contact"; an entity the UI does not know is shown as it is. */
export const entityLabel = (entity: string): string => ENTITY_LABELS[entity] ?? entity;

/** A user's name (their email when they have none), or null when the user is not among `users`. */
export function userName(id: string, users: KnownUsers): string | null {
  const user = users?.find((entry) => entry.id === id);
  return user ? user.displayName.trim() || user.email : null;
}

/**
 * Who made the change, as a name and the id under it: { text: "Ada Admin", detail: "usr_1" } for a known
 * user; the kind instead of a name otherwise ("User", "API token", "System"), so the id is always there.
 */
export function actorText(actor: AuditActor, users: KnownUsers): { text: string; detail: string | null } {
  const name = actor.kind === 'user' ? userName(actor.id, users) : null;
  return { text: name ?? ACTOR_KIND_LABELS[actor.kind] ?? actor.kind, detail: actor.id || null };
}

/** What the entry is about: { text: "Contact", detail: "con_1" }; a known user is named: "User: Ada Admin". */
export function entityText(
  entry: Pick<AuditEntry, 'entity' | 'entityId'>,
  users: KnownUsers,
): { text: string; detail: string | null } {
  const name = entry.entity === 'user' ? userName(entry.entityId, users) : null;
  const label = entityLabel(entry.entity);
  return { text: name ? `${label}: ${name}` : label, detail: entry.entityId || null };
}

/** Erasures and anonymisations among `entries`, by entity: the newest action's seq and name. */
export type DestroyedKeys = ReadonlyMap<string, { seq: number; action: string }>;

const entityKey = (entry: Pick<AuditEntry, 'entity' | 'entityId'>) => `${entry.entity}\u0000${entry.entityId}`;

/**
 * Which keys are known to be gone, from the entries loaded: erasing destroys a customer's key and anonymising
 * replaces it; deleting a user destroys theirs. Their older values can never be read again.
 */
export function destroyedKeys(entries: readonly AuditEntry[]): DestroyedKeys {
  const keys = new Map<string, { seq: number; action: string }>();
  for (const entry of entries) {
    const action = actionOf(entry);
    const known = keys.get(entityKey(entry));
    if (action && (!known || known.seq < entry.seq)) {
      keys.set(entityKey(entry), { seq: entry.seq, action });
    }
  }
  return keys;
}

export interface ValueText {
  text: string;
  /** Why no value is shown; null when one is. */
  note: string | null;
}

export const NO_VALUE_NOTE = 'Cleared, or unreadable because the key of an erased customer or a deleted user was destroyed.';

/**
 * The value as the table shows it. A null value is said honestly: an action has none; an older value of a
 * customer erased or anonymised since (as far as `destroyed` knows) cannot be read; otherwise it was cleared or
 * cannot be read, and the UI cannot tell which.
 */
export function valueText(entry: AuditEntry, destroyed: DestroyedKeys): ValueText {
  if (entry.value !== null) {
    return entry.value === '' ? { text: 'Empty', note: 'Set to an empty value.' } : { text: entry.value, note: null };
  }
  const action = actionOf(entry);
  if (action) {
    return { text: 'No value', note: `Records that the ${whose(entry)} was ${action}; such entries hold no value.` };
  }
  const gone = destroyed.get(entityKey(entry));
  if (gone && gone.seq > entry.seq) {
    return { text: 'Unreadable', note: `The ${whose(entry)}’s key was destroyed when they were ${gone.action}.` };
  }
  return { text: 'No value shown', note: NO_VALUE_NOTE };
}
