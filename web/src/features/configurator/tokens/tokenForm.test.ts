import { describe, expect, it } from 'vitest';
import type { ApiToken } from '../../../api/tokens';
import type { User } from '../../../api/types';
import { formatDateTime } from '../../../format';
import {
  effectiveScopes,
  endOfDay,
  expiryHint,
  expiryOf,
  firstExpiryDate,
  isExpired,
  isRevokeTyped,
  newestFirst,
  tokenCreator,
  newTokenForm,
  scopeLabel,
  scopeLabels,
  toggleScope,
  toRfc3339,
  toTokenInput,
  type TokenForm,
} from './tokenForm';

// 7 Dec 2026, 10:30 local time.
const now = new Date(2026, 11, 7, 10, 30, 0);
const form = (patch: Partial<TokenForm>): TokenForm => ({ ...newTokenForm(), name: 'Order bot', scopes: ['messages:send'], ...patch });

describe('scope labels', () => {
  it('name each scope in words, and pass an unknown one through', () => {
    expect(scopeLabel('messages:send')).toBe('Send messages');
    expect(scopeLabel('channels:inbound')).toBe('Post inbound messages');
    expect(scopeLabel('admin')).toBe('Full access');
    expect(scopeLabel('billing:read')).toBe('billing:read');
  });

  it('list a token’s scopes in the form’s order, unknown ones last', () => {
    expect(scopeLabels(['channels:inbound', 'billing:read', 'conversations:read', 'messages:send'])).toEqual([
      'Read conversations',
      'Send messages',
      'Post inbound messages',
      'billing:read',
    ]);
  });

  it('show full access alone, since it includes the rest', () => {
    expect(scopeLabels(['messages:send', 'admin'])).toEqual(['Full access']);
  });
});

describe('ticking scopes', () => {
  it('sends the ticked scopes in order, or full access alone', () => {
    expect(effectiveScopes(['messages:send', 'conversations:read'])).toEqual(['conversations:read', 'messages:send']);
    expect(effectiveScopes(['messages:send', 'admin'])).toEqual(['admin']);
    expect(effectiveScopes([])).toEqual([]);
  });

  it('keeps the others when full access is ticked and unticked again', () => {
    const picked = toggleScope(['messages:send'], 'admin', true);
    expect(picked).toEqual(['admin', 'messages:send']);
    expect(toggleScope(picked, 'admin', false)).toEqual(['messages:send']);
    expect(toggleScope(['messages:send'], 'messages:send', true)).toEqual(['messages:send']);
  });
});

describe('the expiry', () => {
  it('counts 30, 90 and 365 days from now', () => {
    expect(expiryOf({ expiry: '30', date: '' }, now)).toEqual(new Date(now.getTime() + 30 * 86_400_000));
    expect(expiryOf({ expiry: '90', date: '' }, now)).toEqual(new Date(now.getTime() + 90 * 86_400_000));
    expect(expiryOf({ expiry: '365', date: '' }, now)).toEqual(new Date(now.getTime() + 365 * 86_400_000));
    expect(expiryOf({ expiry: 'never', date: '' }, now)).toBeNull();
  });

  it('ends at the end of a chosen day, from tomorrow on', () => {
    expect(firstExpiryDate(now)).toBe('2026-12-08');
    expect(firstExpiryDate(new Date(2026, 11, 31, 23, 0))).toBe('2027-01-01');
    expect(expiryOf({ expiry: 'date', date: '2026-12-08' }, now)).toEqual(new Date(2026, 11, 8, 23, 59, 59));
    expect(expiryOf({ expiry: 'date', date: '2026-12-07' }, now)).toBe('Choose a day after today.');
    expect(expiryOf({ expiry: 'date', date: '' }, now)).toBe('Choose the day the token expires.');
    expect(expiryOf({ expiry: 'date', date: '2027-02-30' }, now)).toBe('That is not a date.');
    expect(endOfDay('7/12/2026')).toBeNull();
  });

  it('goes to the server in UTC, to the second', () => {
    expect(toRfc3339(new Date(Date.UTC(2027, 0, 6, 10, 30, 0, 123)))).toBe('2027-01-06T10:30:00Z');
  });

  it('says when the token stops working, and warns of never', () => {
    const in30 = new Date(now.getTime() + 30 * 86_400_000).toISOString();
    expect(expiryHint({ expiry: '30', date: '' }, now)).toBe(`It stops working on ${formatDateTime(in30)}.`);
    expect(expiryHint({ expiry: 'never', date: '' }, now)).toContain('standing risk');
  });
});

