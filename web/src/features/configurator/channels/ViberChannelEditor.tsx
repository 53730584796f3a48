import { useId } from 'react';
import type { Channel } from '../../../api/routing';
import { Field, fieldAria } from '../common/Field';
import { ChannelFormFooter } from './ChannelFormFooter';
import { useChannelEditor } from './useChannelEditor';
import { toViberInput, viberServerError, viberToForm, type ViberForm, type ViberInput } from './viberSettings';

interface ViberChannelEditorProps {
  mode: 'create' | 'edit';
  initial: ViberForm;
  /** Editing: whether a token is stored. */
  tokenSet: boolean;
  submitLabel: string;
  /** Shown while saving, e.g. "Saving channel…". */
  progress: string;
  /** The write (create or update); it answers with the saved channel. */
  write: (input: ViberInput) => Promise<Channel>;
  success: (channel: Channel) => string;
  onSaved: (channel: Channel) => void;
  onCancel?: () => void;
}

/**
 * A Viber bot's settings as a form, for a new channel or an existing one: its name, the auth token (write-only),
 * how its messages are signed (sender name, avatar), the welcome message and Viber's API address. Checks what it
 * can before sending; an error the server ties to a field is shown next to that field.
 */
export function ViberChannelEditor(props: ViberChannelEditorProps) {
  const { mode, tokenSet, submitLabel, onCancel } = props;
  const base = useId();
  const { form, errors, errorOf, update, submit, summaryRef, save } = useChannelEditor(
    props.initial,
    { toInput: (current: ViberForm) => toViberInput(current, mode === 'create'), serverError: viberServerError, toForm: viberToForm },
    props,
  );
  const id = (name: string) => `${base}-${name}`;
  const tokenHint =
    mode === 'create' ? (
      "The bot's token from the Viber admin panel (Edit info → Your app key). It is never shown again."
    ) : (
      <>
        <span className="cfg-secret-state">{tokenSet ? 'Token: set.' : 'Token: not set.'}</span> It is never shown;
        paste a new one to replace it{tokenSet ? ', or leave the field empty to keep it' : ''}.
      </>
    );
  const text = (
    name: keyof ViberForm & string,
    label: string,
    hint: string,
    options: { type?: string; required?: boolean; multiline?: boolean } = {},
  ) => (
    <Field id={id(name)} label={label} hint={hint} error={errorOf(name as never)}>
      {options.multiline ? (
        <textarea
          id={id(name)}
          rows={2}
          value={String(form[name])}
          onChange={(event) => update({ [name]: event.target.value } as Partial<ViberForm>)}
          {...fieldAria(id(name), true, errorOf(name as never))}
        />
      ) : (
        <input
          id={id(name)}
          type={options.type ?? 'text'}
          spellCheck={false}
          autoComplete="off"
          required={options.required}
          value={String(form[name])}
          onChange={(event) => update({ [name]: event.target.value } as Partial<ViberForm>)}
          {...fieldAria(id(name), true, errorOf(name as never))}
        />
      )}
    </Field>
  );

  return (
    <form className="form cfg-smpp-form cfg-viber-form" onSubmit={submit} noValidate>
      {text('name', 'Name', "How admins tell this channel apart, e.g. the bot's name.", { required: true })}
      <Field id={id('authToken')} label="Auth token" hint={tokenHint} error={errorOf('authToken')}>
        <input
          id={id('authToken')}
          type="password"
          spellCheck={false}
          autoComplete="off"
          required={mode === 'create'}
          value={form.authToken}
          onChange={(event) => update({ authToken: event.target.value })}
          {...fieldAria(id('authToken'), true, errorOf('authToken'))}
        />
      </Field>
      {text('senderName', 'Sender name', 'Shown as the sender of every message, at most 28 characters.', { required: true })}
      {text('avatarUrl', 'Avatar URL', 'An image shown next to the messages (at most 100 KB); empty: none.', { type: 'url' })}
      {text('welcomeMessage', 'Welcome message', 'What someone sees when they open a chat with the bot; empty: nothing.', {
        multiline: true,
      })}
      {text('apiBaseUrl', 'Viber API address', "Viber's, unless you test against something else.", { type: 'url', required: true })}
      {mode === 'create' && (
        <label className="cfg-checkbox">
          <input type="checkbox" checked={form.enabled} onChange={(event) => update({ enabled: event.target.checked })} />
          <span>Connect the bot as soon as the channel is added</span>
        </label>
      )}
      <ChannelFormFooter errors={errors} summaryRef={summaryRef} save={save} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
