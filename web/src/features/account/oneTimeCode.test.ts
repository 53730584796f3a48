import { describe, expect, it } from 'vitest';
import { normaliseRecoveryCode, normaliseTotpCode } from './oneTimeCode';

describe('normaliseTotpCode', () => {
  it('takes six digits, with the spaces and dashes people paste', () => {
    expect(normaliseTotpCode('123456')).toBe('123456');
    expect(normaliseTotpCode(' 123 456 ')).toBe('123456');
    expect(normaliseTotpCode('123-456')).toBe('123456');
  });

  it('refuses anything else', () => {
    expect(normaliseTotpCode('')).toBeNull();
    expect(normaliseTotpCode('12345')).toBeNull();
    expect(normaliseTotpCode('1234567')).toBeNull();
    expect(normaliseTotpCode('12345a')).toBeNull();
  });
});

describe('normaliseRecoveryCode', () => {
  it('trims and joins words with dashes, and refuses an empty one', () => {
    expect(normaliseRecoveryCode(' k7pq-2mxd-9trw ')).toBe('k7pq-2mxd-9trw');
    expect(normaliseRecoveryCode('K7PQ 2MXD  9TRW')).toBe('K7PQ-2MXD-9TRW');
    expect(normaliseRecoveryCode('   ')).toBeNull();
  });
});
