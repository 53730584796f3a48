// The audit log's filter form: its choices, the checks the server also makes, and the result in words.
import type { AuditActorKind, AuditFilter } from '../../api/types';
import { plural } from './subjectText';

/** Entries asked for at a time. */
export const AUDIT_PAGE_SIZE = 100;
/** The server refuses longer filters. */
const MAX_FILTER_BYTES = 200;

export interface AuditForm {
  /** "" for any. */
  entity: string;
  entityId: string;
  attribute: string;
  /** "" for any. */
  actorKind: '' | AuditActorKind;
  actorId: string;
  /** YYYY-MM-DD as a date input gives it, or "". */
  from: string;
  until: string;
}

export type AuditField = keyof AuditForm;
export type AuditErrors = Partial<Record<AuditField, string>>;

export const EMPTY_AUDIT_FORM: AuditForm = {
  entity: '',
  entityId: '',
  attribute: '',
  actorKind: '',
  actorId: '',
  from: '',
  until: '',
};

export const ENTITY_OPTIONS: readonly { value: string; label: string }[] = [
  { value: '', label: 'Any' },
  { value: 'contact', label: 'Contact' },
  { value: 'user', label: 'User' },
  { value: 'invite', label: 'Invite' },
  { value: 'tenant', label: 'Tenant' },
];

export const ACTOR_KIND_OPTIONS: readonly { value: '' | AuditActorKind; label: string }[] = [
  { value: '', label: 'Any' },
  { value: 'user', label: 'User' },
  { value: 'token', label: 'API token' },
  { value: 'system', label: 'System' },
];

/** The form's fields in its order, with the names the alert uses. */
export const AUDIT_FIELD_LABELS: Record<AuditField, string> = {
  entity: 'Entity',
  entityId: 'Entity id',
  attribute: 'Attribute',
  actorKind: 'Actor kind',
  actorId: 'Actor',
  from: 'From',
  until: 'Until',
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real day from 1970 on, as YYYY-MM-DD. */
export function isDay(text: string): boolean {
  const match = DAY.exec(text);
  if (!match) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1970 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The day after a YYYY-MM-DD day: "2026-12-31" → "2027-01-01". */
export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The filter to send, or what is wrong with each field. Text is trimmed; both days are whole UTC days and
 * included, so "until" goes out as the day after (the server's `until` is exclusive).
 */
export function checkAuditForm(
  form: AuditForm,
): { ok: true; filter: AuditFilter } | { ok: false; errors: AuditErrors } {
  const errors: AuditErrors = {};
  const text = {
    entity: form.entity.trim(),
    entityId: form.entityId.trim(),
    attribute: form.attribute.trim(),
    actorId: form.actorId.trim(),
  };
  for (const field of Object.keys(text) as (keyof typeof text)[]) {
    if (new TextEncoder().encode(text[field]).length > MAX_FILTER_BYTES) {
      errors[field] = `At most ${MAX_FILTER_BYTES} bytes.`;
    }
  }
  if (text.entityId && !text.entity && !errors.entity) {
    errors.entity = 'Choose the kind of entity the id belongs to.';
  }
  const from = form.from.trim();
  const until = form.until.trim();
  if (from && !isDay(from)) {
    errors.from = 'A day like 2026-12-01.';
  }
  if (until && !isDay(until)) {
    errors.until = 'A day like 2026-12-01.';
  } else if (until && from && isDay(from) && until < from) {
    errors.until = 'Until cannot be before From.';
  }
  if (Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  const filter: AuditFilter = {};
  if (text.entity) {
    filter.entity = text.entity;
  }
  if (text.entityId) {
    filter.entityId = text.entityId;
  }
  if (text.attribute) {
    filter.attribute = text.attribute;
  }
  if (form.actorKind) {
    filter.actorKind = form.actorKind;
  }
  if (text.actorId) {
    filter.actorId = text.actorId;
  }
  if (from) {
    filter.from = from;
  }
  if (until) {
    filter.until = nextDay(until);
  }
  return { ok: true, filter };
}

/** Every problem in one message for the form's alert, in the form's order: "Until: …". */
export function auditProblems(errors: AuditErrors): string {
  return (Object.keys(AUDIT_FIELD_LABELS) as AuditField[])
    .filter((field) => errors[field])
    .map((field) => `${AUDIT_FIELD_LABELS[field]}: ${errors[field]}`)
    .join(' ');
}

/** The server's 422 in a sentence: "entityId needs an entity" → "The server refused the filters: entityId needs …". */
export function auditServerError(message: string): string {
  const text = message.trim();
  return `The server refused the filters: ${text}${/[.!?]$/.test(text) ? '' : '.'}`;
}

/** The first field with a problem, in the form's order. */
export const firstInvalid = (errors: AuditErrors): AuditField | undefined =>
  (Object.keys(AUDIT_FIELD_LABELS) as AuditField[]).find((field) => errors[field]);

export const isFiltered = (filter: AuditFilter): boolean => Object.values(filter).some((value) => Boolean(value));

/**
 * What the table shows, for the status line: "Showing 100 entries; older ones can be loaded.", "Showing 3
 * matching entries, all there are.", "No audit entries match these filters."
 */
export function auditSummary(count: number, hasOlder: boolean, filtered: boolean): string {
  if (count === 0) {
    return filtered ? 'No audit entries match these filters.' : 'No audit entries yet.';
  }
  const entries = filtered ? plural(count, 'matching entry', 'matching entries') : plural(count, 'entry', 'entries');
  if (hasOlder) {
    return `Showing ${entries}; older ones can be loaded.`;
  }
  return count === 1 ? `Showing ${entries}, the only one.` : `Showing ${entries}, all there are.`;
}

/**
 * The form as a link sets it, e.g. `?entity=contact&entityId=con_1` from a contact's profile: the text filters
 * and an actor kind it knows; anything else is left empty. The dates are left to the person.
 */
export function auditFormFromQuery(search: string): AuditForm {
  const parameters = new URLSearchParams(search);
  const text = (name: string) => parameters.get(name)?.trim() ?? '';
  const actorKind = text('actorKind');
  return {
    ...EMPTY_AUDIT_FORM,
    entity: ENTITY_OPTIONS.some((option) => option.value === text('entity')) ? text('entity') : '',
    entityId: text('entityId'),
    attribute: text('attribute'),
    actorKind: ACTOR_KIND_OPTIONS.find((option) => option.value === actorKind)?.value ?? '',
    actorId: text('actorId'),
  };
}
