import { useId } from 'react';
import type { Channel } from '../../../api/routing';
import { Field, fieldAria } from '../common/Field';
import { ChannelFormFooter } from './ChannelFormFooter';
import { SmppLoginFields } from './SmppLoginFields';
import { SmppSendingFields } from './SmppSendingFields';
import {
  SMPP_LIMITS,
  smppServerError,
  smppToForm,
  toSmppInput,
  type SmppForm,
  type SmppInput,
  type SmppMode,
} from './smppSettings';
import { useChannelEditor } from './useChannelEditor';

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
  const { mode, passwordSet, submitLabel, onCancel } = props;
  const base = useId();
  const { form, errors, errorOf, update, submit, summaryRef, save } = useChannelEditor(
    props.initial,
    { toInput: (current: SmppForm) => toSmppInput(current, mode), serverError: smppServerError, toForm: smppToForm },
    props,
  );


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
