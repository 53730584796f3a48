import { useEffect, useId, useRef } from 'react';
import { humanAgentWindowOf, updateChannel } from '../../../api/routing';
import { ActionError, ActionLive } from '../common/ActionStatus';
import { useAction } from '../common/useAction';
import { CHANNEL_FORMS, channelTypeLabel, enabledHint, type ChannelFormProps } from './channelForms';
import { ChannelStatusView } from './ChannelStatusView';
import { capabilitiesText, replyWindowText } from './channelText';

interface ChannelCardProps extends ChannelFormProps {
  /** Just added: the card takes focus and stands out. */
  selected: boolean;
}

/** One channel: its name, type, on/off switch, connection status and facts, then its type's form. */
export function ChannelCard({ channel, selected, onChanged, onDeleted }: ChannelCardProps) {
  const base = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const toggle = useAction();
  const Form = CHANNEL_FORMS[channel.type] ?? UnsupportedChannelForm;

  useEffect(() => {
    if (selected) {
      headingRef.current?.focus();
    }
  }, [selected]);

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
    <section
      className={selected ? 'config-card cfg-channel-card cfg-channel-selected' : 'config-card cfg-channel-card'}
      aria-labelledby={`${base}-title`}
    >
      <div className="cfg-channel-head">
        <h3 id={`${base}-title`} tabIndex={-1} ref={headingRef}>
          {channel.name}
        </h3>
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
        {enabledHint(channel.type, channel.enabled)}
      </p>
      <ActionError action={toggle} />
      {channel.status && <ChannelStatusView status={channel.status} type={channel.type} />}
      <dl className="facts cfg-channel-facts">
        <div>
          <dt>Supports</dt>
          <dd>{capabilitiesText(channel.capabilities)}</dd>
        </div>
        <div>
          <dt>Reply window</dt>
          <dd>{replyWindowText(channel.replyWindowSeconds, humanAgentWindowOf(channel))}</dd>
        </div>
      </dl>
      <Form channel={channel} onChanged={onChanged} onDeleted={onDeleted} />
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
