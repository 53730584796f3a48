import { describe, expect, it } from 'vitest';
import { endsSession, SESSION_REVOKED_NOTICE, sessionEndNotice, TENANT_DELETED_NOTICE } from './sessionEnd';

describe('frames that end the session', () => {
  it('signs out with a reason when the session was revoked or the workspace deleted', () => {
    expect(sessionEndNotice({ type: 'session.revoked' })).toBe(SESSION_REVOKED_NOTICE);
    expect(sessionEndNotice({ type: 'tenant.deleted' })).toBe(TENANT_DELETED_NOTICE);
    expect(TENANT_DELETED_NOTICE).toContain('This workspace was deleted');
    expect(endsSession({ type: 'session.revoked' })).toBe(true);
    expect(endsSession({ type: 'tenant.deleted' })).toBe(true);
  });

  it('lets every other frame through', () => {
    for (const type of ['hello', 'user.updated', 'resync', 'conversation.updated', 'tenant.updated']) {
      expect(sessionEndNotice({ type }), type).toBeNull();
      expect(endsSession({ type }), type).toBe(false);
    }
  });
});
