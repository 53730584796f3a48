// Small display helpers shared by pages.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** "7 Dec 2026": for tables where the time of day does not matter. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnly.format(date);
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

/** A duration as a clock: "0:07", "12:05", "1:02:03". Negative values count as zero. */
export function formatClock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const two = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(rest)}` : `${minutes}:${two(rest)}`;
}

/** A duration in words for figures and announcements: "45 s", "3 min 5 s", "2 h 4 min"; "—" for null. */
export function formatDuration(totalSeconds: number | null): string {
  if (totalSeconds === null || !Number.isFinite(totalSeconds)) {
    return '—';
  }
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) {
    return `${seconds} s`;
  }
  if (seconds < 3600) {
    const rest = seconds % 60;
    return rest ? `${Math.floor(seconds / 60)} min ${rest} s` : `${seconds / 60} min`;
  }
  const minutes = Math.floor((seconds % 3600) / 60);
  return minutes ? `${Math.floor(seconds / 3600)} h ${minutes} min` : `${Math.floor(seconds / 3600)} h`;
}

/**
 * Skill requirements in words. `requires` lists alternative skill sets, any one of which is enough; an empty set
 * (or no sets at all) means anyone: [[billing, french], []] → "Billing + French or Anyone".
 */
export function formatRequires(requires: readonly (readonly string[])[], skillName: (id: string) => string): string {
  if (requires.length === 0) {
    return 'Anyone';
  }
  return requires.map((set) => (set.length === 0 ? 'Anyone' : set.map(skillName).join(' + '))).join(' or ');
}

/** A file's size: "512 B", "12 KB", "1.4 MB", "2.3 GB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${Math.round(bytes / 1024)} KB`;
  }
  if (bytes < 1024 * 1024 * 1024) {
    return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  }
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** "14:05" for today, "23 Nov, 14:05" for another day (relative to `now`). */
export function formatMessageTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  if (date.toDateString() === now.toDateString()) {
    return timeOfDay.format(date);
  }
  return `${date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}, ${timeOfDay.format(date)}`;
}

const CHANNEL_LABELS: Record<string, string> = {
  api: 'API',
  sms: 'SMS',
  smpp: 'SMS',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  instagram: 'Instagram',
  telegram: 'Telegram',
  viber: 'Viber',
  webchat: 'Web chat',
};

/**
 * "WhatsApp" for the channel kind "whatsapp". A conversation on a channel account names its id ("chn_…"): it is
 * looked up in `channels` and named after its type ("smpp" → "SMS"). Unknown kinds pass through.
 */
export function channelLabel(kind: string, channels?: readonly { id: string; type: string }[] | null): string {
  const type = channels?.find((channel) => channel.id === kind)?.type ?? kind;
  return CHANNEL_LABELS[type.toLowerCase()] ?? type;
}

const counts = new Intl.NumberFormat();

/** "1,200" (in the browser's locale). */
export const formatCount = (value: number) => counts.format(value);
