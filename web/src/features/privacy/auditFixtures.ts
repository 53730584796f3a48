// Audit entries and users as the API answers them, for the tests beside this file.
import type { AuditEntry } from '../../api/types';

export function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq: 12,
    entity: 'contact',
    entityId: 'con_01JANE',
    attribute: 'email',
    actor: { kind: 'user', id: 'usr_ADA' },
    at: '2026-12-07T00:14:00.000Z',
    value: 'jane@example.com',
    ...overrides,
  };
}

export const USERS = [
  { id: 'usr_ADA', displayName: 'Ada Admin', email: 'ada@example.com' },
  { id: 'usr_DORA', displayName: '', email: 'dora@example.com' },
];
