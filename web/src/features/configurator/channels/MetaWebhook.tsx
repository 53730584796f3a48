import type { Channel } from '../../../api/routing';
import { CopyField } from '../common/CopyField';

export const WHATSAPP_WEBHOOK_STEPS =
  'In your Meta app: WhatsApp → Configuration → Webhook: paste the callback URL and verify token, then subscribe to the messages field.';

export const MESSENGER_WEBHOOK_STEPS =
  'In your Meta app: Messenger → Settings → Webhooks (Instagram: Instagram → Webhooks): paste the callback URL and verify token, subscribe to messages, messaging_postbacks, message_deliveries, message_reactions.';

interface MetaWebhookProps {
  channel: Channel;
  /** Where in the Meta app the webhook is set up, and what to subscribe to. */
  steps: string;
  /** What Meta calls the address with, e.g. "the number's messages and delivery reports". */
  calls: string;
}

/**
 * What the admin pastes into the Meta app so that Meta calls this channel (WhatsApp, Messenger, Instagram): the
 * callback URL and the verify token (derived from the app secret, so there is none until one is saved), and what
 * may keep Meta out.
 */
export function MetaWebhook({ channel, steps, calls }: MetaWebhookProps) {
  const verifyToken = channel.verifyToken ?? '';
  return (
    <div className="cfg-webchat-embed cfg-meta-webhook">
      <p className="field-hint">{steps}</p>
      {channel.webhookUrl && (
        <CopyField
          label="Callback URL"
          value={channel.webhookUrl}
          copyLabel="Copy URL"
          hint={`Meta calls this address with ${calls}.`}
        />
      )}
      {verifyToken !== '' ? (
        <CopyField
          label="Verify token"
          value={verifyToken}
          copyLabel="Copy token"
          hint="Meta sends it back once to check the callback URL. It changes with the app secret: paste it again after changing the secret."
        />
      ) : (
        <p className="cfg-field-error" role="note">
          No verify token yet: save the app secret below first; Parley derives the token from it.
        </p>
      )}
      {channel.webhookWarning && (
        <p className="cfg-field-error" role="note">
          {channel.webhookWarning}. Meta only calls public HTTPS addresses: start Parley with one (--public-url).
        </p>
      )}
    </div>
  );
}
