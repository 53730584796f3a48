// Client-side checks of a canned response, mirroring the server's (which has the last word).

export const SHORTCUT_PATTERN = /^[a-z0-9_-]{1,32}$/;
const MAX_TEXT_BYTES = 4096;

export interface CannedInput {
  shortcut: string;
  text: string;
}

/** The input to send, or the first problem in words. */
export function checkCanned(shortcut: string, text: string): { ok: true; input: CannedInput } | { ok: false; message: string } {
  const cleanShortcut = shortcut.trim().replace(/^\//, '');
  if (!SHORTCUT_PATTERN.test(cleanShortcut)) {
    return {
      ok: false,
      message: 'The shortcut needs 1 to 32 characters: lower-case letters, digits, “-” or “_”.',
    };
  }
  if (text.trim() === '') {
    return { ok: false, message: 'Enter the text of the response.' };
  }
  if (new TextEncoder().encode(text).length > MAX_TEXT_BYTES) {
    return { ok: false, message: 'The text is too long (at most 4096 bytes).' };
  }
  return { ok: true, input: { shortcut: cleanShortcut, text } };
}
