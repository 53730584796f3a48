// Durations as people type them (minutes, seconds) and as the API takes them (whole seconds).

/** Seconds as minutes for a form field: 3600 → "60", 90 → "1.5". */
export function secondsToMinutesText(seconds: number): string {
  return String(Math.round((seconds / 60) * 100) / 100);
}

/** Minutes typed by a person (decimals allowed) as whole seconds within [0, maxSeconds], or the problem. */
export function minutesTextToSeconds(text: string, label: string, maxSeconds: number): number | string {
  const trimmed = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) {
    return `${label} must be a number of minutes, 0 or more.`;
  }
  const seconds = Math.round(Number(trimmed) * 60);
  if (seconds > maxSeconds) {
    return `${label} can be at most ${secondsToMinutesText(maxSeconds)} minutes (${describeDuration(maxSeconds)}).`;
  }
  return seconds;
}

/** Whole seconds typed by a person within [0, maxSeconds], or the problem. */
export function secondsTextToSeconds(text: string, label: string, maxSeconds: number): number | string {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    return `${label} must be a whole number of seconds, 0 or more.`;
  }
  const seconds = Number(trimmed);
  if (seconds > maxSeconds) {
    return `${label} can be at most ${maxSeconds} seconds (${describeDuration(maxSeconds)}).`;
  }
  return seconds;
}

const UNITS: readonly [number, string][] = [
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** 5400 → "1 hour 30 minutes"; the two largest units, so it stays short. 0 → "0 seconds". */
export function describeDuration(totalSeconds: number): string {
  let rest = Math.max(0, Math.round(totalSeconds));
  if (rest === 0) {
    return '0 seconds';
  }
  const parts: string[] = [];
  for (const [size, unit] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0 && parts.length < 2) {
      parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
      rest -= count * size;
    } else if (parts.length > 0) {
      // Units are only shown side by side (1 day 2 hours, never 1 day 5 seconds).
      break;
    }
  }
  return parts.join(' ');
}
