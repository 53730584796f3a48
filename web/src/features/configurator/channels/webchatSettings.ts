// The web chat channel form's state and its checks, mirroring the server's (the server has the last word). The
// form keeps what the admin typed as text (the allowed origins one per line); `toWebchatInput` turns it into the
// request's name and settings, with the origins normalised as the server compares them.
import type { Channel, WebchatSettings } from '../../../api/routing';

export interface WebchatForm {
  name: string;
  /** One origin per line. */
  origins: string;
  title: string;
  greeting: string;
  /** #rrggbb */
  primary: string;
  /** #rrggbb: the text on the primary colour. */
  onPrimary: string;
  /** Creating only: on at once. */
  enabled: boolean;
}

export type WebchatField = 'name' | 'origins' | 'title' | 'greeting' | 'primary' | 'onPrimary';

export interface WebchatFieldError {
  field: WebchatField;
  message: string;
}

export interface WebchatInput {
  name: string;
  enabled: boolean;
  settings: WebchatSettings;
}

export type WebchatConversion = { ok: true; input: WebchatInput } | { ok: false; errors: WebchatFieldError[] };

export const WEBCHAT_DEFAULTS: WebchatSettings = {
  allowedOrigins: [],
  title: 'Chat with us',
  greeting: 'Hi! How can we help?',
  colors: { primary: '#2563eb', onPrimary: '#ffffff' },
};

/** The server's limits; title and greeting are counted in UTF-8 bytes, as it counts them. */
export const WEBCHAT_LIMITS = {
  name: 100,
  origins: 50,
  origin: 300,
  title: 60,
  greeting: 500,
} as const;

function settingsToForm(settings: WebchatSettings): Omit<WebchatForm, 'name' | 'enabled'> {
  return {
    origins: settings.allowedOrigins.join('\n'),
    title: settings.title,
    greeting: settings.greeting,
    primary: settings.colors.primary.toLowerCase(),
    onPrimary: settings.colors.onPrimary.toLowerCase(),
  };
}

const isWebchatSettings = (settings: unknown): settings is WebchatSettings => {
  const fields = settings as Partial<WebchatSettings> | null | undefined;
  return (
    typeof fields === 'object' &&
    fields !== null &&
    Array.isArray(fields.allowedOrigins) &&
    typeof fields.title === 'string' &&
    typeof fields.greeting === 'string' &&
    typeof fields.colors === 'object' &&
    fields.colors !== null
  );
};

/** The form for a new widget: the server's default title, greeting and colours, on at once, no sites yet. */
export function newWebchatForm(): WebchatForm {
  return { name: 'Web chat', enabled: true, ...settingsToForm(WEBCHAT_DEFAULTS) };
}

/** The form for editing `channel` (the defaults where its settings are missing). */
export function webchatToForm(channel: Pick<Channel, 'name' | 'enabled' | 'settings'>): WebchatForm {
  const settings = isWebchatSettings(channel.settings)
    ? { ...channel.settings, colors: { ...WEBCHAT_DEFAULTS.colors, ...channel.settings.colors } }
    : WEBCHAT_DEFAULTS;
  return { name: channel.name, enabled: channel.enabled, ...settingsToForm(settings) };
}

/** An origin as the server compares it: trimmed, lower-case, without trailing slashes. */
export const normalizeOrigin = (text: string): string => text.trim().toLowerCase().replace(/\/+$/, '');

