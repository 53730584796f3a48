import { describe, expect, it } from 'vitest';
import { describeUserAgent, roleLabel } from './format';

describe('describeUserAgent', () => {
  it('names common browsers and systems', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome on Linux');
    expect(
      describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0'),
    ).toBe('Firefox on Windows');
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      ),
    ).toBe('Safari on macOS');
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0',
      ),
    ).toBe('Edge on Windows');
  });

  it('falls back to the raw string, or says unknown when empty', () => {
    expect(describeUserAgent('MyIntegration/2.1')).toBe('MyIntegration/2.1');
    expect(describeUserAgent('')).toBe('Unknown device');
  });
});

describe('roleLabel', () => {
  it('spells out known roles and passes unknown ones through', () => {
    expect(roleLabel('dpo')).toBe('Data protection officer');
    expect(roleLabel('auditor')).toBe('auditor');
  });
});
