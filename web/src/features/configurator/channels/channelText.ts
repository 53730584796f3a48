// Words for channel facts: test results, capabilities, reply windows, connection states.
import type { ChannelCapabilities, ChannelStatus, ChannelTestResult } from '../../../api/routing';
import { describeDuration } from '../settings/duration';

export function testResultText(result: ChannelTestResult): string {
  if (result.ok) {
    return result.status !== null
      ? `Test sent: the webhook answered HTTP ${result.status}.`
      : 'Test sent successfully.';
  }
  const detail = result.error ?? (result.status !== null ? `the webhook answered HTTP ${result.status}` : 'no answer');
  return `Test failed: ${detail}.`.replace(/\.\.$/, '.');
}

type CapabilityFlag = Exclude<keyof ChannelCapabilities, 'maxChoices' | 'humanAgentWindowSeconds'>;

const CAPABILITY_NAMES: Record<CapabilityFlag, string> = {
  text: 'text',
  media: 'media',
  choices: 'buttons and choices',
  location: 'locations',
  typing: 'typing indicators',
  readReceipts: 'read receipts',
  templates: 'message templates',
};

export function capabilitiesText(capabilities: ChannelCapabilities): string {
  const names = (Object.keys(CAPABILITY_NAMES) as CapabilityFlag[])
    .filter((key) => capabilities[key])
    .map((key) => CAPABILITY_NAMES[key]);
  return names.length === 0 ? 'nothing yet' : names.join(', ');
}

/**
 * The channel's reply window in words; `humanAgentSeconds` (Messenger and Instagram pages with Meta's Human Agent
 * permission): how long replies tagged as a human agent's still go after it.
 */
export function replyWindowText(seconds: number | null, humanAgentSeconds: number | null = null): string {
  if (seconds === null) {
    return 'Agents can reply at any time.';
  }
  const window = `Free-form replies within ${describeDuration(seconds)} of the customer's last message`;
  return humanAgentSeconds === null || humanAgentSeconds <= seconds
    ? `${window}.`
    : `${window}, then tagged as a human agent's up to ${describeDuration(humanAgentSeconds)} after it.`;
}

/** The full address of a path on this server, e.g. the inbound endpoint to give an integrator. */
export const absoluteUrl = (origin: string, path: string): string =>
  /^https?:\/\//i.test(path) ? path : `${origin}${path.startsWith('/') ? '' : '/'}${path}`;

/** An http(s) URL or nothing; the server checks the rest. */
export const isWebhookUrlAcceptable = (url: string): boolean => url === '' || /^https?:\/\/\S+$/i.test(url);

/** A connection test's result (SMPP: a real bind with the saved settings). */
export function connectionTestText(result: ChannelTestResult): string {
  if (result.ok) {
    return 'Connected: the SMS center accepted the saved settings.';
  }
  return `Connection failed: ${result.error ?? 'no answer'}.`.replace(/\.\.$/, '.');
}

/** A web chat channel's test: the server only says whether the widget is on. */
export function webchatTestText(result: ChannelTestResult): string {
  if (result.ok) {
    return 'Ready: pages of the allowed sites (and the demo page) can show the chat.';
  }
  return `Not ready: ${result.error ?? 'no answer'}.`.replace(/\.\.$/, '.');
}

/** A Telegram bot's test (getMe with its token). */
export function telegramTestText(result: ChannelTestResult): string {
  if (result.ok) {
    return 'Telegram knows the bot: the token works.';
  }
  return `Telegram did not accept the bot: ${result.error ?? 'no answer'}.`.replace(/\.\.$/, '.');
}

/** A Viber bot's test (get_account_info with its token). */
export function viberTestText(result: ChannelTestResult): string {
  if (result.ok) {
    return 'Viber knows the bot: the token works.';
  }
  return `Viber did not accept the bot: ${result.error ?? 'no answer'}.`.replace(/\.\.$/, '.');
}

/** A WhatsApp number's test (Graph API: the phone number, read with the access token). */
export function whatsappTestText(result: ChannelTestResult): string {
  if (result.ok) {
    return 'Meta knows the number: the access token works.';
  }
  return `Meta did not accept the number: ${result.error ?? 'no answer'}.`.replace(/\.\.$/, '.');
}

/** A Facebook page's or Instagram account's test (Graph API: the page, read with its access token). */
export function messengerTestText(result: ChannelTestResult): string {
  if (result.ok) {
    return 'Meta knows the page: the access token works.';
  }
  return `Meta did not accept the page: ${result.error ?? 'no answer'}.`.replace(/\.\.$/, '.');
}

const STATE_WORDS: Record<string, string> = {
  bound: 'Connected',
  connected: 'Connected',
  ready: 'Ready',
  connecting: 'Connecting',
  disconnected: 'Disconnected',
  refused: 'Credentials refused',
  disabled: 'Disabled',
};

/** The connection state in words: "bound" → "Connected". */
export const channelStateText = (state: string): string => STATE_WORDS[state] ?? state;

export type StatusTone = 'ok' | 'pending' | 'problem' | 'off';

const STATE_TONES: Record<string, StatusTone> = {
  bound: 'ok',
  connected: 'ok',
  ready: 'ok',
  connecting: 'pending',
  disconnected: 'problem',
  refused: 'problem',
  disabled: 'off',
};

/** How the state is coloured: connected, on the way, needs attention, switched off. */
export const channelStateTone = (state: string): StatusTone => STATE_TONES[state] ?? 'problem';

/**
 * The server's detail and the time the state began, e.g. "Bound to SMSC1. Since 5 Dec 2026, 07:01."; empty when
 * there is neither. `formatTime` writes the ISO time for people.
 */
export function channelStatusDetail(status: ChannelStatus, formatTime: (iso: string) => string): string {
  const detail = status.detail.trim().replace(/\.+$/, '');
  const sentences = [
    detail === '' ? null : `${detail.charAt(0).toUpperCase()}${detail.slice(1)}.`,
    status.since ? `Since ${formatTime(status.since)}.` : null,
  ];
  return sentences.filter(Boolean).join(' ');
}
