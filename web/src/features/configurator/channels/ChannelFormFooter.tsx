// The end of a channel's settings form: what must be corrected first (or why saving failed), then Save and
// Cancel. Shared by the SMS and web chat editors.
import type { RefObject } from 'react';
import { ActionError, ActionLive } from '../common/ActionStatus';
import type { ActionState } from '../common/useAction';

interface ChannelFormFooterProps {
  /** Problems found before saving; the summary takes focus when the editor asks it to. */
  errors: readonly { field: string; message: string }[];
  summaryRef: RefObject<HTMLDivElement>;
  save: ActionState;
  submitLabel: string;
  onCancel?: () => void;
}

export function ChannelFormFooter({ errors, summaryRef, save, submitLabel, onCancel }: ChannelFormFooterProps) {
  return (
    <>
      {errors.length > 0 ? (
        <div className="form-error" role="alert" tabIndex={-1} ref={summaryRef}>
          <p>Please correct {errors.length === 1 ? 'this' : 'these'} first:</p>
          <ul>
            {errors.map((error) => (
              <li key={error.field}>{error.message}</li>
            ))}
          </ul>
        </div>
      ) : (
        <ActionError action={save} />
      )}
      <div className="form-actions">
        <button className="button button-primary" type="submit" disabled={save.pending !== null}>
          {submitLabel}
        </button>
        {onCancel && (
          <button className="button" type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <ActionLive action={save} />
      </div>
    </>
  );
}
