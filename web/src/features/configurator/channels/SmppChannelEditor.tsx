import { useId, useRef, useState, type FormEvent } from 'react';
import { isApiError } from '../../../api/client';
import type { Channel } from '../../../api/routing';
import { Field, fieldAria } from '../common/Field';
import { useAction } from '../common/useAction';
import { ChannelFormFooter } from './ChannelFormFooter';
import { SmppLoginFields } from './SmppLoginFields';
import { SmppSendingFields } from './SmppSendingFields';
import {
  SMPP_LIMITS,
  smppServerError,
  smppToForm,
  toSmppInput,
  type SmppField,
  type SmppFieldError,
  type SmppForm,
  type SmppInput,
  type SmppMode,
} from './smppSettings';

interface SmppChannelEditorProps {
  mode: SmppMode;
  initial: SmppForm;
  /** Editing: whether a password is stored. */
  passwordSet: boolean;
  submitLabel: string;
  /** Shown while saving, e.g. "Saving channel…". */
  progress: string;
  /** The write (create or update); it answers with the saved channel. */
  write: (input: SmppInput) => Promise<Channel>;
  success: (channel: Channel) => string;
  onSaved: (channel: Channel) => void;
  onCancel?: () => void;
}

/**
 * The SMPP channel's settings as a form, for a new channel or an existing one. Checks what it can before sending;
 * an error the server ties to a field ("settings.port") is shown next to that field.
 */
export function SmppChannelEditor(props: SmppChannelEditorProps) {
  const { mode, passwordSet, submitLabel, progress, write, success, onSaved, onCancel } = props;
  const base = useId();
  const [form, setForm] = useState(props.initial);
  const [errors, setErrors] = useState<SmppFieldError[]>([]);
  const summaryRef = useRef<HTMLDivElement>(null);
  const save = useAction();

  const update = (patch: Partial<SmppForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    setErrors((current) => current.filter((error) => !(error.field in patch)));
    save.reset();
  };
  const errorOf = (field: SmppField) => errors.find((error) => error.field === field)?.message;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const converted = toSmppInput(form, mode);
    if (!converted.ok) {
      setErrors(converted.errors);
      // Let the summary render before moving focus to it.
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setErrors([]);
    const saved = await save.run(
      progress,
      () =>
        write(converted.input).catch((error: unknown) => {
          const fieldError = isApiError(error) ? smppServerError(error.field, error.message) : null;
          if (fieldError) {
            setErrors([fieldError]);
          }
          throw error;
        }),
      success,
    );
    if (saved) {
      setForm(smppToForm(saved));
      onSaved(saved);
    }
  }

  const nameId = `${base}-name`;
  return (
    <form className="form cfg-smpp-form" onSubmit={submit} noValidate>
      <Field
        id={nameId}
        label="Name"
        hint="How admins tell this channel apart, e.g. the provider's name."
        error={errorOf('name')}
      >
        <input
          id={nameId}
          type="text"
          maxLength={SMPP_LIMITS.name}
          required
          value={form.name}
          onChange={(event) => update({ name: event.target.value })}
          {...fieldAria(nameId, true, errorOf('name'))}
        />
      </Field>
      <SmppLoginFields
        idBase={base}
        form={form}
        errorOf={errorOf}
        onChange={update}
        mode={mode}
        passwordSet={passwordSet}
      />
      <SmppSendingFields idBase={base} form={form} errorOf={errorOf} onChange={update} />
      {mode === 'create' && (
        <label className="cfg-checkbox">
          <input type="checkbox" checked={form.enabled} onChange={(event) => update({ enabled: event.target.checked })} />
          <span>Connect to the SMS center as soon as the channel is added</span>
        </label>
      )}

      <ChannelFormFooter
        errors={errors}
        summaryRef={summaryRef}
        save={save}
        submitLabel={submitLabel}
        onCancel={onCancel}
      />
    </form>
  );
}
