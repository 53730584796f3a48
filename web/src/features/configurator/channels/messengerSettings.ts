// The Messenger and Instagram channel forms' state and checks, mirroring the server's (channels/messenger/
// ms_settings.cc; the server has the last word): the Facebook page's id, for Instagram the professional account's
// id too, whether the page may tag replies as a human agent's (Meta's Human Agent permission: up to 7 days after
// the customer's last message instead of 24 hours), where the Graph API is, and the two write-only secrets (the
// page's access token and the Meta app's secret). What Meta's channel types share is in metaSettings.ts.
import type { Channel, ChannelPatch, MessengerSettings, NewMessengerChannel } from '../../../api/routing';
import {
  checkGraphEndpoint,
  checkMetaSecrets,
  GRAPH_API_URL,
  GRAPH_API_VERSION,
  isNumericId,
  META_SERVER_FIELDS,
  metaPatch,
} from './metaSettings';
import { serverFieldError } from './serverFieldError';

/** A Facebook page (Messenger) or an Instagram professional account linked to one. */
export type MessengerType = 'messenger' | 'instagram';

export const isMessengerType = (type: string): type is MessengerType => type === 'messenger' || type === 'instagram';

export interface MessengerForm {
  name: string;
  /** Empty when editing: keep the saved token. */
  accessToken: string;
  /** Empty when editing: keep the saved secret. */
  appSecret: string;
  pageId: string;
  /** Instagram only. */
  instagramAccountId: string;
  humanAgentTag: boolean;
  graphApiUrl: string;
  graphApiVersion: string;
  /** Creating only: on at once. */
  enabled: boolean;
}

export type MessengerField =
  | 'name'
  | 'accessToken'
  | 'appSecret'
  | 'pageId'
  | 'instagramAccountId'
  | 'humanAgentTag'
  | 'graphApiUrl'
  | 'graphApiVersion';

export interface MessengerFieldError {
  field: MessengerField;
  message: string;
}

export interface MessengerInput {
  name: string;
  enabled: boolean;
  settings: MessengerSettings;
  /** Absent: keep the saved token. */
  accessToken?: string;
  /** Absent: keep the saved secret. */
  appSecret?: string;
}

export type MessengerConversion = { ok: true; input: MessengerInput } | { ok: false; errors: MessengerFieldError[] };

export function newMessengerForm(type: MessengerType): MessengerForm {
  return {
    name: type === 'instagram' ? 'Instagram' : 'Messenger',
    accessToken: '',
    appSecret: '',
    pageId: '',
    instagramAccountId: '',
    humanAgentTag: false,
    graphApiUrl: GRAPH_API_URL,
    graphApiVersion: GRAPH_API_VERSION,
    enabled: true,
  };
}

export function messengerToForm(channel: Pick<Channel, 'name' | 'enabled' | 'settings'>): MessengerForm {
  const settings = (channel.settings as Partial<MessengerSettings> | null | undefined) ?? null;
  return {
    name: channel.name,
    accessToken: '',
    appSecret: '',
    pageId: settings?.pageId ?? '',
    instagramAccountId: settings?.instagramAccountId ?? '',
    humanAgentTag: settings?.humanAgentTag === true,
    graphApiUrl: settings?.graphApiUrl || GRAPH_API_URL,
    graphApiVersion: settings?.graphApiVersion || GRAPH_API_VERSION,
    enabled: channel.enabled,
  };
}

/**
 * The form as the request's fields, or what to correct. `creating`: the access token and the app secret are
 * required; editing sends each only when typed (an empty field keeps the saved one). Instagram needs the account's
 * id besides the page's; Messenger sends none.
 */
export function toMessengerInput(form: MessengerForm, type: MessengerType, creating: boolean): MessengerConversion {
  const errors: MessengerFieldError[] = [];
  const name = form.name.trim();
  if (name === '' || name.length > 100) {
    errors.push({ field: 'name', message: 'Give the channel a name of 1 to 100 characters.' });
  }
  const { secrets, errors: secretErrors } = checkMetaSecrets(
    form,
    creating,
    "Paste the page's access token from the Meta app (it starts with EAA…).",
  );
  errors.push(...secretErrors);
  const pageId = form.pageId.trim();
  if (!isNumericId(pageId)) {
    errors.push({
      field: 'pageId',
      message: "The page id is digits, as the page's About (Page transparency) shows it, e.g. 1111111111.",
    });
  }
  const instagramAccountId = form.instagramAccountId.trim();
  if (type === 'instagram' && !isNumericId(instagramAccountId)) {
    errors.push({
      field: 'instagramAccountId',
      message: 'The Instagram account id is digits (e.g. 17840000000000001), not the @username.',
    });
  }
  const { graphApiUrl, graphApiVersion, errors: graphErrors } = checkGraphEndpoint(form);
  errors.push(...graphErrors);
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  const settings: MessengerSettings =
    type === 'instagram'
      ? { pageId, instagramAccountId, humanAgentTag: form.humanAgentTag, graphApiUrl, graphApiVersion }
      : { pageId, humanAgentTag: form.humanAgentTag, graphApiUrl, graphApiVersion };
  return { ok: true, input: { name, enabled: form.enabled, settings, ...secrets } };
}

const SERVER_FIELDS: Record<string, MessengerField> = {
  ...META_SERVER_FIELDS,
  'settings.pageId': 'pageId',
  'settings.instagramAccountId': 'instagramAccountId',
  'settings.humanAgentTag': 'humanAgentTag',
};

/** A server validation error next to its field, or null. */
export const messengerServerError = (serverField: string | null, message: string): MessengerFieldError | null =>
  serverFieldError(serverField, message, SERVER_FIELDS);

/** POST /channels for a new page or account: both secrets as typed (the form requires them). */
export const messengerCreateBody = (
  type: MessengerType,
  { name, enabled, settings, accessToken, appSecret }: MessengerInput,
): NewMessengerChannel => ({
  type,
  name,
  enabled,
  settings,
  accessToken: accessToken ?? '',
  ...(appSecret !== undefined ? { appSecret } : {}),
});

/** PATCH /channels/{id}: the settings whole; a secret only when a new one was typed (absent: keep the saved one). */
export const messengerPatch: (input: MessengerInput) => ChannelPatch = metaPatch;
