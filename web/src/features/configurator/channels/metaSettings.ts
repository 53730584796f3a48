// What the channel types on Meta's Graph API (WhatsApp, Messenger, Instagram) share in their forms, mirroring the
// server's checks (channels/meta/graph_settings.cc; the server has the last word): the two write-only secrets (an
// access token and the Meta app's secret; empty when editing keeps the saved one), numeric ids, and where the Graph
// API is.
import type { Channel, ChannelPatch, MessengerSettings, WhatsAppSettings } from '../../../api/routing';

export const GRAPH_API_URL = 'https://graph.facebook.com';
export const GRAPH_API_VERSION = 'v24.0';

/** The secrets of a Meta channel, as `Channel.secretsSet` names them. */
export type MetaSecret = 'accessToken' | 'appSecret';

/** Meta's tokens and secrets: letters, digits and - _ . | (the server's alphabet). */
const isTokenText = (text: string): boolean => /^[A-Za-z0-9._|-]+$/.test(text);

/** An access token (a System User's or a page's): 20 to 512 characters (it starts with EAA…). */
export const isAccessToken = (token: string): boolean => {
  const text = token.trim();
  return text.length >= 20 && text.length <= 512 && isTokenText(text);
};

/** The Meta app's secret: 16 to 128 characters (32 hex digits in practice). */
export const isAppSecret = (secret: string): boolean => {
  const text = secret.trim();
  return text.length >= 16 && text.length <= 128 && isTokenText(text);
};

/** A Graph object's id: 1 to 32 digits. */
export const isNumericId = (text: string): boolean => /^\d{1,32}$/.test(text);

/** Whether the channel has its `field` secret stored, as `secretsSet` says. */
export const isSecretSet = (channel: Pick<Channel, 'secretsSet'>, field: MetaSecret): boolean =>
  channel.secretsSet?.[field] === true;

/** Both secrets' states, for an editor's `secretsSet`. */
export const metaSecretsSet = (channel: Pick<Channel, 'secretsSet'>): Record<MetaSecret, boolean> => ({
  accessToken: isSecretSet(channel, 'accessToken'),
  appSecret: isSecretSet(channel, 'appSecret'),
});

export interface MetaFieldError<Field extends string> {
  field: Field;
  message: string;
}

/**
 * The secrets typed into a form, checked. `creating`: both are required (`missingToken` says where the token comes
 * from); editing gives each only when typed (an empty field keeps the saved one).
 */
export function checkMetaSecrets(
  form: Readonly<Record<MetaSecret, string>>,
  creating: boolean,
  missingToken: string,
): { secrets: Partial<Record<MetaSecret, string>>; errors: MetaFieldError<MetaSecret>[] } {
  const errors: MetaFieldError<MetaSecret>[] = [];
  const accessToken = form.accessToken.trim();
  if (creating && accessToken === '') {
    errors.push({ field: 'accessToken', message: missingToken });
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
  return {
    secrets: { ...(accessToken !== '' ? { accessToken } : {}), ...(appSecret !== '' ? { appSecret } : {}) },
    errors,
  };
}

/** The Graph API's address (trailing slashes dropped, as on the server) and version, checked. */
export function checkGraphEndpoint(form: { graphApiUrl: string; graphApiVersion: string }): {
  graphApiUrl: string;
  graphApiVersion: string;
  errors: MetaFieldError<'graphApiUrl' | 'graphApiVersion'>[];
} {
  const errors: MetaFieldError<'graphApiUrl' | 'graphApiVersion'>[] = [];
  const graphApiUrl = form.graphApiUrl.trim().replace(/\/+$/, '');
  if (graphApiUrl.length > 300 || !/^https?:\/\/[^\s?#]+$/i.test(graphApiUrl)) {
    errors.push({ field: 'graphApiUrl', message: `An http(s) address without a query, like ${GRAPH_API_URL}.` });
  }
  const graphApiVersion = form.graphApiVersion.trim();
  if (!/^v\d{1,3}\.\d{1,3}$/.test(graphApiVersion)) {
    errors.push({ field: 'graphApiVersion', message: `A Graph API version, like ${GRAPH_API_VERSION}.` });
  }
  return { graphApiUrl, graphApiVersion, errors };
}

/** The server's error fields every Meta channel form has, to the form's own fields. */
export const META_SERVER_FIELDS = {
  name: 'name',
  accessToken: 'accessToken',
  appSecret: 'appSecret',
  'settings.graphApiUrl': 'graphApiUrl',
  'settings.graphApiVersion': 'graphApiVersion',
} as const;

/** PATCH /channels/{id}: the settings whole; a secret only when a new one was typed (absent: keep the saved one). */
export const metaPatch = ({
  name,
  settings,
  accessToken,
  appSecret,
}: {
  name: string;
  settings: WhatsAppSettings | MessengerSettings;
  accessToken?: string;
  appSecret?: string;
}): ChannelPatch => ({
  name,
  settings,
  ...(accessToken !== undefined ? { accessToken } : {}),
  ...(appSecret !== undefined ? { appSecret } : {}),
});
