import { useEffect, useId, useRef } from 'react';
import { createChannel } from '../../../api/routing';
import type { NewChannelFormProps } from './channelForms';
import { WhatsAppChannelEditor } from './WhatsAppChannelEditor';
import { newWhatsAppForm, whatsappCreateBody } from './whatsappSettings';

/** Adding a WhatsApp number: its ids from WhatsApp Manager and the Meta app's token and secret. */
export function NewWhatsAppChannelForm({ onCreated, onCancel }: NewChannelFormProps) {
  const base = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="config-card cfg-new-channel" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`} tabIndex={-1} ref={headingRef}>
        New WhatsApp number
      </h3>
      <p className="field-hint">
        Customers write to your business number in WhatsApp; their messages reach your agents here. You need a Meta
        app with the WhatsApp product, a System User's access token and a public HTTPS address for Parley. Once the
        channel is added, Parley shows the callback URL and verify token to paste into the Meta app.
      </p>
      <WhatsAppChannelEditor
        mode="create"
        initial={newWhatsAppForm()}
        secretsSet={{ accessToken: false, appSecret: false }}
        submitLabel="Add channel"
        progress="Adding channel…"
        success={(channel) => `${channel.name} added.`}
        write={(input) => createChannel(whatsappCreateBody(input))}
        onSaved={onCreated}
        onCancel={onCancel}
      />
    </section>
  );
}
