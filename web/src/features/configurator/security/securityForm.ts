// The Security tab's form: which roles must sign in with a second factor.
import type { Role } from '../../../api/types';

/** The roles the policy can name, in the order the form lists them. */
export const POLICY_ROLES: readonly Role[] = ['admin', 'supervisor', 'agent', 'dpo'];

/** `selected` in the form's order, each role once: what the PUT sends. */
export const policyRoles = (selected: readonly Role[]): Role[] =>
  POLICY_ROLES.filter((role) => selected.includes(role));

/** Whether saving `selected` sends the signed-in admin themselves to set up a second factor. */
export const sendsSelfToEnrol = (selected: readonly Role[], ownRole: Role, ownEnabled: boolean): boolean =>
  !ownEnabled && selected.includes(ownRole);

/** Toggles one role in the selection. */
export const toggleRole = (selected: readonly Role[], role: Role, on: boolean): Role[] =>
  policyRoles(on ? [...selected, role] : selected.filter((item) => item !== role));
