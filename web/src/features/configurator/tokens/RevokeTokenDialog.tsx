import { useId, useState } from 'react';
import type { ApiToken } from '../../../api/tokens';
import { Modal } from '../common/Modal';
import { TypedConfirmForm } from '../common/TypedConfirmForm';
import type { ActionState } from '../common/useAction';
import { isRevokeTyped, REVOKE_WORD } from './tokenForm';

interface RevokeTokenDialogProps {
  token: ApiToken;
  /** The request's state: its progress disables the buttons, its error stays in the dialog. */
  state: ActionState;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Revoking a token, confirmed by typing "revoke": whatever uses it stops at once, and it cannot be undone. */
export function RevokeTokenDialog({ token, state, onConfirm, onCancel }: RevokeTokenDialogProps) {
  const [typed, setTyped] = useState('');
  const explanationId = useId();
  return (
    <Modal title={`Revoke the token “${token.name}”`} onClose={onCancel} describedBy={explanationId} role="dialog">
      <TypedConfirmForm
        word={REVOKE_WORD}
        confirmed={isRevokeTyped(typed)}
        typed={typed}
        onTyped={setTyped}
        confirmLabel="Revoke token"
        state={state}
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <div className="cfg-reset-explanation" id={explanationId}>
          <p>
            Whatever uses this token stops working at once: its requests are refused and its live connections close.
            What it wrote stays in the conversations.
          </p>
          <p>
            <strong>This cannot be undone.</strong> To connect the integration again, create a new token and give it
            the new secret.
          </p>
        </div>
      </TypedConfirmForm>
    </Modal>
  );
}
