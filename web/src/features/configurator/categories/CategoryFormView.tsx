import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { CategoryInput, Skill } from '../../../api/routing';
import { ActionError, ActionLive } from '../common/ActionStatus';
import { SkillCheckboxes } from '../common/SkillCheckboxes';
import type { Action } from '../common/useAction';
import {
  categoryServerError,
  emptyStep,
  toCategoryInput,
  type CategoryField,
  type CategoryForm,
  type FieldError,
  type StepForm,
} from './categoryForm';
import { RelaxationStepEditor } from './RelaxationStepEditor';

interface CategoryFormViewProps {
  title: string;
  initial: CategoryForm;
  skills: readonly Skill[];
  action: Action;
  onSave: (input: CategoryInput) => void;
  onCancel: () => void;
}

export function CategoryFormView({ title, initial, skills, action, onSave, onCancel }: CategoryFormViewProps) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const base = useId();

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const update = (patch: Partial<CategoryForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    action.reset();
  };
  const updateStep = (index: number, patch: Partial<StepForm>) =>
    update({ steps: form.steps.map((step, at) => (at === index ? { ...step, ...patch } : step)) });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const converted = toCategoryInput(form);
    if (!converted.ok) {
      setErrors(converted.errors);
      // Let the summary render before moving focus to it.
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setErrors([]);
    onSave(converted.input);
  }

  // The server's refusal of a field (422 naming it) is shown next to that field too, until the form changes.
  const serverError = action.error ? categoryServerError(null, action.error) : null;
  const errorOf = (field: CategoryField) =>
    errors.find((error) => error.field === field)?.message ?? (serverError?.field === field ? serverError.message : undefined);
  const errorId = (field: CategoryField) => `${base}-${field}-error`;
  /** aria-invalid and aria-describedby (hint, then error) for the input `inputId` of `field`. */
  const aria = (inputId: string, field: CategoryField, hasHint = true) => {
    const ids = [hasHint ? `${inputId}-hint` : null, errorOf(field) ? errorId(field) : null].filter(Boolean);
    return {
      'aria-invalid': errorOf(field) ? true : undefined,
      'aria-describedby': ids.length > 0 ? ids.join(' ') : undefined,
    };
  };
  const fieldError = (field: CategoryField) =>
    errorOf(field) && (
      <p className="cfg-field-error" id={errorId(field)}>
        {errorOf(field)}
      </p>
    );
  const lastAfter = form.steps.length > 0 ? Number(form.steps[form.steps.length - 1].afterSeconds) || 0 : 0;

  return (
    <section className="config-card cfg-category-form" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`} tabIndex={-1} ref={headingRef}>
        {title}
      </h3>
      <form className="form" onSubmit={submit} noValidate>
        <div className="cfg-form-row">
          <Field id={`${base}-name`} label="Name" error={fieldError('name')}>
            <input
              id={`${base}-name`}
              type="text"
              maxLength={100}
              required
              value={form.name}
              onChange={(event) => update({ name: event.target.value })}
              {...aria(`${base}-name`, 'name', false)}
            />
          </Field>
          <Field
            id={`${base}-priority`}
            label="Priority"
            hint="−100 to 100; higher priorities are served first."
            error={fieldError('priority')}
          >
            <input
              id={`${base}-priority`}
              type="number"
              inputMode="numeric"
              min={-100}
              max={100}
              step={1}
              value={form.priority}
              onChange={(event) => update({ priority: event.target.value })}
              {...aria(`${base}-priority`, 'priority')}
            />
          </Field>
          <Field
            id={`${base}-position`}
            label="Position"
            hint="Rules are tried in this order, lowest first."
            error={fieldError('position')}
          >
            <input
              id={`${base}-position`}
              type="number"
              inputMode="numeric"
              min={0}
              max={100000}
              step={1}
              value={form.position}
              onChange={(event) => update({ position: event.target.value })}
              {...aria(`${base}-position`, 'position')}
            />
          </Field>
        </div>

        <SkillCheckboxes
          legend="Required skills"
          hint="An agent needs every one of these, active, to get the conversation. None: anyone."
          skills={skills}
          selected={form.skills}
          onChange={(selected) => update({ skills: selected })}
        />

        <Field
          id={`${base}-offer`}
          label="Offer timeout (seconds)"
          hint="0: no acceptance step. Otherwise the agent has this long to accept or answer before the conversation goes to the next eligible agent."
          error={fieldError('offerTimeoutSeconds')}
          narrow
        >
          <input
            id={`${base}-offer`}
            type="number"
            inputMode="numeric"
            min={0}
            max={86400}
            step={1}
            value={form.offerTimeoutSeconds}
            onChange={(event) => update({ offerTimeoutSeconds: event.target.value })}
            {...aria(`${base}-offer`, 'offerTimeoutSeconds')}
          />
        </Field>

        <fieldset className="config-fieldset">
          <legend>Reply window (WhatsApp, Messenger, Instagram)</legend>
          <p className="field-hint" id={`${base}-boost-hint`}>
            While a waiting conversation's reply window is about to close, raise its priority so that it is answered
            while a free-form reply still reaches the customer (afterwards only a template, or nothing, does).
          </p>
          <label className="cfg-checkbox">
            <input
              type="checkbox"
              checked={form.boost}
              aria-describedby={`${base}-boost-hint`}
              onChange={(event) => update({ boost: event.target.checked })}
            />
            <span>Raise priority when the reply window is about to close</span>
          </label>
          <div className="cfg-inline-fields">
            <span className="cfg-inline-field">
              <label htmlFor={`${base}-boost-priority`}>by</label>
              <input
                id={`${base}-boost-priority`}
                aria-label="Raise priority by"
                type="number"
                inputMode="numeric"
                min={1}
                max={100}
                step={1}
                disabled={!form.boost}
                value={form.boostPriority}
                onChange={(event) => update({ boostPriority: event.target.value })}
                {...aria(`${base}-boost-priority`, 'boostPriority', false)}
              />
            </span>
            <span className="cfg-inline-field">
              <label htmlFor={`${base}-boost-hours`} id={`${base}-boost-hours-label`}>
                when less than
              </label>
              <input
                id={`${base}-boost-hours`}
                type="number"
                inputMode="decimal"
                min={0.0167}
                max={24}
                step="any"
                disabled={!form.boost}
                value={form.boostHours}
                aria-labelledby={`${base}-boost-hours-label ${base}-boost-hours-unit`}
                onChange={(event) => update({ boostHours: event.target.value })}
                {...aria(`${base}-boost-hours`, 'boostHours', false)}
              />
              <span id={`${base}-boost-hours-unit`}>hours remain</span>
            </span>
          </div>
          {fieldError('boostPriority')}
          {fieldError('boostHours')}
        </fieldset>

        <fieldset className="config-fieldset">
          <legend>Relaxation steps</legend>
          <p className="field-hint">
            While a conversation waits, widen who may take it: after a number of seconds, accept other skill sets, or
            anyone.
          </p>
          {form.steps.length === 0 && <p className="muted">No steps: the required skills apply however long it waits.</p>}
          <ol className="cfg-relaxation-steps">
            {form.steps.map((step, index) => (
              <li key={step.key}>
                <RelaxationStepEditor
                  index={index}
                  step={step}
                  skills={skills}
                  error={fieldError(`step-${index}`)}
                  errorId={errorOf(`step-${index}`) ? errorId(`step-${index}`) : undefined}
                  onChange={(patch) => updateStep(index, patch)}
                  onRemove={() => update({ steps: form.steps.filter((_, at) => at !== index) })}
                />
              </li>
            ))}
          </ol>
          {form.steps.length < 10 && (
            <button
              className="button button-small"
              type="button"
              onClick={() => update({ steps: [...form.steps, emptyStep(String(lastAfter + 60))] })}
            >
              Add relaxation step
            </button>
          )}
        </fieldset>

        <fieldset className="config-fieldset">
          <legend>Rules</legend>
          <p className="field-hint">
            A new conversation joins the first category, by position, whose rules all match. An empty rule matches
            anything; a category without rules takes everything that reaches it.
          </p>
          <Field
            id={`${base}-channels`}
            label="Channels"
            hint="Channel types separated by commas, e.g. api. Empty: any channel."
            error={fieldError('channels')}
          >
            <input
              id={`${base}-channels`}
              type="text"
              spellCheck={false}
              value={form.channels}
              onChange={(event) => update({ channels: event.target.value })}
              {...aria(`${base}-channels`, 'channels')}
            />
          </Field>
          <Field
            id={`${base}-keywords`}
            label="Keywords"
            hint="One per line or separated by commas; matches whole words of the first message, ignoring case. Empty: any text."
            error={fieldError('keywords')}
          >
            <textarea
              id={`${base}-keywords`}
              rows={3}
              spellCheck={false}
              value={form.keywords}
              onChange={(event) => update({ keywords: event.target.value })}
              {...aria(`${base}-keywords`, 'keywords')}
            />
          </Field>
          <Field
            id={`${base}-entry-points`}
            label="Entry points"
            hint="One per line or separated by commas, as your integration sends them. Empty: any entry point."
            error={fieldError('entryPoints')}
          >
            <textarea
              id={`${base}-entry-points`}
              rows={2}
              spellCheck={false}
              value={form.entryPoints}
              onChange={(event) => update({ entryPoints: event.target.value })}
              {...aria(`${base}-entry-points`, 'entryPoints')}
            />
          </Field>
        </fieldset>

        {errors.length > 0 && (
          <div className="form-error" role="alert" tabIndex={-1} ref={summaryRef}>
            <p>Please correct {errors.length === 1 ? 'this' : 'these'} first:</p>
            <ul>
              {errors.map((error) => (
                <li key={`${error.field}-${error.message}`}>{error.message}</li>
              ))}
            </ul>
          </div>
        )}
        <ActionError action={action} />
        <div className="form-actions">
          <button className="button button-primary" type="submit" disabled={action.pending !== null}>
            Save category
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

function Field(props: { id: string; label: string; hint?: string; error?: ReactNode; narrow?: boolean; children: ReactNode }) {
  const hintId = `${props.id}-hint`;
  return (
    <div className={props.narrow ? 'field cfg-field-narrow' : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <p className="field-hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.error}
    </div>
  );
}
