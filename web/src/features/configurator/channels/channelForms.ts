// One form per channel type, chosen by `Channel.type`. A new channel type (SMS over SMPP, the web chat
// widget…) adds its component here and to ADDABLE_CHANNEL_TYPES once the server can create it.
import type { ComponentType } from 'react';
import type { Channel } from '../../../api/routing';
import { ApiChannelForm } from './ApiChannelForm';

export interface ChannelFormProps {
  channel: Channel;
  /** The form saved something that changed the channel; the list shows the new state. */
  onChanged: (channel: Channel) => void;
}

export const CHANNEL_FORMS: Readonly<Record<string, ComponentType<ChannelFormProps>>> = {
  api: ApiChannelForm,
};

export interface ChannelTypeInfo {
  type: string;
  label: string;
  /** Whether an admin can add one today. */
  available: boolean;
  note: string;
}

/** What the "Add a channel" area offers, honestly: nothing can be added yet besides the built-in API channel. */
export const CHANNEL_TYPES: readonly ChannelTypeInfo[] = [
  {
    type: 'api',
    label: 'API channel',
    available: false,
    note: 'Built in: every tenant has exactly one, listed above.',
  },
  {
    type: 'sms',
    label: 'SMS (SMPP)',
    available: false,
    note: 'Not available yet: it comes with SMS channel support.',
  },
  {
    type: 'webchat',
    label: 'Web chat widget',
    available: false,
    note: 'Not available yet: it comes with web chat support.',
  },
];

export const channelTypeLabel = (type: string): string =>
  CHANNEL_TYPES.find((info) => info.type === type)?.label ?? type;
