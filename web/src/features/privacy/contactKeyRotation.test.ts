import { describe, expect, it } from 'vitest';
import { formatCount } from '../../format';
import { CONTACT_KEYS_EXPLANATION, CONTACT_KEYS_WHEN, ROTATE_QUESTION, rotatedNotice } from './contactKeyRotation';

describe('rotating the contact keys', () => {
  it('says how many keys were re-wrapped, the count in the browser’s format', () => {
    expect(rotatedNotice(12345)).toBe(`${formatCount(12345)} contact keys re-wrapped under a new key.`);
    expect(rotatedNotice(2)).toBe('2 contact keys re-wrapped under a new key.');
    expect(rotatedNotice(1)).toBe('1 contact key re-wrapped under a new key.');
  });

  it('says a new key is in place when there was no key to re-wrap', () => {
    expect(rotatedNotice(0)).toBe('A new key is in place; there were no contact keys to re-wrap.');
  });

  it('explains that nothing is lost, and when to rotate', () => {
    expect(CONTACT_KEYS_EXPLANATION).toContain('a key of its own');
    expect(CONTACT_KEYS_EXPLANATION).toContain('nothing is rewritten or lost, and erasure works as before');
    expect(CONTACT_KEYS_WHEN).toContain('suspected leak');
  });

  it('asks with what happens to the old key, how long it takes and that it is audited, and no word to type', () => {
    expect(ROTATE_QUESTION).toContain('The old key leaves the live key store at once');
    expect(ROTATE_QUESTION).toContain('key-store backups made before now');
    expect(ROTATE_QUESTION).toContain('about a second per 100,000 customers');
    expect(ROTATE_QUESTION).toContain('audit log');
    expect(ROTATE_QUESTION).not.toMatch(/cannot be undone|Type /);
  });
});
