import { useId, type ReactNode } from 'react';
import type { Channel } from '../../../api/routing';
import { Field, fieldAria } from '../common/Field';
import { ChannelFormFooter } from './ChannelFormFooter';
import { GraphApiFieldset, MetaSecretField } from './MetaFields';
import type { MetaSecret } from './metaSettings';
import {
  messengerServerError,
  messengerToForm,
  toMessengerInput,
  type MessengerField,
  type MessengerForm,
  type MessengerInput,
  type MessengerType,
} from './messengerSettings';
import { useChannelEditor } from './useChannelEditor';

interface MessengerChannelEditorProps {
  /** A Facebook page (Messenger) or an Instagram professional account. */
  type: MessengerType;
  mode: 'create' | 'edit';
  initial: MessengerForm;
  /** Editing: which secrets are stored (`Channel.secretsSet`). */
  secretsSet: Readonly<Record<MetaSecret, boolean>>;
  submitLabel: string;
  /** Shown while saving, e.g. "Saving channel…". */
  progress: string;
  /** The write (create or update); it answers with the saved channel. */
  write: (input: MessengerInput) => Promise<Channel>;
  success: (channel: Channel) => string;
  onSaved: (channel: Channel) => void;
  onCancel?: () => void;
}

export const HUMAN_AGENT_LABEL =
  "The page has Meta's Human Agent permission: replies may go up to 7 days after the customer's last message, tagged as a human agent's";

/**
 * A Facebook page's (Messenger) or Instagram account's settings as a form, for a new channel or an existing one: its
 * name, the page's id (and the Instagram account's), the page's access token and the app secret (both write-only),
 * whether replies may go tagged as a human agent's and, under Advanced, the Graph API's address and version. Checks
 * what it can before sending; an error the server ties to a field is shown next to that field.
 */
export function MessengerChannelEditor(props: MessengerChannelEditorProps) {
  const { type, mode, secretsSet, submitLabel, onCancel } = props;
  const instagram = type === 'instagram';
  const base = useId();
  const { form, errors, errorOf, update, submit, summaryRef, save } = useChannelEditor(
    props.initial,
    {
      toInput: (current: MessengerForm) => toMessengerInput(current, type, mode === 'create'),
      serverError: messengerServerError,
      toForm: messengerToForm,
    },
    props,
  );
  const id = (name: string) => `${base}-${name}`;

  const text = (
    name: Extract<MessengerField, 'name' | 'pageId' | 'instagramAccountId'>,
    label: string,
    hint: ReactNode,
    options: { required?: boolean; numeric?: boolean; placeholder?: string } = {},
  ) => (
    <Field id={id(name)} label={label} hint={hint} error={errorOf(name)}>
      <input
        id={id(name)}
        type="text"
        inputMode={options.numeric ? 'numeric' : undefined}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        required={options.required}
        placeholder={options.placeholder}
        value={form[name]}
        onChange={(event) => update({ [name]: event.target.value })}
        {...fieldAria(id(name), true, errorOf(name))}
      />
    </Field>
  );

  const secret = (name: MetaSecret, label: string, createHint: string) => (
    <MetaSecretField
      id={id(name)}
      name={name}
      label={label}
      mode={mode}
      isSet={secretsSet[name]}
      createHint={createHint}
      value={form[name]}
      error={errorOf(name)}
      onChange={(value) => update({ [name]: value })}
    />
  );

  const tagError = errorOf('humanAgentTag');
  return (
    <form className="form cfg-smpp-form cfg-meta-form" onSubmit={submit} noValidate>
      {text(
        'name',
        'Name',
        instagram
          ? 'How admins tell this channel apart, e.g. the account’s @name.'
          : 'How admins tell this channel apart, e.g. the page’s name.',
        { required: true },
      )}
      {text(
        'pageId',
        'Page ID',
        instagram
          ? 'The Facebook page the Instagram account is linked to: its ID (digits), under the page’s About → Page transparency, or in the Meta app.'
          : 'The Facebook page’s ID (digits), under the page’s About → Page transparency, or in the Meta app’s Messenger settings.',
        { required: true, numeric: true, placeholder: '1111111111' },
      )}
      {instagram &&
        text(
          'instagramAccountId',
          'Instagram account ID',
          'The Instagram professional account’s ID (digits, not the @username), as the Meta app shows it.',
          { required: true, numeric: true, placeholder: '17840000000000001' },
        )}
      {secret(
        'accessToken',
        'Page access token',
        instagram
          ? "The access token of the page the account is linked to (a long-lived page token, or a System User's), allowed to message as the Instagram account. It is never shown again."
          : "The page's access token (a long-lived page token, or a System User's), allowed to message as the page. It is never shown again.",
      )}
      {secret(
        'appSecret',
        'App secret',
        "From the Meta app's Settings → Basic. Parley checks the signature of every webhook with it, and derives the verify token from it. It is never shown again.",
      )}
      <div className="field">
        <label className="cfg-checkbox">
          <input
            type="checkbox"
            checked={form.humanAgentTag}
            onChange={(event) => update({ humanAgentTag: event.target.checked })}
            {...fieldAria(id('humanAgentTag'), true, tagError)}
          />
          <span>{HUMAN_AGENT_LABEL}</span>
        </label>
        <p className="field-hint" id={`${id('humanAgentTag')}-hint`}>
          Only when Meta granted the app the Human Agent permission (App Review); otherwise Meta refuses replies after
          24 hours. Agents must write those replies themselves: no automated messages.
        </p>
        {tagError && (
          <p className="cfg-field-error" id={`${id('humanAgentTag')}-error`}>
            {tagError}
          </p>
        )}
      </div>
      <GraphApiFieldset idBase={base} values={form} errorOf={errorOf} onChange={update} />
      {mode === 'create' && (
        <label className="cfg-checkbox">
          <input type="checkbox" checked={form.enabled} onChange={(event) => update({ enabled: event.target.checked })} />
          <span>Connect the {instagram ? 'account' : 'page'} as soon as the channel is added</span>
        </label>
      )}
      <ChannelFormFooter errors={errors} summaryRef={summaryRef} save={save} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
