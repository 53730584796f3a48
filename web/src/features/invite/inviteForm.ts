// Pure helpers of the invite acceptance page.
import { isApiError } from '../../api/client';

/** The token from `location.hash` ("#abc" → "abc"); null when there is none. */
export function readInviteToken(hash: string): string | null {
  const raw = hash.replace(/^#/, '').trim();
  if (!raw) {
    return null;
  }
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export const MIN_PASSWORD_CHARS = 10;
const MAX_PASSWORD_BYTES = 256;

/** What is wrong with the chosen password, or null. */
export function checkNewPassword(password: string, confirm: string): string | null {
  if ([...password].length < MIN_PASSWORD_CHARS) {
    return `The password needs at least ${MIN_PASSWORD_CHARS} characters.`;
  }
  if (new TextEncoder().encode(password).length > MAX_PASSWORD_BYTES) {
    return 'The password is too long (at most 256 bytes).';
  }
  if (password !== confirm) {
    return 'The passwords do not match.';
  }
  return null;
}

/** The server keeps display names of at most this many bytes of UTF-8 (not characters). */
export const MAX_DISPLAY_NAME_BYTES = 100;

/** What is wrong with a display name (as it will be sent: trimmed), or null. */
export function checkDisplayName(displayName: string): string | null {
  if (new TextEncoder().encode(displayName.trim()).length > MAX_DISPLAY_NAME_BYTES) {
    return `The display name is too long: at most ${MAX_DISPLAY_NAME_BYTES} bytes, and accented letters, other scripts and emoji take 2 to 4 bytes each.`;
  }
  return null;
}

/** Whether an error means the invite itself is unusable (unknown, used, revoked or expired). */
export function isDeadInvite(error: unknown): boolean {
  return (
    isApiError(error) &&
    (error.code === 'not_found' || error.status === 404 || error.status === 410 || error.code === 'conflict')
  );
}
