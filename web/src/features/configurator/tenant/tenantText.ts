// The tenant (the workspace, to the people using it) in words: its sign-in link, what deleting it does, the typed
// confirmation, and what the sign-in page says afterwards.
import { isApiError } from '../../../api/client';
import type { DeletedTenant } from '../../../api/types';
import { formatDateTime } from '../../../format';
import { describeError } from '../common/errors';

/** Under the workspace's sign-in link: who it is for. */
export const SIGN_IN_LINK_NOTE =
  'People who belong to several workspaces sign in here directly with this link; the sign-in page offers at most ' +
  'their three oldest workspaces.';

/** How long a deleted tenant can still be restored by an operator before its data is destroyed. */
export const TENANT_GRACE_DAYS = 30;

/** What deleting the workspace does, one line each, in the danger zone. */
export const DELETE_CONSEQUENCES: readonly string[] = [
  'Everyone in it is signed out at once, and its API tokens stop working.',
  'Its channels stop at once: no messages are received or sent, and the web chat goes offline.',
  `After ${TENANT_GRACE_DAYS} days all its conversations, contacts, users and settings are destroyed for good.`,
  'Until then only an operator of this Parley server can restore it (parley admin undelete-tenant).',
  'The deletion is recorded in the audit log.',
];

/**
 * Whether `typed` is the tenant's name exactly, as the server requires: letter case and spaces count; only the
 * Unicode form does not (an "ë" typed as e and a combining mark matches). An empty name never matches.
 */
export function isTenantNameTyped(typed: string, name: string): boolean {
  return name !== '' && typed.normalize('NFC') === name.normalize('NFC');
}

/** What the sign-in page says after this person deleted the workspace. */
export function tenantDeletedNotice(tenant: DeletedTenant): string {
  return (
    `The workspace “${tenant.name}” was deleted on ${formatDateTime(tenant.deletedAt)} and everyone in it was ` +
    `signed out. Its data will be destroyed after ${formatDateTime(tenant.destroyAfter)}; until then an operator ` +
    'can restore it.'
  );
}

/** A failed deletion in words; a refusal says that nothing was deleted. */
export function deleteTenantProblem(error: unknown): string {
  if (isApiError(error) && error.code === 'validation_failed') {
    return 'The name typed is not this workspace’s name. Nothing was deleted.';
  }
  if (isApiError(error) && error.code === 'forbidden') {
    return 'Only an admin can delete this workspace. Nothing was deleted.';
  }
  return `The workspace could not be deleted: ${describeError(error)}`;
}
