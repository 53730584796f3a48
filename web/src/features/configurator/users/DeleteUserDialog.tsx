import { useId, useState } from 'react';
import type { User } from '../../../api/types';
import { Modal } from '../common/Modal';
import { TypedConfirmForm } from '../common/TypedConfirmForm';
import type { ActionState } from '../common/useAction';
import { isRoutedRole } from './roles';
import { DELETE_WORD, isDeactivated, isDeleteTyped, userName } from './userLifecycle';

interface DeleteUserDialogProps {
  user: User;
  /** The request's state: its progress disables the buttons, its error stays in the dialog. */
  state: ActionState;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Deleting a user, confirmed by typing "delete" (as the privacy console's erase): their personal data is erased and
 * it cannot be undone. Focus starts in the word's field; Escape, Cancel and × close it and hand focus back.
 */
export function DeleteUserDialog(props: DeleteUserDialogProps) {
  const [typed, setTyped] = useState('');
  const explanationId = useId();
  return (
    <Modal title={`Delete ${userName(props.user)}`} onClose={props.onCancel} describedBy={explanationId} role="dialog">
      <DeleteUserConfirm {...props} typed={typed} onTyped={setTyped} explanationId={explanationId} />
    </Modal>
  );
}

interface DeleteUserConfirmProps extends DeleteUserDialogProps {
  typed: string;
  onTyped: (typed: string) => void;
  explanationId: string;
}

/** The dialog's content, apart so it can be seen with the word typed. */
export function DeleteUserConfirm({ user, state, onConfirm, onCancel, typed, onTyped, explanationId }: DeleteUserConfirmProps) {
  const name = userName(user);
  return (
    <TypedConfirmForm
      word={DELETE_WORD}
      confirmed={isDeleteTyped(typed)}
      typed={typed}
      onTyped={onTyped}
      confirmLabel="Delete user"
      state={state}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {user.displayName && <p className="muted">{user.email}</p>}
      <div className="cfg-reset-explanation" id={explanationId}>
        <p>
          {name}’s email address, name, password and second factor are erased, they are signed out now, and API
          tokens they made are revoked.
          {isRoutedRole(user.role) && ' Their conversations go back to the queue for others to take.'}
        </p>
        <p>Their old messages stay, shown as written by “Deleted user”, and the audit log keeps their id.</p>
        <p>
          <strong>This cannot be undone.</strong>
          {!isDeactivated(user) && ' To stop them signing in for a while, deactivate them instead.'}
        </p>
      </div>
    </TypedConfirmForm>
  );
}
