import { describe, expect, it } from 'vitest';
import { describeDuration, minutesTextToSeconds, secondsTextToSeconds, secondsToMinutesText } from './duration';

describe('minutes and seconds', () => {
  it('shows seconds as minutes', () => {
    expect(secondsToMinutesText(3600)).toBe('60');
    expect(secondsToMinutesText(90)).toBe('1.5');
    expect(secondsToMinutesText(0)).toBe('0');
    expect(secondsToMinutesText(100)).toBe('1.67');
  });

  it('reads minutes as whole seconds', () => {
    expect(minutesTextToSeconds(' 60 ', 'Reopen window', 2592000)).toBe(3600);
    expect(minutesTextToSeconds('1,5', 'Reopen window', 2592000)).toBe(90);
    expect(minutesTextToSeconds('0', 'Reopen window', 2592000)).toBe(0);
  });

  it('refuses what is not a number or too large', () => {
    expect(minutesTextToSeconds('', 'Reopen window', 2592000)).toBe('Reopen window must be a number of minutes, 0 or more.');
    expect(minutesTextToSeconds('-1', 'Reopen window', 2592000)).toMatch(/must be a number/);
    expect(minutesTextToSeconds('43201', 'Reopen window', 2592000)).toBe(
      'Reopen window can be at most 43200 minutes (30 days).',
    );
  });

  it('reads whole seconds', () => {
    expect(secondsTextToSeconds('120', 'Grace', 86400)).toBe(120);
    expect(secondsTextToSeconds('1.5', 'Grace', 86400)).toMatch(/whole number/);
    expect(secondsTextToSeconds('86401', 'Grace', 86400)).toBe('Grace can be at most 86400 seconds (1 day).');
  });
});

describe('describeDuration', () => {
  it('uses the two largest adjacent units', () => {
    expect(describeDuration(0)).toBe('0 seconds');
    expect(describeDuration(1)).toBe('1 second');
    expect(describeDuration(90)).toBe('1 minute 30 seconds');
    expect(describeDuration(5400)).toBe('1 hour 30 minutes');
    expect(describeDuration(86400 + 7200 + 5)).toBe('1 day 2 hours');
    expect(describeDuration(86400 + 5)).toBe('1 day');
    expect(describeDuration(2592000)).toBe('30 days');
  });
});
