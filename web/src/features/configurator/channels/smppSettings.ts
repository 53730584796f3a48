// The SMPP channel form's state and its checks, mirroring the server's (the server has the last word). The form
// keeps what the admin typed as text; `toSmppInput` turns it into the request's name, settings and password.
import type { Channel, DeliveryGuarantee, SmppSettings } from '../../../api/routing';

export interface SmppForm {
  name: string;
  host: string;
  port: string;
  tls: boolean;
  systemId: string;
  /** Empty when editing: the stored password stays. */
  password: string;
  systemType: string;
  sourceAddress: string;
  binds: string;
  window: string;
  submitsPerSecond: string;
  deliveryGuarantee: DeliveryGuarantee;
  /** Creating only: connect at once. */
  enabled: boolean;
}

export type SmppField =
  | 'name'
  | 'host'
  | 'port'
  | 'tls'
  | 'systemId'
  | 'password'
  | 'systemType'
  | 'sourceAddress'
  | 'binds'
  | 'window'
  | 'submitsPerSecond'
  | 'deliveryGuarantee';

export interface SmppFieldError {
  field: SmppField;
  message: string;
}

export type SmppMode = 'create' | 'edit';

export interface SmppInput {
  name: string;
  enabled: boolean;
  settings: SmppSettings;
  /** Absent when editing with the password field left empty: the stored one stays. */
  password?: string;
}

export type SmppConversion = { ok: true; input: SmppInput } | { ok: false; errors: SmppFieldError[] };

export const SMPP_DEFAULTS: SmppSettings = {
  host: '',
  port: 2775,
  tls: false,
  systemId: '',
  systemType: '',
  sourceAddress: '',
  binds: 1,
  window: 10,
  submitsPerSecond: 0,
  deliveryGuarantee: 'at-least-once',
};

export const SMPP_LIMITS = {
  name: 100,
  host: 253,
  systemId: 15,
  password: 8,
  systemType: 12,
  phoneDigits: 20,
  alphanumeric: 11,
  submitsPerSecond: 100_000,
  binds: { min: 1, max: 10 },
  window: { min: 1, max: 100 },
} as const;

function settingsToForm(settings: SmppSettings): Omit<SmppForm, 'name' | 'password' | 'enabled'> {
  return {
    host: settings.host,
    port: String(settings.port),
    tls: settings.tls,
    systemId: settings.systemId,
    systemType: settings.systemType,
    sourceAddress: settings.sourceAddress,
    binds: String(settings.binds),
    window: String(settings.window),
    submitsPerSecond: String(settings.submitsPerSecond),
    deliveryGuarantee: settings.deliveryGuarantee,
  };
}

/** The form for a new channel: port 2775, one bind, a window of 10, no rate limit, at least once. */
export function newSmppForm(): SmppForm {
  return { name: '', password: '', enabled: true, ...settingsToForm(SMPP_DEFAULTS) };
}

/** The form for editing `channel`; the password field starts empty (it is never sent to the browser). */
export function smppToForm(channel: Pick<Channel, 'name' | 'enabled' | 'settings'>): SmppForm {
  return {
    name: channel.name,
    password: '',
    enabled: channel.enabled,
    ...settingsToForm({ ...SMPP_DEFAULTS, ...channel.settings }),
  };
}

/** Length as the server counts it: UTF-8 bytes. */
const byteLength = (text: string): number => new TextEncoder().encode(text).length;

/** A whole number within [min, max], or the message about `label`. */
function parseWhole(text: string, label: string, min: number, max: number): number | string {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) {
    return `${label} must be a whole number.`;
  }
  const value = Number(trimmed);
  return value < min || value > max ? `${label} must be between ${min} and ${max}.` : value;
}

const PHONE_SEPARATORS = /[\s().-]/g;

/**
 * The sender id as it is sent: a phone number loses the spaces, dashes, dots and brackets people type
 * ("+1 555-000 1111" → "+15550001111"); an alphanumeric name stays as typed.
 */
export function normalizeSourceAddress(text: string): string {
  const trimmed = text.trim();
  return /^\+?[\d\s().-]+$/.test(trimmed) && /\d/.test(trimmed) ? trimmed.replace(PHONE_SEPARATORS, '') : trimmed;
}

/** Null when `address` (normalized) is a sender id the SMS center can take, otherwise why not. */
export function sourceAddressProblem(address: string): string | null {
  if (address === '') {
    return 'Sender id is required.';
  }
  if (/^\+?\d+$/.test(address)) {
    const digits = address.replace('+', '').length;
    return digits <= SMPP_LIMITS.phoneDigits
      ? null
      : `A phone number as sender id has at most ${SMPP_LIMITS.phoneDigits} digits.`;
  }
  if (/^[A-Za-z0-9 ]+$/.test(address)) {
    return address.length <= SMPP_LIMITS.alphanumeric
      ? null
      : `A sender name has at most ${SMPP_LIMITS.alphanumeric} characters (letters, digits and spaces).`;
  }
  return `Sender id: a phone number (digits, optionally starting with +) or a name of up to ${SMPP_LIMITS.alphanumeric} letters, digits and spaces (no accents or symbols).`;
}

