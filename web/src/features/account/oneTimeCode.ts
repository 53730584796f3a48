// Codes as people type or paste them, cleaned for the server: the sign-in page needs these with the app's first
// load, the rest of two-factor sign-in (twoFactorText.ts) comes later.

/** A code as typed or pasted ("123 456", "123-456") as the server takes it, or null when it is not 6 digits. */
export function normaliseTotpCode(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

export const TOTP_CODE_HINT = 'Enter the 6-digit code your authenticator app shows now.';

/** A recovery code as typed ("K7PQ 2MXD 9TRW" is fine: the server ignores case and separators), or null if empty. */
export function normaliseRecoveryCode(text: string): string | null {
  const trimmed = text.trim().replace(/\s+/g, '-');
  return trimmed === '' ? null : trimmed;
}
