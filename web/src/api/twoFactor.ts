// Two-factor sign-in (docs/api.md): a user's own second factor (/me/two-factor), an admin's reset of someone
// else's, and the tenant's policy of which roles must use one (/settings/security). The sign-in's second step is
// in endpoints.ts, beside the first.
import { api } from './endpoints';
import type { Role } from './types';

export interface TwoFactorStatus {
  enabled: boolean;
  /** RFC 3339; null while off. */
  enabledAt: string | null;
  recoveryCodesLeft: number;
  /** The tenant requires a second factor of the user's role (it cannot be turned off then). */
  required: boolean;
}

/** A started enrolment: the secret as base32 for typing in, and the same as an otpauth:// URI for the QR code. */
export interface TwoFactorEnrolment {
  secret: string;
  otpauthUri: string;
}

/** The status after confirming or replacing, with the new recovery codes: shown once, never again. */
export interface TwoFactorWithCodes {
  twoFactor: TwoFactorStatus;
  recoveryCodes: string[];
}

export interface SecuritySettings {
  twoFactorRequiredFor: Role[];
}

export const getMyTwoFactor = () =>
  api.request<{ twoFactor: TwoFactorStatus }>('GET', '/me/two-factor').then((answer) => answer.twoFactor);

/** Starts (or restarts) an enrolment; 409 `conflict` when the second factor is on already. */
export const startMyTwoFactor = () => api.request<TwoFactorEnrolment>('POST', '/me/two-factor', {});

/** The first code from the app turns it on; 422 `validation_failed` when the code does not match. */
export const confirmMyTwoFactor = (code: string) =>
  api.request<TwoFactorWithCodes>('POST', '/me/two-factor/confirm', { code });

/** Ten new recovery codes for a current code (401 when wrong); the old codes stop working. */
export const replaceMyRecoveryCodes = (code: string) =>
  api.request<TwoFactorWithCodes>('POST', '/me/two-factor/recovery-codes', { code });

/** Turns it off for a current code (401 when wrong); 409 `conflict` when the tenant requires it of the role. */
export const turnOffMyTwoFactor = (code: string) =>
  api.request<{ twoFactor: TwoFactorStatus }>('DELETE', '/me/two-factor', { code }).then((answer) => answer.twoFactor);

/** An admin removes a user's second factor (a lost phone); 404 `not_found` when they have none. */
export const resetUserTwoFactor = (userId: string) =>
  api.request<void>('DELETE', `/users/${encodeURIComponent(userId)}/two-factor`);

export const getSecuritySettings = () =>
  api.request<{ security: SecuritySettings }>('GET', '/settings/security').then((answer) => answer.security);

export const updateSecuritySettings = (settings: SecuritySettings) =>
  api.request<{ security: SecuritySettings }>('PUT', '/settings/security', settings).then((answer) => answer.security);
