// How people are named on screen.
import type { Contact, Message } from '../../api/routing';
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

/** What an outbound message written through an API token (a bot, a CRM) is shown as: tokens are not users. */
export const INTEGRATION_NAME = 'API integration';

/**
 * Who wrote an outbound message: an integration (`bot`) when an API token did, otherwise the user as `userName`
 * names them.
 */
export function messageAuthor(
  message: Pick<Message, 'authorId' | 'authorKind'>,
  users: readonly User[],
  me: string,
): { name: string; bot: boolean } {
  if (message.authorKind === 'token') {
    return { name: INTEGRATION_NAME, bot: true };
  }
  return { name: userName(users, message.authorId, me), bot: false };
}

/** Before the last message in the list of one's conversations: "You: " for a reply, "API integration: " for a bot's. */
export function previewPrefix(message: Pick<Message, 'direction' | 'authorKind'>): string {
  if (message.direction !== 'outbound') {
    return '';
  }
  return message.authorKind === 'token' ? `${INTEGRATION_NAME}: ` : 'You: ';
}
