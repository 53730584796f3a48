// API tokens (docs/api.md): the secrets integrations (a bot, a CRM) use instead of a session. Admins list, create
// and revoke them; a token acts within its role and its scopes.
import { api } from './endpoints';
import type { Role } from './types';

export type TokenScope =
  | 'conversations:read'
  | 'conversations:write'
  | 'messages:send'
  | 'contacts:read'
  | 'contacts:write'
  | 'channels:inbound'
  | 'reports:read'
  | 'admin';

export interface ApiToken {
  /** "tok_…"; also a message's `authorId` when the token wrote it. */
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  /** RFC 3339; null: never used. The server writes it at most once a minute (the first use at once). */
  lastUsedAt: string | null;
  scopes: TokenScope[];
  /** RFC 3339; null: it never expires. Expired tokens are still listed; revoked ones are not. */
  expiresAt: string | null;
  /**
   * The user the token acts for: who made it in the UI, or who made the token that made it. Deactivating or
   * deleting that user revokes it. null: made with the operator's command line, for no user.
   */
  createdBy: string | null;
}

export interface NewApiToken {
  /** 1–100 characters. */
  name: string;
  role: Role;
  /** At least one. */
  scopes: TokenScope[];
  /** RFC 3339, in the future; absent: it never expires. */
  expiresAt?: string;
}

/** A created token and its secret ("pat_…"): the only time the secret is ever shown. */
export interface CreatedApiToken {
  token: ApiToken;
  secret: string;
}

export const listTokens = () => api.request<{ items: ApiToken[] }>('GET', '/tokens').then((answer) => answer.items);

/** 422 `validation_failed` (the message says what) for a bad name, role, scope or expiry. */
export const createToken = (input: NewApiToken) => api.request<CreatedApiToken>('POST', '/tokens', input);

/** Revokes at once: the token's live sockets close too. 404 `not_found` when it is gone already. */
export const revokeToken = (tokenId: string) =>
  api.request<void>('DELETE', `/tokens/${encodeURIComponent(tokenId)}`);
