// One function per /api/v1 endpoint the UI uses (docs/api.md).
import { createApiClient, type ApiClient } from './client';
import type {
  AuditFilter,
  AuditPage,
  AuditPageRequest,
  ContactImport,
  DeletedTenant,
  ImportPreview,
  PrivacySettings,
  PrivacySettingsPatch,
  Session,
  Subject,
  SubjectAction,
  SubjectActionResult,
  SubjectSearch,
  Tenant,
  UsageRange,
  User,
} from './types';

let unauthenticatedListener: (() => void) | null = null;

/** The app sets this once; it runs whenever any call answers 401 `unauthenticated`. */
export function setUnauthenticatedListener(listener: (() => void) | null): void {
  unauthenticatedListener = listener;
}

let twoFactorRequiredListener: (() => void) | null = null;

/**
 * The app sets this once; it runs whenever any call answers 403 `two_factor_required` (the tenant requires a
 * second factor of the user's role and they have none yet), or when a page learns so itself.
 */
export function setTwoFactorRequiredListener(listener: (() => void) | null): void {
  twoFactorRequiredListener = listener;
}

/** Tells the app the signed-in user must set up a second factor before anything else. */
export function announceTwoFactorRequired(): void {
  twoFactorRequiredListener?.();
}

export const api: ApiClient = createApiClient({
  onUnauthenticated: () => unauthenticatedListener?.(),
  onTwoFactorRequired: () => twoFactorRequiredListener?.(),
});

export interface SignInResult {
  user: User;
  csrfToken: string;
}

/** The password was right and the user has a second factor: prove it with `challenge` before `expiresAt`. */
export interface SecondFactorChallenge {
  challenge: string;
  expiresAt: string;
}

/** A workspace (tenant) the email and password open, named for the choice between several. */
export type SignInTenant = Pick<Tenant, 'id' | 'name'>;

/**
 * A signed-in session, or (no cookies yet) the second step to take, or (no cookies yet) the workspaces the email
 * and password open when they open more than one: sign in again with the same two and the chosen one's `tenant`.
 */
export type SignInAnswer = SignInResult | { twoFactor: SecondFactorChallenge } | { tenants: SignInTenant[] };

/**
 * The first step. `tenant` (an id from a `tenants` answer, or the one a sign-in link names) picks one workspace; the
 * answer is then a session or a second step, and 401 `invalid_credentials` if the password is not right in that one
 * (or the person has no user there).
 */
export const signIn = (email: string, password: string, tenant?: string) =>
  api.request<SignInAnswer>(
    'POST',
    '/auth/sign-in',
    tenant === undefined ? { email, password } : { email, password, tenant },
  );

/** A code from the authenticator app, or one of the recovery codes (each works once). */
export type SecondFactorProof = { code: string } | { recoveryCode: string };

/**
 * The second step: 200 signs in as the first step does without a second factor. 401 `invalid_credentials` for a
 * wrong or reused code, and for a challenge that expired (its message says so); 429 after too many wrong codes.
 */
export const signInSecondFactor = (challenge: string, proof: SecondFactorProof) =>
  api.request<SignInResult>('POST', '/auth/sign-in/second-factor', { challenge, ...proof });

export const signOut = () => api.request<void>('POST', '/auth/sign-out');

export const getMe = () => api.request<{ user: User }>('GET', '/me').then((answer) => answer.user);

export const updateMe = (displayName: string) =>
  api.request<{ user: User }>('PATCH', '/me', { displayName }).then((answer) => answer.user);

export const listMySessions = () =>
  api.request<{ items: Session[] }>('GET', '/me/sessions').then((answer) => answer.items);

export const revokeMySession = (id: string) =>
  api.request<void>('DELETE', `/me/sessions/${encodeURIComponent(id)}`);

export const getTenant = () => api.request<{ tenant: Tenant }>('GET', '/tenant').then((answer) => answer.tenant);

/**
 * Deletes the signed-in admin's tenant; `confirm` must be its exact name (422 `validation_failed` otherwise,
 * 403 for anyone else). Everyone of it is signed out at once: the next call of this session answers 401.
 */
export const deleteTenant = (confirm: string) =>
  api.request<{ tenant: DeletedTenant }>('DELETE', '/tenant', { confirm }).then((answer) => answer.tenant);

// Privacy console (admins and DPOs)
export const getPrivacySettings = () =>
  api.request<{ settings: PrivacySettings }>('GET', '/privacy/settings').then((answer) => answer.settings);

export const updatePrivacySettings = (patch: PrivacySettingsPatch) =>
  api.request<{ settings: PrivacySettings }>('PUT', '/privacy/settings', patch).then((answer) => answer.settings);

/**
 * Wraps every contact key of the tenant under a new key, in one step; nothing is rewritten or lost. Answers how many
 * keys were re-wrapped. 503 while the server is busy.
 */
export const rotateContactKeys = () =>
  api
    .request<{ rewrappedKeys: number }>('POST', '/privacy/contact-keys/rotate', {})
    .then((answer) => answer.rewrappedKeys);

