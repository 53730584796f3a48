import { describe, expect, it } from 'vitest';
import { checkCanned } from './cannedForm';

describe('checkCanned', () => {
  it('accepts a valid shortcut, dropping a leading slash', () => {
    expect(checkCanned(' /thanks_2 ', 'Thank you!')).toEqual({ ok: true, input: { shortcut: 'thanks_2', text: 'Thank you!' } });
  });

  it('refuses shortcuts outside [a-z0-9_-]{1,32}', () => {
    expect(checkCanned('Thanks', 'x').ok).toBe(false);
    expect(checkCanned('', 'x').ok).toBe(false);
    expect(checkCanned('a'.repeat(33), 'x').ok).toBe(false);
    expect(checkCanned('a b', 'x').ok).toBe(false);
  });

  it('needs text of at most 4096 bytes', () => {
    expect(checkCanned('hi', '   ').ok).toBe(false);
    expect(checkCanned('hi', 'é'.repeat(2049)).ok).toBe(false);
    expect(checkCanned('hi', 'é'.repeat(2048)).ok).toBe(true);
  });
});
