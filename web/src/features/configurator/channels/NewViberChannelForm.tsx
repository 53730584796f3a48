import { useEffect, useId, useRef } from 'react';
import { createChannel } from '../../../api/routing';
import type { NewChannelFormProps } from './channelForms';
import { ViberChannelEditor } from './ViberChannelEditor';
import { newViberForm } from './viberSettings';

/** Adding a Viber bot: its token from the Viber admin panel, and how its messages are signed. */
export function NewViberChannelForm({ onCreated, onCancel }: NewChannelFormProps) {
  const base = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="config-card cfg-new-channel" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`} tabIndex={-1} ref={headingRef}>
        New Viber bot
      </h3>
      <p className="field-hint">
        Customers write to your bot in Viber; their messages reach your agents here. Viber needs to reach Parley at a
        public HTTPS address.
      </p>
      <ViberChannelEditor
        mode="create"
        initial={newViberForm()}
        tokenSet={false}
        submitLabel="Add channel"
        progress="Adding channel…"
        success={(channel) => `${channel.name} added.`}
        write={({ name, enabled, settings, authToken }) =>
          createChannel({ type: 'viber', name, enabled, settings, authToken: authToken ?? '' })
        }
        onSaved={onCreated}
        onCancel={onCancel}
      />
    </section>
  );
}
