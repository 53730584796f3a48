import { describe, expect, it } from 'vitest';
import { encodeQr, qrPath } from './qrCode';

const grid = (rows: string[]) => (row: number, column: number) => rows[row][column] === '#';

describe('qrPath', () => {
  it('draws each horizontal run of dark modules as one rectangle', () => {
    expect(qrPath(4, grid(['##.#', '....', '####', '.#..']))).toBe(
      'M0 0h2v1h-2zM3 0h1v1h-1zM0 2h4v1h-4zM1 3h1v1h-1z',
    );
  });

  it('is empty for a symbol with no dark module', () => {
    expect(qrPath(3, () => false)).toBe('');
  });
});

describe('encodeQr', () => {
  it('encodes an otpauth URI into a square symbol with the three finder patterns', async () => {
    const uri = 'otpauth://totp/Parley%20(E2E%20Tenant):ada%40example.test?secret=JBSWY3DPEHPK3PXP&issuer=Parley';
    const symbol = await encodeQr(uri);
    expect(symbol.size).toBeGreaterThanOrEqual(21);
    expect((symbol.size - 17) % 4).toBe(0);
    // Every finder pattern starts with a row of seven dark modules: top left, top right and bottom left.
    expect(symbol.path.startsWith('M0 0h7v1h-7z')).toBe(true);
    expect(symbol.path).toContain(`M${symbol.size - 7} 0h7v1h-7z`);
    expect(symbol.path).toContain(`M0 ${symbol.size - 7}h7v1h-7z`);
  });
});
