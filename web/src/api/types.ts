// Shapes of /api/v1 as docs/api.md specifies them.
import type { Contact } from './routing';

export type Role = 'admin' | 'supervisor' | 'agent' | 'dpo';

/**
 * `deactivated`: sign-in is refused until an admin reactivates them. `deleted`: erased for good (email "", name
 * "Deleted user"); such users are no longer listed, only a delete's answer carries it.
 */
export type UserStatus = 'active' | 'deactivated' | 'deleted';

export interface User {
  id: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: Role;
  status: UserStatus;
  /** RFC 3339; null unless deactivated. */
  deactivatedAt: string | null;
  createdAt: string;
}

export interface Session {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string;
  current: boolean;
}

/** Every code the server's one error shape can carry, plus two the client makes up itself. */
export type ApiErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'csrf_failed'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'request_timeout'
  | 'conflict'
  /** 409 on a reply: the channel's reply window (WhatsApp's 24 hours) is closed; the message says since when. */
  | 'reply_window_closed'
  | 'payload_too_large'
  | 'header_too_large'
  | 'unsupported_media_type'
  | 'too_many_attempts'
  /** 403: the tenant requires a second factor of the user's role and they have none yet (only enrolling works). */
  | 'two_factor_required'
  | 'not_ready'
  | 'internal'
  /** Client side: the request never got an answer (offline, server down, connection reset). */
  | 'network_error'
  /** Client side: an answer that is not the documented shape (e.g. an HTML page from a proxy). */
  | 'unexpected_response';

/** The tenant the signed-in person belongs to; the UI calls it the workspace. */
export interface Tenant {
  id: string;
  name: string;
  createdAt: string;
}

/** A tenant just deleted: locked out at once, destroyed at `destroyAfter` unless an operator restores it first. */
export interface DeletedTenant extends Tenant {
  deletedAt: string;
  destroyAfter: string;
}

/** The tenant's privacy settings (admins and DPOs). */
export interface PrivacySettings {
  /** ISO 3166 alpha-2 region ("GB") national phone numbers are read in; "" for none. */
  phoneRegion: string;
  /** Conversations are anonymised this many days after they close, 1–36500. */
  anonymiseAfterDays: number;
  /** …and deleted this many days after they close, 1–36500 and not fewer than `anonymiseAfterDays`. */
  deleteAfterDays: number;
  /** Audit entries are kept this many days, 1–36500. */
  auditKeepDays: number;
}

/** A PUT of the privacy settings: fields left out stay as they are. */
export type PrivacySettingsPatch = Partial<PrivacySettings>;

/** How the privacy console finds a customer: `identity` is their id on a channel (an SMS sender, a Telegram id). */
export type SubjectSearchBy = 'phone' | 'email' | 'name' | 'identity';

export interface SubjectSearch {
  by: SubjectSearchBy;
  /** What was typed, at most 320 bytes; the server normalises phones and emails. */
  value: string;
  /** With `identity` only: the channel id to look on; empty or absent for every channel. */
  channel?: string;
}

export interface SubjectIdentity {
  /** Channel id: "chn_…", or "api" for the built-in API channel. */
  channel: string;
  identity: string;
  /** Why messages no longer reach it (e.g. the provider refused the number), or null. */
  unreachable: string | null;
}

export interface SubjectConsent {
  channel: string;
  /** true: the customer opted out (e.g. sent STOP); false: they opted in again. */
  optedOut: boolean;
  /** What changed it, e.g. "STOP". */
  cause: string;
  changedAt: string;
}

/** Everything held about one customer (a contact), with counts: what a DPO sees before acting. */
export interface Subject {
  contact: Contact;
  identities: SubjectIdentity[];
  /** The channels of its conversations. */
  channels: string[];
  conversations: number;
  openConversations: number;
  messages: number;
  notes: number;
  /** Stored files. */
  media: number;
  consents: SubjectConsent[];
  /** Contacts merged into this one. */
  mergedFrom: string[];
  anonymisedAt: string | null;
  erasedAt: string | null;
}

/** The two irreversible actions on a customer; the request confirms by naming the action again. */
export type SubjectAction = 'anonymise' | 'erase';

