// Customers as the privacy API answers them, for the tests beside this file.
import type { Subject } from '../../api/types';

export function subject(overrides: Partial<Subject> = {}): Subject {
  return {
    contact: {
      id: 'ct_01JANE',
      name: 'Jane Doe',
      email: 'jane@example.com',
      phone: '+447911123456',
      attributes: {},
      mergedInto: null,
      createdAt: '2026-03-01T09:00:00Z',
    },
    identities: [
      { channel: 'chn_WA', identity: '447911123456', unreachable: null },
      { channel: 'api', identity: 'crm-4711', unreachable: 'the provider refused the number' },
    ],
    channels: ['chn_WA'],
    conversations: 3,
    openConversations: 1,
    messages: 42,
    notes: 2,
    media: 1,
    consents: [{ channel: 'chn_WA', optedOut: true, cause: 'STOP', changedAt: '2026-11-02T10:30:00Z' }],
    mergedFrom: ['ct_01OLD'],
    anonymisedAt: null,
    erasedAt: null,
    ...overrides,
  };
}

export const CHANNELS = [{ id: 'chn_WA', name: 'Shop WhatsApp', type: 'whatsapp' }];
