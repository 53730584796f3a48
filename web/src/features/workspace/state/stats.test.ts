import { describe, expect, it } from 'vitest';
import { averageText } from './stats';

describe('averageText', () => {
  it('shows no figure while nothing has been handled, whatever the server sends', () => {
    expect(averageText(0, 0)).toBe('—');
    expect(averageText(null, 0)).toBe('—');
  });

  it('shows the average once something has been handled', () => {
    expect(averageText(42, 3)).toBe('42 s');
    expect(averageText(0, 1)).toBe('0 s');
    expect(averageText(null, 2)).toBe('—');
  });
});
