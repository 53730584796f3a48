import { useEffect, useId, useRef } from 'react';
import { createChannel } from '../../../api/routing';
import type { NewChannelFormProps } from './channelForms';
import { MessengerChannelEditor } from './MessengerChannelEditor';
import { messengerCreateBody, newMessengerForm, type MessengerType } from './messengerSettings';

/** Adding a Facebook page (Messenger) or an Instagram professional account: its ids and the Meta app's token and secret. */
function NewMetaPageForm({ type, onCreated, onCancel }: NewChannelFormProps & { type: MessengerType }) {
  const base = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const instagram = type === 'instagram';
  return (
    <section className="config-card cfg-new-channel" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`} tabIndex={-1} ref={headingRef}>
        {instagram ? 'New Instagram account' : 'New Messenger page'}
      </h3>
      <p className="field-hint">
        {instagram
          ? 'Customers write to your Instagram professional account in Instagram Direct; their messages reach your agents here. You need a Meta app with the Instagram product, the Facebook page the account is linked to, its access token and a public HTTPS address for Parley.'
          : "Customers write to your Facebook page in Messenger; their messages reach your agents here. You need a Meta app with the Messenger product, the page's access token and a public HTTPS address for Parley."}{' '}
        Once the channel is added, Parley shows the callback URL and verify token to paste into the Meta app.
      </p>
      <MessengerChannelEditor
        type={type}
        mode="create"
        initial={newMessengerForm(type)}
        secretsSet={{ accessToken: false, appSecret: false }}
        submitLabel="Add channel"
        progress="Adding channel…"
        success={(channel) => `${channel.name} added.`}
        write={(input) => createChannel(messengerCreateBody(type, input))}
        onSaved={onCreated}
        onCancel={onCancel}
      />
    </section>
  );
}

export function NewMessengerChannelForm(props: NewChannelFormProps) {
  return <NewMetaPageForm type="messenger" {...props} />;
}

export function NewInstagramChannelForm(props: NewChannelFormProps) {
  return <NewMetaPageForm type="instagram" {...props} />;
}
