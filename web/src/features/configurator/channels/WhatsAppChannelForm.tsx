import { updateChannel } from '../../../api/routing';
import { ChannelTest } from './ChannelTest';
import type { ChannelFormProps } from './channelForms';
import { whatsappTestText } from './channelText';
import { DeleteChannel } from './DeleteChannel';
import { WhatsAppChannelEditor } from './WhatsAppChannelEditor';
import { WhatsAppTemplates } from './WhatsAppTemplates';
import { metaSecretsSet } from './metaSettings';
import { MetaWebhook, WHATSAPP_WEBHOOK_STEPS } from './MetaWebhook';
import { whatsappPatch, whatsappToForm } from './whatsappSettings';

/**
 * A WhatsApp number: what to paste into the Meta app, its settings, a test with its token, its message templates,
 * and deleting it.
 */
export function WhatsAppChannelForm({ channel, onChanged, onDeleted }: ChannelFormProps) {
  return (
    <>
      <MetaWebhook channel={channel} steps={WHATSAPP_WEBHOOK_STEPS} calls="the number's messages and delivery reports" />
      <WhatsAppChannelEditor
        mode="edit"
        initial={whatsappToForm(channel)}
        secretsSet={metaSecretsSet(channel)}
        submitLabel="Save channel"
        progress="Saving channel…"
        success={(saved) => `${saved.name} saved.`}
        write={(input) => updateChannel(channel.id, whatsappPatch(input))}
        onSaved={onChanged}
      />
      <ChannelTest
        channelId={channel.id}
        title="Test number"
        hint="Asks Meta about the phone number with the saved access token (save your changes first). No message is sent."
        buttonLabel="Test number"
        progress="Asking Meta…"
        describe={whatsappTestText}
      />
      {channel.capabilities.templates === true && <WhatsAppTemplates channel={channel} />}
      <DeleteChannel
        channel={channel}
        onDeleted={onDeleted}
        hint="Parley forgets the access token and the app secret; the number stays yours in WhatsApp Manager. Remove the webhook in your Meta app too. To stop it for a while, switch it off instead."
        consequence="Messages to the number no longer reach Parley."
      />
    </>
  );
}
