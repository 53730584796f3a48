// The API channel's webhook: the PATCH its form sends, and its signing secret, which Parley makes (when a URL is
// saved and there is none yet, or on "Make a new secret") and answers once.
import type { RoutingSettingsAnswer, RoutingSettingsPatch } from '../../../api/routing';
import { isWebhookUrlAcceptable } from './channelText';

/**
 * The PATCH for the URL typed in the form (trimmed), or why it is not sent. http:// goes too: a server started with
 * --webhook-allow-private takes it, the others say why not. Never a secret: Parley makes it.
 */
export function webhookPatch(url: string): { patch: RoutingSettingsPatch } | { problem: string } {
  const trimmed = url.trim();
  if (!isWebhookUrlAcceptable(trimmed)) {
    return { problem: 'The webhook URL must start with https://, or be empty.' };
  }
  return { patch: { apiWebhookUrl: trimmed } };
}

export interface WebhookSecretView {
  /** "Make a new secret" was asked: the confirmation is open. */
  confirming: boolean;
  /** The secret the last save or "Make a secret" made, shown until Done; Parley never answers it again. */
  shown: string | null;
}

export const NO_SECRET_SHOWN: WebhookSecretView = { confirming: false, shown: null };

export type WebhookSecretEvent =
  /** A save's answer, or one of POST …/webhook-secret. */
  | { kind: 'saved' | 'made'; answer: RoutingSettingsAnswer }
  /** "Make a new secret": confirm first. */
  | { kind: 'ask' }
  | { kind: 'cancel' }
  /** Done: the secret is dropped from the page. */
  | { kind: 'done' };

/** The secret shown, and the confirmation, after `event`. */
export function webhookSecretAfter(view: WebhookSecretView, event: WebhookSecretEvent): WebhookSecretView {
  switch (event.kind) {
    case 'saved':
      // A save that made no secret leaves the one shown (still the valid one) until Done.
      return { ...view, shown: event.answer.apiWebhookSecret ?? view.shown };
    case 'made':
      return { confirming: false, shown: event.answer.apiWebhookSecret ?? view.shown };
    case 'ask':
      return { ...view, confirming: true };
    case 'cancel':
      return { ...view, confirming: false };
    case 'done':
      return { ...view, shown: null };
  }
}

/** The button that makes a secret: a new one replaces the set one, an older tenant may have none. */
export const makeSecretLabel = (secretSet: boolean): string => (secretSet ? 'Make a new secret' : 'Make a secret');

/** Whether the signing secret is set, and what that means, under the saved webhook URL. */
export function secretStateText(secretSet: boolean, savedUrl: string): { state: string; meaning: string } {
  if (secretSet) {
    return {
      state: 'Secret: set.',
      meaning:
        'Parley signs every reply with it (X-Parley-Signature), and never shows it again. A new one replaces it at once.',
    };
  }
  if (savedUrl !== '') {
    return {
      state: 'Secret: none.',
      meaning: 'Replies fail until one is made: Parley never sends them unsigned.',
    };
  }
  return {
    state: 'Secret: none.',
    meaning: 'Parley makes one when a webhook URL is saved, and shows it once.',
  };
}
