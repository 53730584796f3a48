import { describe, expect, it } from 'vitest';
import { isResetTyped } from './ResetTwoFactorDialog';

describe('isResetTyped', () => {
  it('takes the word, in any case and with stray spaces', () => {
    expect(isResetTyped('reset')).toBe(true);
    expect(isResetTyped(' Reset ')).toBe(true);
  });

  it('refuses anything else', () => {
    expect(isResetTyped('')).toBe(false);
    expect(isResetTyped('rese')).toBe(false);
    expect(isResetTyped('reset!')).toBe(false);
  });
});
