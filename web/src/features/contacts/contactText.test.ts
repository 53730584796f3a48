import { describe, expect, it } from 'vitest';
import { sectionOf, sectionsFor } from '../shell/sections';
import { profile } from './contactFixtures';
import {
  auditPath,
  canReadAudit,
  channelStatuses,
  contactTitle,
  conversationPath,
  directorySummary,
  reachLabel,
} from './contactText';

describe('the Contacts section', () => {
  it('is there for everyone who chats, not for DPOs', () => {
    for (const role of ['admin', 'supervisor', 'agent'] as const) {
      expect(sectionsFor(role).map((section) => section.path)).toContain('/contacts');
    }
    expect(sectionsFor('dpo').map((section) => section.path)).not.toContain('/contacts');
    expect(sectionOf('/contacts/con_1')?.path).toBe('/contacts');
  });
});

describe('contacts in words and links', () => {
  it('call a contact without a name Unnamed', () => {
    expect(contactTitle({ name: 'Ada' })).toBe('Ada');
    expect(contactTitle({ name: '  ' })).toBe('Unnamed');
    expect(contactTitle({ name: null })).toBe('Unnamed');
  });

  it('open an agent’s conversation in Conversations, a manager’s where all conversations are', () => {
    expect(conversationPath('agent', 'cnv_1')).toBe('/conversations/cnv_1');
    const all = sectionsFor('supervisor').some((section) => section.path === '/all-conversations');
    expect(conversationPath('supervisor', 'cnv_1')).toBe(all ? '/all-conversations/cnv_1' : '/conversations/cnv_1');
  });

  it('link admins and DPOs to the contact’s audit trail', () => {
    expect(auditPath('con_1')).toBe('/privacy/audit?entity=contact&entityId=con_1');
    expect(['admin', 'dpo'].every((role) => canReadAudit(role as 'admin'))).toBe(true);
    expect(canReadAudit('supervisor') || canReadAudit('agent')).toBe(false);
  });

  it('sum up the directory', () => {
    expect(directorySummary(0, false)).toBe('No contacts yet.');
    expect(directorySummary(1, false)).toBe('1 contact, oldest first.');
    expect(directorySummary(50, true)).toBe('50 contacts shown, oldest first; more follow.');
  });
});

describe('a contact’s channels', () => {
  const subject = profile(
    {},
    {
      identities: [
        { channel: 'chn_SMS', identity: '447700900001', unreachable: 'the number does not exist' },
        { channel: 'api', identity: 'cust-1', unreachable: null },
        { channel: 'chn_WA', identity: '447700900001', unreachable: null },
      ],
      consents: [
        { channel: 'chn_WA', optedOut: true, cause: 'STOP', changedAt: '2026-11-01T00:00:00Z' },
        { channel: 'chn_WA', optedOut: false, cause: 'START', changedAt: '2026-11-02T00:00:00Z' },
        { channel: 'chn_TG', optedOut: true, cause: 'STOP', changedAt: '2026-11-03T00:00:00Z' },
      ],
    },
  );

  it('list each channel once, with its ids and its latest consent', () => {
    const statuses = channelStatuses(subject);
    expect(statuses.map((status) => status.channel)).toEqual(['chn_SMS', 'api', 'chn_WA', 'chn_TG']);
    expect(statuses[2].consent?.cause).toBe('START');
    expect(statuses[3].identities).toEqual([]);
  });

  it('say whether messages reach the contact there', () => {
    expect(channelStatuses(subject).map((status) => reachLabel(status).text)).toEqual([
      'Unreachable',
      'Reachable',
      'Reachable',
      'Opted out',
    ]);
  });
});
