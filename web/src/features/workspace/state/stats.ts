// How the figures of GET /me/stats and GET /stats read.
import { formatDuration } from '../../../format';

/**
 * An average over today's handled conversations. The server sends 0 (not null) while nothing has been handled
 * yet; that is "no figure", not "0 s".
 */
export function averageText(seconds: number | null, handled: number): string {
  return handled === 0 ? '—' : formatDuration(seconds);
}
