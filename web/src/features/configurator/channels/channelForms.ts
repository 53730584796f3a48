// One form per channel type, chosen by `Channel.type`, and one "new channel" form per type an admin can add.
// A new channel type adds its components here and turns `available` on in CHANNEL_TYPES once the server can
// create it.
import type { ComponentType } from 'react';
import type { Channel } from '../../../api/routing';
import { ApiChannelForm } from './ApiChannelForm';
import { NewSmppChannelForm } from './NewSmppChannelForm';
import { NewTelegramChannelForm } from './NewTelegramChannelForm';
import { NewViberChannelForm } from './NewViberChannelForm';
import { NewWebchatChannelForm } from './NewWebchatChannelForm';
import { SmppChannelForm } from './SmppChannelForm';
import { TelegramChannelForm } from './TelegramChannelForm';
import { ViberChannelForm } from './ViberChannelForm';
import { WebchatChannelForm } from './WebchatChannelForm';

export interface ChannelFormProps {
  channel: Channel;
  /** The form saved something that changed the channel; the list shows the new state. */
  onChanged: (channel: Channel) => void;
  /** The channel was deleted; the list drops it. */
  onDeleted: (channel: Channel) => void;
}

export interface NewChannelFormProps {
  /** The server created the channel; the list shows and selects it. */
  onCreated: (channel: Channel) => void;
  onCancel: () => void;
}

export const CHANNEL_FORMS: Readonly<Record<string, ComponentType<ChannelFormProps>>> = {
  api: ApiChannelForm,
  smpp: SmppChannelForm,
  webchat: WebchatChannelForm,
  telegram: TelegramChannelForm,
  viber: ViberChannelForm,
};

export const NEW_CHANNEL_FORMS: Readonly<Record<string, ComponentType<NewChannelFormProps>>> = {
  smpp: NewSmppChannelForm,
  webchat: NewWebchatChannelForm,
  telegram: NewTelegramChannelForm,
  viber: NewViberChannelForm,
};

export interface ChannelTypeInfo {
  type: string;
  label: string;
  /** Whether an admin can add one today (it then has an entry in NEW_CHANNEL_FORMS). */
  available: boolean;
  note: string;
  /** The add button's text when "Add {label} channel" reads badly. */
  addLabel?: string;
}

/** What the "Add a channel" area offers, honestly. */
export const CHANNEL_TYPES: readonly ChannelTypeInfo[] = [
  {
    type: 'api',
    label: 'API channel',
    available: false,
    note: 'Built in: every tenant has exactly one, listed above.',
  },
  {
    type: 'smpp',
    label: 'SMS (SMPP)',
    available: true,
    note: "Text messages through your SMS provider's SMS center (SMPP 3.4). Add one per provider account or sender id.",
  },
  {
    type: 'webchat',
    label: 'Web chat widget',
    available: true,
    addLabel: 'Add web chat widget',
    note: 'A chat window on your website: you paste one line of code into its pages. Add one per site or look.',
  },
  {
    type: 'telegram',
    label: 'Telegram',
    available: true,
    addLabel: 'Add Telegram bot',
    note: 'Customers write to your bot in Telegram. You need a bot token from @BotFather.',
  },
  {
    type: 'viber',
    label: 'Viber',
    available: true,
    addLabel: 'Add Viber bot',
    note: "Customers write to your bot in Viber. You need the bot's token and a public HTTPS address for Parley.",
  },
];

export const channelTypeLabel = (type: string): string =>
  CHANNEL_TYPES.find((info) => info.type === type)?.label ?? type;
