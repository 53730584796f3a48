import { useId, type FormEvent, type ReactNode } from 'react';
import { ActionError } from './ActionStatus';
import type { ActionState } from './useAction';

interface TypedConfirmFormProps {
  /** What to type, shown in the field's label ("Type <word> to confirm"). */
  word: string;
  /** Whether `typed` is the word; the caller decides how strictly. */
  confirmed: boolean;
  typed: string;
  onTyped: (typed: string) => void;
  /** The danger button's label while idle. */
  confirmLabel: string;
  /** The request's state: its progress disables the button and labels it, its error stays in the form. */
  state: ActionState;
  onConfirm: () => void;
  onCancel: () => void;
  /** The caller's own class for what it puts above the field. */
  className?: string;
  /** What happens, above the field. */
  children: ReactNode;
}

/**
 * The body of an irreversible action's dialog: what happens (children), a field where the person types a word,
 * the server's error, Cancel and the danger button, disabled until the word matches. Enter submits only then.
 * Used inside a `Modal`, which focuses the field first (it is the first input).
 */
export function TypedConfirmForm({
  word,
  confirmed,
  typed,
  onTyped,
  confirmLabel,
  state,
  onConfirm,
  onCancel,
  className,
  children,
}: TypedConfirmFormProps) {
  const base = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (confirmed && state.pending === null) {
      onConfirm();
    }
  }

  return (
    <form className={['form cfg-typed-confirm', className].filter(Boolean).join(' ')} onSubmit={submit} noValidate>
      {children}
      <div className="field">
        <label htmlFor={`${base}-word`}>
          Type <strong className="cfg-typed-word">{word}</strong> to confirm
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
          {state.pending ?? confirmLabel}
        </button>
      </div>
    </form>
  );
}
