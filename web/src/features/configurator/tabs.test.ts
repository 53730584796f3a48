import { describe, expect, it } from 'vitest';
import { chooseTab, tabsFor } from './tabs';

describe('tabsFor', () => {
  it('gives admins every tab in order', () => {
    expect(tabsFor('admin').map((tab) => tab.label)).toEqual([
      'Channels',
      'Users',
      'Skills',
      'Categories',
      'Canned responses',
      'Dry run',
      'Settings',
      'Security',
      'API tokens',
      'Import & export',
      'Backups',
      'Workspace',
    ]);
  });

  it('gives supervisors canned responses and the dry run only', () => {
    expect(tabsFor('supervisor').map((tab) => tab.id)).toEqual(['canned-responses', 'dry-run']);
  });
});

describe('chooseTab', () => {
  it('opens the first tab the role may use on the index', () => {
    expect(chooseTab('admin', '')).toMatchObject({ kind: 'tab', tab: { id: 'channels' } });
    expect(chooseTab('supervisor', '')).toMatchObject({ kind: 'tab', tab: { id: 'canned-responses' } });
    expect(chooseTab('agent', '')).toEqual({ kind: 'none' });
  });

  it('tells a forbidden tab from an unknown one', () => {
    expect(chooseTab('supervisor', 'users')).toMatchObject({ kind: 'forbidden', tab: { id: 'users' } });
    expect(chooseTab('admin', 'nope')).toEqual({ kind: 'unknown' });
    expect(chooseTab('admin', 'skills/')).toMatchObject({ kind: 'tab', tab: { id: 'skills' } });
  });

  it('opens contacts import and export and the usage records for admins only', () => {
    expect(chooseTab('admin', 'data')).toMatchObject({ kind: 'tab', tab: { id: 'data', label: 'Import & export' } });
    for (const role of ['supervisor', 'agent', 'dpo'] as const) {
      expect(chooseTab(role, 'data'), role).toMatchObject({ kind: 'forbidden', tab: { id: 'data' } });
    }
  });

  it('opens the two-factor policy for admins only', () => {
    expect(chooseTab('admin', 'security')).toMatchObject({ kind: 'tab', tab: { id: 'security', label: 'Security' } });
    for (const role of ['supervisor', 'agent', 'dpo'] as const) {
      expect(chooseTab(role, 'security'), role).toMatchObject({ kind: 'forbidden', tab: { id: 'security' } });
    }
  });

  it('opens the API tokens for admins only', () => {
    expect(chooseTab('admin', 'api-tokens')).toMatchObject({ kind: 'tab', tab: { id: 'api-tokens', label: 'API tokens' } });
    for (const role of ['supervisor', 'agent', 'dpo'] as const) {
      expect(chooseTab(role, 'api-tokens'), role).toMatchObject({ kind: 'forbidden', tab: { id: 'api-tokens' } });
    }
  });

  it('opens the server’s backups for admins only', () => {
    expect(chooseTab('admin', 'backups')).toMatchObject({ kind: 'tab', tab: { id: 'backups', label: 'Backups' } });
    for (const role of ['supervisor', 'agent', 'dpo'] as const) {
      expect(chooseTab(role, 'backups'), role).toMatchObject({ kind: 'forbidden', tab: { id: 'backups' } });
    }
  });

  it('opens the workspace and its danger zone for admins only', () => {
    expect(chooseTab('admin', 'workspace')).toMatchObject({ kind: 'tab', tab: { id: 'workspace', label: 'Workspace' } });
    for (const role of ['supervisor', 'agent', 'dpo'] as const) {
      expect(chooseTab(role, 'workspace'), role).toMatchObject({ kind: 'forbidden', tab: { id: 'workspace' } });
    }
  });
});
