import { useId, useState } from 'react';
import type { User } from '../../../api/types';
import { Modal } from '../common/Modal';
import { TypedConfirmForm } from '../common/TypedConfirmForm';
import type { ActionState } from '../common/useAction';

/** What the admin types to confirm. */
export const RESET_WORD = 'reset';

export const isResetTyped = (typed: string): boolean => typed.trim().toLowerCase() === RESET_WORD;

interface ResetTwoFactorDialogProps {
  user: User;
  /** The request's state: its progress disables the buttons, its error stays in the dialog. */
  state: ActionState;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Removing a user's second factor (a lost phone), confirmed by typing "reset": it is audited, and until they set
 * one up again their password alone signs them in.
 */
export function ResetTwoFactorDialog({ user, state, onConfirm, onCancel }: ResetTwoFactorDialogProps) {
  const [typed, setTyped] = useState('');
  const explanationId = useId();
  const name = user.displayName || user.email;
  return (
    <Modal title={`Reset two-factor sign-in of ${name}`} onClose={onCancel} describedBy={explanationId} role="dialog">
      <TypedConfirmForm
        word={RESET_WORD}
        confirmed={isResetTyped(typed)}
        typed={typed}
        onTyped={setTyped}
        confirmLabel="Reset two-factor sign-in"
        state={state}
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <div className="cfg-reset-explanation" id={explanationId}>
          <p>
            {name}’s authenticator app and recovery codes stop working. Their next sign-in asks for the password
            alone, and if their role must use two-factor sign-in they set it up again then.
          </p>
          <p>
            <strong>Do this only once you are sure it is them asking</strong> (for example, they lost their phone).
            The reset is recorded in the audit log.
          </p>
        </div>
      </TypedConfirmForm>
    </Modal>
  );
}
