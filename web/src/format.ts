// Small display helpers shared by pages.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

const ROLE_LABELS: Record<string, string> = {
  admin: 'Admin',
  supervisor: 'Supervisor',
  agent: 'Agent',
  dpo: 'Data protection officer',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}

/** "Chrome on Linux" from a User-Agent header; the raw string when nothing is recognised. */
export function describeUserAgent(userAgent: string): string {
  const ua = userAgent.trim();
  if (!ua) {
    return 'Unknown device';
  }
  const browser =
    (/Edg\//.test(ua) && 'Edge') ||
    (/OPR\//.test(ua) && 'Opera') ||
    (/Firefox\//.test(ua) && 'Firefox') ||
    (/(Headless)?Chrom(e|ium)\//.test(ua) && 'Chrome') ||
    (/Version\/[\d.]+.*Safari\//.test(ua) && 'Safari') ||
    (/^curl\//.test(ua) && 'curl') ||
    null;
  const os =
    (/Android/.test(ua) && 'Android') ||
    (/iPhone|iPad|iPod/.test(ua) && 'iOS') ||
    (/Windows/.test(ua) && 'Windows') ||
    (/Mac OS X|Macintosh/.test(ua) && 'macOS') ||
    (/CrOS/.test(ua) && 'ChromeOS') ||
    (/Linux|X11/.test(ua) && 'Linux') ||
    null;
  if (browser && os) {
    return `${browser} on ${os}`;
  }
  return browser ?? os ?? ua;
}
