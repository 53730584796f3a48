import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import { updateContact, type ContactPatch } from '../../api/contacts';
import type { Contact } from '../../api/routing';
import { describeError } from '../configurator/common/errors';
import { Field, fieldAria } from '../configurator/common/Field';
import {
  addAttributeRow,
  checkEditForm,
  DETAIL_LABELS,
  editFormFrom,
  fieldOfRefusal,
  firstProblem,
  patchFor,
  type DetailField,
  type EditErrors,
  type EditForm,
} from './contactEdit';

interface ContactEditFormProps {
  contact: Contact;
  /** Names the form (the Details heading). */
  labelledBy: string;
  onSaved: (contact: Contact, patch: ContactPatch) => void;
  onCancel: () => void;
  /** Reads the contact again (after "changed meanwhile"); resolves to it, or null when that failed. */
  onReload: () => Promise<Contact | null>;
}

const HINTS: Record<DetailField, string | undefined> = {
  name: undefined,
  email: undefined,
  phone: 'With the country code, e.g. +44 7911 123456.',
};
const INPUT_TYPES: Record<DetailField, 'text' | 'email' | 'tel'> = { name: 'text', email: 'email', phone: 'tel' };

/** Changing a contact's name, email, phone and attributes; only what changed is sent, and each change is audited. */
export function ContactEditForm({ contact, labelledBy, onSaved, onCancel, onReload }: ContactEditFormProps) {
  const base = useId();
  const [form, setForm] = useState<EditForm>(() => editFormFrom(contact));
  const [errors, setErrors] = useState<EditErrors>({});
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  /** The server's 409: the contact changed (or was merged) since the form was filled in. */
  const [conflict, setConflict] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [focusTarget, setFocusTarget] = useState<string | null>('name');
  const addButton = useRef<HTMLButtonElement>(null);
  const idOf = (field: string) => `${base}-${field}`;

  useEffect(() => {
    if (focusTarget === null) {
      return;
    }
    const element = focusTarget === 'add' ? addButton.current : document.getElementById(idOf(focusTarget));
    element?.focus();
    setFocusTarget(null);
  });

  function edit(update: (current: EditForm) => EditForm, ...fields: string[]) {
    setForm(update);
    setErrors((current) => {
      const next = { ...current };
      for (const field of fields) {
        delete next[field];
      }
      return next;
    });
    setProblem(null);
    setNote('');
  }

  function setRow(rowId: number, part: 'key' | 'value', text: string) {
    edit(
      (current) => ({
        ...current,
        attributes: current.attributes.map((row) => (row.id === rowId ? { ...row, [part]: text } : row)),
      }),
      `${part}-${rowId}`,
      'attributes',
    );
  }

  function addRow() {
    const next = addAttributeRow(form);
    edit(() => next, 'attributes');
    setFocusTarget(`key-${next.attributes.at(-1)?.id}`);
  }

  function removeRow(rowId: number) {
    const index = form.attributes.findIndex((row) => row.id === rowId);
    const rest = form.attributes.filter((row) => row.id !== rowId);
    edit((current) => ({ ...current, attributes: rest }), `key-${rowId}`, `value-${rowId}`, 'attributes');
    // Focus stays in the list: on the row that took its place, else the one before, else "Add attribute".
    const neighbour = rest[index] ?? rest[index - 1];
    setFocusTarget(neighbour ? `key-${neighbour.id}` : 'add');
  }

  async function reload() {
    const fresh = await onReload();
    if (fresh) {
      setForm(editFormFrom(fresh));
      setErrors({});
      setConflict(null);
      setNote('The form now shows the contact as it is; make your change again.');
      setFocusTarget('name');
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) {
      return;
    }
    const found = checkEditForm(form);
    const first = firstProblem(form, found);
    if (first) {
      setErrors(found);
      setProblem(first === 'attributes' ? null : 'Check the marked fields.');
      setFocusTarget(first === 'attributes' ? 'add' : first);
      return;
    }
    const patch = patchFor(contact, form);
    if (!patch) {
      setNote('Nothing to save: nothing was changed.');
      return;
    }
    setPending(true);
    setProblem(null);
    setConflict(null);
    setNote('');
    try {
      onSaved(await updateContact(contact.id, patch), patch);
    } catch (error) {
      refused(error);
    } finally {
      setPending(false);
    }
  }

  function refused(error: unknown) {
    if (isApiError(error) && error.status === 409) {
      setConflict(error.message);
      return;
    }
    if (isApiError(error) && error.code === 'validation_failed') {
      const field = fieldOfRefusal(error.field, error.message);
      if (field) {
        setErrors({ [field]: sentence(error.message) });
        setFocusTarget(field === 'attributes' ? 'add' : field);
        return;
      }
    }
    setProblem(`Saving failed: ${describeError(error)}`);
  }

  return (
    <form className="form contacts-edit" onSubmit={submit} noValidate aria-labelledby={labelledBy}>
      <div className="contacts-edit-fields">
        {(['name', 'email', 'phone'] as const).map((field) => (
          <Field key={field} id={idOf(field)} label={DETAIL_LABELS[field]} hint={HINTS[field]} error={errors[field]}>
            <input
              id={idOf(field)}
              type={INPUT_TYPES[field]}
              inputMode={INPUT_TYPES[field] === 'text' ? undefined : INPUT_TYPES[field]}
              autoComplete="off"
              spellCheck={field === 'name' ? undefined : false}
              value={form[field]}
              onChange={(event) => edit((current) => ({ ...current, [field]: event.target.value }), field)}
              {...fieldAria(idOf(field), Boolean(HINTS[field]), errors[field])}
            />
          </Field>
        ))}
      </div>

      <fieldset className="config-fieldset contacts-attributes" aria-describedby={idOf('attributes-hint')}>
        <legend>Attributes</legend>
        <p className="field-hint" id={idOf('attributes-hint')}>
          What your team keeps about the contact, e.g. plan: gold. Each change is recorded in the audit log.
        </p>
        {form.attributes.length === 0 ? (
          <p className="muted contacts-attributes-none">No attributes.</p>
        ) : (
          <>
            <div className="contacts-attribute-row contacts-attribute-head" aria-hidden="true">
              <span>Attribute</span>
              <span>Value</span>
            </div>
            <ul className="contacts-attribute-rows">
              {form.attributes.map((row, index) => (
                <li key={row.id} className="contacts-attribute-row">
                  <AttributeInput
                    id={idOf(`key-${row.id}`)}
                    label={`Attribute ${index + 1}: name`}
                    value={row.key}
                    error={errors[`key-${row.id}`]}
                    onChange={(text) => setRow(row.id, 'key', text)}
                  />
                  <AttributeInput
                    id={idOf(`value-${row.id}`)}
                    label={`Attribute ${index + 1}: value`}
                    value={row.value}
                    error={errors[`value-${row.id}`]}
                    onChange={(text) => setRow(row.id, 'value', text)}
                  />
                  <button className="button button-small" type="button" onClick={() => removeRow(row.id)}>
                    Remove<span className="visually-hidden"> attribute {row.key.trim() || index + 1}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        {errors.attributes && (
          <p className="cfg-field-error" role="alert">
            {errors.attributes}
          </p>
        )}
        <button className="button button-small" type="button" ref={addButton} onClick={addRow}>
          Add attribute
        </button>
      </fieldset>

      {conflict && (
        <div className="form-error contacts-conflict" role="alert">
          <p>{sentence(conflict)}</p>
          <p>Reload the contact to see it as it is now, then make your change again.</p>
          <button className="button button-small" type="button" onClick={() => void reload()}>
            Reload the contact
          </button>
        </div>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="form-actions">
        <button className="button button-primary" type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save changes'}
        </button>
        <button className="button" type="button" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
        <span className="config-status" role="status">
          {note}
        </span>
      </div>
    </form>
  );
}

interface AttributeInputProps {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  onChange: (text: string) => void;
}

function AttributeInput({ id, label, value, error, onChange }: AttributeInputProps) {
  return (
    <div className="field">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        {...fieldAria(id, false, error)}
      />
      {error && (
        <p className="cfg-field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The server's message as a sentence: capitalised, with a full stop. */
function sentence(message: string): string {
  const text = message.trim();
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
