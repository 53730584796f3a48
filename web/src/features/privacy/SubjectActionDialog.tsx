import { useId, useState } from 'react';
import type { Subject, SubjectAction } from '../../api/types';
import { formatDateTime } from '../../format';
import { Modal } from '../configurator/common/Modal';
import { TypedConfirmForm } from '../configurator/common/TypedConfirmForm';
import type { ActionState } from '../configurator/common/useAction';
import { ACTION_CONSEQUENCES, ACTION_LABELS, confirmWord, isConfirmed, reachLines, subjectTitle } from './subjectText';

interface SubjectActionDialogProps {
  subject: Subject;
  action: SubjectAction;
  /** The request's state: its progress disables the buttons, its error stays in the dialog. */
  state: ActionState;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Anonymising or erasing a customer, confirmed by typing the action's word: says exactly what happens and what it
 * reaches. Focus starts in the word's field; Escape, Cancel and × close it and hand focus back.
 */
export function SubjectActionDialog(props: SubjectActionDialogProps) {
  const [typed, setTyped] = useState('');
  const explanationId = useId();
  const name = props.subject.contact.name?.trim() ? subjectTitle(props.subject) : null;
  const title = `${ACTION_LABELS[props.action].confirm}${name ? `: ${name}` : ''}`;
  return (
    <Modal title={title} onClose={props.onCancel} describedBy={explanationId} role="dialog">
      <SubjectActionConfirm {...props} typed={typed} onTyped={setTyped} explanationId={explanationId} />
    </Modal>
  );
}

interface SubjectActionConfirmProps extends SubjectActionDialogProps {
  typed: string;
  onTyped: (typed: string) => void;
  explanationId: string;
}

/** The dialog's content, apart so it can be seen with a word typed. */
export function SubjectActionConfirm({
  subject,
  action,
  state,
  onConfirm,
  onCancel,
  typed,
  onTyped,
  explanationId,
}: SubjectActionConfirmProps) {
  const base = useId();
  const { contact } = subject;
  const known = [contact.email, contact.phone].filter(Boolean).join(', ');

  return (
    <TypedConfirmForm
      className="privacy-confirm"
      word={confirmWord(action)}
      confirmed={isConfirmed(typed, action)}
      typed={typed}
      onTyped={onTyped}
      confirmLabel={ACTION_LABELS[action].confirm}
      state={state}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p className="muted privacy-confirm-who">
        Contact <code>{contact.id}</code>
        {known && `: ${known}`}
      </p>
      <div id={explanationId}>
        <p>{ACTION_CONSEQUENCES[action]}</p>
        <p>
          <strong>This cannot be undone.</strong>
        </p>
      </div>
      <div>
        <p className="privacy-confirm-reach" id={`${base}-reach`}>
          It reaches:
        </p>
        <ul className="privacy-list privacy-confirm-list" aria-labelledby={`${base}-reach`}>
          {reachLines(subject).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {action === 'anonymise' && subject.anonymisedAt && (
          <p className="field-hint">
            Anonymised already on {formatDateTime(subject.anonymisedAt)}; anonymising again also covers anything added
            since.
          </p>
        )}
      </div>
    </TypedConfirmForm>
  );
}
