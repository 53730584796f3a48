import { useEffect, useId, useRef } from 'react';
import { createChannel } from '../../../api/routing';
import type { NewChannelFormProps } from './channelForms';
import { WebchatChannelEditor } from './WebchatChannelEditor';
import { newWebchatForm } from './webchatSettings';

/** Adding a web chat widget, with the default title, greeting and colours filled in. */
export function NewWebchatChannelForm({ onCreated, onCancel }: NewChannelFormProps) {
  const base = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="config-card cfg-new-channel" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`} tabIndex={-1} ref={headingRef}>
        New web chat widget
      </h3>
      <p className="field-hint">
        A chat window for your website. Once it is added you get the code to paste into your pages, and a demo page
        to try it.
      </p>
      <WebchatChannelEditor
        mode="create"
        initial={newWebchatForm()}
        submitLabel="Add channel"
        progress="Adding channel…"
        success={(channel) => `${channel.name} added.`}
        write={({ name, enabled, settings }) => createChannel({ type: 'webchat', name, enabled, settings })}
        onSaved={onCreated}
        onCancel={onCancel}
      />
    </section>
  );
}
