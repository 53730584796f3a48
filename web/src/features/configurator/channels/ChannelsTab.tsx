import { useId } from 'react';
import { listChannels, updateChannel, type Channel } from '../../../api/routing';
import { ActionError, ActionLive, Loading, LoadError } from '../common/ActionStatus';
import { useAction } from '../common/useAction';
import { useResource } from '../common/useResource';
import { CHANNEL_FORMS, CHANNEL_TYPES, channelTypeLabel, type ChannelFormProps } from './channelForms';
import { capabilitiesText, replyWindowText } from './channelText';

export function ChannelsTab() {
  const { resource, reload, setData } = useResource(listChannels);
  const replace = (channel: Channel) =>
    setData((channels) => channels.map((item) => (item.id === channel.id ? channel : item)));

  return (
    <section aria-labelledby="channels-title">
      <h2 id="channels-title" tabIndex={-1}>
        Channels
      </h2>
      <p className="page-lead">Where customers' messages come from, and where agents' replies go.</p>
      {resource.status === 'loading' && <Loading what="channels" />}
      {resource.status === 'failed' && (
        <LoadError what="Channels" message={resource.message} onRetry={() => void reload()} />
      )}
      {resource.status === 'ready' &&
        (resource.data.length === 0 ? (
          <p className="muted">No channels.</p>
        ) : (
          resource.data.map((channel) => <ChannelCard key={channel.id} channel={channel} onChanged={replace} />)
        ))}
      <AddChannel />
    </section>
  );
}

function ChannelCard({ channel, onChanged }: ChannelFormProps) {
  const base = useId();
  const toggle = useAction();
  const Form = CHANNEL_FORMS[channel.type] ?? UnsupportedChannelForm;

  async function setEnabled(enabled: boolean) {
    const updated = await toggle.run(
      enabled ? 'Enabling…' : 'Disabling…',
      () => updateChannel(channel.id, { enabled }),
      (answer) => `${answer.name} ${answer.enabled ? 'enabled' : 'disabled'}.`,
    );
    if (updated) {
      onChanged(updated);
    }
  }

  return (
    <section className="config-card cfg-channel-card" aria-labelledby={`${base}-title`}>
      <div className="cfg-channel-head">
        <h3 id={`${base}-title`}>{channel.name}</h3>
        <span className="badge">{channelTypeLabel(channel.type)}</span>
        <label className="cfg-switch">
          <input
            type="checkbox"
            role="switch"
            checked={channel.enabled}
            disabled={toggle.pending !== null}
            aria-describedby={`${base}-enabled-hint`}
            onChange={(event) => void setEnabled(event.target.checked)}
          />
          <span className="cfg-switch-track" aria-hidden="true" />
          <span>Enabled</span>
        </label>
        <ActionLive action={toggle} />
      </div>
      <p className="field-hint" id={`${base}-enabled-hint`}>
        {channel.enabled
          ? 'Messages are received and replies are sent.'
          : 'Disabled: inbound messages are refused; replies in existing conversations are still sent.'}
      </p>
      <ActionError action={toggle} />
      <dl className="facts cfg-channel-facts">
        <div>
          <dt>Supports</dt>
          <dd>{capabilitiesText(channel.capabilities)}</dd>
        </div>
        <div>
          <dt>Reply window</dt>
          <dd>{replyWindowText(channel.replyWindowSeconds)}</dd>
        </div>
      </dl>
      <Form channel={channel} onChanged={onChanged} />
    </section>
  );
}

function UnsupportedChannelForm({ channel }: ChannelFormProps) {
  return (
    <p className="muted">
      This version of the Configurator has no settings form for {channelTypeLabel(channel.type)} channels.
    </p>
  );
}

function AddChannel() {
  const addable = CHANNEL_TYPES.filter((info) => info.available);
  return (
    <section className="config-card cfg-add-channel" aria-labelledby="add-channel-title">
      <h3 id="add-channel-title">Add a channel</h3>
      {addable.length === 0 && (
        <p>
          No other channel can be added yet. The API channel is built in; SMS over SMPP and the web chat widget can be
          added here once Parley supports them.
        </p>
      )}
      <ul className="cfg-channel-types">
        {CHANNEL_TYPES.map((info) => (
          <li key={info.type}>
            <strong>{info.label}</strong>: {info.note}
          </li>
        ))}
      </ul>
    </section>
  );
}
