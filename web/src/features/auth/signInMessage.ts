import { isApiError } from '../../api/client';

/** The server's message as a sentence: a capital first and a full stop last. */
const sentence = (message: string): string => {
  const text = message.trim();
  return text ? `${text[0].toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}` : 'Signing in is not allowed.';
};

/** What the sign-in page says when signing in fails. */
export function signInMessage(error: unknown): string {
  if (!isApiError(error)) {
    return 'Something went wrong. Please try again.';
  }
  switch (error.code) {
    case 'invalid_credentials':
      return 'Email or password is wrong.';
    case 'too_many_attempts':
      return `Too many sign-in attempts. ${retryHint(error.retryAfterSeconds)}`;
    case 'validation_failed':
    case 'invalid_json':
      return 'Enter your email address and password.';
    case 'network_error':
      return 'Parley cannot be reached. Check your connection and try again.';
    case 'forbidden':
      // The right password for an account the workspace refuses (deactivated): the server's words say what to do.
      return sentence(error.message);
    default:
      return `Signing in failed: ${error.message}`;
  }
}

/** "Please try again in 3 minutes.", from a 429's Retry-After. */
export function retryHint(seconds: number | null): string {
  if (seconds === null || seconds <= 0) {
    return 'Please try again later.';
  }
  if (seconds < 60) {
    return `Please try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

/**
 * Whether the second step failed because its challenge expired (401 `invalid_credentials` whose message says so,
 * or the time given with the challenge has passed): the person has to enter their password again.
 */
export function isExpiredChallenge(error: unknown, expiresAt: string | null = null, now: number = Date.now()): boolean {
  if (!isApiError(error) || error.code !== 'invalid_credentials') {
    return false;
  }
  if (/expired/i.test(error.message)) {
    return true;
  }
  const deadline = expiresAt === null ? Number.NaN : Date.parse(expiresAt);
  return !Number.isNaN(deadline) && now >= deadline;
}

export const EXPIRED_CHALLENGE_MESSAGE = 'The sign-in took too long. Enter your password again.';

/** What the sign-in page says when the second step (a code, or a recovery code) fails. */
export function secondFactorMessage(error: unknown, recovery: boolean): string {
  if (!isApiError(error)) {
    return 'Something went wrong. Please try again.';
  }
  switch (error.code) {
    case 'invalid_credentials':
      return recovery
        ? 'That recovery code is wrong or was used already.'
        : 'That code is wrong or was used already. Enter the code your app shows now.';
    case 'too_many_attempts':
      return `Too many wrong codes. ${retryHint(error.retryAfterSeconds)}`;
    case 'validation_failed':
    case 'invalid_json':
      return recovery ? 'Enter one of your recovery codes.' : 'Enter the 6-digit code from your authenticator app.';
    default:
      return signInMessage(error);
  }
}
