import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { checkDisplayName, checkNewPassword, isDeadInvite, MAX_DISPLAY_NAME_BYTES, readInviteToken } from './inviteForm';

describe('readInviteToken', () => {
  it('reads the fragment without its #', () => {
    expect(readInviteToken('#inv_abc-123')).toBe('inv_abc-123');
    expect(readInviteToken('#a%2Bb')).toBe('a+b');
    expect(readInviteToken('#%E0%A4%A')).toBe('%E0%A4%A');
  });

  it('has none for an empty fragment', () => {
    expect(readInviteToken('')).toBeNull();
    expect(readInviteToken('#')).toBeNull();
    expect(readInviteToken('#  ')).toBeNull();
  });
});

describe('checkNewPassword', () => {
  it('needs 10 characters and a matching confirmation', () => {
    expect(checkNewPassword('short', 'short')).toBe('The password needs at least 10 characters.');
    expect(checkNewPassword('long-enough-1', 'long-enough-2')).toBe('The passwords do not match.');
    expect(checkNewPassword('long-enough-1', 'long-enough-1')).toBeNull();
    expect(checkNewPassword('x'.repeat(257), 'x'.repeat(257))).toBe('The password is too long (at most 256 bytes).');
  });
});

describe('isDeadInvite', () => {
  it('tells an unusable invite from a failure to reach the server', () => {
    expect(isDeadInvite(new ApiError('not_found', 'no such invite', 404))).toBe(true);
    expect(isDeadInvite(new ApiError('conflict', 'invite already used', 409))).toBe(true);
    expect(isDeadInvite(new ApiError('network_error', 'down', 0))).toBe(false);
    expect(isDeadInvite(new ApiError('internal', 'oops', 500))).toBe(false);
  });
});

describe('checkDisplayName', () => {
  it('takes up to 100 bytes of UTF-8, empty included', () => {
    expect(checkDisplayName('')).toBeNull();
    expect(checkDisplayName('a'.repeat(MAX_DISPLAY_NAME_BYTES))).toBeNull();
    expect(checkDisplayName('é'.repeat(50))).toBeNull();
  });

  it('refuses more than 100 bytes even under 100 characters', () => {
    expect(checkDisplayName('a'.repeat(MAX_DISPLAY_NAME_BYTES + 1))).toMatch(/at most 100 bytes/);
    expect(checkDisplayName('é'.repeat(51))).toMatch(/too long/);
    expect(checkDisplayName('名'.repeat(34))).toMatch(/too long/);
    expect(checkDisplayName('😀'.repeat(26))).toMatch(/too long/);
  });

  it('measures the name as sent, without surrounding spaces', () => {
    expect(checkDisplayName(`  ${'a'.repeat(MAX_DISPLAY_NAME_BYTES)}  `)).toBeNull();
  });
});
