import { useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { rotateWebhookSecret, updateRoutingSettings, type Channel, type RoutingSettings } from '../../../api/routing';
import { ActionError, ActionLive } from '../common/ActionStatus';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { CopyField } from '../common/CopyField';
import { SecretShownOnce } from '../common/SecretShownOnce';
import { useAction, type ActionState } from '../common/useAction';
import {
  makeSecretLabel,
  NO_SECRET_SHOWN,
  secretStateText,
  webhookPatch,
  webhookSecretAfter,
  type WebhookSecretView,
} from './apiWebhook';
import type { ChannelFormProps } from './channelForms';
import { ChannelTest } from './ChannelTest';
import { absoluteUrl, testResultText } from './channelText';

/**
 * The API channel (C8): integrators post customers' messages to the inbound endpoint; agents' replies go to the
 * tenant's webhook, signed with the secret Parley made for it (shown once, when made).
 */
export function ApiChannelForm({ channel, onChanged }: ChannelFormProps) {
  const [url, setUrl] = useState(channel.webhookUrl);
  const [secret, setSecret] = useState<WebhookSecretView>(NO_SECRET_SHOWN);
  const save = useAction();
  const make = useAction();
  const makeRef = useRef<HTMLButtonElement>(null);

  const changed = (settings: RoutingSettings) =>
    onChanged({ ...channel, webhookUrl: settings.apiWebhookUrl, webhookSecretSet: settings.apiWebhookSecretSet });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = webhookPatch(url);
    if ('problem' in checked) {
      save.fail(checked.problem);
      return;
    }
    const answer = await save.run('Saving webhook…', () => updateRoutingSettings(checked.patch), (saved) =>
      saved.apiWebhookSecret ? 'Webhook saved, and its signing secret made.' : 'Webhook saved.',
    );
    if (answer) {
      setUrl(answer.settings.apiWebhookUrl);
      setSecret((view) => webhookSecretAfter(view, { kind: 'saved', answer }));
      changed(answer.settings);
    }
  }

  async function makeSecret() {
    const answer = await make.run('Making a signing secret…', rotateWebhookSecret, 'Signing secret made.');
    if (answer) {
      setSecret((view) => webhookSecretAfter(view, { kind: 'made', answer }));
      changed(answer.settings);
    }
  }

  return (
    <ApiChannelView
      channel={channel}
      url={url}
      secret={secret}
      save={save}
      make={make}
      makeRef={makeRef}
      onUrlChange={(value) => {
        setUrl(value);
        save.reset();
      }}
      onSubmit={(event) => void submit(event)}
      onMake={() => {
        make.reset();
        if (channel.webhookSecretSet) {
          setSecret((view) => webhookSecretAfter(view, { kind: 'ask' }));
        } else {
          // Nothing stops working: no confirmation.
          void makeSecret();
        }
      }}
      onConfirmMake={() => void makeSecret()}
      onCancelMake={() => {
        make.reset();
        setSecret((view) => webhookSecretAfter(view, { kind: 'cancel' }));
      }}
      onSecretDone={() => {
        setSecret((view) => webhookSecretAfter(view, { kind: 'done' }));
        requestAnimationFrame(() => makeRef.current?.focus());
      }}
    />
  );
}

export interface ApiChannelViewProps {
  channel: Channel;
  /** The webhook URL as typed. */
  url: string;
  secret: WebhookSecretView;
  save: ActionState;
  make: ActionState;
  makeRef?: RefObject<HTMLButtonElement>;
  onUrlChange: (url: string) => void;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  /** "Make a (new) secret": asks to confirm when one is set. */
  onMake: () => void;
  onConfirmMake: () => void;
  onCancelMake: () => void;
  /** Done with the secret shown: it leaves the page. */
  onSecretDone: () => void;
}

/** The API channel's endpoint, webhook, signing secret and test, as the state given says. */
export function ApiChannelView({
  channel,
  url,
  secret,
  save,
  make,
  makeRef,
  onUrlChange,
  onSubmit,
  onMake,
  onConfirmMake,
  onCancelMake,
  onSecretDone,
}: ApiChannelViewProps) {
  const base = useId();
  const secretState = secretStateText(channel.webhookSecretSet, channel.webhookUrl);

  return (
    <>
      <CopyField
        label="Inbound endpoint"
        value={absoluteUrl(window.location.origin, channel.inboundPath)}
        copyLabel="Copy endpoint"
        hint="Give this to your integrator: their system POSTs customers' messages here with an admin API token (see the API documentation)."
      />

      <form className="form cfg-channel-webhook" onSubmit={onSubmit} noValidate>
        <h4>Replies to your system</h4>
        <div className="field">
          <label htmlFor={`${base}-url`}>Webhook URL</label>
          <input
            id={`${base}-url`}
            type="url"
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            maxLength={2000}
            placeholder="https://"
            value={url}
            aria-describedby={`${base}-url-hint`}
            onChange={(event) => onUrlChange(event.target.value)}
          />
          <p className="field-hint" id={`${base}-url-hint`}>
            Parley POSTs every agent reply here, signed; the URL must start with https://. Empty: replies fail with
            “no webhook URL configured”.
          </p>
        </div>
        <ActionError action={save} />
        <div className="form-actions">
          <button className="button button-primary" type="submit" disabled={save.pending !== null}>
            Save webhook
          </button>
          <ActionLive action={save} />
        </div>
      </form>

      <div className="cfg-channel-secret" role="group" aria-labelledby={`${base}-secret-title`}>
        <h4 id={`${base}-secret-title`}>Signing secret</h4>
        <p className="field-hint" id={`${base}-secret-hint`}>
          <span className="cfg-secret-state">{secretState.state}</span> {secretState.meaning}
        </p>
        {!secret.confirming && <ActionError action={make} />}
        <div className="form-actions">
          <button
            className="button"
            type="button"
            ref={makeRef}
            aria-describedby={`${base}-secret-hint`}
            disabled={make.pending !== null}
            onClick={onMake}
          >
            {makeSecretLabel(channel.webhookSecretSet)}
          </button>
          <ActionLive action={make} />
        </div>
        {secret.shown !== null && (
          <SecretShownOnce
            key={secret.shown}
            headingLevel={5}
            title="The webhook’s signing secret"
            once="Copy it now: it is shown only once."
            explanation="Your system checks X-Parley-Signature with it. If it is lost, make a new one."
            label="Signing secret"
            copyLabel="Copy secret"
            hint="Keep it where you keep passwords."
            secret={secret.shown}
            onDone={onSecretDone}
          />
        )}
      </div>

      {secret.confirming && (
        <ConfirmDialog
          title="Make a new signing secret?"
          question="The old secret stops working at once: replies fail your system’s signature check (X-Parley-Signature) until it has the new one. The new secret is shown once."
          confirmLabel="Make a new secret"
          action={make}
          onConfirm={onConfirmMake}
          onCancel={onCancelMake}
        />
      )}

      <ChannelTest
        channelId={channel.id}
        title="Test"
        hint="Sends a signed test event to the saved webhook URL and shows its answer."
        buttonLabel="Send test"
        progress="Sending a test to the webhook…"
        describe={testResultText}
      />
    </>
  );
}
