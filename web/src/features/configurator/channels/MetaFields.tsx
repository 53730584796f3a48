// The fields every Meta channel editor (WhatsApp, Messenger, Instagram) has: the two write-only secrets, and the
// Graph API's address and version under Advanced.
import type { ReactNode } from 'react';
import { Field, fieldAria } from '../common/Field';
import { GRAPH_API_URL, GRAPH_API_VERSION, type MetaSecret } from './metaSettings';

const SECRET_NAMES: Record<MetaSecret, string> = { accessToken: 'Access token', appSecret: 'App secret' };

interface MetaSecretFieldProps {
  /** The input's id. */
  id: string;
  name: MetaSecret;
  /** The label, when not "Access token" / "App secret". */
  label?: string;
  mode: 'create' | 'edit';
  /** Editing: whether the secret is stored (`Channel.secretsSet`). */
  isSet: boolean;
  /** Creating: where the secret comes from. */
  createHint: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}

/**
 * A secret as a password field: never shown; when editing, the hint says whether one is stored, and an empty field
 * keeps it. Without an app secret Meta's webhooks cannot be verified, and the hint says so.
 */
export function MetaSecretField({ id, name, label, mode, isSet, createHint, value, error, onChange }: MetaSecretFieldProps) {
  const title = label ?? SECRET_NAMES[name];
  const hint =
    mode === 'create' ? (
      createHint
    ) : (
      <>
        <span className="cfg-secret-state">
          {title}: {isSet ? 'set.' : 'not set.'}
        </span>{' '}
        It is never shown; paste a new one to replace it{isSet ? ', or leave the field empty to keep it' : ''}.
        {!isSet && name === 'appSecret' && ' Until it is set, Meta cannot verify the webhook and no message arrives.'}
      </>
    );
  return (
    <Field id={id} label={title} hint={hint} error={error}>
      <input
        id={id}
        type="password"
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        required={mode === 'create'}
        placeholder={mode === 'edit' && isSet ? 'set — leave empty to keep' : name === 'accessToken' ? 'EAA…' : ''}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        {...fieldAria(id, true, error)}
      />
    </Field>
  );
}

interface GraphApiFieldsetProps {
  /** Prefix of the inputs' ids. */
  idBase: string;
  values: { graphApiUrl: string; graphApiVersion: string };
  errorOf: (field: 'graphApiUrl' | 'graphApiVersion') => string | undefined;
  onChange: (patch: Partial<{ graphApiUrl: string; graphApiVersion: string }>) => void;
}

/** "Advanced": Meta's Graph API address and version. */
export function GraphApiFieldset({ idBase, values, errorOf, onChange }: GraphApiFieldsetProps) {
  const input = (name: 'graphApiUrl' | 'graphApiVersion', label: string, hint: ReactNode, type: string) => {
    const id = `${idBase}-${name}`;
    return (
      <Field id={id} label={label} hint={hint} error={errorOf(name)}>
        <input
          id={id}
          type={type}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          required
          value={values[name]}
          onChange={(event) => onChange({ [name]: event.target.value })}
          {...fieldAria(id, true, errorOf(name))}
        />
      </Field>
    );
  };
  return (
    <fieldset className="config-fieldset">
      <legend>Advanced</legend>
      <p className="field-hint">Meta's Graph API, unless you test against something else or move to a newer version.</p>
      {input('graphApiUrl', 'Graph API address', `Default: ${GRAPH_API_URL}.`, 'url')}
      {input('graphApiVersion', 'Graph API version', `Default: ${GRAPH_API_VERSION}.`, 'text')}
    </fieldset>
  );
}
