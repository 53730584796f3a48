// The Privacy section's tabs: finding a customer (the index), the audit log and the settings; admins and DPOs
// see them all.
export type PrivacyTabId = 'subjects' | 'audit' | 'settings';

export interface PrivacyTab {
  id: PrivacyTabId;
  label: string;
  path: string;
}

export const PRIVACY_TABS: readonly PrivacyTab[] = [
  { id: 'subjects', label: 'Find a customer', path: '/privacy' },
  { id: 'audit', label: 'Audit log', path: '/privacy/audit' },
  { id: 'settings', label: 'Settings', path: '/privacy/settings' },
];

/** The tab for the path part after /privacy/ ("" is the index), or null for a path that names none. */
export function choosePrivacyTab(rest: string): PrivacyTab | null {
  const id = rest.replace(/\/+$/, '');
  if (id === '') {
    return PRIVACY_TABS[0];
  }
  return PRIVACY_TABS.find((tab) => tab.id !== 'subjects' && tab.id === id) ?? null;
}
