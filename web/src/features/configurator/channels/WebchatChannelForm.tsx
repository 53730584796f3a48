import { useId, useState } from 'react';
import { signOutVisitors, updateChannel, type Channel } from '../../../api/routing';
import { ActionError, ActionLive } from '../common/ActionStatus';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { CopyField } from '../common/CopyField';
import { useAction, type ActionState } from '../common/useAction';
import { ChannelTest } from './ChannelTest';
import type { ChannelFormProps } from './channelForms';
import { webchatTestText } from './channelText';
import { DeleteChannel } from './DeleteChannel';
import { WebchatChannelEditor } from './WebchatChannelEditor';
import { embedSnippet, webchatToForm } from './webchatSettings';

/**
 * The web chat widget: the code a site embeds, the demo page, its settings, a test, signing every visitor out, and
 * deleting it.
 */
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
      {channel.id !== '' && <WebchatVisitors channel={channel} onChanged={onChanged} />}
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

/** The words of "Sign out every visitor" and its confirmation (a browser test finds them too). */
export const SIGN_OUT_VISITORS = {
  title: 'Visitors’ sessions',
  hint:
    'A visitor’s chat stays on their browser for up to 30 days after their last visit, so they can come back to it. ' +
    'If a visitor’s session may have leaked, or someone chatted on a shared computer, sign every visitor out.',
  button: 'Sign out every visitor',
  dialogTitle: 'Sign out every visitor?',
  question: (channelName: string) =>
    `Visitors chatting on “${channelName}” now are disconnected, and each starts a new chat on their next visit: ` +
    'their page no longer shows the earlier one. Agents keep every conversation. This cannot be undone.',
  confirm: 'Sign out every visitor',
  progress: 'Signing out every visitor…',
  success: 'Every visitor was signed out.',
} as const;

/** "Sign out every visitor" (POST /channels/{id}/sign-out-visitors), confirmed in a dialog. */
function WebchatVisitors({ channel, onChanged }: { channel: Channel; onChanged: (channel: Channel) => void }) {
  const [confirming, setConfirming] = useState(false);
  const signOut = useAction();

  async function confirm() {
    const changed = await signOut.run(
      SIGN_OUT_VISITORS.progress,
      () => signOutVisitors(channel.id),
      SIGN_OUT_VISITORS.success,
    );
    if (changed) {
      // The dialog closes; focus goes back to the button, the status next to it says it is done.
      setConfirming(false);
      onChanged(changed);
    }
  }

  return (
    <WebchatVisitorsView
      channel={channel}
      confirming={confirming}
      action={signOut}
      onAsk={() => {
        signOut.reset();
        setConfirming(true);
      }}
      onConfirm={() => void confirm()}
      onCancel={() => {
        signOut.reset();
        setConfirming(false);
      }}
    />
  );
}

export interface WebchatVisitorsViewProps {
  channel: Channel;
  /** "Sign out every visitor" was clicked: the confirmation is open. Nothing is sent before it is confirmed. */
  confirming: boolean;
  /** The sign-out's state: its progress and success next to the button, its error in the dialog. */
  action: ActionState;
  onAsk: () => void;
  onConfirm: () => void;
  onCancel: () => void;
}

/** The visitors' sessions section, as the state given says. */
export function WebchatVisitorsView({
  channel,
  confirming,
  action,
  onAsk,
  onConfirm,
  onCancel,
}: WebchatVisitorsViewProps) {
  const base = useId();
  return (
    <div className="cfg-channel-visitors" role="group" aria-labelledby={`${base}-title`}>
      <h4 id={`${base}-title`}>{SIGN_OUT_VISITORS.title}</h4>
      <p className="field-hint" id={`${base}-hint`}>
        {SIGN_OUT_VISITORS.hint}
      </p>
      {!confirming && <ActionError action={action} />}
      <div className="form-actions">
        <button
          className="button"
          type="button"
          aria-describedby={`${base}-hint`}
          disabled={action.pending !== null}
          onClick={onAsk}
        >
          {SIGN_OUT_VISITORS.button}
        </button>
        <ActionLive action={action} />
      </div>
      {confirming && (
        <ConfirmDialog
          title={SIGN_OUT_VISITORS.dialogTitle}
          question={SIGN_OUT_VISITORS.question(channel.name)}
          confirmLabel={SIGN_OUT_VISITORS.confirm}
          action={action}
          onConfirm={onConfirm}
          onCancel={onCancel}
        />
      )}
    </div>
  );
}
