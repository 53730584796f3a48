// Words for channel facts: test results, capabilities, reply windows.
import type { ChannelCapabilities, ChannelTestResult } from '../../../api/routing';
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

const CAPABILITY_NAMES: Record<keyof ChannelCapabilities, string> = {
  text: 'text',
  media: 'media',
  choices: 'buttons and choices',
  location: 'locations',
};

export function capabilitiesText(capabilities: ChannelCapabilities): string {
  const names = (Object.keys(CAPABILITY_NAMES) as (keyof ChannelCapabilities)[])
    .filter((key) => capabilities[key])
    .map((key) => CAPABILITY_NAMES[key]);
  return names.length === 0 ? 'nothing yet' : names.join(', ');
}

export function replyWindowText(seconds: number | null): string {
  return seconds === null
    ? 'Agents can reply at any time.'
    : `Free-form replies within ${describeDuration(seconds)} of the customer's last message.`;
}

/** The full address of a path on this server, e.g. the inbound endpoint to give an integrator. */
export const absoluteUrl = (origin: string, path: string): string =>
  /^https?:\/\//i.test(path) ? path : `${origin}${path.startsWith('/') ? '' : '/'}${path}`;

/** An http(s) URL or nothing; the server checks the rest. */
export const isWebhookUrlAcceptable = (url: string): boolean => url === '' || /^https?:\/\/\S+$/i.test(url);
