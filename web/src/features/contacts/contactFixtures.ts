// Contacts and profiles as the contacts API answers them, for the tests beside this file.
import type { Contact } from '../../api/routing';
import type { Subject } from '../../api/types';

export function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: 'con_KEPT',
    name: 'Ada Lovelace',
    email: null,
    phone: '+44 20 7946 0001',
    attributes: { plan: 'gold' },
    mergedInto: null,
    createdAt: '2026-11-01T09:00:00Z',
    ...overrides,
  };
}

export function profile(overrides: Partial<Contact> = {}, rest: Partial<Subject> = {}): Subject {
  return {
    contact: contact(overrides),
    identities: [],
    channels: [],
    conversations: 0,
    openConversations: 0,
    messages: 0,
    notes: 0,
    media: 0,
    consents: [],
    mergedFrom: [],
    anonymisedAt: null,
    erasedAt: null,
    ...rest,
  };
}
