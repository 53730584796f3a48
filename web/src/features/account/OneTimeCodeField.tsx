import type { Ref } from 'react';

interface OneTimeCodeFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** A recovery code (letters, dashes) rather than the app's 6 digits. */
  recovery?: boolean;
  /** Ids of the hint and of the form's error, when shown. */
  describedBy?: string;
  invalid?: boolean;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * The field for a code from the authenticator app (numeric keyboard on phones, and the browser may offer a code
 * it received) or, with `recovery`, for a recovery code.
 */
export function OneTimeCodeField({
  id,
  label,
  value,
  onChange,
  recovery = false,
  describedBy,
  invalid,
  autoFocus,
  inputRef,
}: OneTimeCodeFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        className={recovery ? 'tfa-code-input tfa-recovery-input' : 'tfa-code-input'}
        type="text"
        name={recovery ? 'recoveryCode' : 'code'}
        inputMode={recovery ? 'text' : 'numeric'}
        autoComplete={recovery ? 'off' : 'one-time-code'}
        autoCapitalize="none"
        spellCheck={false}
        maxLength={recovery ? 32 : 9}
        required
        autoFocus={autoFocus}
        aria-describedby={describedBy || undefined}
        aria-invalid={invalid ? true : undefined}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
