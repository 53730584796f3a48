import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { signInMessage } from './signInMessage';

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

  it('distinguishes an unreachable server from a server error', () => {
    expect(signInMessage(new ApiError('network_error', 'x', 0))).toMatch(/cannot be reached/);
    expect(signInMessage(new ApiError('internal', 'storage failure', 500))).toBe('Signing in failed: storage failure');
  });
});
