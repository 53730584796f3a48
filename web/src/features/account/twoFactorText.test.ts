import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import {
  groupSecret,
  twoFactorErrorMessage,
  recoveryCodesFile,
  twoFactorStatusText,
} from './twoFactorText';

describe('groupSecret', () => {
  it('groups the secret in fours, the last group shorter', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupSecret('JBSWY3DPEHPK3PXPQ')).toBe('JBSW Y3DP EHPK 3PXP Q');
  });

  it('drops padding and spaces and writes capitals', () => {
    expect(groupSecret('jbsw y3dp==')).toBe('JBSW Y3DP');
    expect(groupSecret('')).toBe('');
  });
});

describe('recoveryCodesFile', () => {
  it('names the account and the date, then lists one code a line', () => {
    const text = recoveryCodesFile(['aaaa-bbbb-cccc', 'dddd-eeee-ffff'], 'ada@example.test', new Date('2026-12-07T10:00:00Z'));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Parley recovery codes for ada@example.test');
    expect(lines[1]).toBe('Created 2026-12-07T10:00:00.000Z');
    expect(lines.slice(-3)).toEqual(['aaaa-bbbb-cccc', 'dddd-eeee-ffff', '']);
  });
});

describe('twoFactorStatusText', () => {
  const on = { enabled: true, enabledAt: 'not a date', recoveryCodesLeft: 10, required: false };

  it('says since when and how many recovery codes are left', () => {
    expect(twoFactorStatusText(on)).toBe('On since not a date. 10 recovery codes left.');
    expect(twoFactorStatusText({ ...on, recoveryCodesLeft: 1 })).toBe('On since not a date. 1 recovery code left.');
    expect(twoFactorStatusText({ ...on, recoveryCodesLeft: 0, enabledAt: null })).toBe('On. No recovery codes left.');
  });

  it('says off', () => {
    expect(twoFactorStatusText({ ...on, enabled: false, enabledAt: null, recoveryCodesLeft: 0 })).toBe('Off.');
  });
});

describe('twoFactorErrorMessage', () => {
  it('tells a code that does not match from one that was wrong or used', () => {
    expect(twoFactorErrorMessage(new ApiError('validation_failed', 'x', 422))).toMatch(/^That code does not match\. Check/);
    expect(twoFactorErrorMessage(new ApiError('invalid_credentials', 'x', 401))).toMatch(/^That code is wrong or was used/);
    expect(twoFactorErrorMessage(new ApiError('too_many_attempts', 'x', 429, 30))).toBe(
      'Too many wrong codes. Please try again in 30 seconds.',
    );
  });

  it('gives other server messages as a sentence', () => {
    expect(twoFactorErrorMessage(new ApiError('conflict', 'two-factor sign-in is on already', 409))).toBe(
      'Two-factor sign-in is on already.',
    );
  });
});
