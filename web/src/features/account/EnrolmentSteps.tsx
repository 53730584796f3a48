import { useId, useRef, useState, type FormEvent } from 'react';
import { confirmMyTwoFactor, type TwoFactorEnrolment, type TwoFactorWithCodes } from '../../api/twoFactor';
import { FocusHeading } from './FocusHeading';
import { OneTimeCodeField } from './OneTimeCodeField';
import { QrCode } from './QrCode';
import { normaliseTotpCode, TOTP_CODE_HINT } from './oneTimeCode';
import { groupSecret, twoFactorErrorMessage } from './twoFactorText';
import './twoFactor.css';

interface EnrolmentStepsProps {
  enrolment: TwoFactorEnrolment;
  /** The heading's level where the steps are shown (2 on its own page, 3 in the profile). */
  level: 2 | 3;
  /** The first code matched: the second factor is on, and these are its recovery codes. */
  onConfirmed: (result: TwoFactorWithCodes) => void;
  /** Leaves the enrolment pending (it does nothing until confirmed); absent when there is no way back. */
  onCancel?: () => void;
}

/** Scanning the QR code (or typing the key) into an authenticator app, then confirming with its first code. */
export function EnrolmentSteps({ enrolment, level, onConfirmed, onCancel }: EnrolmentStepsProps) {
  const base = useId();
  const [code, setCode] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fieldRef = useRef<HTMLInputElement>(null);
  const keyId = `${base}-key`;
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
      onConfirmed(await confirmMyTwoFactor(digits));
    } catch (caught) {
      setError(twoFactorErrorMessage(caught));
      setCode('');
      setSubmitting(false);
      fieldRef.current?.focus();
    }
  }

  return (
    <div className="tfa-flow">
      <FocusHeading level={level}>Set up two-factor sign-in</FocusHeading>
      <ol className="tfa-steps">
        <li>
          <p>
            Open an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator,
            1Password or FreeOTP) and add an account by scanning this QR code.
          </p>
          <QrCode
            text={enrolment.otpauthUri}
            label="QR code for your authenticator app"
            describedBy={keyId}
          />
          <p className="tfa-key-line" id={keyId}>
            Cannot scan it? Enter this setup key instead:{' '}
            <code className="tfa-key">{groupSecret(enrolment.secret)}</code>
          </p>
          <p className="field-hint">Time-based, 6 digits, every 30 seconds: the app's usual settings.</p>
        </li>
        <li>
          <form className="form tfa-code-form" onSubmit={submit} noValidate>
            <OneTimeCodeField
              id={`${base}-code`}
              label="Code from the app"
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
              <button className="button button-primary" type="submit" disabled={submitting}>
                {submitting ? 'Checking…' : 'Turn on'}
              </button>
              {onCancel && (
                <button className="button" type="button" onClick={onCancel} disabled={submitting}>
                  Cancel
                </button>
              )}
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}
