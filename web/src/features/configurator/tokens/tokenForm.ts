// The API tokens tab's logic: what each scope allows, the create form's checks and expiry, and how a listed
// token's dates read.
import type { ApiToken, NewApiToken, TokenScope } from '../../../api/tokens';
import type { Role, User } from '../../../api/types';
import { formatDateTime } from '../../../format';
import { userName } from '../users/userLifecycle';

export interface ScopeInfo {
  scope: TokenScope;
  label: string;
  /** What it allows, as the form explains it. */
  description: string;
}

/** Every scope, in the order the form offers them: full access first, since ticking it includes the rest. */
export const SCOPES: readonly ScopeInfo[] = [
  { scope: 'admin', label: 'Full access', description: 'Everything the token’s role allows, configuration included.' },
  {
    scope: 'conversations:read',
    label: 'Read conversations',
    description: 'Conversations, messages, notes, the queue, files, canned responses and the channel list.',
  },
  {
    scope: 'conversations:write',
    label: 'Work on conversations',
    description: 'Notes, pick, accept, unassign, read receipts and typing.',
  },
  {
    scope: 'messages:send',
    label: 'Send messages',
    description: 'Reply (as the token), attach files, close, transfer and broadcast: a bot or a CRM acting.',
  },
  { scope: 'contacts:read', label: 'Read contacts', description: 'Contacts and their details.' },
  { scope: 'contacts:write', label: 'Change contacts', description: 'Create, change, merge and import contacts.' },
  { scope: 'channels:inbound', label: 'Post inbound messages', description: 'Customers’ messages on the API channel.' },
  { scope: 'reports:read', label: 'Read reports', description: 'Reports, statistics and usage.' },
];

/** "Send messages" for "messages:send"; a scope this page does not know is shown as it is. */
export const scopeLabel = (scope: string): string => SCOPES.find((info) => info.scope === scope)?.label ?? scope;

/**
 * A token's scopes as the list shows them: in the form's order, unknown ones last; full access alone when the token
 * has it, since it includes the rest.
 */
export function scopeLabels(scopes: readonly string[]): string[] {
  if (scopes.includes('admin')) {
    return [scopeLabel('admin')];
  }
  const known = SCOPES.filter((info) => scopes.includes(info.scope)).map((info) => info.label);
  const unknown = scopes.filter((scope) => !SCOPES.some((info) => info.scope === scope));
  return [...known, ...unknown];
}

/** What the create form sends for the ticked scopes: ["admin"] when full access is ticked, else in order. */
export const effectiveScopes = (selected: readonly TokenScope[]): TokenScope[] =>
  selected.includes('admin') ? ['admin'] : SCOPES.filter((info) => selected.includes(info.scope)).map((info) => info.scope);

/** Ticks or unticks one scope, keeping the others (unticking full access brings back what was ticked before). */
export const toggleScope = (selected: readonly TokenScope[], scope: TokenScope, on: boolean): TokenScope[] =>
  SCOPES.map((info) => info.scope).filter((each) => (each === scope ? on : selected.includes(each)));

/** The expiry choices, as GitHub's fine-grained tokens offer them: a default of 30 days, a date, or never. */
export type ExpiryChoice = '30' | '90' | '365' | 'date' | 'never';

export const EXPIRY_CHOICES: readonly { value: ExpiryChoice; label: string }[] = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'date', label: 'On a date…' },
  { value: 'never', label: 'Never' },
];

export const MAX_NAME_LENGTH = 100;

export interface TokenForm {
  name: string;
  role: Role;
  scopes: TokenScope[];
  expiry: ExpiryChoice;
  /** "YYYY-MM-DD" from the date field, when `expiry` is "date". */
  date: string;
}

/** A new token: an admin's (the server's default), nothing ticked, 30 days. */
export const newTokenForm = (): TokenForm => ({ name: '', role: 'admin', scopes: [], expiry: '30', date: '' });

export type TokenField = 'name' | 'scopes' | 'date';

export interface FieldError {
  field: TokenField;
  message: string;
}

export type Conversion = { ok: true; input: NewApiToken } | { ok: false; errors: FieldError[] };

const DAY_MS = 24 * 60 * 60 * 1000;

/** "YYYY-MM-DD" of a local day, as a date field writes it. */
export const dateFieldValue = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** The first day the date field offers: tomorrow. */
export const firstExpiryDate = (now: Date): string =>
  dateFieldValue(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));

