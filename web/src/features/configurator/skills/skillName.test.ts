import { describe, expect, it } from 'vitest';
import { isRenamed, skillNameProblem } from './skillName';

describe('skillNameProblem', () => {
  it('takes a name of 1 to 100 bytes, spaces around it aside', () => {
    expect(skillNameProblem('Billing')).toBeNull();
    expect(skillNameProblem('  Billing  ')).toBeNull();
    expect(skillNameProblem(` ${'x'.repeat(100)} `)).toBeNull();
    expect(skillNameProblem('é'.repeat(50))).toBeNull();
  });

  it('asks for a name when there is none', () => {
    expect(skillNameProblem('')).toBe('Enter a name for the skill.');
    expect(skillNameProblem('   ')).toBe('Enter a name for the skill.');
  });

  it('refuses a name over 100 bytes, saying why accented letters count more', () => {
    const tooLong = 'The name is too long: at most 100 bytes, and accented letters, other scripts and emoji take 2 to 4 ' +
      'bytes each.';
    expect(skillNameProblem('x'.repeat(101))).toBe(tooLong);
    expect(skillNameProblem('é'.repeat(51))).toBe(tooLong);
  });
});

describe('isRenamed', () => {
  it('is false for the same name, spaces around it aside', () => {
    expect(isRenamed('Billing', 'Billing')).toBe(false);
    expect(isRenamed('Billing', ' Billing ')).toBe(false);
  });

  it('is true for another name, a change of case included', () => {
    expect(isRenamed('Billing', 'Invoices')).toBe(true);
    expect(isRenamed('Billing', 'billing')).toBe(true);
  });
});
