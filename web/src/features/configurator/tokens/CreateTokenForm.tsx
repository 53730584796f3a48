import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { NewApiToken, TokenScope } from '../../../api/tokens';
import type { Role } from '../../../api/types';
import { roleLabel } from '../../../format';
import { ActionError, ActionLive } from '../common/ActionStatus';
import { Field, fieldAria } from '../common/Field';
import type { Action } from '../common/useAction';
import { ROLES } from '../users/roles';
import {
  EXPIRY_CHOICES,
  expiryHint,
  firstExpiryDate,
  MAX_NAME_LENGTH,
  newTokenForm,
  SCOPES,
  toggleScope,
  toTokenInput,
  type ExpiryChoice,
  type FieldError,
  type TokenField,
  type TokenForm,
} from './tokenForm';

interface CreateTokenFormProps {
  /** The create request's state: its progress disables the button, its error (the server's) shows above it. */
  action: Action;
  onCreate: (input: NewApiToken) => void;
  onCancel: () => void;
}

/** The "Create token" form: a name, a role, the scopes with what each allows, and an expiry. */
export function CreateTokenForm({ action, onCreate, onCancel }: CreateTokenFormProps) {
  const [form, setForm] = useState<TokenForm>(newTokenForm);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const base = useId();
  const now = new Date();

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const update = (patch: Partial<TokenForm>, fixes?: TokenField) => {
    setForm((current) => ({ ...current, ...patch }));
    if (fixes) {
      setErrors((current) => current.filter((error) => error.field !== fixes));
    }
    action.reset();
  };
  const errorOf = (field: TokenField) => errors.find((error) => error.field === field)?.message;
  const inputId = (field: TokenField) => `${base}-${field}`;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const converted = toTokenInput(form, new Date());
    if (!converted.ok) {
      setErrors(converted.errors);
      const first = converted.errors[0].field;
      // The scopes' first checkbox, or the field itself.
      document.querySelector<HTMLElement>(first === 'scopes' ? `#${CSS.escape(base)}-scopes input` : `#${CSS.escape(inputId(first))}`)?.focus();
      return;
    }
    setErrors([]);
    onCreate(converted.input);
  }

  const full = form.scopes.includes('admin');
  const scopesError = errorOf('scopes');
  return (
    <section className="config-card cfg-token-form" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`} tabIndex={-1} ref={headingRef}>
        New API token
      </h3>
      <p className="field-hint">
        Give each integration its own token, with only the permissions it needs: you can then revoke one without
        stopping the others.
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <div className="cfg-form-row">
          <Field id={inputId('name')} label="Name" hint="What uses it, e.g. “Order bot”." error={errorOf('name')}>
            <input
              id={inputId('name')}
              type="text"
              autoComplete="off"
              maxLength={MAX_NAME_LENGTH}
              required
              value={form.name}
              onChange={(event) => update({ name: event.target.value }, 'name')}
              {...fieldAria(inputId('name'), true, errorOf('name'))}
            />
          </Field>
          <Field id={`${base}-role`} label="Role" hint="It can never do more than a user of this role.">
            <select
              id={`${base}-role`}
              value={form.role}
              aria-describedby={`${base}-role-hint`}
              onChange={(event) => update({ role: event.target.value as Role })}
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {roleLabel(role)}
                </option>
              ))}
            </select>
          </Field>
        </div>

        <fieldset
          className="cfg-checkbox-group"
          id={`${base}-scopes`}
          aria-describedby={[`${base}-scopes-hint`, scopesError ? `${base}-scopes-error` : null].filter(Boolean).join(' ')}
        >
          <legend>Permissions</legend>
          <p className="field-hint" id={`${base}-scopes-hint`}>
            The token acts within its role and these permissions. Choose at least one.
          </p>
          <ul className="cfg-token-scopes-choice">
            {SCOPES.map((info) => (
              <ScopeCheckbox
                key={info.scope}
                id={`${base}-scope-${info.scope.replace(':', '-')}`}
                label={info.label}
                scope={info.scope}
                description={info.description}
                checked={full || form.scopes.includes(info.scope)}
                included={full && info.scope !== 'admin'}
                invalid={scopesError !== undefined}
                onChange={(on) => update({ scopes: toggleScope(form.scopes, info.scope, on) }, 'scopes')}
              />
            ))}
          </ul>
          {scopesError && (
            <p className="cfg-field-error" id={`${base}-scopes-error`}>
              {scopesError}
            </p>
          )}
        </fieldset>

        <div className="cfg-token-expiry">
          <Field id={`${base}-expiry`} label="Expiry" hint={form.expiry === 'date' ? undefined : expiryHint(form, now)}>
            <select
              id={`${base}-expiry`}
              value={form.expiry}
              aria-describedby={form.expiry === 'date' ? undefined : `${base}-expiry-hint`}
              onChange={(event) => update({ expiry: event.target.value as ExpiryChoice }, 'date')}
            >
              {EXPIRY_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </Field>
          {form.expiry === 'date' && (
            <Field id={inputId('date')} label="Expiry date" hint={expiryHint(form, now)} error={errorOf('date')}>
              <input
                id={inputId('date')}
                type="date"
                min={firstExpiryDate(now)}
                value={form.date}
                onChange={(event) => update({ date: event.target.value }, 'date')}
                {...fieldAria(inputId('date'), true, errorOf('date'))}
              />
            </Field>
          )}
        </div>

        <ActionError action={action} />
        <div className="form-actions">
          <button className="button button-primary" type="submit" disabled={action.pending !== null}>
            Create token
          </button>
          <button className="button" type="button" onClick={onCancel}>
            Cancel
          </button>
          <ActionLive action={action} />
        </div>
      </form>
    </section>
  );
}

interface ScopeCheckboxProps {
  id: string;
  scope: TokenScope;
  label: string;
  description: string;
  checked: boolean;
  /** Full access is ticked: this one is included, shown ticked and not changeable on its own. */
  included: boolean;
  invalid: boolean;
  onChange: (on: boolean) => void;
}

/** One scope: its name and code in the label, what it allows (and whether full access includes it) below. */
function ScopeCheckbox({ id, scope, label, description, checked, included, invalid, onChange }: ScopeCheckboxProps) {
  return (
    <li className={`cfg-token-scope${scope === 'admin' ? ' cfg-token-scope-full' : ''}`}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={included}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={`${id}-description`}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label htmlFor={id}>
        {label} <code>{scope}</code>
      </label>
      <p className="cfg-token-scope-description" id={`${id}-description`}>
        {description}
        {included && <span className="cfg-token-included"> Included in full access.</span>}
        {scope === 'admin' && ' Ticking it includes every permission below.'}
      </p>
    </li>
  );
}
