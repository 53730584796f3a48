import { useId, type ReactNode } from 'react';
import type { Channel } from '../../../api/routing';
import { Field, fieldAria } from '../common/Field';
import { ChannelFormFooter } from './ChannelFormFooter';
import { useChannelEditor } from './useChannelEditor';
import { GraphApiFieldset, MetaSecretField } from './MetaFields';
import {
  toWhatsAppInput,
  whatsappServerError,
  whatsappToForm,
  type WhatsAppField,
  type WhatsAppForm,
  type WhatsAppInput,
  type WhatsAppSecret,
} from './whatsappSettings';

interface WhatsAppChannelEditorProps {
  mode: 'create' | 'edit';
  initial: WhatsAppForm;
  /** Editing: which secrets are stored (`Channel.secretsSet`). */
  secretsSet: Readonly<Record<WhatsAppSecret, boolean>>;
  submitLabel: string;
  /** Shown while saving, e.g. "Saving channel…". */
  progress: string;
  /** The write (create or update); it answers with the saved channel. */
  write: (input: WhatsAppInput) => Promise<Channel>;
  success: (channel: Channel) => string;
  onSaved: (channel: Channel) => void;
  onCancel?: () => void;
}

/**
 * A WhatsApp number's settings as a form, for a new channel or an existing one: its name, the number's ids from
 * WhatsApp Manager, the access token and the app secret (both write-only) and, under Advanced, the Graph API's
 * address and version. Checks what it can before sending; an error the server ties to a field is shown next to
 * that field.
 */
export function WhatsAppChannelEditor(props: WhatsAppChannelEditorProps) {
  const { mode, secretsSet, submitLabel, onCancel } = props;
  const base = useId();
  const { form, errors, errorOf, update, submit, summaryRef, save } = useChannelEditor(
    props.initial,
    {
      toInput: (current: WhatsAppForm) => toWhatsAppInput(current, mode === 'create'),
      serverError: whatsappServerError,
      toForm: whatsappToForm,
    },
    props,
  );
  const id = (name: string) => `${base}-${name}`;

  const text = (
    name: Exclude<WhatsAppField, WhatsAppSecret>,
    label: string,
    hint: ReactNode,
    options: { type?: string; required?: boolean; numeric?: boolean; placeholder?: string } = {},
  ) => (
    <Field id={id(name)} label={label} hint={hint} error={errorOf(name)}>
      <input
        id={id(name)}
        type={options.type ?? 'text'}
        inputMode={options.numeric ? 'numeric' : undefined}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        required={options.required}
        placeholder={options.placeholder}
        value={form[name]}
        onChange={(event) => update({ [name]: event.target.value } as Partial<WhatsAppForm>)}
        {...fieldAria(id(name), true, errorOf(name))}
      />
    </Field>
  );

  const secret = (name: WhatsAppSecret, createHint: string) => (
    <MetaSecretField
      id={id(name)}
      name={name}
      mode={mode}
      isSet={secretsSet[name]}
      createHint={createHint}
      value={form[name]}
      error={errorOf(name)}
      onChange={(value) => update({ [name]: value })}
    />
  );

  return (
    <form className="form cfg-smpp-form cfg-meta-form" onSubmit={submit} noValidate>
      {text('name', 'Name', 'How admins tell this channel apart, e.g. the number or the brand.', { required: true })}
      {text(
        'phoneNumberId',
        'Phone number ID',
        'In WhatsApp Manager (or the Meta app: WhatsApp → API Setup), the ID of the business number: digits, not the phone number itself.',
        { required: true, numeric: true, placeholder: '106540352242922' },
      )}
      {text(
        'businessAccountId',
        'WhatsApp Business Account ID',
        'Shown next to the phone number ID; needed for message templates. Optional.',
        { numeric: true },
      )}
      {secret(
        'accessToken',
        "A System User's permanent token from Meta Business Manager (Business settings → System users), with the whatsapp_business_messaging permission. It is never shown again.",
      )}
      {secret(
        'appSecret',
        "From the Meta app's Settings → Basic. Parley checks the signature of every webhook with it, and derives the verify token from it. It is never shown again.",
      )}
      <GraphApiFieldset idBase={base} values={form} errorOf={errorOf} onChange={update} />
      {mode === 'create' && (
        <label className="cfg-checkbox">
          <input type="checkbox" checked={form.enabled} onChange={(event) => update({ enabled: event.target.checked })} />
          <span>Connect the number as soon as the channel is added</span>
        </label>
      )}
      <ChannelFormFooter errors={errors} summaryRef={summaryRef} save={save} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
