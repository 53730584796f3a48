// The live frames that end this session (the server closes the socket after each), and what the sign-in page
// then says.
import type { LiveEvent } from './LiveClient';

export const SESSION_REVOKED_NOTICE = 'This session was ended from another session. Sign in again to continue.';
export const TENANT_DELETED_NOTICE = 'This workspace was deleted, and everyone in it was signed out.';

/** What the sign-in page says after `event`, or null when `event` does not end the session. */
export function sessionEndNotice(event: LiveEvent): string | null {
  switch (event.type) {
    case 'session.revoked':
      return SESSION_REVOKED_NOTICE;
    case 'tenant.deleted':
      return TENANT_DELETED_NOTICE;
    default:
      return null;
  }
}

/** Whether `event` ends the session: the socket must not reconnect after it. */
export const endsSession = (event: LiveEvent): boolean => sessionEndNotice(event) !== null;
