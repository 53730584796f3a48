import { useId, useState } from 'react';
import { rotateContactKeys } from '../../api/endpoints';
import { ActionError, ActionLive } from '../configurator/common/ActionStatus';
import { ConfirmDialog } from '../configurator/common/ConfirmDialog';
import { useAction, type Action, type ActionState } from '../configurator/common/useAction';
import {
  CONTACT_KEYS_EXPLANATION,
  CONTACT_KEYS_TITLE,
  CONTACT_KEYS_WHEN,
  ROTATE_LABEL,
  ROTATE_PROGRESS,
  ROTATE_QUESTION,
  ROTATE_TITLE,
  rotatedNotice,
} from './contactKeyRotation';

/** "Rotate contact keys": confirmed first, then a new key wraps every customer's key; nothing is lost. */
export function ContactKeysSection() {
  const [confirming, setConfirming] = useState(false);
  const rotate = useAction();
  const steps = contactKeysSteps(rotate, setConfirming);
  return (
    <ContactKeysView
      confirming={confirming}
      rotate={rotate}
      onRotate={steps.ask}
      onConfirm={() => void steps.confirm()}
      onCancel={steps.cancel}
    />
  );
}

/** What the section's buttons do, apart from React so a test can follow them. */
export function contactKeysSteps(rotate: Action, setConfirming: (open: boolean) => void) {
  return {
    /** "Rotate contact keys": the confirmation opens; a last success or error is forgotten. */
    ask() {
      rotate.reset();
      setConfirming(true);
    },
    /** Cancel, Escape or ×: nothing is sent. */
    cancel() {
      rotate.reset();
      setConfirming(false);
    },
    /** The dialog's button: the POST; its answer closes the dialog, a failure keeps it open with its error. */
    async confirm() {
      const rewrapped = await rotate.run(ROTATE_PROGRESS, rotateContactKeys, rotatedNotice);
      if (rewrapped !== undefined) {
        setConfirming(false);
      }
    },
  };
}

export interface ContactKeysViewProps {
  /** The confirmation is open. */
  confirming: boolean;
  rotate: ActionState;
  onRotate: () => void;
  onConfirm: () => void;
  onCancel: () => void;
}

/** The section and its confirmation, as the state given says. */
export function ContactKeysView({ confirming, rotate, onRotate, onConfirm, onCancel }: ContactKeysViewProps) {
  const base = useId();
  return (
    <section className="config-card privacy-keys" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`}>{CONTACT_KEYS_TITLE}</h3>
      <p id={`${base}-what`}>{CONTACT_KEYS_EXPLANATION}</p>
      <p className="field-hint">{CONTACT_KEYS_WHEN}</p>
      {/* While the confirmation is open its error is shown in it. */}
      {!confirming && <ActionError action={rotate} />}
      <div className="form-actions">
        <button
          className="button"
          type="button"
          aria-describedby={`${base}-what`}
          disabled={rotate.pending !== null}
          onClick={onRotate}
        >
          {ROTATE_LABEL}
        </button>
        <ActionLive action={rotate} />
      </div>
      {confirming && (
        <ConfirmDialog
          title={ROTATE_TITLE}
          question={ROTATE_QUESTION}
          confirmLabel={ROTATE_LABEL}
          danger={false}
          action={rotate}
          onConfirm={onConfirm}
          onCancel={onCancel}
        />
      )}
    </section>
  );
}
