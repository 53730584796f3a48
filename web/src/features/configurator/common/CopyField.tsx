import { useId, useRef, useState } from 'react';

/** Copies with the Clipboard API, falling back to selecting the field and execCommand (plain HTTP). */
export async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall through to the selection.
  }
  if (!field) {
    return false;
  }
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

interface CopyFieldProps {
  label: string;
  value: string;
  /** The copy button's visible text, e.g. "Copy link". */
  copyLabel?: string;
  hint?: string;
}

/** A read-only text field with a copy button; "Copied" is announced politely. */
export function CopyField({ label, value, copyLabel = 'Copy', hint }: CopyFieldProps) {
  const fieldId = useId();
  const hintId = useId();
  const ref = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState('');

  async function copy() {
    const copied = await copyText(value, ref.current);
    setStatus(copied ? 'Copied.' : 'Copying was not allowed; select the text and copy it yourself.');
    if (!copied) {
      ref.current?.select();
    }
  }

  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      <div className="cfg-copy-field">
        <input
          id={fieldId}
          ref={ref}
          type="text"
          readOnly
          value={value}
          spellCheck={false}
          aria-describedby={hint ? hintId : undefined}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button className="button" type="button" onClick={() => void copy()}>
          {copyLabel}
        </button>
      </div>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      <span className="config-status" role="status">
        {status}
      </span>
    </div>
  );
}
