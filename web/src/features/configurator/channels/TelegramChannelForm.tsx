import { updateChannel, type Channel } from '../../../api/routing';
import { CopyField } from '../common/CopyField';
import { ChannelTest } from './ChannelTest';
import type { ChannelFormProps } from './channelForms';
import { telegramTestText } from './channelText';
import { DeleteChannel } from './DeleteChannel';
import { TelegramChannelEditor } from './TelegramChannelEditor';
import { telegramToForm } from './telegramSettings';

/** A Telegram bot: where Telegram calls Parley, its settings, a test with its token, and deleting it. */
export function TelegramChannelForm({ channel, onChanged, onDeleted }: ChannelFormProps) {
  return (
    <>
      <TelegramWebhook channel={channel} />
      <TelegramChannelEditor
        mode="edit"
        initial={telegramToForm(channel)}
        tokenSet={channel.passwordSet === true}
        submitLabel="Save channel"
        progress="Saving channel…"
        success={(saved) => `${saved.name} saved.`}
        write={({ name, settings, botToken }) =>
          updateChannel(channel.id, { name, settings, ...(botToken !== undefined ? { botToken } : {}) })
        }
        onSaved={onChanged}
      />
      <ChannelTest
        channelId={channel.id}
        title="Test bot"
        hint="Asks Telegram about the bot with the saved token (save your changes first). No message is sent."
        buttonLabel="Test bot"
        progress="Asking Telegram…"
        describe={telegramTestText}
      />
      <DeleteChannel
        channel={channel}
        onDeleted={onDeleted}
        hint="Parley forgets the token and removes the bot's webhook; the bot stays yours in Telegram. To stop it for a while, switch it off instead."
        consequence="Messages to the bot no longer reach Parley."
      />
    </>
  );
}

/** Webhook mode: the address Telegram calls, and what may keep it from reaching Parley. */
function TelegramWebhook({ channel }: { channel: Channel }) {
  const webhook = (channel.settings as { mode?: string } | null | undefined)?.mode !== 'polling';
  if (!webhook) {
    return null;
  }
  return (
    <div className="cfg-webchat-embed">
      {channel.webhookUrl && (
        <CopyField
          label="Webhook URL"
          value={channel.webhookUrl}
          copyLabel="Copy URL"
          hint="Parley gives Telegram this address when the channel is saved; there is nothing to paste anywhere."
        />
      )}
      {channel.webhookWarning && (
        <p className="cfg-field-error" role="note">
          {channel.webhookWarning}. Choose polling, or start Parley with a public HTTPS address (--public-url).
        </p>
      )}
    </div>
  );
}
