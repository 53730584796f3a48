// Rotating the contact keys (Settings tab): what the section and its confirmation say, and the answer in words.
// Each customer's key is wrapped under one key of the tenant; a rotation makes a new one and re-wraps them all.
import { formatCount } from '../../format';

export const CONTACT_KEYS_TITLE = 'Contact keys';

/** What the section says about the keys and what a rotation does. */
export const CONTACT_KEYS_EXPLANATION =
  'Each customer’s personal data is encrypted under a key of its own, and those keys under one wrapping key. ' +
  'Rotating makes a new wrapping key and re-wraps every customer’s key under it in one step: nothing is rewritten ' +
  'or lost, and erasure works as before.';

/** When to rotate. */
export const CONTACT_KEYS_WHEN =
  'Rotate after a suspected leak of a server’s memory or key store, when someone with access to the keys leaves, ' +
  'or as your security policy requires.';

export const ROTATE_LABEL = 'Rotate contact keys';
export const ROTATE_TITLE = 'Rotate contact keys?';

/** The confirmation's question: what happens, how long it takes, where the old key remains. Nothing irreversible. */
export const ROTATE_QUESTION =
  'Every customer’s key is re-wrapped under a new key, in about a second per 100,000 customers; conversations, ' +
  'contacts and erasure work as before. The old key leaves the live key store at once and remains only in ' +
  'key-store backups made before now, until they are pruned. The audit log records the rotation.';

export const ROTATE_PROGRESS = 'Rotating contact keys…';

/** The answer in words: 12345 → "12,345 contact keys re-wrapped under a new key." */
export function rotatedNotice(rewrappedKeys: number): string {
  if (rewrappedKeys === 0) {
    return 'A new key is in place; there were no contact keys to re-wrap.';
  }
  if (rewrappedKeys === 1) {
    return '1 contact key re-wrapped under a new key.';
  }
  return `${formatCount(rewrappedKeys)} contact keys re-wrapped under a new key.`;
}
