import { updateChannel } from '../../../api/routing';
import { ChannelTest } from './ChannelTest';
import type { ChannelFormProps } from './channelForms';
import { connectionTestText } from './channelText';
import { DeleteChannel } from './DeleteChannel';
import { SmppChannelEditor } from './SmppChannelEditor';
import { smppToForm } from './smppSettings';

/** An SMS channel over SMPP: its settings, a test bind with the saved ones, and deleting it. */
export function SmppChannelForm({ channel, onChanged, onDeleted }: ChannelFormProps) {
  return (
    <>
      <SmppChannelEditor
        mode="edit"
        initial={smppToForm(channel)}
        passwordSet={channel.passwordSet === true}
        submitLabel="Save channel"
        progress="Saving channel…"
        success={(saved) => `${saved.name} saved.`}
        write={({ name, settings, password }) =>
          updateChannel(channel.id, { name, settings, ...(password !== undefined ? { password } : {}) })
        }
        onSaved={onChanged}
      />
      <ChannelTest
        channelId={channel.id}
        title="Test connection"
        hint="Connects to the SMS center with the saved settings (save your changes first) and shows its answer. No message is sent."
        buttonLabel="Test connection"
        progress="Connecting to the SMS center…"
        describe={connectionTestText}
      />
      <DeleteChannel channel={channel} onDeleted={onDeleted} />
    </>
  );
}
