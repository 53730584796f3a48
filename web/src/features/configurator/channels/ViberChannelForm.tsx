import { updateChannel } from '../../../api/routing';
import { ChannelTest } from './ChannelTest';
import type { ChannelFormProps } from './channelForms';
import { viberTestText } from './channelText';
import { ChannelWebhook } from './ChannelWebhook';
import { DeleteChannel } from './DeleteChannel';
import { ViberChannelEditor } from './ViberChannelEditor';
import { viberToForm } from './viberSettings';

/** A Viber bot: where Viber calls Parley, its settings, a test with its token, and deleting it. */
export function ViberChannelForm({ channel, onChanged, onDeleted }: ChannelFormProps) {
  return (
    <>
      <ChannelWebhook
        channel={channel}
        provider="Viber"
        advice="Viber only calls public HTTPS addresses: start Parley with one (--public-url)."
      />
      <ViberChannelEditor
        mode="edit"
        initial={viberToForm(channel)}
        tokenSet={channel.passwordSet === true}
        submitLabel="Save channel"
        progress="Saving channel…"
        success={(saved) => `${saved.name} saved.`}
        write={({ name, settings, authToken }) =>
          updateChannel(channel.id, { name, settings, ...(authToken !== undefined ? { authToken } : {}) })
        }
        onSaved={onChanged}
      />
      <ChannelTest
        channelId={channel.id}
        title="Test bot"
        hint="Asks Viber about the bot with the saved token (save your changes first). No message is sent."
        buttonLabel="Test bot"
        progress="Asking Viber…"
        describe={viberTestText}
      />
      <DeleteChannel
        channel={channel}
        onDeleted={onDeleted}
        hint="Parley forgets the token and removes the bot's webhook; the bot stays yours in Viber. To stop it for a while, switch it off instead."
        consequence="Messages to the bot no longer reach Parley."
      />
    </>
  );
}
