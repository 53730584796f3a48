import type { FormEvent } from 'react';
import type { AuditActorKind } from '../../api/types';
import { ActionError } from '../configurator/common/ActionStatus';
import { Field, fieldAria } from '../configurator/common/Field';
import type { ActionState } from '../configurator/common/useAction';
import { ACTOR_KIND_OPTIONS, ENTITY_OPTIONS, type AuditErrors, type AuditField, type AuditForm } from './auditFilters';
import type { KnownUsers } from './auditText';

interface AuditFilterFormProps {
  /** Field ids are `${base}-${field}`. */
  base: string;
  form: AuditForm;
  errors: AuditErrors;
  /** The search: its error is the form's alert, and the buttons wait while it runs. */
  search: ActionState;
  /** For choosing a user by name; null when they could not be listed (an id is typed). */
  users: KnownUsers;
  onEdit: (field: AuditField, value: string) => void;
  onApply: () => void;
  onClear: () => void;
}

/** The audit log's filters: what changed, who changed it, and when; Apply sends them, Clear shows everything. */
export function AuditFilterForm({ base, form, errors, search, users, onEdit, onApply, onClear }: AuditFilterFormProps) {
  const id = (field: AuditField) => `${base}-${field}`;
  /** A text field's input; every one has a hint. */
  const text = (field: AuditField) => ({
    id: id(field),
    type: 'text',
    autoComplete: 'off',
    autoCapitalize: 'none',
    spellCheck: false,
    maxLength: 200,
    value: form[field],
    onChange: (event: { target: { value: string } }) => onEdit(field, event.target.value),
    ...fieldAria(id(field), true, errors[field]),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply();
  }

  const busy = search.pending !== null;
  return (
    <form
      className="config-card privacy-audit-filters"
      onSubmit={submit}
      noValidate
      role="search"
      aria-labelledby={`${base}-filters`}
    >
      <h3 id={`${base}-filters`}>Filters</h3>
      <div className="privacy-audit-fields">
        <Field id={id('entity')} label="Entity" error={errors.entity}>
          <select
            id={id('entity')}
            value={form.entity}
            onChange={(event) => onEdit('entity', event.target.value)}
            {...fieldAria(id('entity'), false, errors.entity)}
          >
            {ENTITY_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id={id('entityId')} label="Entity id" hint={ENTITY_ID_HINT} error={errors.entityId}>
          <input {...text('entityId')} />
        </Field>
        <Field id={id('attribute')} label="Attribute" hint={ATTRIBUTE_HINT} error={errors.attribute}>
          <input {...text('attribute')} />
        </Field>
        <Field id={id('actorKind')} label="Actor kind" error={errors.actorKind}>
          <select
            id={id('actorKind')}
            value={form.actorKind}
            onChange={(event) => onEdit('actorKind', event.target.value as '' | AuditActorKind)}
            {...fieldAria(id('actorKind'), false, errors.actorKind)}
          >
            {ACTOR_KIND_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </Field>
        {form.actorKind === 'user' && users !== null ? (
          <UserChoice
            id={id('actorId')}
            users={users}
            value={form.actorId}
            onChange={(value) => onEdit('actorId', value)}
          />
        ) : (
          <Field id={id('actorId')} label="Actor id" hint={actorHint(form.actorKind)} error={errors.actorId}>
            <input {...text('actorId')} />
          </Field>
        )}
        <Field id={id('from')} label="From" hint={FROM_HINT} error={errors.from}>
          <input
            id={id('from')}
            type="date"
            min="1970-01-01"
            value={form.from}
            onChange={(event) => onEdit('from', event.target.value)}
            {...fieldAria(id('from'), true, errors.from)}
          />
        </Field>
        <Field id={id('until')} label="Until" hint={UNTIL_HINT} error={errors.until}>
          <input
            id={id('until')}
            type="date"
            min={form.from || '1970-01-01'}
            value={form.until}
            onChange={(event) => onEdit('until', event.target.value)}
            {...fieldAria(id('until'), true, errors.until)}
          />
        </Field>
      </div>
      <ActionError action={search} id={`${base}-error`} />
      <div className="form-actions">
        <button className="button button-primary" type="submit" disabled={busy}>
          Apply
        </button>
        <button className="button" type="button" disabled={busy} onClick={onClear}>
          Clear
        </button>
      </div>
    </form>
  );
}

const ENTITY_ID_HINT = 'Exact, e.g. a contact id; needs an entity.';
const ATTRIBUTE_HINT = 'E.g. email, name, erased; “attributes” also finds attributes.plan.';
const FROM_HINT = 'From the start of this day (UTC).';
const UNTIL_HINT = 'To the end of this day (UTC).';

function actorHint(kind: '' | AuditActorKind): string {
  switch (kind) {
    case 'user':
      return 'A user id (usr_…).';
    case 'token':
      return 'An API token id.';
    case 'system':
      return 'The part of Parley, e.g. inbound or cli.';
    case '':
      return 'Exact: a user id, an API token id, or a part of Parley.';
  }
}

interface UserChoiceProps {
  id: string;
  users: NonNullable<KnownUsers>;
  value: string;
  onChange: (value: string) => void;
}

/** Which user made the changes: any, or one of the tenant's users by name (an id typed before stays choosable). */
function UserChoice({ id, users, value, onChange }: UserChoiceProps) {
  const sorted = [...users].sort((a, b) => (a.displayName || a.email).localeCompare(b.displayName || b.email));
  const unknown = value.trim() !== '' && !users.some((user) => user.id === value.trim());
  return (
    <div className="field">
      <label htmlFor={id}>Actor</label>
      <select id={id} value={value.trim()} onChange={(event) => onChange(event.target.value)}>
        <option value="">Any user</option>
        {sorted.map((user) => (
          <option key={user.id} value={user.id}>
            {user.displayName ? `${user.displayName} (${user.email})` : user.email}
          </option>
        ))}
        {unknown && <option value={value.trim()}>{value.trim()} (not a current user)</option>}
      </select>
    </div>
  );
}
