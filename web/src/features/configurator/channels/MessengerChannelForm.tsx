import { updateChannel } from '../../../api/routing';
import { ChannelTest } from './ChannelTest';
import type { ChannelFormProps } from './channelForms';
import { messengerTestText } from './channelText';
import { DeleteChannel } from './DeleteChannel';
import { MessengerChannelEditor } from './MessengerChannelEditor';
import { messengerPatch, messengerToForm, type MessengerType } from './messengerSettings';
import { metaSecretsSet } from './metaSettings';
import { MESSENGER_WEBHOOK_STEPS, MetaWebhook } from './MetaWebhook';

/**
 * A Facebook page (Messenger) or an Instagram professional account: what to paste into the Meta app, its settings,
 * a test with its token, and deleting it.
 */
export function MessengerChannelForm({ channel, onChanged, onDeleted }: ChannelFormProps) {
  const type: MessengerType = channel.type === 'instagram' ? 'instagram' : 'messenger';
  const what = type === 'instagram' ? 'account' : 'page';
  return (
    <>
      <MetaWebhook
        channel={channel}
        steps={MESSENGER_WEBHOOK_STEPS}
        calls={`the ${what}'s messages, postbacks, delivery reports and reactions`}
      />
      <MessengerChannelEditor
        type={type}
        mode="edit"
        initial={messengerToForm(channel)}
        secretsSet={metaSecretsSet(channel)}
        submitLabel="Save channel"
        progress="Saving channel…"
        success={(saved) => `${saved.name} saved.`}
        write={(input) => updateChannel(channel.id, messengerPatch(input))}
        onSaved={onChanged}
      />
      <ChannelTest
        channelId={channel.id}
        title={type === 'instagram' ? 'Test account' : 'Test page'}
        hint={`Asks Meta about the ${what} with the saved access token (save your changes first). No message is sent.`}
        buttonLabel={type === 'instagram' ? 'Test account' : 'Test page'}
        progress="Asking Meta…"
        describe={messengerTestText}
      />
      <DeleteChannel
        channel={channel}
        onDeleted={onDeleted}
        hint={`Parley forgets the access token and the app secret; the ${what} stays yours. Remove the webhook in your Meta app too. To stop it for a while, switch it off instead.`}
        consequence={`Messages to the ${what} no longer reach Parley.`}
      />
    </>
  );
}
