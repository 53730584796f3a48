import { updateChannel, type Channel } from '../../../api/routing';
import { CopyField } from '../common/CopyField';
import { ChannelTest } from './ChannelTest';
import type { ChannelFormProps } from './channelForms';
import { webchatTestText } from './channelText';
import { DeleteChannel } from './DeleteChannel';
import { WebchatChannelEditor } from './WebchatChannelEditor';
import { embedSnippet, webchatToForm } from './webchatSettings';

/** The web chat widget: the code a site embeds, the demo page, its settings, a test, and deleting it. */
export function WebchatChannelForm({ channel, onChanged, onDeleted }: ChannelFormProps) {
  return (
    <>
      <WebchatEmbed channel={channel} />
      <WebchatChannelEditor
        mode="edit"
        initial={webchatToForm(channel)}
        submitLabel="Save channel"
        progress="Saving channel…"
        success={(saved) => `${saved.name} saved.`}
        write={({ name, settings }) => updateChannel(channel.id, { name, settings })}
        onSaved={onChanged}
      />
      <ChannelTest
        channelId={channel.id}
        title="Test"
        hint="Checks that the widget is on and can be embedded. To try it as a visitor, open the demo page."
        buttonLabel="Test channel"
        progress="Checking the widget…"
        describe={webchatTestText}
      />
      <DeleteChannel
        channel={channel}
        onDeleted={onDeleted}
        hint="Parley forgets the settings, and the chat disappears from every site that embeds it. To stop it for a while, switch it off instead."
        consequence="The chat disappears at once from every site that embeds it."
      />
    </>
  );
}

/** The script tag a site pastes into its pages, and Parley's own page with the widget on it. */
function WebchatEmbed({ channel }: { channel: Channel }) {
  const origin = window.location.origin;
  return (
    <div className="cfg-webchat-embed">
      {channel.embedPath && (
        <CopyField
          label="Embed code"
          value={embedSnippet(origin, channel.embedPath)}
          copyLabel="Copy code"
          hint="Paste it into the pages of your site, just before </body>. The site must be on the allowed list below."
        />
      )}
      {channel.demoPath && (
        <p className="cfg-webchat-demo">
          <a href={channel.demoPath} target="_blank" rel="noopener">
            Open the demo page
          </a>{' '}
          <span className="field-hint">(a page of Parley's with the chat on it, in a new tab)</span>
        </p>
      )}
    </div>
  );
}
