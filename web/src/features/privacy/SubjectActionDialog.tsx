import { useId, useState, type FormEvent } from 'react';
import type { Subject, SubjectAction } from '../../api/types';
import { formatDateTime } from '../../format';
import { ActionError } from '../configurator/common/ActionStatus';
import { Modal } from '../configurator/common/Modal';
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
  const word = confirmWord(action);
  const labels = ACTION_LABELS[action];
  const confirmed = isConfirmed(typed, action);
  const { contact } = subject;
  const known = [contact.email, contact.phone].filter(Boolean).join(', ');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (confirmed && state.pending === null) {
      onConfirm();
    }
  }

  return (
    <form className="form privacy-confirm" onSubmit={submit} noValidate>
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
      <div className="field">
        <label htmlFor={`${base}-word`}>
          Type <strong className="privacy-word">{word}</strong> to confirm
        </label>
        <input
          id={`${base}-word`}
          type="text"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={typed}
          onChange={(event) => onTyped(event.target.value)}
        />
      </div>
      <ActionError action={state} />
      <div className="form-actions cfg-modal-actions">
        <button className="button" type="button" onClick={onCancel}>
          Cancel
        </button>
        <button className="button cfg-button-danger" type="submit" disabled={!confirmed || state.pending !== null}>
          {state.pending ?? labels.confirm}
        </button>
      </div>
    </form>
  );
}
