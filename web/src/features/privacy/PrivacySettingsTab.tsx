import { useEffect, useId, useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import { getPrivacySettings, updatePrivacySettings } from '../../api/endpoints';
import { ActionError, ActionLive, Loading, LoadError } from '../configurator/common/ActionStatus';
import { Field, fieldAria } from '../configurator/common/Field';
import { useAction } from '../configurator/common/useAction';
import { useResource } from '../configurator/common/useResource';
import { ContactKeysSection } from './ContactKeysSection';
import {
  checkSettings,
  cleanRegion,
  FIELD_LABELS,
  parseDays,
  RETENTION_EXPLANATION,
  retentionHint,
  settingsProblems,
  settingsServerError,
  settingsToForm,
  type SettingsErrors,
  type SettingsField,
  type SettingsForm,
} from './privacySettingsForm';

const EMPTY_FORM: SettingsForm = { phoneRegion: '', anonymiseAfterDays: '', deleteAfterDays: '', auditKeepDays: '' };

/** The tenant's phone region, how long conversations and the audit trail are kept, and rotating the contact keys. */
export function PrivacySettingsTab() {
  const base = useId();
  const { resource, reload, setData } = useResource(getPrivacySettings);
  const [form, setForm] = useState<SettingsForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const save = useAction();
  const loaded = resource.status === 'ready' ? resource.data : null;

  useEffect(() => {
    if (loaded) {
      setForm(settingsToForm(loaded));
    }
    // Only when the settings arrive, not on every edit.
  }, [loaded]);

  function edit(field: SettingsField, value: string) {
    setForm((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
    save.reset();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkSettings(form);
    if (!checked.ok) {
      setErrors(checked.errors);
      save.fail(settingsProblems(checked.errors));
      focusFirstInvalid(base, checked.errors);
      return;
    }
    setErrors({});
    const saved = await save.run(
      'Saving privacy settings…',
      () =>
        updatePrivacySettings(checked.settings).catch((error: unknown) => {
          throw placeServerError(error);
        }),
      'Privacy settings saved; they apply within seconds.',
    );
    if (saved) {
      setData(() => saved);
    }
  }

  /** A 422 about one field is shown next to it (and focused); the error thrown on says it in words. */
  function placeServerError(error: unknown): unknown {
    if (!isApiError(error) || error.code !== 'validation_failed') {
      return error;
    }
    const placed = settingsServerError(error.message);
    if (!placed.field) {
      return new Error(placed.message);
    }
    const fieldErrors = { [placed.field]: placed.message };
    setErrors(fieldErrors);
    focusFirstInvalid(base, fieldErrors);
    return new Error(settingsProblems(fieldErrors));
  }

  const anonymise = parseDays(form.anonymiseAfterDays);
  const remove = parseDays(form.deleteAfterDays);
  const audit = parseDays(form.auditKeepDays);
  const regionId = `${base}-phoneRegion`;

  return (
    <section aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`} tabIndex={-1}>
        Settings
      </h2>
      <p className="page-lead">How phone numbers are read, and how long conversations and the audit trail are kept.</p>
      {resource.status === 'loading' && <Loading what="privacy settings" />}
      {resource.status === 'failed' && (
        <LoadError what="Privacy settings" message={resource.message} onRetry={() => void reload()} />
      )}
      {resource.status === 'ready' && (
        <form className="form form-narrow" onSubmit={submit} noValidate>
          <Field
            id={regionId}
            label="Phone region"
            hint="Numbers written without a country code are read in this region, e.g. GB. Leave it empty when every number is written with its country code."
            error={errors.phoneRegion}
            narrow
          >
            <input
              id={regionId}
              type="text"
              className="privacy-region"
              maxLength={2}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              value={form.phoneRegion}
              onChange={(event) => edit('phoneRegion', cleanRegion(event.target.value))}
              {...fieldAria(regionId, true, errors.phoneRegion)}
            />
          </Field>
          <fieldset className="config-fieldset">
            <legend>Retention</legend>
            <p className="field-hint">{RETENTION_EXPLANATION}</p>
            <DaysField
              id={`${base}-anonymiseAfterDays`}
              label="Anonymise after (days)"
              hint={retentionHint('anonymiseAfterDays', anonymise)}
              error={errors.anonymiseAfterDays}
              value={form.anonymiseAfterDays}
              onChange={(value) => edit('anonymiseAfterDays', value)}
            />
            <DaysField
              id={`${base}-deleteAfterDays`}
              label="Delete after (days)"
              hint={retentionHint('deleteAfterDays', remove)}
              error={errors.deleteAfterDays}
              value={form.deleteAfterDays}
              onChange={(value) => edit('deleteAfterDays', value)}
            />
            <DaysField
              id={`${base}-auditKeepDays`}
              label="Keep audit entries (days)"
              hint={retentionHint('auditKeepDays', audit)}
              error={errors.auditKeepDays}
              value={form.auditKeepDays}
              onChange={(value) => edit('auditKeepDays', value)}
            />
          </fieldset>
          <ActionError action={save} />
          <div className="form-actions">
            <button className="button button-primary" type="submit" disabled={save.pending !== null}>
              Save settings
            </button>
            <ActionLive action={save} />
          </div>
        </form>
      )}
      <ContactKeysSection />
    </section>
  );
}

interface DaysFieldProps {
  id: string;
  label: string;
  hint: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
}

function DaysField({ id, label, hint, error, value, onChange }: DaysFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} narrow>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        {...fieldAria(id, true, error)}
      />
    </Field>
  );
}

function focusFirstInvalid(base: string, errors: SettingsErrors) {
  const first = (Object.keys(FIELD_LABELS) as SettingsField[]).find((field) => errors[field]);
  if (first) {
    document.getElementById(`${base}-${first}`)?.focus();
  }
}
