import type { Role } from '../../../api/types';

/** The roles in the order a select offers them, most common first. */
export const ROLES: readonly Role[] = ['agent', 'supervisor', 'admin', 'dpo'];

/** Roles that chat with customers and so have routing settings (capacity, skills). */
export const isRoutedRole = (role: Role): boolean => role !== 'dpo';