/** The end (23:59:59, local time) of the day a date field holds; null for anything else. */
export function endOfDay(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) {
    return null;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day, 23, 59, 59);
  // new Date(2027, 1, 30) is 2 March: such a day does not exist.
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day ? date : null;
}

/**
 * When a token made now with `form`'s expiry stops working: null for never, a string saying what is wrong with the
 * date otherwise.
 */
export function expiryOf(form: Pick<TokenForm, 'expiry' | 'date'>, now: Date): Date | null | string {
  switch (form.expiry) {
    case 'never':
      return null;
    case 'date': {
      if (form.date.trim() === '') {
        return 'Choose the day the token expires.';
      }
      const date = endOfDay(form.date.trim());
      if (!date) {
        return 'That is not a date.';
      }
      return form.date.trim() < firstExpiryDate(now) ? 'Choose a day after today.' : date;
    }
    default:
      return new Date(now.getTime() + Number(form.expiry) * DAY_MS);
  }
}

/** RFC 3339 in UTC, to the second, as the server takes it. */
export const toRfc3339 = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The form's hint under the expiry: when it expires, or why never is a risk. */
export function expiryHint(form: Pick<TokenForm, 'expiry' | 'date'>, now: Date): string {
  const expiry = expiryOf(form, now);
  if (expiry === null) {
    return 'It works until you revoke it. A token that never expires is a standing risk if it leaks: prefer an expiry.';
  }
  if (typeof expiry === 'string') {
    return 'It stops working at the end of that day.';
  }
  return form.expiry === 'date'
    ? `It stops working at the end of that day (${formatDateTime(expiry.toISOString())}).`
    : `It stops working on ${formatDateTime(expiry.toISOString())}.`;
}

/** Checks the form and turns it into the request, or says what to fix, field by field. */
export function toTokenInput(form: TokenForm, now: Date): Conversion {
  const errors: FieldError[] = [];
  const name = form.name.trim();
  if (name === '') {
    errors.push({ field: 'name', message: 'Enter a name: what uses the token, e.g. “Order bot”.' });
  } else if ([...name].length > MAX_NAME_LENGTH) {
    errors.push({ field: 'name', message: `Use at most ${MAX_NAME_LENGTH} characters.` });
  }
  const scopes = effectiveScopes(form.scopes);
  if (scopes.length === 0) {
    errors.push({ field: 'scopes', message: 'Choose at least one permission.' });
  }
  const expiry = expiryOf(form, now);
  if (typeof expiry === 'string') {
    errors.push({ field: 'date', message: expiry });
  }
  if (errors.length > 0 || typeof expiry === 'string') {
    return { ok: false, errors };
  }
  return {
    ok: true,
    input: { name, role: form.role, scopes, ...(expiry ? { expiresAt: toRfc3339(expiry) } : {}) },
  };
}

export const isExpired = (token: Pick<ApiToken, 'expiresAt'>, now: Date): boolean =>
  token.expiresAt !== null && new Date(token.expiresAt).getTime() <= now.getTime();

/** Newest first: a token just made is at the top. */
export const newestFirst = (tokens: readonly ApiToken[]): ApiToken[] =>
  [...tokens].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || a.name.localeCompare(b.name));

/** Who a listed token acts for, as its "Created by" cell says it. */
export interface TokenCreator {
  /** The user's display name (else email); "Command line"; "Deleted user"; or the bare id when not in the list. */
  label: string;
  /** "(deactivated)" after the name of someone deactivated; null otherwise. */
  note: string | null;
  /** Shown muted: no user to name (the command line, someone deleted, an id not found). */
  quiet: boolean;
}

export const COMMAND_LINE_LABEL = 'Command line';

/**
 * Names a token's `createdBy` from the tenant's users (null when they could not be loaded): the command line for
 * null, and the id itself for someone not listed (the list leaves deleted users out).
 */
export function tokenCreator(createdBy: string | null, users: readonly User[] | null): TokenCreator {
  if (createdBy === null) {
    return { label: COMMAND_LINE_LABEL, note: null, quiet: true };
  }
  const user = users?.find((each) => each.id === createdBy);
  if (!user) {
    return { label: createdBy, note: null, quiet: true };
  }
  if (user.status === 'deleted') {
    return { label: 'Deleted user', note: null, quiet: true };
  }
  return { label: userName(user), note: user.status === 'deactivated' ? '(deactivated)' : null, quiet: false };
}

/** What the admin types to confirm a revocation. */
export const REVOKE_WORD = 'revoke';

export const isRevokeTyped = (typed: string): boolean => typed.trim().toLowerCase() === REVOKE_WORD;
