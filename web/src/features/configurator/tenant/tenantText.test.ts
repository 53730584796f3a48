import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client';
import { formatDateTime } from '../../../format';
import { DELETE_CONSEQUENCES, deleteTenantProblem, isTenantNameTyped, tenantDeletedNotice } from './tenantText';

describe('typing the workspace’s name', () => {
  it('confirms only the exact name: letter case and spaces count', () => {
    expect(isTenantNameTyped('Acme Ltd', 'Acme Ltd')).toBe(true);
    for (const typed of ['', 'Acme', 'acme ltd', 'ACME LTD', ' Acme Ltd', 'Acme Ltd ', 'Acme  Ltd', 'Acme Ltd.']) {
      expect(isTenantNameTyped(typed, 'Acme Ltd'), JSON.stringify(typed)).toBe(false);
    }
  });

  it('does not mind how an accented letter was composed', () => {
    expect(isTenantNameTyped('Zoe\u0308 & Co', 'Zo\u00eb & Co')).toBe(true);
    expect(isTenantNameTyped('Zoe & Co', 'Zo\u00eb & Co')).toBe(false);
  });

  it('never confirms an empty name', () => {
    expect(isTenantNameTyped('', '')).toBe(false);
  });
});

describe('what deleting says', () => {
  it('names every consequence the server has', () => {
    const text = DELETE_CONSEQUENCES.join(' ');
    expect(text).toContain('signed out at once');
    expect(text).toContain('channels stop');
    expect(text).toContain('After 30 days all its conversations, contacts, users and settings are destroyed');
    expect(text).toContain('only an operator');
    expect(text).toContain('audit log');
  });

  it('tells the sign-in page when it was deleted and when it will be destroyed', () => {
    const notice = tenantDeletedNotice({
      id: 'ten_1',
      name: 'Acme Ltd',
      createdAt: '2026-01-05T09:00:00Z',
      deletedAt: '2026-12-08T10:00:00Z',
      destroyAfter: '2027-01-07T10:00:00Z',
    });
    expect(notice).toBe(
      `The workspace “Acme Ltd” was deleted on ${formatDateTime('2026-12-08T10:00:00Z')} and everyone in it was ` +
        `signed out. Its data will be destroyed after ${formatDateTime('2027-01-07T10:00:00Z')}; until then an ` +
        'operator can restore it.',
    );
  });
});

describe('a failed deletion', () => {
  it('says that nothing was deleted when the server refused', () => {
    expect(deleteTenantProblem(new ApiError('validation_failed', 'confirm must be the tenant’s name', 422))).toBe(
      'The name typed is not this workspace’s name. Nothing was deleted.',
    );
    expect(deleteTenantProblem(new ApiError('forbidden', 'admins only', 403))).toBe(
      'Only an admin can delete this workspace. Nothing was deleted.',
    );
  });

  it('passes on any other error in the server’s words', () => {
    expect(deleteTenantProblem(new ApiError('internal', 'the database is unavailable', 500))).toBe(
      'The workspace could not be deleted: the database is unavailable',
    );
    expect(deleteTenantProblem(new ApiError('network_error', 'could not reach the server: offline', 0))).toBe(
      'The workspace could not be deleted: could not reach the server: offline',
    );
  });
});
