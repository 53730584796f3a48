// The Configurator's tabs: which exist, who may use them, and which one a path opens.
import type { Role } from '../../api/types';

export type TabId =
  | 'channels'
  | 'users'
  | 'skills'
  | 'categories'
  | 'canned-responses'
  | 'dry-run'
  | 'settings'
  | 'security'
  | 'api-tokens'
  | 'data'
  | 'backups'
  | 'workspace';

export interface TabEntry {
  id: TabId;
  label: string;
  roles: readonly Role[];
}

const ADMIN: readonly Role[] = ['admin'];
const MANAGERS: readonly Role[] = ['admin', 'supervisor'];

export const TABS: readonly TabEntry[] = [
  { id: 'channels', label: 'Channels', roles: ADMIN },
  { id: 'users', label: 'Users', roles: ADMIN },
  { id: 'skills', label: 'Skills', roles: ADMIN },
  { id: 'categories', label: 'Categories', roles: ADMIN },
  { id: 'canned-responses', label: 'Canned responses', roles: MANAGERS },
  { id: 'dry-run', label: 'Dry run', roles: MANAGERS },
  { id: 'settings', label: 'Settings', roles: ADMIN },
  /** Which roles must sign in with a second factor. */
  { id: 'security', label: 'Security', roles: ADMIN },
  /** The tokens integrations call the API with: created, listed and revoked. */
  { id: 'api-tokens', label: 'API tokens', roles: ADMIN },
  /** Contacts imported and exported as CSV, and the usage records. */
  { id: 'data', label: 'Import & export', roles: ADMIN },
  /** The server's backups (every workspace on it): the newest, a failure, the schedule, and one made now. */
  { id: 'backups', label: 'Backups', roles: ADMIN },
  /** The tenant itself, and deleting it. */
  { id: 'workspace', label: 'Workspace', roles: ADMIN },
];

/** Privacy settings (A4) live in their own section; the tab list links there for those who may open it. */
export const PRIVACY_LINK = { path: '/privacy', label: 'Privacy', roles: ['admin', 'dpo'] as readonly Role[] };

export const tabsFor = (role: Role): TabEntry[] => TABS.filter((tab) => tab.roles.includes(role));

export const tabPath = (id: TabId): string => `/configurator/${id}`;

export type TabChoice =
  | { kind: 'tab'; tab: TabEntry }
  /** A tab that exists but this role may not use. */
  | { kind: 'forbidden'; tab: TabEntry }
  | { kind: 'unknown' }
  /** The role may use no tab at all. */
  | { kind: 'none' };

/** The tab to show for the path part after /configurator/ ("" is the index: the role's first tab). */
export function chooseTab(role: Role, path: string): TabChoice {
  const allowed = tabsFor(role);
  const id = path.replace(/\/+$/, '');
  if (id === '') {
    return allowed.length > 0 ? { kind: 'tab', tab: allowed[0] } : { kind: 'none' };
  }
  const tab = TABS.find((entry) => entry.id === id);
  if (!tab) {
    return { kind: 'unknown' };
  }
  return tab.roles.includes(role) ? { kind: 'tab', tab } : { kind: 'forbidden', tab };
}
