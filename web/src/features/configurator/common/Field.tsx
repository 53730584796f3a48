import type { ReactNode } from 'react';

interface FieldProps {
  /** The input's id; its hint is `${id}-hint`, its error `${id}-error`. */
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  narrow?: boolean;
  children: ReactNode;
}

/** A label, the input (children), its hint and its error, next to each other. */
export function Field({ id, label, hint, error, narrow, children }: FieldProps) {
  return (
    <div className={narrow ? 'field cfg-field-narrow' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="cfg-field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** aria-invalid and aria-describedby (hint, then error) for the input of a `Field` with the same id. */
export function fieldAria(id: string, hasHint: boolean, error: string | undefined) {
  const ids = [hasHint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return {
    'aria-invalid': error ? true : undefined,
    'aria-describedby': ids.length > 0 ? ids.join(' ') : undefined,
  } as const;
}