export function toSmppInput(form: SmppForm, mode: SmppMode): SmppConversion {
  const errors: SmppFieldError[] = [];
  const fail = (field: SmppField, message: string) => errors.push({ field, message });
  const whole = (field: SmppField, text: string, label: string, min: number, max: number): number => {
    const parsed = parseWhole(text, label, min, max);
    if (typeof parsed === 'string') {
      fail(field, parsed);
      return 0;
    }
    return parsed;
  };

  const name = form.name.trim();
  if (name === '') {
    fail('name', 'Name is required.');
  } else if (name.length > SMPP_LIMITS.name) {
    fail('name', `Name has at most ${SMPP_LIMITS.name} characters.`);
  }

  const host = form.host.trim();
  if (host === '') {
    fail('host', 'Host is required.');
  } else if (/\s/.test(host) || host.includes('/')) {
    fail('host', 'Host: a name like smsc.example.com or an IP address, without spaces, scheme or path.');
  } else if (host.length > SMPP_LIMITS.host) {
    fail('host', `Host has at most ${SMPP_LIMITS.host} characters.`);
  }
  const port = whole('port', form.port, 'Port', 1, 65535);

  const systemId = form.systemId.trim();
  if (systemId === '') {
    fail('systemId', 'System id is required.');
  } else if (byteLength(systemId) > SMPP_LIMITS.systemId) {
    fail('systemId', `System id has at most ${SMPP_LIMITS.systemId} characters.`);
  }

  const password = form.password;
  if (mode === 'create' && password === '') {
    fail('password', 'Password is required.');
  } else if (byteLength(password) > SMPP_LIMITS.password) {
    fail('password', `Password has at most ${SMPP_LIMITS.password} characters (an SMPP limit).`);
  }

  const systemType = form.systemType.trim();
  if (byteLength(systemType) > SMPP_LIMITS.systemType) {
    fail('systemType', `System type has at most ${SMPP_LIMITS.systemType} characters.`);
  }

  const sourceAddress = normalizeSourceAddress(form.sourceAddress);
  const sourceProblem = sourceAddressProblem(sourceAddress);
  if (sourceProblem) {
    fail('sourceAddress', sourceProblem);
  }

  const binds = whole('binds', form.binds, 'Binds', SMPP_LIMITS.binds.min, SMPP_LIMITS.binds.max);
  const windowSize = whole('window', form.window, 'Window', SMPP_LIMITS.window.min, SMPP_LIMITS.window.max);

  const rateText = form.submitsPerSecond.trim();
  let submitsPerSecond = 0;
  if (!/^\d+(\.\d+)?$/.test(rateText) || Number(rateText) > SMPP_LIMITS.submitsPerSecond) {
    fail(
      'submitsPerSecond',
      `Messages per second must be a number from 0 (no limit) to ${SMPP_LIMITS.submitsPerSecond}.`,
    );
  } else {
    submitsPerSecond = Number(rateText);
  }

  if (form.deliveryGuarantee !== 'at-least-once' && form.deliveryGuarantee !== 'at-most-once') {
    fail('deliveryGuarantee', 'Choose a delivery guarantee.');
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
        host,
        port,
        tls: form.tls,
        systemId,
        systemType,
        sourceAddress,
        binds,
        window: windowSize,
        submitsPerSecond,
        deliveryGuarantee: form.deliveryGuarantee,
      },
      ...(password !== '' ? { password } : {}),
    },
  };
}

const SETTINGS_FIELDS: ReadonlySet<string> = new Set<SmppField>([
  'host',
  'port',
  'tls',
  'systemId',
  'systemType',
  'sourceAddress',
  'binds',
  'window',
  'submitsPerSecond',
  'deliveryGuarantee',
]);

/** The form field a server validation error names ("settings.port" → "port"), or null for none of them. */
export function smppFieldOf(serverField: string | null | undefined): SmppField | null {
  if (serverField === 'name' || serverField === 'password') {
    return serverField;
  }
  const match = /^settings\.(\w+)$/.exec(serverField ?? '');
  return match && SETTINGS_FIELDS.has(match[1]) ? (match[1] as SmppField) : null;
}

const FIELD_LABELS: Record<SmppField, string> = {
  name: 'Name',
  host: 'Host',
  port: 'Port',
  tls: 'TLS',
  systemId: 'System id',
  password: 'Password',
  systemType: 'System type',
  sourceAddress: 'Sender id',
  binds: 'Binds',
  window: 'Window',
  submitsPerSecond: 'Messages per second',
  deliveryGuarantee: 'Delivery guarantee',
};

/**
 * A server validation error as an error next to a form field, or null when it names none of them. The field is
 * the error's `field`, else the one its message starts with ("settings.port: the port must be…"); that prefix
 * is written for people: "The port must be…", "Window must be between 1 and 100."
 */
export function smppServerError(serverField: string | null, message: string): SmppFieldError | null {
  const named = serverField ?? /^(name|password|settings\.\w+)(?=[:\s])/.exec(message)?.[1] ?? null;
  const field = smppFieldOf(named);
  if (!field || !named) {
    return null;
  }
  let text = message.trim();
  if (text.startsWith(`${named}:`)) {
    text = text.slice(named.length + 1).trim();
  } else if (text.startsWith(`${named} `)) {
    text = `${FIELD_LABELS[field]}${text.slice(named.length)}`;
  }
  text = `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  return { field, message: /[.!?)]$/.test(text) ? text : `${text}.` };
}

/** What each group of the form's fields gets. */
export interface SmppFieldGroupProps {
  /** Prefix of the inputs' ids. */
  idBase: string;
  form: SmppForm;
  errorOf: (field: SmppField) => string | undefined;
  onChange: (patch: Partial<SmppForm>) => void;
}
