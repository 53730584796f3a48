import { describe, expect, it } from 'vitest';
import {
  channelLabel,
  describeUserAgent,
  formatClock,
  formatDate,
  formatDuration,
  formatRequires,
  formatSize,
  roleLabel,
} from './format';

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

describe('formatClock', () => {
  it('shows minutes and seconds, hours when needed, never negative', () => {
    expect(formatClock(7)).toBe('0:07');
    expect(formatClock(725)).toBe('12:05');
    expect(formatClock(3723)).toBe('1:02:03');
    expect(formatClock(-5)).toBe('0:00');
  });
});

describe('formatDuration', () => {
  it('uses the largest sensible units', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(185)).toBe('3 min 5 s');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration(7440)).toBe('2 h 4 min');
    expect(formatDuration(null)).toBe('—');
  });
});

describe('formatRequires', () => {
  const names: Record<string, string> = { s1: 'Billing', s2: 'French', s3: 'Support' };
  const name = (id: string) => names[id] ?? id;

  it('joins a set with + and alternatives with or', () => {
    expect(formatRequires([['s1', 's2'], []], name)).toBe('Billing + French or Anyone');
    expect(formatRequires([['s1'], ['s3']], name)).toBe('Billing or Support');
  });

  it('says Anyone when nothing is required', () => {
    expect(formatRequires([], name)).toBe('Anyone');
    expect(formatRequires([[]], name)).toBe('Anyone');
  });

  it('falls back to the id for an unknown skill', () => {
    expect(formatRequires([['skl_x']], name)).toBe('skl_x');
  });
});

describe('channelLabel', () => {
  it('names known channel kinds and passes others through', () => {
    expect(channelLabel('whatsapp')).toBe('WhatsApp');
    expect(channelLabel('carrier-pigeon')).toBe('carrier-pigeon');
  });

  it('names a channel account by its type', () => {
    const channels = [
      { id: 'api', type: 'api' },
      { id: 'chn_01J', type: 'smpp' },
    ];
    expect(channelLabel('chn_01J', channels)).toBe('SMS');
    expect(channelLabel('smpp')).toBe('SMS');
    expect(channelLabel('api', channels)).toBe('API');
    expect(channelLabel('chn_unknown', channels)).toBe('chn_unknown');
    expect(channelLabel('chn_01J', null)).toBe('chn_01J');
  });
});

describe('formatSize', () => {
  it('gives bytes, whole kilobytes, then megabytes and gigabytes to a tenth', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(12345)).toBe('12 KB');
    expect(formatSize(1.4 * 1024 * 1024)).toBe('1.4 MB');
    expect(formatSize(1023 * 1024 * 1024)).toBe('1023.0 MB');
    expect(formatSize(2.3 * 1024 * 1024 * 1024)).toBe('2.3 GB');
  });
});

describe('formatDate', () => {
  it('writes the day alone, and passes what is not a date through', () => {
    const day = formatDate('2026-12-07T12:00:00Z');
    expect(day).toContain('2026');
    expect(day).not.toMatch(/\d:\d\d/);
    expect(formatDate('soon')).toBe('soon');
  });
});
