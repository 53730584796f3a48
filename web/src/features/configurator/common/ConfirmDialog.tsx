import { useId, useRef } from 'react';
import { ActionError } from './ActionStatus';
import { Modal } from './Modal';
import type { ActionState } from './useAction';

interface ConfirmDialogProps {
  title: string;
  question: string;
  confirmLabel: string;
  /** False for a confirmation that destroys nothing (reactivating someone): the button is a primary one. */
  danger?: boolean;
  /** The write's state: its progress disables the buttons, its error stays in the dialog. */
  action: ActionState;
  onConfirm: () => void;
  onCancel: () => void;
}

/** "Delete X?" as an alert dialog; focus starts on Cancel so Enter never destroys by accident. */
export function ConfirmDialog({
  title,
  question,
  confirmLabel,
  danger = true,
  action,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const questionId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Modal title={title} onClose={onCancel} describedBy={questionId} initialFocus={cancelRef} role="alertdialog">
      <p id={questionId}>{question}</p>
      <ActionError action={action} />
      <div className="form-actions cfg-modal-actions">
        <button className="button" type="button" ref={cancelRef} onClick={onCancel}>
          Cancel
        </button>
        <button
          className={danger ? 'button cfg-button-danger' : 'button button-primary'}
          type="button"
          onClick={onConfirm}
          disabled={action.pending !== null}
        >
          {action.pending ?? confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
