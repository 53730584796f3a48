import { useCallback, useEffect, useState } from 'react';
import { listChannels, type Channel } from '../../../api/routing';
import { applyChannelUpdate, updatedChannelOf } from '../../../live/channelEvents';
import { useLiveEvent } from '../../../live/LiveEvents';
import { Loading, LoadError } from '../common/ActionStatus';
import { useResource } from '../common/useResource';
import { AddChannel } from './AddChannel';
import { ChannelCard } from './ChannelCard';
import { NEW_CHANNEL_FORMS } from './channelForms';

export function ChannelsTab() {
  const { resource, reload, setData } = useResource(listChannels);
  /** The type of the channel being added, if any. */
  const [adding, setAdding] = useState<string | null>(null);
  /** The channel just added: focused and highlighted. */
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  // A live frame never brings back a channel deleted here meanwhile: unknown ids are not added.
  const replace = useCallback(
    (channel: Channel) => setData((channels) => applyChannelUpdate(channels, channel, false)),
    [setData],
  );
  useLiveEvent((event) => {
    const channel = updatedChannelOf(event);
    if (channel) {
      replace(channel);
    }
  });

  // While a channel is connecting, look again every few seconds: its live update may have come before
  // the answer that added it here (and is ignored for an id not listed yet), or while the socket was down.
  const connecting =
    resource.status === 'ready' && resource.data.some((channel) => channel.status?.state === 'connecting');
  useEffect(() => {
    if (!connecting) {
      return undefined;
    }
    const timer = window.setTimeout(() => {
      listChannels()
        .then((channels) => setData(() => channels))
        .catch(() => undefined);
    }, 3000);
    return () => window.clearTimeout(timer);
  }, [connecting, resource, setData]);

  function created(channel: Channel) {
    setData((channels) => [...channels.filter((item) => item.id !== channel.id), channel]);
    setAdding(null);
    setSelectedId(channel.id);
    setAnnouncement(`${channel.name} added.`);
  }

  function deleted(channel: Channel) {
    setData((channels) => channels.filter((item) => item.id !== channel.id));
    setSelectedId((current) => (current === channel.id ? null : current));
    setAnnouncement(`${channel.name} deleted.`);
  }

  function cancelAdding() {
    const type = adding;
    setAdding(null);
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`[data-add-channel="${CSS.escape(type ?? '')}"]`)?.focus(),
    );
  }

  const NewForm = adding ? NEW_CHANNEL_FORMS[adding] : undefined;
  return (
    <section aria-labelledby="channels-title">
      <h2 id="channels-title" tabIndex={-1}>
        Channels
      </h2>
      <p className="page-lead">Where customers' messages come from, and where agents' replies go.</p>
      <p className="config-live">
        <span className="config-status" role="status">
          {announcement}
        </span>
      </p>
      {resource.status === 'loading' && <Loading what="channels" />}
      {resource.status === 'failed' && (
        <LoadError what="Channels" message={resource.message} onRetry={() => void reload()} />
      )}
      {resource.status === 'ready' && (
        <>
          {resource.data.length === 0 ? (
            <p className="muted">No channels.</p>
          ) : (
            resource.data.map((channel) => (
              <ChannelCard
                key={channel.id}
                channel={channel}
                selected={channel.id === selectedId}
                onChanged={replace}
                onDeleted={deleted}
              />
            ))
          )}
          {NewForm ? (
            <NewForm onCreated={created} onCancel={cancelAdding} />
          ) : (
            <AddChannel
              onAdd={(type) => {
                setAnnouncement('');
                setAdding(type);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}
