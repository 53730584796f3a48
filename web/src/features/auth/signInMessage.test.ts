import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { isExpiredChallenge, secondFactorMessage, signInMessage } from './signInMessage';

describe('signInMessage', () => {
  it('says plainly that the email or password is wrong', () => {
    expect(signInMessage(new ApiError('invalid_credentials', 'x', 401))).toBe('Email or password is wrong.');
  });

  it('asks to try again later when throttled, with the wait when known', () => {
    expect(signInMessage(new ApiError('too_many_attempts', 'x', 429, 600))).toBe(
      'Too many sign-in attempts. Please try again in 10 minutes.',
    );
    expect(signInMessage(new ApiError('too_many_attempts', 'x', 429, 1))).toBe(
      'Too many sign-in attempts. Please try again in 1 second.',
    );
    expect(signInMessage(new ApiError('too_many_attempts', 'x', 429))).toBe(
      'Too many sign-in attempts. Please try again later.',
    );
  });

  it('says what the server says when it refuses the account itself (deactivated)', () => {
    const refused = new ApiError('forbidden', 'this account is deactivated: ask an admin of your workspace', 403);
    expect(signInMessage(refused)).toBe('This account is deactivated: ask an admin of your workspace.');
    expect(secondFactorMessage(refused, false)).toBe('This account is deactivated: ask an admin of your workspace.');
  });

  it('distinguishes an unreachable server from a server error', () => {
    expect(signInMessage(new ApiError('network_error', 'x', 0))).toMatch(/cannot be reached/);
    expect(signInMessage(new ApiError('internal', 'storage failure', 500))).toBe('Signing in failed: storage failure');
  });
});

describe('secondFactorMessage', () => {
  it('says which kind of code was wrong', () => {
    expect(secondFactorMessage(new ApiError('invalid_credentials', 'wrong code', 401), false)).toBe(
      'That code is wrong or was used already. Enter the code your app shows now.',
    );
    expect(secondFactorMessage(new ApiError('invalid_credentials', 'wrong code', 401), true)).toBe(
      'That recovery code is wrong or was used already.',
    );
  });

  it('asks to wait after too many wrong codes', () => {
    expect(secondFactorMessage(new ApiError('too_many_attempts', 'x', 429, 120), false)).toBe(
      'Too many wrong codes. Please try again in 2 minutes.',
    );
  });

  it('falls back to what the password step says', () => {
    expect(secondFactorMessage(new ApiError('network_error', 'x', 0), true)).toMatch(/cannot be reached/);
  });
});

describe('isExpiredChallenge', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');

  it('knows the server’s word for an expired sign-in', () => {
    const expired = new ApiError('invalid_credentials', 'the sign-in expired; enter your password again', 401);
    expect(isExpiredChallenge(expired, null, now)).toBe(true);
  });

  it('counts a wrong code after the deadline as expired, and before it as wrong', () => {
    const wrong = new ApiError('invalid_credentials', 'wrong code', 401);
    expect(isExpiredChallenge(wrong, '2026-12-07T09:59:59Z', now)).toBe(true);
    expect(isExpiredChallenge(wrong, '2026-12-07T10:05:00Z', now)).toBe(false);
    expect(isExpiredChallenge(wrong, null, now)).toBe(false);
  });

  it('is never a throttle or a network failure', () => {
    expect(isExpiredChallenge(new ApiError('too_many_attempts', 'expired', 429), '2000-01-01T00:00:00Z', now)).toBe(false);
    expect(isExpiredChallenge(new Error('expired'), null, now)).toBe(false);
  });
});