// http(s)://, then a host name or IPv4 address (letters, digits, dots, dashes) or a bracketed IPv6 address, then
// an optional port. No path, query, fragment or user.
const ORIGIN = /^https?:\/\/(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;

/** Whether `origin` (normalised) is http(s)://host with an optional :port and nothing else. */
export function isOrigin(origin: string): boolean {
  const match = ORIGIN.exec(origin);
  if (!match || origin.length > WEBCHAT_LIMITS.origin) {
    return false;
  }
  const port = match[1];
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

export interface ParsedOrigins {
  /** Normalised, in the order typed, each once. */
  origins: string[];
  /** What was typed (trimmed) for each line that is not an origin. */
  invalid: string[];
}

/**
 * The allowed origins from the text field: one per line (spaces and commas separate too, as no origin holds
 * them), normalised, empty lines skipped, duplicates removed.
 */
export function parseOrigins(text: string): ParsedOrigins {
  const origins: string[] = [];
  const invalid: string[] = [];
  for (const typed of text.split(/[\s,]+/)) {
    const origin = normalizeOrigin(typed);
    if (origin === '') {
      continue;
    }
    if (!isOrigin(origin)) {
      if (!invalid.includes(typed.trim())) {
        invalid.push(typed.trim());
      }
    } else if (!origins.includes(origin)) {
      origins.push(origin);
    }
  }
  return { origins, invalid };
}

/** Why these lines are not origins; a pasted page address gets told what to keep. */
function originsProblem(invalid: readonly string[]): string {
  const shown = invalid.slice(0, 3).join(', ') + (invalid.length > 3 ? ` and ${invalid.length - 3} more` : '');
  const first = normalizeOrigin(invalid[0]);
  const pageAddress = /^(https?:\/\/[^/?#]+)[/?#]/.exec(first);
  const keep = pageAddress && isOrigin(pageAddress[1]) ? ` For ${invalid[0]}, that is ${pageAddress[1]}.` : '';
  return `Not ${invalid.length === 1 ? 'an origin' : 'origins'}: ${shown}. Each line is http(s)://host with an optional :port and no path, like https://shop.example.${keep}`;
}

const COLOR = /^#[0-9a-f]{6}$/i;
export const isColor = (text: string): boolean => COLOR.test(text.trim());

/** Length as the server counts it: UTF-8 bytes. */
const byteLength = (text: string): number => new TextEncoder().encode(text).length;

function linear(hex: string): number {
  const value = Number.parseInt(hex, 16) / 255;
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

function luminance(color: string): number {
  const hex = color.trim().slice(1);
  return 0.2126 * linear(hex.slice(0, 2)) + 0.7152 * linear(hex.slice(2, 4)) + 0.0722 * linear(hex.slice(4, 6));
}

/** The WCAG contrast ratio of two #rrggbb colours (1 to 21); null when either is not one. */
export function contrastRatio(a: string, b: string): number | null {
  if (!isColor(a) || !isColor(b)) {
    return null;
  }
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** Below this, text on the primary colour is hard to read (WCAG AA for normal text). */
export const MIN_CONTRAST = 4.5;

/** A warning when the text colour is hard to read on the primary colour; null when it reads well. */
export function contrastWarning(primary: string, onPrimary: string): string | null {
  const ratio = contrastRatio(primary, onPrimary);
  if (ratio === null || ratio >= MIN_CONTRAST) {
    return null;
  }
  return `The text colour is hard to read on the primary colour (contrast ${ratio.toFixed(1)}:1; at least ${MIN_CONTRAST}:1 reads well).`;
}

export function toWebchatInput(form: WebchatForm): WebchatConversion {
  const errors: WebchatFieldError[] = [];
  const fail = (field: WebchatField, message: string) => errors.push({ field, message });

  const name = form.name.trim();
  if (name === '') {
    fail('name', 'Name is required.');
  } else if (name.length > WEBCHAT_LIMITS.name) {
    fail('name', `Name has at most ${WEBCHAT_LIMITS.name} characters.`);
  }

  const { origins, invalid } = parseOrigins(form.origins);
  if (invalid.length > 0) {
    fail('origins', originsProblem(invalid));
  } else if (origins.length > WEBCHAT_LIMITS.origins) {
    fail('origins', `At most ${WEBCHAT_LIMITS.origins} sites (you listed ${origins.length}).`);
  }

  const title = form.title.trim();
  if (title === '') {
    fail('title', 'Title is required.');
  } else if (byteLength(title) > WEBCHAT_LIMITS.title) {
    fail('title', `Title has at most ${WEBCHAT_LIMITS.title} characters.`);
  }

  const greeting = form.greeting.trim();
  if (byteLength(greeting) > WEBCHAT_LIMITS.greeting) {
    fail('greeting', `Greeting has at most ${WEBCHAT_LIMITS.greeting} characters.`);
  }

  if (!isColor(form.primary)) {
    fail('primary', 'Primary colour: a colour like #2563eb.');
  }
  if (!isColor(form.onPrimary)) {
    fail('onPrimary', 'Text colour: a colour like #ffffff.');
  }

  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    input: {
      name,
      enabled: form.enabled,
      settings: {
        allowedOrigins: origins,
        title,
        greeting,
        colors: { primary: form.primary.trim().toLowerCase(), onPrimary: form.onPrimary.trim().toLowerCase() },
      },
    },
  };
}

const SERVER_FIELDS: Readonly<Record<string, WebchatField>> = {
  name: 'name',
  'settings.allowedOrigins': 'origins',
  'settings.title': 'title',
  'settings.greeting': 'greeting',
  'settings.colors': 'primary',
  'settings.colors.primary': 'primary',
  'settings.colors.onPrimary': 'onPrimary',
};

const FIELD_LABELS: Record<WebchatField, string> = {
  name: 'Name',
  origins: 'Allowed sites',
  title: 'Title',
  greeting: 'Greeting',
  primary: 'Primary colour',
  onPrimary: 'Text colour',
};

/** The form field a server validation error names ("settings.colors.primary" → "primary"), or null. */
export function webchatFieldOf(serverField: string | null | undefined): WebchatField | null {
  return SERVER_FIELDS[serverField ?? ''] ?? null;
}

/**
 * A server validation error as an error next to a form field, or null when it names none of them. The field is
 * the error's `field`, else the one its message starts with ("settings.title: the title is 1 to 60 characters");
 * that prefix is written for people: "The title is 1 to 60 characters."
 */
export function webchatServerError(serverField: string | null, message: string): WebchatFieldError | null {
  const named = serverField ?? /^(name|settings(?:\.\w+)+)(?=[:\s])/.exec(message)?.[1] ?? null;
  const field = webchatFieldOf(named);
  if (!field || !named) {
    return null;
  }
  let text = message.trim();
  if (text.startsWith(`${named}:`)) {
    text = text.slice(named.length + 1).trim();
    // "a colour is #rrggbb" says nothing of which colour.
    if (field === 'primary' || field === 'onPrimary') {
      text = `${FIELD_LABELS[field]}: ${text}`;
    }
  } else if (text.startsWith(`${named} `)) {
    text = `${FIELD_LABELS[field]}${text.slice(named.length)}`;
  }
  text = `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  return { field, message: /[.!?)]$/.test(text) ? text : `${text}.` };
}

/** The HTML a site adds to its pages to get the widget: the script from this server, loaded async. */
export const embedSnippet = (origin: string, embedPath: string): string =>
  `<script src="${origin}${embedPath}" async></script>`;
