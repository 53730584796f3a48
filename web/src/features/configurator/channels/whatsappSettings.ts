// The WhatsApp channel form's state and its checks, mirroring the server's (the server has the last word): the
// number's ids from WhatsApp Manager, where the Graph API is, and the two secrets, both write-only (empty when
// editing keeps the saved one): the System User's access token and the Meta app's secret.
import { serverFieldError } from './serverFieldError';
import type { Channel, ChannelPatch, NewWhatsAppChannel, WhatsAppSettings } from '../../../api/routing';

export interface WhatsAppForm {
  name: string;
  /** Empty when editing: keep the saved token. */
  accessToken: string;
  /** Empty when editing: keep the saved secret. */
  appSecret: string;
  phoneNumberId: string;
  businessAccountId: string;
  graphApiUrl: string;
  graphApiVersion: string;
  /** Creating only: on at once. */
  enabled: boolean;
}

export type WhatsAppField =
  | 'name'
  | 'accessToken'
  | 'appSecret'
  | 'phoneNumberId'
  | 'businessAccountId'
  | 'graphApiUrl'
  | 'graphApiVersion';

export interface WhatsAppFieldError {
  field: WhatsAppField;
  message: string;
}

export interface WhatsAppInput {
  name: string;
  enabled: boolean;
  settings: WhatsAppSettings;
  /** Absent: keep the saved token. */
  accessToken?: string;
  /** Absent: keep the saved secret. */
  appSecret?: string;
}

export type WhatsAppConversion = { ok: true; input: WhatsAppInput } | { ok: false; errors: WhatsAppFieldError[] };

export const GRAPH_API_URL = 'https://graph.facebook.com';
export const GRAPH_API_VERSION = 'v24.0';

/** Meta's tokens and secrets: letters, digits and - _ . | (the server's alphabet). */
const isTokenText = (text: string): boolean => /^[A-Za-z0-9._|-]+$/.test(text);

/** A System User's access token: 20 to 512 characters (it starts with EAA…). */
export const isAccessToken = (token: string): boolean => {
  const text = token.trim();
  return text.length >= 20 && text.length <= 512 && isTokenText(text);
};

/** The Meta app's secret: 16 to 128 characters (32 hex digits in practice). */
export const isAppSecret = (secret: string): boolean => {
  const text = secret.trim();
  return text.length >= 16 && text.length <= 128 && isTokenText(text);
};

const isDigits = (text: string): boolean => /^\d{1,32}$/.test(text);

export function newWhatsAppForm(): WhatsAppForm {
  return {
    name: 'WhatsApp',
    accessToken: '',
    appSecret: '',
    phoneNumberId: '',
    businessAccountId: '',
    graphApiUrl: GRAPH_API_URL,
    graphApiVersion: GRAPH_API_VERSION,
    enabled: true,
  };
}

export function whatsappToForm(channel: Pick<Channel, 'name' | 'enabled' | 'settings'>): WhatsAppForm {
  const settings = (channel.settings as Partial<WhatsAppSettings> | null | undefined) ?? null;
  return {
    name: channel.name,
    accessToken: '',
    appSecret: '',
    phoneNumberId: settings?.phoneNumberId ?? '',
    businessAccountId: settings?.businessAccountId ?? '',
    graphApiUrl: settings?.graphApiUrl || GRAPH_API_URL,
    graphApiVersion: settings?.graphApiVersion || GRAPH_API_VERSION,
    enabled: channel.enabled,
  };
}

/**
 * The form as the request's fields, or what to correct. `creating`: the access token and the app secret are
 * required; editing sends each only when typed (an empty field keeps the saved one).
 */
