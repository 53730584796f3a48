import type { DeliveryGuarantee } from '../../../api/routing';
import { Field, fieldAria } from '../common/Field';
import { SMPP_LIMITS, type SmppFieldGroupProps } from './smppSettings';

const GUARANTEES: readonly { value: DeliveryGuarantee; label: string; detail: string }[] = [
  {
    value: 'at-least-once',
    label: 'At least once',
    detail: 'a message the SMS center never confirmed is sent again (may arrive twice).',
  },
  {
    value: 'at-most-once',
    label: 'At most once',
    detail: 'it is marked failed instead (never twice).',
  },
];

/** How messages go out: sender id, binds, window, rate and delivery guarantee. */
export function SmppSendingFields({ idBase, form, errorOf, onChange }: SmppFieldGroupProps) {
  const id = (name: string) => `${idBase}-${name}`;
  const guaranteeError = errorOf('deliveryGuarantee');

  return (
    <fieldset className="config-fieldset">
      <legend>Sending</legend>
      <Field
        id={id('source')}
        label="Sender id"
        hint={`The phone number messages come from (digits, optionally starting with +, up to ${SMPP_LIMITS.phoneDigits}) or a name of up to ${SMPP_LIMITS.alphanumeric} letters, digits and spaces, as agreed with your provider. Customers can only reply to a number.`}
        error={errorOf('sourceAddress')}
      >
        <input
          id={id('source')}
          type="text"
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          required
          placeholder="+15550001111"
          value={form.sourceAddress}
          onChange={(event) => onChange({ sourceAddress: event.target.value })}
          {...fieldAria(id('source'), true, errorOf('sourceAddress'))}
        />
      </Field>
      <div className="cfg-form-row">
        <Field
          id={id('binds')}
          label="Binds"
          hint={`Connections to the SMS center, ${SMPP_LIMITS.binds.min}–${SMPP_LIMITS.binds.max}. More than one only if your provider allows it.`}
          error={errorOf('binds')}
        >
          <input
            id={id('binds')}
            type="number"
            inputMode="numeric"
            min={SMPP_LIMITS.binds.min}
            max={SMPP_LIMITS.binds.max}
            step={1}
            value={form.binds}
            onChange={(event) => onChange({ binds: event.target.value })}
            {...fieldAria(id('binds'), true, errorOf('binds'))}
          />
        </Field>
        <Field
          id={id('window')}
          label="Window"
          hint={`Messages sent ahead of the SMS center's answers, per bind, ${SMPP_LIMITS.window.min}–${SMPP_LIMITS.window.max}.`}
          error={errorOf('window')}
        >
          <input
            id={id('window')}
            type="number"
            inputMode="numeric"
            min={SMPP_LIMITS.window.min}
            max={SMPP_LIMITS.window.max}
            step={1}
            value={form.window}
            onChange={(event) => onChange({ window: event.target.value })}
            {...fieldAria(id('window'), true, errorOf('window'))}
          />
        </Field>
        <Field
          id={id('rate')}
          label="Messages per second"
          hint="The most Parley sends per second on this channel, as your provider allows; 0: no limit."
          error={errorOf('submitsPerSecond')}
        >
          <input
            id={id('rate')}
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            value={form.submitsPerSecond}
            onChange={(event) => onChange({ submitsPerSecond: event.target.value })}
            {...fieldAria(id('rate'), true, errorOf('submitsPerSecond'))}
          />
        </Field>
      </div>
      <fieldset
        className="cfg-radio-group"
        aria-describedby={guaranteeError ? `${id('guarantee-hint')} ${id('guarantee-error')}` : id('guarantee-hint')}
      >
        <legend>Delivery guarantee</legend>
        <p className="field-hint" id={id('guarantee-hint')}>
          When the SMS center never confirms a message (the connection dropped before it answered):
        </p>
        {GUARANTEES.map((option) => (
          <label className="cfg-checkbox" key={option.value}>
            <input
              type="radio"
              name={id('guarantee')}
              value={option.value}
              checked={form.deliveryGuarantee === option.value}
              onChange={() => onChange({ deliveryGuarantee: option.value })}
            />
            <span>
              <strong>{option.label}:</strong> {option.detail}
            </span>
          </label>
        ))}
        {guaranteeError && (
          <p className="cfg-field-error" id={id('guarantee-error')}>
            {guaranteeError}
          </p>
        )}
      </fieldset>
    </fieldset>
  );
}
