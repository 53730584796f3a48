import { useId, useState } from 'react';
import type { Tenant } from '../../../api/types';
import { Modal } from '../common/Modal';
import { TypedConfirmForm } from '../common/TypedConfirmForm';
import type { ActionState } from '../common/useAction';
import { isTenantNameTyped, TENANT_GRACE_DAYS } from './tenantText';

interface DeleteTenantDialogProps {
  tenant: Tenant;
  /** The request's state: its progress disables the buttons, its error stays in the dialog. */
  state: ActionState;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Deleting the workspace, confirmed by typing its exact name (as the privacy console's anonymise and erase are).
 * Focus starts in the name's field; Escape, Cancel and × close it and hand focus back.
 */
export function DeleteTenantDialog(props: DeleteTenantDialogProps) {
  const [typed, setTyped] = useState('');
  const explanationId = useId();
  return (
    <Modal title="Delete this workspace" onClose={props.onCancel} describedBy={explanationId} role="dialog">
      <DeleteTenantConfirm {...props} typed={typed} onTyped={setTyped} explanationId={explanationId} />
    </Modal>
  );
}

interface DeleteTenantConfirmProps extends DeleteTenantDialogProps {
  typed: string;
  onTyped: (typed: string) => void;
  explanationId: string;
}

/** The dialog's content, apart so it can be seen with a name typed. */
export function DeleteTenantConfirm({
  tenant,
  state,
  onConfirm,
  onCancel,
  typed,
  onTyped,
  explanationId,
}: DeleteTenantConfirmProps) {
  return (
    <TypedConfirmForm
      word={tenant.name}
      confirmed={isTenantNameTyped(typed, tenant.name)}
      typed={typed}
      onTyped={onTyped}
      confirmLabel="Delete workspace"
      state={state}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <div id={explanationId}>
        <p>
          Everyone in “{tenant.name}”, you too, is signed out at once and its channels stop. After{' '}
          {TENANT_GRACE_DAYS} days all its conversations, contacts and users are destroyed.
        </p>
        <p>
          <strong>Only an operator of this server can restore it, and only within {TENANT_GRACE_DAYS} days.</strong>
        </p>
      </div>
    </TypedConfirmForm>
  );
}
