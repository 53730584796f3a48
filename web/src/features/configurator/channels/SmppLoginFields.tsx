import { Field, fieldAria } from '../common/Field';
import { SMPP_LIMITS, type SmppFieldGroupProps, type SmppMode } from './smppSettings';

interface SmppLoginFieldsProps extends SmppFieldGroupProps {
  mode: SmppMode;
  /** Editing: whether a password is stored. */
  passwordSet: boolean;
}

/** Where the SMS center is and how Parley logs in: host, port, TLS, system id, password, system type. */
export function SmppLoginFields({ idBase, form, errorOf, onChange, mode, passwordSet }: SmppLoginFieldsProps) {
  const id = (name: string) => `${idBase}-${name}`;
  const passwordHint =
    mode === 'create' ? (
      `At most ${SMPP_LIMITS.password} characters (an SMPP limit). It is never shown again.`
    ) : (
      <>
        <span className="cfg-secret-state">{passwordSet ? 'Password: set.' : 'Password: not set.'}</span> It is never
        shown; type a new one to replace it{passwordSet ? ', or leave the field empty to keep it' : ''}. At most{' '}
        {SMPP_LIMITS.password} characters.
      </>
    );

  return (
    <fieldset className="config-fieldset">
      <legend>SMS center</legend>
      <div className="cfg-form-row">
        <Field
          id={id('host')}
          label="Host"
          hint="The SMPP server your provider gave you, e.g. smsc.example.com."
          error={errorOf('host')}
        >
          <input
            id={id('host')}
            type="text"
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            required
            value={form.host}
            onChange={(event) => onChange({ host: event.target.value })}
            {...fieldAria(id('host'), true, errorOf('host'))}
          />
        </Field>
        <Field id={id('port')} label="Port" hint="Usually 2775." error={errorOf('port')} narrow>
          <input
            id={id('port')}
            type="number"
            inputMode="numeric"
            min={1}
            max={65535}
            step={1}
            required
            value={form.port}
            onChange={(event) => onChange({ port: event.target.value })}
            {...fieldAria(id('port'), true, errorOf('port'))}
          />
        </Field>
      </div>
      <div className="cfg-switch-field">
        <label className="cfg-switch">
          <input
            type="checkbox"
            role="switch"
            checked={form.tls}
            onChange={(event) => onChange({ tls: event.target.checked })}
            {...fieldAria(id('tls'), true, errorOf('tls'))}
          />
          <span className="cfg-switch-track" aria-hidden="true" />
          <span>TLS</span>
        </label>
        <p className="field-hint" id={id('tls-hint')}>
          Encrypts the connection. Only if the SMS center offers SMPP over TLS; it usually listens on another port then.
        </p>
        {errorOf('tls') && (
          <p className="cfg-field-error" id={id('tls-error')}>
            {errorOf('tls')}
          </p>
        )}
      </div>
      <div className="cfg-form-row">
        <Field
          id={id('system-id')}
          label="System id"
          hint={`Your account at the SMS center, at most ${SMPP_LIMITS.systemId} characters.`}
          error={errorOf('systemId')}
        >
          <input
            id={id('system-id')}
            type="text"
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            required
            value={form.systemId}
            onChange={(event) => onChange({ systemId: event.target.value })}
            {...fieldAria(id('system-id'), true, errorOf('systemId'))}
          />
        </Field>
        <Field id={id('password')} label="Password" hint={passwordHint} error={errorOf('password')}>
          <input
            id={id('password')}
            type="password"
            autoComplete="new-password"
            required={mode === 'create'}
            value={form.password}
            onChange={(event) => onChange({ password: event.target.value })}
            {...fieldAria(id('password'), true, errorOf('password'))}
          />
        </Field>
        <Field
          id={id('system-type')}
          label="System type"
          hint={`Often empty: only if your provider asks for one. At most ${SMPP_LIMITS.systemType} characters.`}
          error={errorOf('systemType')}
        >
          <input
            id={id('system-type')}
            type="text"
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            value={form.systemType}
            onChange={(event) => onChange({ systemType: event.target.value })}
            {...fieldAria(id('system-type'), true, errorOf('systemType'))}
          />
        </Field>
      </div>
    </fieldset>
  );
}
