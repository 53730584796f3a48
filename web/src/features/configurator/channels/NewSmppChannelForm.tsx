import { useEffect, useId, useRef } from 'react';
import { createChannel } from '../../../api/routing';
import type { NewChannelFormProps } from './channelForms';
import { SmppChannelEditor } from './SmppChannelEditor';
import { newSmppForm } from './smppSettings';

/** Adding an SMS channel over SMPP, with the usual defaults filled in. */
export function NewSmppChannelForm({ onCreated, onCancel }: NewChannelFormProps) {
  const base = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="config-card cfg-new-channel" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`} tabIndex={-1} ref={headingRef}>
        New SMS (SMPP) channel
      </h3>
      <p className="field-hint">
        Your SMS provider gives you the SMS center's address, an account (system id and password) and the sender id.
      </p>
      <SmppChannelEditor
        mode="create"
        initial={newSmppForm()}
        passwordSet={false}
        submitLabel="Add channel"
        progress="Adding channel…"
        success={(channel) => `${channel.name} added.`}
        write={({ name, enabled, settings, password }) =>
          createChannel({ type: 'smpp', name, enabled, settings, password: password ?? '' })
        }
        onSaved={onCreated}
        onCancel={onCancel}
      />
    </section>
  );
}
