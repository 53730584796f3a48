// The Telegram channel form's state and its checks, mirroring the server's (the server has the last word): the
// bot's token (write-only: empty when editing keeps the saved one), how updates arrive, and the Bot API's address.
import { serverFieldError } from './serverFieldError';
import type { Channel, TelegramMode, TelegramSettings } from '../../../api/routing';

export interface TelegramForm {
  name: string;
  /** Empty when editing: keep the saved token. */
  botToken: string;
  mode: TelegramMode;
  apiBaseUrl: string;
  /** Creating only: on at once. */
  enabled: boolean;
}

export type TelegramField = 'name' | 'botToken' | 'mode' | 'apiBaseUrl';

export interface TelegramFieldError {
  field: TelegramField;
  message: string;
}

export interface TelegramInput {
  name: string;
  enabled: boolean;
  settings: TelegramSettings;
  /** Absent: keep the saved token. */
  botToken?: string;
}

export type TelegramConversion = { ok: true; input: TelegramInput } | { ok: false; errors: TelegramFieldError[] };

export const TELEGRAM_DEFAULTS: TelegramSettings = { mode: 'webhook', apiBaseUrl: 'https://api.telegram.org' };

/** A token as BotFather gives it: the bot's number, a colon, then letters, digits, _ and -. */
export const isBotToken = (token: string): boolean => /^\d{1,20}:[A-Za-z0-9_-]{1,200}$/.test(token.trim());

export function newTelegramForm(): TelegramForm {
  return { name: 'Telegram', botToken: '', ...TELEGRAM_DEFAULTS, enabled: true };
}

export function telegramToForm(channel: Pick<Channel, 'name' | 'enabled' | 'settings'>): TelegramForm {
  const settings = { ...TELEGRAM_DEFAULTS, ...((channel.settings as TelegramSettings | null | undefined) ?? {}) };
  return { name: channel.name, botToken: '', mode: settings.mode, apiBaseUrl: settings.apiBaseUrl, enabled: channel.enabled };
}

/** The form as the request's fields, or what to correct. `creating`: the token is required. */
export function toTelegramInput(form: TelegramForm, creating: boolean): TelegramConversion {
  const errors: TelegramFieldError[] = [];
  const name = form.name.trim();
  if (name === '' || name.length > 100) {
    errors.push({ field: 'name', message: 'Give the channel a name of 1 to 100 characters.' });
  }
  const token = form.botToken.trim();
  if (creating && token === '') {
    errors.push({ field: 'botToken', message: 'Paste the token BotFather gave you for the bot.' });
  } else if (token !== '' && !isBotToken(token)) {
    errors.push({ field: 'botToken', message: 'A bot token looks like 123456789:AAE…, as BotFather gives it.' });
  }
  const apiBaseUrl = form.apiBaseUrl.trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s?#]+$/i.test(apiBaseUrl)) {
    errors.push({ field: 'apiBaseUrl', message: 'An http(s) address, like https://api.telegram.org.' });
  }
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    input: {
      name,
      enabled: form.enabled,
      settings: { mode: form.mode, apiBaseUrl },
      ...(token !== '' ? { botToken: token } : {}),
    },
  };
}

const SERVER_FIELDS: Record<string, TelegramField> = {
  name: 'name',
  botToken: 'botToken',
  'settings.mode': 'mode',
  'settings.apiBaseUrl': 'apiBaseUrl',
};

/** A server validation error next to its field, or null. */
export const telegramServerError = (serverField: string | null, message: string): TelegramFieldError | null =>
  serverFieldError(serverField, message, SERVER_FIELDS);
