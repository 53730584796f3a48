import { useId } from 'react';
import type { Channel } from '../../../api/routing';
import { Field, fieldAria } from '../common/Field';
import { ChannelFormFooter } from './ChannelFormFooter';
import {
  telegramServerError,
  telegramToForm,
  toTelegramInput,
  type TelegramForm,
  type TelegramInput,
} from './telegramSettings';
import { useChannelEditor } from './useChannelEditor';

interface TelegramChannelEditorProps {
  mode: 'create' | 'edit';
  initial: TelegramForm;
  /** Editing: whether a token is stored. */
  tokenSet: boolean;
  submitLabel: string;
  /** Shown while saving, e.g. "Saving channel…". */
  progress: string;
  /** The write (create or update); it answers with the saved channel. */
  write: (input: TelegramInput) => Promise<Channel>;
  success: (channel: Channel) => string;
  onSaved: (channel: Channel) => void;
  onCancel?: () => void;
}

/**
 * A Telegram bot's settings as a form, for a new channel or an existing one: its name, the bot token (write-only),
 * how updates arrive and the Bot API's address. Checks what it can before sending; an error the server ties to a
 * field ("botToken") is shown next to that field.
 */
export function TelegramChannelEditor(props: TelegramChannelEditorProps) {
  const { mode, tokenSet, submitLabel, onCancel } = props;
  const base = useId();
  const { form, errors, errorOf, update, submit, summaryRef, save } = useChannelEditor(
    props.initial,
    {
      toInput: (current: TelegramForm) => toTelegramInput(current, mode === 'create'),
      serverError: telegramServerError,
      toForm: telegramToForm,
    },
    props,
  );
  const id = (name: string) => `${base}-${name}`;
  const tokenHint =
    mode === 'create' ? (
      'Create a bot with @BotFather in Telegram and paste the token it gives you. It is never shown again.'
    ) : (
      <>
        <span className="cfg-secret-state">{tokenSet ? 'Token: set.' : 'Token: not set.'}</span> It is never shown;
        paste a new one to replace it{tokenSet ? ', or leave the field empty to keep it' : ''}.
      </>
    );

  return (
    <form className="form cfg-smpp-form cfg-telegram-form" onSubmit={submit} noValidate>
      <Field id={id('name')} label="Name" hint="How admins tell this channel apart, e.g. the bot's name." error={errorOf('name')}>
        <input
          id={id('name')}
          type="text"
          maxLength={100}
          required
          value={form.name}
          onChange={(event) => update({ name: event.target.value })}
          {...fieldAria(id('name'), true, errorOf('name'))}
        />
      </Field>
      <Field id={id('token')} label="Bot token" hint={tokenHint} error={errorOf('botToken')}>
        <input
          id={id('token')}
          type="password"
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          required={mode === 'create'}
          placeholder={mode === 'create' ? '123456789:AAE…' : ''}
          value={form.botToken}
          onChange={(event) => update({ botToken: event.target.value })}
          {...fieldAria(id('token'), true, errorOf('botToken'))}
        />
      </Field>
      <fieldset className="config-fieldset" aria-describedby={errorOf('mode') ? id('mode-error') : undefined}>
        <legend>How messages arrive</legend>
        <label className="cfg-checkbox">
          <input type="radio" name={id('mode')} checked={form.mode === 'webhook'} onChange={() => update({ mode: 'webhook' })} />
          <span>Webhook: Telegram calls Parley at once (needs Parley's public HTTPS address)</span>
        </label>
        <label className="cfg-checkbox">
          <input type="radio" name={id('mode')} checked={form.mode === 'polling'} onChange={() => update({ mode: 'polling' })} />
          <span>Polling: Parley asks Telegram for new messages (works behind a firewall)</span>
        </label>
        {errorOf('mode') && (
          <p className="cfg-field-error" id={id('mode-error')}>
            {errorOf('mode')}
          </p>
        )}
      </fieldset>
      <Field
        id={id('base')}
        label="Bot API address"
        hint="Telegram's, unless you run your own Bot API server."
        error={errorOf('apiBaseUrl')}
      >
        <input
          id={id('base')}
          type="url"
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          required
          value={form.apiBaseUrl}
          onChange={(event) => update({ apiBaseUrl: event.target.value })}
          {...fieldAria(id('base'), true, errorOf('apiBaseUrl'))}
        />
      </Field>
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
