import { useId } from 'react';
import type { Channel } from '../../../api/routing';
import { Field, fieldAria } from '../common/Field';
import { ChannelFormFooter } from './ChannelFormFooter';
import {
  contrastWarning,
  toWebchatInput,
  webchatServerError,
  webchatToForm,
  WEBCHAT_LIMITS,
  type WebchatForm,
  type WebchatInput,
} from './webchatSettings';
import { useChannelEditor } from './useChannelEditor';

interface WebchatChannelEditorProps {
  mode: 'create' | 'edit';
  initial: WebchatForm;
  submitLabel: string;
  /** Shown while saving, e.g. "Saving channel…". */
  progress: string;
  /** The write (create or update); it answers with the saved channel. */
  write: (input: WebchatInput) => Promise<Channel>;
  success: (channel: Channel) => string;
  onSaved: (channel: Channel) => void;
  onCancel?: () => void;
}

/**
 * The web chat widget's settings as a form, for a new channel or an existing one: the sites that may embed it,
 * its title, greeting and colours. Checks what it can before sending; an error the server ties to a field
 * ("settings.title") is shown next to that field.
 */
export function WebchatChannelEditor(props: WebchatChannelEditorProps) {
  const { mode, submitLabel, onCancel } = props;
  const base = useId();
  const { form, errors, errorOf, update, submit, summaryRef, save } = useChannelEditor(
    props.initial,
    { toInput: toWebchatInput, serverError: webchatServerError, toForm: webchatToForm },
    props,
  );


  const id = (name: string) => `${base}-${name}`;
  const contrast = contrastWarning(form.primary, form.onPrimary);
  return (
    <form className="form cfg-smpp-form cfg-webchat-form" onSubmit={submit} noValidate>
      <Field
        id={id('name')}
        label="Name"
        hint="How admins tell this channel apart, e.g. the site it is on."
        error={errorOf('name')}
      >
        <input
          id={id('name')}
          type="text"
          maxLength={WEBCHAT_LIMITS.name}
          required
          value={form.name}
          onChange={(event) => update({ name: event.target.value })}
          {...fieldAria(id('name'), true, errorOf('name'))}
        />
      </Field>
      <Field
        id={id('origins')}
        label="Allowed sites"
        hint={`The sites whose pages may show the chat, one per line, like https://shop.example or http://localhost:3000 (scheme, host and port only), at most ${WEBCHAT_LIMITS.origins}. Parley's own demo page is always allowed.`}
        error={errorOf('origins')}
      >
        <textarea
          id={id('origins')}
          rows={4}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          placeholder="https://shop.example"
          value={form.origins}
          onChange={(event) => update({ origins: event.target.value })}
          {...fieldAria(id('origins'), true, errorOf('origins'))}
        />
      </Field>
      <fieldset className="config-fieldset">
        <legend>Look</legend>
        <Field
          id={id('title')}
          label="Title"
          hint={`At the top of the chat window, at most ${WEBCHAT_LIMITS.title} characters.`}
          error={errorOf('title')}
        >
          <input
            id={id('title')}
            type="text"
            required
            value={form.title}
            onChange={(event) => update({ title: event.target.value })}
            {...fieldAria(id('title'), true, errorOf('title'))}
          />
        </Field>
        <Field
          id={id('greeting')}
          label="Greeting"
          hint={`The first message a visitor sees, at most ${WEBCHAT_LIMITS.greeting} characters; empty: none.`}
          error={errorOf('greeting')}
        >
          <textarea
            id={id('greeting')}
            rows={2}
            value={form.greeting}
            onChange={(event) => update({ greeting: event.target.value })}
            {...fieldAria(id('greeting'), true, errorOf('greeting'))}
          />
        </Field>
        <div className="cfg-form-row">
          <ColorField
            id={id('primary')}
            label="Primary colour"
            hint="The chat button and the visitor's messages."
            value={form.primary}
            error={errorOf('primary')}
            onChange={(primary) => update({ primary })}
          />
          <ColorField
            id={id('on-primary')}
            label="Text colour"
            hint="Text on the primary colour."
            value={form.onPrimary}
            error={errorOf('onPrimary')}
            onChange={(onPrimary) => update({ onPrimary })}
          />
        </div>
        {contrast && <p className="field-hint cfg-contrast-warning">{contrast}</p>}
      </fieldset>
      {mode === 'create' && (
        <label className="cfg-checkbox">
          <input type="checkbox" checked={form.enabled} onChange={(event) => update({ enabled: event.target.checked })} />
          <span>Turn the chat on as soon as the channel is added</span>
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

interface ColorFieldProps {
  id: string;
  label: string;
  hint: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}

/** A colour picker with the #rrggbb it holds written next to it. */
function ColorField({ id, label, hint, value, error, onChange }: ColorFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <span className="cfg-color-field">
        <input
          id={id}
          type="color"
          value={value}
          onChange={(event) => onChange(event.target.value.toLowerCase())}
          {...fieldAria(id, true, error)}
        />
        <code className="cfg-color-hex">{value}</code>
      </span>
    </Field>
  );
}
