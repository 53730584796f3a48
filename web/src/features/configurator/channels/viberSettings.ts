// The Viber channel form's state and its checks, mirroring the server's (the server has the last word): the bot's
// auth token (write-only: empty when editing keeps the saved one), the sender's name and avatar, the welcome
// message and Viber's API address.
import { serverFieldError } from './serverFieldError';
import type { Channel, ViberSettings } from '../../../api/routing';

export interface ViberForm {
  name: string;
  /** Empty when editing: keep the saved token. */
  authToken: string;
  senderName: string;
  avatarUrl: string;
  welcomeMessage: string;
  apiBaseUrl: string;
  /** Creating only: on at once. */
  enabled: boolean;
}

export type ViberField = 'name' | 'authToken' | 'senderName' | 'avatarUrl' | 'welcomeMessage' | 'apiBaseUrl';

export interface ViberFieldError {
  field: ViberField;
  message: string;
}

export interface ViberInput {
  name: string;
  enabled: boolean;
  settings: ViberSettings;
  /** Absent: keep the saved token. */
  authToken?: string;
}

export type ViberConversion = { ok: true; input: ViberInput } | { ok: false; errors: ViberFieldError[] };

export const VIBER_API = 'https://chatapi.viber.com/pa';

/** The token from the Viber admin panel: letters, digits and dashes. */
export const isAuthToken = (token: string): boolean => /^[A-Za-z0-9-]{10,100}$/.test(token.trim());

const isHttpUrl = (url: string): boolean => /^https?:\/\/[^\s?#]+(\?[^\s#]*)?$/i.test(url);

export function newViberForm(): ViberForm {
  return {
    name: 'Viber',
    authToken: '',
    senderName: 'Support',
    avatarUrl: '',
    welcomeMessage: '',
    apiBaseUrl: VIBER_API,
    enabled: true,
  };
}

export function viberToForm(channel: Pick<Channel, 'name' | 'enabled' | 'settings'>): ViberForm {
  const settings = (channel.settings as ViberSettings | null | undefined) ?? null;
  return {
    name: channel.name,
    authToken: '',
    senderName: settings?.senderName ?? '',
    avatarUrl: settings?.avatarUrl ?? '',
    welcomeMessage: settings?.welcomeMessage ?? '',
    apiBaseUrl: settings?.apiBaseUrl ?? VIBER_API,
    enabled: channel.enabled,
  };
}

/** The form as the request's fields, or what to correct. `creating`: the token is required. */
export function toViberInput(form: ViberForm, creating: boolean): ViberConversion {
  const errors: ViberFieldError[] = [];
  const name = form.name.trim();
  if (name === '' || name.length > 100) {
    errors.push({ field: 'name', message: 'Give the channel a name of 1 to 100 characters.' });
  }
  const token = form.authToken.trim();
  if (creating && token === '') {
    errors.push({ field: 'authToken', message: "Paste the bot's token from the Viber admin panel." });
  } else if (token !== '' && !isAuthToken(token)) {
    errors.push({ field: 'authToken', message: 'A Viber token is letters, digits and dashes, as the admin panel shows it.' });
  }
  const senderName = form.senderName.trim();
  if (senderName === '' || [...senderName].length > 28) {
    errors.push({ field: 'senderName', message: 'The sender name is 1 to 28 characters.' });
  }
  const avatarUrl = form.avatarUrl.trim();
  if (avatarUrl !== '' && !isHttpUrl(avatarUrl)) {
    errors.push({ field: 'avatarUrl', message: 'An http(s) address of an image, or nothing.' });
  }
  const apiBaseUrl = form.apiBaseUrl.trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s?#]+$/i.test(apiBaseUrl)) {
    errors.push({ field: 'apiBaseUrl', message: `An http(s) address, like ${VIBER_API}.` });
  }
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  const welcome = form.welcomeMessage.trim();
  return {
    ok: true,
    input: {
      name,
      enabled: form.enabled,
      settings: {
        senderName,
        avatarUrl: avatarUrl === '' ? null : avatarUrl,
        welcomeMessage: welcome === '' ? null : welcome,
        apiBaseUrl,
      },
      ...(token !== '' ? { authToken: token } : {}),
    },
  };
}

const SERVER_FIELDS: Record<string, ViberField> = {
  name: 'name',
  authToken: 'authToken',
  'settings.senderName': 'senderName',
  'settings.avatarUrl': 'avatarUrl',
  'settings.welcomeMessage': 'welcomeMessage',
  'settings.apiBaseUrl': 'apiBaseUrl',
};

/** A server validation error next to its field, or null. */
export const viberServerError = (serverField: string | null, message: string): ViberFieldError | null =>
  serverFieldError(serverField, message, SERVER_FIELDS);
