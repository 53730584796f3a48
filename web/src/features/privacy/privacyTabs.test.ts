import { describe, expect, it } from 'vitest';
import { choosePrivacyTab, PRIVACY_TABS } from './privacyTabs';

describe('choosePrivacyTab', () => {
  it('opens finding a customer on the index, the audit log and the settings on their paths', () => {
    expect(choosePrivacyTab('')?.id).toBe('subjects');
    expect(choosePrivacyTab('audit')?.id).toBe('audit');
    expect(choosePrivacyTab('audit/')?.id).toBe('audit');
    expect(choosePrivacyTab('settings')?.id).toBe('settings');
    expect(choosePrivacyTab('settings/')?.id).toBe('settings');
  });

  it('knows no other paths', () => {
    expect(choosePrivacyTab('subjects')).toBeNull();
    expect(choosePrivacyTab('audit/entries')).toBeNull();
    expect(choosePrivacyTab('Audit')).toBeNull();
  });

  it('lists the tabs in order, each linking to its own path', () => {
    expect(PRIVACY_TABS.map((tab) => [tab.label, tab.path])).toEqual([
      ['Find a customer', '/privacy'],
      ['Audit log', '/privacy/audit'],
      ['Settings', '/privacy/settings'],
    ]);
    for (const tab of PRIVACY_TABS) {
      expect(choosePrivacyTab(tab.path.replace(/^\/privacy\/?/, ''))).toBe(tab);
    }
  });
});
