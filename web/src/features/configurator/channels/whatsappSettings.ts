// The WhatsApp channel form's state and its checks, mirroring the server's (the server has the last word): the
// number's ids from WhatsApp Manager, where the Graph API is, and the two secrets, both write-only (empty when
// editing keeps the saved one): the System User's access token and the Meta app's secret. What Meta's channel types
// share is in metaSettings.ts.
import {
  checkGraphEndpoint,
  checkMetaSecrets,
  GRAPH_API_URL,
  GRAPH_API_VERSION,
  isNumericId,
  META_SERVER_FIELDS,
  metaPatch,
  type MetaSecret,
} from './metaSettings';
import { serverFieldError } from './serverFieldError';
import type { Channel, ChannelPatch, NewWhatsAppChannel, WhatsAppSettings } from '../../../api/routing';

export { GRAPH_API_URL, GRAPH_API_VERSION, isAccessToken, isAppSecret, isSecretSet } from './metaSettings';

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
  const { secrets, errors: secretErrors } = checkMetaSecrets(
    form,
    creating,
    "Paste a System User's access token from Meta Business Manager.",
  );
  errors.push(...secretErrors);
  const phoneNumberId = form.phoneNumberId.trim();
  if (!isNumericId(phoneNumberId)) {
    errors.push({
      field: 'phoneNumberId',
      message: "The phone number id is digits, as WhatsApp Manager shows it (e.g. 106540352242922), not the phone number.",
    });
  }
  const businessAccountId = form.businessAccountId.trim();
  if (businessAccountId !== '' && !isNumericId(businessAccountId)) {
    errors.push({ field: 'businessAccountId', message: "The WhatsApp Business Account id is digits, or nothing." });
  }
  const { graphApiUrl, graphApiVersion, errors: graphErrors } = checkGraphEndpoint(form);
  errors.push(...graphErrors);
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    input: {
      name,
      enabled: form.enabled,
      settings: { phoneNumberId, businessAccountId, graphApiUrl, graphApiVersion },
      ...secrets,
    },
  };
}

const SERVER_FIELDS: Record<string, WhatsAppField> = {
  ...META_SERVER_FIELDS,
  'settings.phoneNumberId': 'phoneNumberId',
  'settings.businessAccountId': 'businessAccountId',
};

/** A server validation error next to its field, or null. */
export const whatsappServerError = (serverField: string | null, message: string): WhatsAppFieldError | null =>
  serverFieldError(serverField, message, SERVER_FIELDS);

export type WhatsAppSecret = MetaSecret;

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
export const whatsappPatch: (input: WhatsAppInput) => ChannelPatch = metaPatch;
