import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { FocusHeading } from './FocusHeading';
import { OneTimeCodeField } from './OneTimeCodeField';
import { normaliseTotpCode, TOTP_CODE_HINT } from './oneTimeCode';
import { twoFactorErrorMessage } from './twoFactorText';
import './twoFactor.css';

interface CodePromptProps {
  title: string;
  /** What happens, above the field. */
  children: ReactNode;
  submitLabel: string;
  /** The submit button's label while the request runs. */
  pendingLabel: string;
  /** Whether the action takes something away (the button is then in the danger colour). */
  danger?: boolean;
  /** Sends the code; a rejection is shown in the form, which keeps going. */
  onSubmit: (code: string) => Promise<void>;
  onCancel: () => void;
}

/** Asks for a current code from the authenticator app before a change to the second factor. */
export function CodePrompt(props: CodePromptProps) {
  const { title, children, submitLabel, pendingLabel, danger, onSubmit, onCancel } = props;
  const base = useId();
  const [code, setCode] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fieldRef = useRef<HTMLInputElement>(null);
  const errorId = `${base}-error`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) {
      return;
    }
    const digits = normaliseTotpCode(code);
    if (digits === null) {
      setError(TOTP_CODE_HINT);
      fieldRef.current?.focus();
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit(digits);
    } catch (caught) {
      setError(twoFactorErrorMessage(caught));
      setCode('');
      setSubmitting(false);
      fieldRef.current?.focus();
    }
  }

  return (
    <div className="tfa-flow">
      <FocusHeading level={3}>{title}</FocusHeading>
      <form className="form form-narrow" onSubmit={submit} noValidate>
        {children}
        <OneTimeCodeField
          id={`${base}-code`}
          label="Code from your authenticator app"
          value={code}
          onChange={(value) => {
            setCode(value);
            setError(null);
          }}
          inputRef={fieldRef}
          describedBy={error ? errorId : undefined}
          invalid={error !== null}
        />
        {error && (
          <p className="form-error" id={errorId} role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button
            className={danger ? 'button cfg-button-danger' : 'button button-primary'}
            type="submit"
            disabled={submitting}
          >
            {submitting ? pendingLabel : submitLabel}
          </button>
          <button className="button" type="button" onClick={onCancel} disabled={submitting}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
