import { updateChannel } from '../../../api/routing';
import { ChannelWebhook } from './ChannelWebhook';
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
      {(channel.settings as { mode?: string } | null | undefined)?.mode !== 'polling' && (
        <ChannelWebhook
          channel={channel}
          provider="Telegram"
          advice="Choose polling, or start Parley with a public HTTPS address (--public-url)."
        />
      )}
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