export function toWhatsAppInput(form: WhatsAppForm, creating: boolean): WhatsAppConversion {
  const errors: WhatsAppFieldError[] = [];
  const name = form.name.trim();
  if (name === '' || name.length > 100) {
    errors.push({ field: 'name', message: 'Give the channel a name of 1 to 100 characters.' });
  }
  const accessToken = form.accessToken.trim();
  if (creating && accessToken === '') {
    errors.push({ field: 'accessToken', message: "Paste a System User's access token from Meta Business Manager." });
  } else if (accessToken !== '' && !isAccessToken(accessToken)) {
    errors.push({
      field: 'accessToken',
      message: 'An access token is 20 to 512 letters, digits and . _ - | (it starts with EAA…).',
    });
  }
  const appSecret = form.appSecret.trim();
  if (creating && appSecret === '') {
    errors.push({ field: 'appSecret', message: "Paste the app secret from the Meta app's Settings → Basic." });
  } else if (appSecret !== '' && !isAppSecret(appSecret)) {
    errors.push({ field: 'appSecret', message: 'An app secret is 16 to 128 letters and digits (32 hex digits).' });
  }
  const phoneNumberId = form.phoneNumberId.trim();
  if (!isDigits(phoneNumberId)) {
    errors.push({
      field: 'phoneNumberId',
      message: "The phone number id is digits, as WhatsApp Manager shows it (e.g. 106540352242922), not the phone number.",
    });
  }
  const businessAccountId = form.businessAccountId.trim();
  if (businessAccountId !== '' && !isDigits(businessAccountId)) {
    errors.push({ field: 'businessAccountId', message: "The WhatsApp Business Account id is digits, or nothing." });
  }
  const graphApiUrl = form.graphApiUrl.trim().replace(/\/+$/, '');
  if (graphApiUrl.length > 300 || !/^https?:\/\/[^\s?#]+$/i.test(graphApiUrl)) {
    errors.push({ field: 'graphApiUrl', message: `An http(s) address without a query, like ${GRAPH_API_URL}.` });
  }
  const graphApiVersion = form.graphApiVersion.trim();
  if (!/^v\d{1,3}\.\d{1,3}$/.test(graphApiVersion)) {
    errors.push({ field: 'graphApiVersion', message: `A Graph API version, like ${GRAPH_API_VERSION}.` });
  }
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    input: {
      name,
      enabled: form.enabled,
      settings: { phoneNumberId, businessAccountId, graphApiUrl, graphApiVersion },
      ...(accessToken !== '' ? { accessToken } : {}),
      ...(appSecret !== '' ? { appSecret } : {}),
    },
  };
}

const SERVER_FIELDS: Record<string, WhatsAppField> = {
  name: 'name',
  accessToken: 'accessToken',
  appSecret: 'appSecret',
  'settings.phoneNumberId': 'phoneNumberId',
  'settings.businessAccountId': 'businessAccountId',
  'settings.graphApiUrl': 'graphApiUrl',
  'settings.graphApiVersion': 'graphApiVersion',
};

/** A server validation error next to its field, or null. */
export const whatsappServerError = (serverField: string | null, message: string): WhatsAppFieldError | null =>
  serverFieldError(serverField, message, SERVER_FIELDS);

export type WhatsAppSecret = 'accessToken' | 'appSecret';

/** Whether the channel has its `field` secret stored, as `secretsSet` says. */
export const isSecretSet = (channel: Pick<Channel, 'secretsSet'>, field: WhatsAppSecret): boolean =>
  channel.secretsSet?.[field] === true;

/** POST /channels for a new number: both secrets as typed (the form requires them). */
export const whatsappCreateBody = ({ name, enabled, settings, accessToken, appSecret }: WhatsAppInput): NewWhatsAppChannel => ({
  type: 'whatsapp',
  name,
  enabled,
  settings,
  accessToken: accessToken ?? '',
  ...(appSecret !== undefined ? { appSecret } : {}),
});

/** PATCH /channels/{id}: the settings whole; a secret only when a new one was typed (absent: keep the saved one). */
export const whatsappPatch = ({ name, settings, accessToken, appSecret }: WhatsAppInput): ChannelPatch => ({
  name,
  settings,
  ...(accessToken !== undefined ? { accessToken } : {}),
  ...(appSecret !== undefined ? { appSecret } : {}),
});
