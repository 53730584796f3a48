import { describe, expect, it } from 'vitest';
import { formatCount } from '../../format';
import { queueSummary } from './queueSummary';

describe('queueSummary', () => {
  it('says how many wait in all when the page lists only the first of them', () => {
    expect(queueSummary(200, 30412)).toBe(`${formatCount(30412)} conversations waiting; the first 200 in allocation order`);
  });
  it('says the count alone when every waiting conversation is listed', () => {
    expect(queueSummary(3, 3)).toBe('3 conversations waiting');
    expect(queueSummary(1, 1)).toBe('1 conversation waiting');
    expect(queueSummary(0, 0)).toBe('0 conversations waiting');
  });
  it('never says fewer than the page lists (a total from before a conversation arrived)', () => {
    expect(queueSummary(5, 4)).toBe('5 conversations waiting');
  });
});
