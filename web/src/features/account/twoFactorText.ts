// What the two-factor views say: the secret grouped for typing, the recovery codes as a text file, the status
// line and the errors of its forms.
import { isApiError } from '../../api/client';
import type { TwoFactorStatus } from '../../api/twoFactor';
import { formatDateTime } from '../../format';
import { retryHint } from '../auth/signInMessage';

/** The base32 secret in groups of four ("JBSW Y3DP EHPK 3PXP"), without padding, as authenticator apps take it. */
export function groupSecret(secret: string): string {
  const bare = secret.replace(/[\s=]/g, '').toUpperCase();
  return (bare.match(/.{1,4}/g) ?? []).join(' ');
}

export const RECOVERY_CODES_FILE_NAME = 'parley-recovery-codes.txt';

/** The downloadable text file: who and when, how to use them, then one code a line. */
export function recoveryCodesFile(codes: readonly string[], email: string, createdAt: Date): string {
  return [
    `Parley recovery codes for ${email}`,
    `Created ${createdAt.toISOString()}`,
    '',
    'Each code signs you in once, instead of a code from your authenticator app.',
    'Keep them somewhere safe; new codes replace all of these.',
    '',
    ...codes,
    '',
  ].join('\n');
}

/** "On since 7 Dec 2026, 10:00. 10 recovery codes left." or "Off." */
export function twoFactorStatusText(status: TwoFactorStatus): string {
  if (!status.enabled) {
    return 'Off.';
  }
  const since = status.enabledAt ? ` since ${formatDateTime(status.enabledAt)}` : '';
  const left = status.recoveryCodesLeft;
  return `On${since}. ${left === 0 ? 'No' : left} recovery code${left === 1 ? '' : 's'} left.`;
}

/** What a two-factor form (confirm, new recovery codes, turn off) says when its request fails. */
export function twoFactorErrorMessage(error: unknown): string {
  if (!isApiError(error)) {
    return error instanceof Error ? error.message : String(error);
  }
  switch (error.code) {
    case 'validation_failed':
      return "That code does not match. Check that your phone's clock is right, and enter the code the app shows now.";
    case 'invalid_credentials':
      return 'That code is wrong or was used already. Wait for the next code and try again.';
    case 'too_many_attempts':
      return `Too many wrong codes. ${retryHint(error.retryAfterSeconds)}`;
    case 'network_error':
      return 'Parley cannot be reached. Check your connection and try again.';
    default:
      return error.message.charAt(0).toUpperCase() + error.message.slice(1) + (/[.!?]$/.test(error.message) ? '' : '.');
  }
}
