import type { Channel } from '../../../api/routing';
import { CopyField } from '../common/CopyField';

/** Where a provider calls Parley for this channel (set with the provider on every save), and what may keep it out. */
export function ChannelWebhook({ channel, provider, advice }: { channel: Channel; provider: string; advice: string }) {
  return (
    <div className="cfg-webchat-embed">
      {channel.webhookUrl && (
        <CopyField
          label="Webhook URL"
          value={channel.webhookUrl}
          copyLabel="Copy URL"
          hint={`Parley gives ${provider} this address when the channel is saved; there is nothing to paste anywhere.`}
        />
      )}
      {channel.webhookWarning && (
        <p className="cfg-field-error" role="note">
          {channel.webhookWarning}. {advice}
        </p>
      )}
    </div>
  );
}