export interface SubjectActionResult {
  /** The customer as it is now. */
  subject: Subject;
  /** Every contact the action reached: the customer and every contact merged with it. */
  contacts: string[];
  closedConversations: number;
  /** Queued replies that will never be sent. */
  cancelledMessages: number;
}

/** Who made an audited change: a signed-in user, an API token, or Parley itself (`id` names the part: "inbound"). */
export type AuditActorKind = 'user' | 'token' | 'system';

export interface AuditActor {
  kind: AuditActorKind;
  id: string;
}

/** One entry of the tenant's tamper-evident audit log: one attribute of one entity changed, or a privacy action. */
export interface AuditEntry {
  /** The entry's place in the tenant's chain; newer entries have larger numbers. */
  seq: number;
  /** "contact", "user", "invite" or "tenant". */
  entity: string;
  entityId: string;
  /** "email", "name", "privacySettings", "attributes.plan", … or an action: "erased", "anonymised". */
  attribute: string;
  actor: AuditActor;
  at: string;
  /**
   * The new value; null when it was cleared, when the entry records an action, or when the customer's key was
   * destroyed (erased or anonymised) and the value can no longer be read.
   */
  value: string | null;
}

/** The audit log's filters; each is optional and an empty one is not sent. */
export interface AuditFilter {
  entity?: string;
  /** Needs `entity`. */
  entityId?: string;
  /** Also matches the attributes below it: "attributes" matches "attributes.plan". */
  attribute?: string;
  actorKind?: AuditActorKind;
  actorId?: string;
  /** At or after: RFC 3339 UTC ("2026-12-01T09:00:00Z") or a day ("2026-12-01", its start in UTC). */
  from?: string;
  /** Before, in the same forms. */
  until?: string;
}

/** Where a page of the audit log starts: `before` is the previous page's `nextBefore`; `limit` is 1–1000 (100). */
export interface AuditPageRequest {
  before?: number | null;
  limit?: number;
}

/**
 * A page of the audit log, newest first. `nextBefore` is null on the last page; it is set whenever the page is full,
 * so the page after a full one may be empty.
 */
export interface AuditPage {
  items: AuditEntry[];
  nextBefore: number | null;
}

// Contacts import and export (I5) and usage records (I4)

/** What one CSV column becomes: `field` is "name", "email", "phone", "id", "attributes.<key>" or "identity". */
export interface ImportColumn {
  /** The header as the file spells it. */
  header: string;
  field: string;
  /** With "identity": the channel the addresses are on, by id and by name. */
  channelId?: string;
  channelName?: string;
}

/** What the import does with one row; `unchanged` rows are counted, not sampled. */
export type ImportRowAction = 'create' | 'update' | 'unchanged' | 'error';

/** One row of the preview, as the import would treat it. */
export interface ImportSampleRow {
  /** The file's 1-based line (the header is line 1). */
  line: number;
  action: ImportRowAction;
  /** With "update": the contact the row changes, and which of its fields. */
  contactId?: string;
  changes?: string[];
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  /** With "error": why the row is skipped. */
  error?: string;
}

/** A row that cannot be imported (it is skipped; the others are not). */
export interface ImportRowError {
  line: number;
  error: string;
}

/** What importing a file would do (POST /contacts/import?dryRun=true); nothing is written. */
export interface ImportPreview {
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  failed: number;
  columns: ImportColumn[];
  /** The first 50 rows that are not unchanged. */
  sample: ImportSampleRow[];
  /** The first 1,000 failed rows. */
  errors: ImportRowError[];
}

/** Queued: another tenant's import runs first (imports run one at a time on a server). */
export type ImportState = 'queued' | 'running' | 'done' | 'failed';

/** An import running or run on this server (kept in memory: a restart forgets it). */
export interface ContactImport {
  id: string;
  state: ImportState;
  rows: number;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** The first 1,000 failed rows. */
  errors: ImportRowError[];
  /** With "failed": why the import stopped. */
  failure?: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** The user who started it. */
  by: string;
}

/** A range of usage records: RFC 3339 times, `from` included, `until` not. */
export interface UsageRange {
  from: string;
  until: string;
}
