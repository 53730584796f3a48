// The `channel.updated` live frame (a channel's status or settings changed) and applying it to a channel list.
import type { Channel } from '../api/routing';
import type { LiveEvent } from './LiveClient';

const isChannel = (value: unknown): value is Channel => {
  const fields = value as Record<string, unknown> | null;
  return (
    typeof fields === 'object' &&
    fields !== null &&
    typeof fields.id === 'string' &&
    typeof fields.type === 'string' &&
    typeof fields.name === 'string'
  );
};

/** The channel a `channel.updated` frame carries; null for other frames and malformed ones. */
export function updatedChannelOf(event: LiveEvent): Channel | null {
  if (event.type !== 'channel.updated') {
    return null;
  }
  const channel = (event as Record<string, unknown>).channel;
  return isChannel(channel) ? channel : null;
}

/**
 * `channels` with `channel` in place of the one with its id. An id not in the list is appended only with
 * `addUnknown` (a list that may have deleted the channel meanwhile must not bring it back).
 */
export function applyChannelUpdate(channels: readonly Channel[], channel: Channel, addUnknown: boolean): Channel[] {
  if (channels.some((item) => item.id === channel.id)) {
    return channels.map((item) => (item.id === channel.id ? channel : item));
  }
  return addUnknown ? [...channels, channel] : [...channels];
}
