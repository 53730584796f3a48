import { isApiError } from '../../../api/client';

/** The server's message for an ApiError (it is written for people), otherwise the error's text. */
export function describeError(error: unknown): string {
  if (isApiError(error)) {
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
