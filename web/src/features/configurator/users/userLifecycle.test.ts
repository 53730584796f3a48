import { describe, expect, it } from 'vitest';
import type { User } from '../../../api/types';
import {
  deactivateQuestion,
  isDeleteTyped,
  lifecycleActions,
  lifecycleSuccess,
  reactivateQuestion,
  userName,
} from './userLifecycle';

const user = (patch: Partial<User> = {}): User => ({
  id: 'usr_al',
  tenantId: 'ten_1',
  email: 'al@example.test',
  displayName: 'Al Agent',
  role: 'agent',
  status: 'active',
  deactivatedAt: null,
  createdAt: '2026-12-01T09:00:00Z',
  ...patch,
});
const deactivated = (patch: Partial<User> = {}) =>
  user({ status: 'deactivated', deactivatedAt: '2026-12-07T10:00:00Z', ...patch });

describe('lifecycleActions', () => {
  it('offers deactivating and deleting someone active, reactivating and deleting someone deactivated', () => {
    expect(lifecycleActions(user(), false)).toEqual(['deactivate', 'delete']);
    expect(lifecycleActions(deactivated(), false)).toEqual(['reactivate', 'delete']);
  });

  it('offers nothing on one’s own row, nor for a deleted user', () => {
    expect(lifecycleActions(user({ role: 'admin' }), true)).toEqual([]);
    expect(lifecycleActions(user({ status: 'deleted', email: '', displayName: 'Deleted user' }), false)).toEqual([]);
  });
});

describe('what the confirmations say', () => {
  it('names someone by their display name, else their email', () => {
    expect(userName(user())).toBe('Al Agent');
    expect(userName(user({ displayName: '' }))).toBe('al@example.test');
  });

  it('says in plain words what deactivating does, that their tokens go, and that it can be undone', () => {
    expect(deactivateQuestion(user())).toBe(
      'Al Agent cannot sign in until an admin reactivates them, and is signed out everywhere now. API tokens they ' +
        'made are revoked for good. Their conversations go back to the queue, in the places they had, for others to ' +
        'take. Nothing is erased: you can reactivate them at any time.',
    );
    // Someone who does not chat has no conversations to give back.
    expect(deactivateQuestion(user({ role: 'dpo', displayName: 'Dee' }))).toBe(
      'Dee cannot sign in until an admin reactivates them, and is signed out everywhere now. API tokens they made ' +
        'are revoked for good. Nothing is erased: you can reactivate them at any time.',
    );
  });

  it('says what reactivating does', () => {
    expect(reactivateQuestion(deactivated())).toBe(
      'Al Agent can sign in again with their password, and gets conversations again with the capacity and skills they had.',
    );
    expect(reactivateQuestion(deactivated({ role: 'dpo' }))).toBe('Al Agent can sign in again with their password.');
  });

  it('announces each outcome', () => {
    expect(lifecycleSuccess('deactivate', user())).toBe('Al Agent was deactivated: they are signed out and cannot sign in.');
    expect(lifecycleSuccess('reactivate', user())).toBe('Al Agent was reactivated: they can sign in again.');
    expect(lifecycleSuccess('delete', user())).toBe('Al Agent was deleted.');
  });
});

describe('isDeleteTyped', () => {
  it('takes the word, in any case and with stray spaces', () => {
    expect(isDeleteTyped('delete')).toBe(true);
    expect(isDeleteTyped(' Delete ')).toBe(true);
  });

  it('refuses anything else', () => {
    expect(isDeleteTyped('')).toBe(false);
    expect(isDeleteTyped('delet')).toBe(false);
    expect(isDeleteTyped('delete it')).toBe(false);
    expect(isDeleteTyped('erase')).toBe(false);
  });
});