/** `?phone=…`, `?email=…`, `?name=…` or `?identity=…[&channel=…]`: exactly one way to search. */
export function subjectSearchQuery(search: SubjectSearch): string {
  // encodeURIComponent, not URLSearchParams: the server reads '+' as '+' (a phone's), not a space.
  let query = `?${search.by}=${encodeURIComponent(search.value)}`;
  if (search.by === 'identity' && search.channel) {
    query += `&channel=${encodeURIComponent(search.channel)}`;
  }
  return query;
}

/** At most 50 customers, oldest first. */
export const findSubjects = (search: SubjectSearch) =>
  api
    .request<{ items: Subject[] }>('GET', `/privacy/subjects${subjectSearchQuery(search)}`)
    .then((answer) => answer.items);

export const getSubject = (contactId: string) =>
  api
    .request<{ subject: Subject }>('GET', `/privacy/subjects/${encodeURIComponent(contactId)}`)
    .then((answer) => answer.subject);

/** Where the browser downloads everything held about a customer (a plain link: GET, cookie). */
export function subjectExportUrl(contactId: string, format: 'json' | 'csv'): string {
  return `/api/v1/privacy/subjects/${encodeURIComponent(contactId)}/export?format=${format}`;
}

/** Anonymises or erases the customer and every contact merged with it; irreversible. 409 once erased. */
export const actOnSubject = (contactId: string, action: SubjectAction) =>
  api.request<SubjectActionResult>('POST', `/privacy/subjects/${encodeURIComponent(contactId)}/${action}`, {
    confirm: action,
  });

// The audit log (admins and DPOs)
/** The filters in the order the API lists them; empty ones are left out. */
const AUDIT_FILTERS: readonly (keyof AuditFilter)[] = [
  'entity',
  'entityId',
  'attribute',
  'actorKind',
  'actorId',
  'from',
  'until',
];

type Parameter = [name: string, value: string | number | null | undefined];

/** `name=value` for each filter that is set, then for each of `extra` that is. */
function auditParameters(filter: AuditFilter, extra: readonly Parameter[] = []): string[] {
  const all: Parameter[] = [...AUDIT_FILTERS.map((name): Parameter => [name, filter[name]]), ...extra];
  // encodeURIComponent, not URLSearchParams: the server reads '+' as '+', not a space.
  return all
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`);
}

/** `?entity=…&…&before=…&limit=…` with what is set, or "" when nothing is. */
export function auditQuery(filter: AuditFilter, page: AuditPageRequest = {}): string {
  const parameters = auditParameters(filter, [
    ['before', page.before],
    ['limit', page.limit],
  ]);
  return parameters.length > 0 ? `?${parameters.join('&')}` : '';
}

/** One page of the tenant's audit log, newest first; 422 `validation_failed` for a filter the server refuses. */
export const searchAudit = (filter: AuditFilter, page: AuditPageRequest = {}) =>
  api.request<AuditPage>('GET', `/audit/entries${auditQuery(filter, page)}`);

/** Where the browser downloads every entry matching `filter` (a plain link: GET, cookie), newest first. */
export function auditExportUrl(filter: AuditFilter, format: 'json' | 'csv'): string {
  return `/api/v1/audit/entries/export?${[`format=${format}`, ...auditParameters(filter)].join('&')}`;
}

// Contacts import and export, usage records (admins)
/** The import reads the bytes as CSV whatever the browser says the file is (a .csv is often "application/vnd.ms-excel"). */
const CSV = 'text/csv';

/**
 * What importing `file` would do, row by row; writes nothing. 422 `validation_failed` with a sentence when the file
 * itself cannot be read (no header, an unclosed quote, not UTF-8, …), 413 when it is over 20 MiB.
 */
export const previewContactsImport = (file: Blob) =>
  api.postBytes<{ preview: ImportPreview }>('/contacts/import?dryRun=true', file, CSV).then((answer) => answer.preview);

/** Starts importing `file` (202); it runs in the background: poll `getContactsImport`. Errors as the preview's. */
export const startContactsImport = (file: Blob) =>
  api.postBytes<{ import: ContactImport }>('/contacts/import', file, CSV).then((answer) => answer.import);

/** An import's progress; 404 once the server forgot it (a restart). */
export const getContactsImport = (importId: string) =>
  api
    .request<{ import: ContactImport }>('GET', `/contacts/imports/${encodeURIComponent(importId)}`)
    .then((answer) => answer.import);

/** This server's recent imports, newest first. */
export const listContactsImports = () =>
  api.request<{ items: ContactImport[] }>('GET', '/contacts/imports').then((answer) => answer.items);

/** Where the browser downloads every contact as CSV (a plain link: GET, cookie); the file re-imports cleanly. */
export const CONTACTS_EXPORT_URL = '/api/v1/contacts/export';

/** Where the browser downloads the usage records (one row per message) created in [from, until). */
export function usageExportUrl(range: UsageRange, format: 'csv' | 'json' = 'csv'): string {
  // encodeURIComponent, not URLSearchParams: the server reads '+' as '+' (a time zone's), not a space.
  return `/api/v1/usage/messages?from=${encodeURIComponent(range.from)}&until=${encodeURIComponent(range.until)}&format=${format}`;
}
