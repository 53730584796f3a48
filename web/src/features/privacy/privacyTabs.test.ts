import { describe, expect, it } from 'vitest';
import { choosePrivacyTab } from './privacyTabs';

describe('choosePrivacyTab', () => {
  it('opens finding a customer on the index, the settings on /privacy/settings', () => {
    expect(choosePrivacyTab('')?.id).toBe('subjects');
    expect(choosePrivacyTab('settings')?.id).toBe('settings');
    expect(choosePrivacyTab('settings/')?.id).toBe('settings');
  });

  it('knows no other paths', () => {
    expect(choosePrivacyTab('subjects')).toBeNull();
    expect(choosePrivacyTab('audit')).toBeNull();
  });
});
