import { useState } from 'react';
import { deleteChannel, type Channel } from '../../../api/routing';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useAction } from '../common/useAction';

interface DeleteChannelProps {
  channel: Channel;
  onDeleted: (channel: Channel) => void;
}

/** "Delete channel", confirmed in a dialog; switching it off is offered as the gentler way. */
export function DeleteChannel({ channel, onDeleted }: DeleteChannelProps) {
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
      <p className="field-hint">
        Parley disconnects and forgets the settings and the password. To stop it for a while, switch it off instead.
      </p>
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
          question={`Delete the channel “${channel.name}”? Parley disconnects at once and no longer receives or sends messages on it. This cannot be undone.`}
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
