// The Users tab's account lifecycle: which of deactivate, reactivate and delete a row offers, and what the
// confirmations and the live region say.
import type { User } from '../../../api/types';
import { isRoutedRole } from './roles';

export type LifecycleAction = 'deactivate' | 'reactivate' | 'delete';

/** How the Users tab names someone: their display name, else their email. */
export const userName = (user: User): string => user.displayName || user.email;

export const isDeactivated = (user: User): boolean => user.status === 'deactivated';

/**
 * The lifecycle actions a user's row offers: none on one's own row (the server refuses them too, and an admin who
 * locked themselves out would need another admin), reactivate instead of deactivate once deactivated.
 */
export function lifecycleActions(user: User, isSelf: boolean): LifecycleAction[] {
  if (isSelf || user.status === 'deleted') {
    return [];
  }
  return [isDeactivated(user) ? 'reactivate' : 'deactivate', 'delete'];
}

/** The row buttons' labels. */
export const LIFECYCLE_LABELS: Readonly<Record<LifecycleAction, string>> = {
  deactivate: 'Deactivate',
  reactivate: 'Reactivate',
  delete: 'Delete',
};

export const LIFECYCLE_PROGRESS: Readonly<Record<LifecycleAction, string>> = {
  deactivate: 'Deactivating…',
  reactivate: 'Reactivating…',
  delete: 'Deleting…',
};

/**
 * What deactivating does, asked before it is done: it is reversible, so no word to type (the API tokens acting for
 * them are revoked, though, and reactivating does not bring them back).
 */
export function deactivateQuestion(user: User): string {
  const name = userName(user);
  const conversations = isRoutedRole(user.role)
    ? ' Their conversations go back to the queue, in the places they had, for others to take.'
    : '';
  return (
    `${name} cannot sign in until an admin reactivates them, and is signed out everywhere now. ` +
    `API tokens they made are revoked for good.${conversations} ` +
    'Nothing is erased: you can reactivate them at any time.'
  );
}

export function reactivateQuestion(user: User): string {
  const name = userName(user);
  return isRoutedRole(user.role)
    ? `${name} can sign in again with their password, and gets conversations again with the capacity and skills ` +
        'they had.'
    : `${name} can sign in again with their password.`;
}

/** The live region's text once done. */
export function lifecycleSuccess(action: LifecycleAction, user: User): string {
  const name = userName(user);
  switch (action) {
    case 'deactivate':
      return `${name} was deactivated: they are signed out and cannot sign in.`;
    case 'reactivate':
      return `${name} was reactivated: they can sign in again.`;
    case 'delete':
      return `${name} was deleted.`;
  }
}

/** What the admin types to confirm a deletion (as the privacy console's erase). */
export const DELETE_WORD = 'delete';

export const isDeleteTyped = (typed: string): boolean => typed.trim().toLowerCase() === DELETE_WORD;