describe('checking the create form', () => {
  it('makes the request: trimmed name, role, scopes and expiry', () => {
    expect(toTokenInput(form({ name: '  Order bot ', scopes: ['channels:inbound', 'messages:send'] }), now)).toEqual({
      ok: true,
      input: {
        name: 'Order bot',
        role: 'admin',
        scopes: ['messages:send', 'channels:inbound'],
        expiresAt: toRfc3339(new Date(now.getTime() + 30 * 86_400_000)),
      },
    });
  });

  it('leaves the expiry out for never', () => {
    const converted = toTokenInput(form({ expiry: 'never', role: 'agent' }), now);
    expect(converted).toEqual({ ok: true, input: { name: 'Order bot', role: 'agent', scopes: ['messages:send'] } });
  });

  it('needs a name of at most 100 characters, a permission and a valid day', () => {
    expect(toTokenInput(form({ name: ' ', scopes: [], expiry: 'date', date: '' }), now)).toEqual({
      ok: false,
      errors: [
        { field: 'name', message: 'Enter a name: what uses the token, e.g. “Order bot”.' },
        { field: 'scopes', message: 'Choose at least one permission.' },
        { field: 'date', message: 'Choose the day the token expires.' },
      ],
    });
    expect(toTokenInput(form({ name: 'é'.repeat(100) }), now).ok).toBe(true);
    expect(toTokenInput(form({ name: 'x'.repeat(101) }), now)).toEqual({
      ok: false,
      errors: [{ field: 'name', message: 'Use at most 100 characters.' }],
    });
  });
});

describe('listed tokens', () => {
  const token = (id: string, createdAt: string, expiresAt: string | null): ApiToken => ({
    id,
    name: id,
    role: 'admin',
    createdAt,
    lastUsedAt: null,
    scopes: ['admin'],
    expiresAt,
    createdBy: null,
  });

  it('are marked expired once their time has come', () => {
    expect(isExpired(token('a', '2026-01-01T00:00:00Z', null), now)).toBe(false);
    expect(isExpired(token('a', '2026-01-01T00:00:00Z', new Date(now.getTime() - 1000).toISOString()), now)).toBe(true);
    expect(isExpired(token('a', '2026-01-01T00:00:00Z', new Date(now.getTime() + 1000).toISOString()), now)).toBe(false);
  });

  it('come newest first', () => {
    const tokens = [token('old', '2026-01-01T00:00:00Z', null), token('new', '2026-12-01T00:00:00.5Z', null)];
    expect(newestFirst(tokens).map((each) => each.id)).toEqual(['new', 'old']);
  });
});

describe('whom a listed token acts for', () => {
  const user = (patch: Partial<User>): User => ({
    id: 'usr_ada',
    tenantId: 'ten_1',
    email: 'ada@example.test',
    displayName: 'Ada Admin',
    role: 'admin',
    status: 'active',
    deactivatedAt: null,
    createdAt: '2026-12-01T09:00:00Z',
    ...patch,
  });
  const users = [
    user({}),
    user({ id: 'usr_bo', email: 'bo@example.test', displayName: '' }),
    user({ id: 'usr_cy', displayName: 'Cy', status: 'deactivated', deactivatedAt: '2026-12-07T10:00:00Z' }),
    user({ id: 'usr_del', email: '', displayName: 'Deleted user', status: 'deleted' }),
  ];

  it('names the user by display name, else email, and marks someone deactivated', () => {
    expect(tokenCreator('usr_ada', users)).toEqual({ label: 'Ada Admin', note: null, quiet: false });
    expect(tokenCreator('usr_bo', users)).toEqual({ label: 'bo@example.test', note: null, quiet: false });
    expect(tokenCreator('usr_cy', users)).toEqual({ label: 'Cy', note: '(deactivated)', quiet: false });
  });

  it('says the command line for null, and falls back quietly for the deleted and the unknown', () => {
    expect(tokenCreator(null, users)).toEqual({ label: 'Command line', note: null, quiet: true });
    expect(tokenCreator('usr_del', users)).toEqual({ label: 'Deleted user', note: null, quiet: true });
    expect(tokenCreator('usr_gone', users)).toEqual({ label: 'usr_gone', note: null, quiet: true });
    // The users could not be loaded: ids, and still the command line.
    expect(tokenCreator('usr_ada', null)).toEqual({ label: 'usr_ada', note: null, quiet: true });
    expect(tokenCreator(null, null)).toEqual({ label: 'Command line', note: null, quiet: true });
  });
});

describe('confirming a revocation', () => {
  it('takes the word in any case, with stray spaces, and nothing else', () => {
    expect(isRevokeTyped('revoke')).toBe(true);
    expect(isRevokeTyped(' Revoke ')).toBe(true);
    expect(isRevokeTyped('revok')).toBe(false);
    expect(isRevokeTyped('')).toBe(false);
  });
});
