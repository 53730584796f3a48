import { useId, useState, type FormEvent } from 'react';
import { updateRoutingSettings } from '../../../api/routing';
import { ActionError, ActionLive } from '../common/ActionStatus';
import { CopyField } from '../common/CopyField';
import { useAction } from '../common/useAction';
import type { ChannelFormProps } from './channelForms';
import { ChannelTest } from './ChannelTest';
import { absoluteUrl, isWebhookUrlAcceptable, testResultText } from './channelText';

/**
 * The API channel (C8): integrators post customers' messages to the inbound endpoint; agents' replies go
 * to the tenant's webhook, signed with its secret when one is set.
 */
export function ApiChannelForm({ channel, onChanged }: ChannelFormProps) {
  const base = useId();
  const [url, setUrl] = useState(channel.webhookUrl);
  const [secret, setSecret] = useState('');
  const [removeSecret, setRemoveSecret] = useState(false);
  const save = useAction();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = url.trim();
    if (!isWebhookUrlAcceptable(trimmed)) {
      save.fail('The webhook URL must start with https:// (or http://), or be empty.');
      return;
    }
    const patch = {
      apiWebhookUrl: trimmed,
      ...(secret !== '' ? { apiWebhookSecret: secret } : removeSecret ? { apiWebhookSecret: '' } : {}),
    };
    const settings = await save.run('Saving webhook…', () => updateRoutingSettings(patch), 'Webhook saved.');
    if (settings) {
      setUrl(settings.apiWebhookUrl);
      setSecret('');
      setRemoveSecret(false);
      onChanged({ ...channel, webhookUrl: settings.apiWebhookUrl, webhookSecretSet: settings.apiWebhookSecretSet });
    }
  }

  return (
    <>
      <CopyField
        label="Inbound endpoint"
        value={absoluteUrl(window.location.origin, channel.inboundPath)}
        copyLabel="Copy endpoint"
        hint="Give this to your integrator: their system POSTs customers' messages here with an admin API token (see the API documentation)."
      />

      <form className="form cfg-channel-webhook" onSubmit={submit} noValidate>
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
            onChange={(event) => {
              setUrl(event.target.value);
              save.reset();
            }}
          />
          <p className="field-hint" id={`${base}-url-hint`}>
            Parley POSTs every agent reply here. Empty: replies fail with “no webhook URL configured”.
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${base}-secret`}>Webhook secret</label>
          <input
            id={`${base}-secret`}
            type="password"
            autoComplete="new-password"
            maxLength={200}
            value={secret}
            aria-describedby={`${base}-secret-hint`}
            onChange={(event) => {
              setSecret(event.target.value);
              if (event.target.value !== '') {
                setRemoveSecret(false);
              }
              save.reset();
            }}
          />
          <p className="field-hint" id={`${base}-secret-hint`}>
            <span className="cfg-secret-state">{channel.webhookSecretSet ? 'Secret: set.' : 'Secret: not set.'}</span>{' '}
            Replies are signed with it (X-Parley-Signature). It is never shown again; type a new one to replace it
            {channel.webhookSecretSet ? ', or leave the field empty to keep it' : ''}.
          </p>
        </div>
        {channel.webhookSecretSet && (
          <label className="cfg-checkbox">
            <input
              type="checkbox"
              checked={removeSecret}
              disabled={secret !== ''}
              onChange={(event) => {
                setRemoveSecret(event.target.checked);
                save.reset();
              }}
            />
            <span>Remove the secret (replies are sent unsigned)</span>
          </label>
        )}
        <ActionError action={save} />
        <div className="form-actions">
          <button className="button button-primary" type="submit" disabled={save.pending !== null}>
            Save webhook
          </button>
          <ActionLive action={save} />
        </div>
      </form>

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
