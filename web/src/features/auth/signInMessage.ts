import { isApiError } from '../../api/client';

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
    default:
      return `Signing in failed: ${error.message}`;
  }
}

function retryHint(seconds: number | null): string {
  if (seconds === null || seconds <= 0) {
    return 'Please try again later.';
  }
  if (seconds < 60) {
    return `Please try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}
