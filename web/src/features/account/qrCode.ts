// A QR code as one SVG path. The encoder (qrcode-generator) is loaded on first use, so that the app's first load
// does not carry it.

export interface QrSymbol {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** One path of unit squares in module coordinates: draw it with fill and a viewBox around 0..size. */
  path: string;
}

/**
 * The dark modules of a `size`×`size` symbol as one path, each horizontal run of dark modules one rectangle
 * ("M3 0h2v1h-2z"), so that a typical otpauth code is a few hundred rectangles rather than a thousand.
 */
export function qrPath(size: number, isDark: (row: number, column: number) => boolean): string {
  const parts: string[] = [];
  for (let row = 0; row < size; row += 1) {
    let column = 0;
    while (column < size) {
      if (!isDark(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < size && isDark(row, column)) {
        column += 1;
      }
      const run = column - start;
      parts.push(`M${start} ${row}h${run}v1h-${run}z`);
    }
  }
  return parts.join('');
}

/** Encodes `text` (error correction M: still reads from a phone held at an angle) into a symbol. */
export async function encodeQr(text: string): Promise<QrSymbol> {
  const { default: qrcode } = await import('qrcode-generator');
  const code = qrcode(0, 'M');
  code.addData(text, 'Byte');
  code.make();
  const size = code.getModuleCount();
  return { size, path: qrPath(size, (row, column) => code.isDark(row, column)) };
}
