import { useState } from 'react';
import { deleteChannel, type Channel } from '../../../api/routing';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useAction } from '../common/useAction';

interface DeleteChannelProps {
  channel: Channel;
  onDeleted: (channel: Channel) => void;
  /** What deleting forgets, under the title (SMPP's words by default). */
  hint?: string;
  /** What happens at once, in the confirmation; "This cannot be undone." follows. */
  consequence?: string;
}

const SMPP_HINT =
  'Parley disconnects and forgets the settings and the password. To stop it for a while, switch it off instead.';
const SMPP_CONSEQUENCE = 'Parley disconnects at once and no longer receives or sends messages on it.';

/** "Delete channel", confirmed in a dialog; switching it off is offered as the gentler way. */
export function DeleteChannel({ channel, onDeleted, hint = SMPP_HINT, consequence = SMPP_CONSEQUENCE }: DeleteChannelProps) {
  const [confirming, setConfirming] = useState(false);
  const remove = useAction();

  async function confirm() {
    const done = await remove.run(
      'Deleting channel…',
      () => deleteChannel(channel.id).then(() => true),
      `${channel.name} deleted.`,
    );
    if (done) {
      setConfirming(false);
      onDeleted(channel);
    }
  }

  return (
    <div className="cfg-channel-delete">
      <h4>Delete</h4>
      <p className="field-hint">{hint}</p>
      <div className="form-actions">
        <button
          className="button"
          type="button"
          onClick={() => {
            remove.reset();
            setConfirming(true);
          }}
        >
          Delete channel
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title="Delete channel"
          question={`Delete the channel “${channel.name}”? ${consequence} This cannot be undone.`}
          confirmLabel="Delete channel"
          action={remove}
          onConfirm={() => void confirm()}
          onCancel={() => {
            remove.reset();
            setConfirming(false);
          }}
        />
      )}
    </div>
  );
}
