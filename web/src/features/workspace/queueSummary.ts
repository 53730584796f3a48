import { formatCount } from '../../format';

/** The Queue page's summary: never a page passed off as the queue ("30,412 waiting; the first 200 in allocation order"). */
export function queueSummary(listed: number, total: number): string {
  const waiting = Math.max(listed, total);
  if (waiting === 1) {
    return '1 conversation waiting';
  }
  if (listed < waiting) {
    return `${formatCount(waiting)} conversations waiting; the first ${formatCount(listed)} in allocation order`;
  }
  return `${formatCount(waiting)} conversations waiting`;
}
