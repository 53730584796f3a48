// How people are named on screen.
import type { Contact } from '../../api/routing';
import type { User } from '../../api/types';

export function contactName(contact: Contact | undefined): string {
  return contact?.name || contact?.phone || contact?.email || 'Unknown contact';
}

/** A colleague's name from the users list (managers have it); agents see "a colleague" for others. */
export function userName(users: readonly User[], userId: string | null, me: string): string {
  if (userId === null) {
    return 'Parley';
  }
  if (userId === me) {
    return 'You';
  }
  const user = users.find((each) => each.id === userId);
  return user ? user.displayName || user.email : 'A colleague';
}
