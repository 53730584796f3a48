// One form per channel type, chosen by `Channel.type`, and one "new channel" form per type an admin can add.
// A new channel type adds its components here and turns `available` on in CHANNEL_TYPES once the server can
// create it.
import type { ComponentType } from 'react';
import type { Channel } from '../../../api/routing';
import { ApiChannelForm } from './ApiChannelForm';
import { MessengerChannelForm } from './MessengerChannelForm';
import { NewInstagramChannelForm, NewMessengerChannelForm } from './NewMessengerChannelForm';
import { NewSmppChannelForm } from './NewSmppChannelForm';
import { NewTelegramChannelForm } from './NewTelegramChannelForm';
import { NewViberChannelForm } from './NewViberChannelForm';
import { NewWebchatChannelForm } from './NewWebchatChannelForm';
import { NewWhatsAppChannelForm } from './NewWhatsAppChannelForm';
import { SmppChannelForm } from './SmppChannelForm';
import { TelegramChannelForm } from './TelegramChannelForm';
import { ViberChannelForm } from './ViberChannelForm';
import { WebchatChannelForm } from './WebchatChannelForm';
import { WhatsAppChannelForm } from './WhatsAppChannelForm';

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
  whatsapp: WhatsAppChannelForm,
  messenger: MessengerChannelForm,
  instagram: MessengerChannelForm,
};

export const NEW_CHANNEL_FORMS: Readonly<Record<string, ComponentType<NewChannelFormProps>>> = {
  smpp: NewSmppChannelForm,
  webchat: NewWebchatChannelForm,
  telegram: NewTelegramChannelForm,
  viber: NewViberChannelForm,
  whatsapp: NewWhatsAppChannelForm,
  messenger: NewMessengerChannelForm,
  instagram: NewInstagramChannelForm,
};

export interface ChannelTypeInfo {
  type: string;
  label: string;
  /** Whether an admin can add one today (it then has an entry in NEW_CHANNEL_FORMS). */
  available: boolean;
  note: string;
  /** The add button's text when "Add {label} channel" reads badly. */
  addLabel?: string;
  /** What the enabled switch means, on and off. */
  enabledHint: { on: string; off: string };
  /** What the admin can do about a status state ("refused", "disconnected"); none: nothing to do. */
  advice?: Readonly<Record<string, string>>;
}

/** What the "Add a channel" area offers, honestly. */
export const CHANNEL_TYPES: readonly ChannelTypeInfo[] = [
  {
    type: 'api',
    label: 'API channel',
    available: false,
    note: 'Built in: every tenant has exactly one, listed above.',
    enabledHint: {
      on: 'Messages are received and replies are sent.',
      off: 'Disabled: inbound messages are refused; replies in existing conversations are still sent.',
    },
  },
  {
    type: 'smpp',
    label: 'SMS (SMPP)',
    available: true,
    note: "Text messages through your SMS provider's SMS center (SMPP 3.4). Add one per provider account or sender id.",
    enabledHint: {
      on: 'Parley stays connected to the SMS center: messages are received and replies are sent.',
      off: 'Disabled: Parley does not connect to the SMS center, so nothing is received or sent on this channel.',
    },
    advice: {
      disconnected:
        'Parley keeps trying to reconnect. Check the host, port and TLS, or test the connection to see what the SMS center answers.',
      refused: 'Check the system id, password and system type with your provider, save them, then test the connection.',
    },
  },
  {
    type: 'webchat',
    label: 'Web chat widget',
    available: true,
    addLabel: 'Add web chat widget',
    note: 'A chat window on your website: you paste one line of code into its pages. Add one per site or look.',
    enabledHint: {
      on: 'The chat shows on the pages of the allowed sites: visitors can write, agents reply.',
      off: 'Disabled: the chat does not show on any site, so visitors cannot start one.',
    },
  },
  {
    type: 'telegram',
    label: 'Telegram',
    available: true,
    addLabel: 'Add Telegram bot',
    note: 'Customers write to your bot in Telegram. You need a bot token from @BotFather.',
    enabledHint: {
      on: 'The bot is connected: messages to it are received and replies are sent.',
      off: 'Disabled: Parley does not take the bot’s messages, so nothing is received or sent on this channel.',
    },
    advice: {
      disconnected: 'Parley keeps trying. Test the bot to see what Telegram answers, or switch to polling.',
      refused: 'Telegram refused the token: paste the current one from @BotFather, save, then test the bot.',
    },
  },
  {
    type: 'viber',
    label: 'Viber',
    available: true,
    addLabel: 'Add Viber bot',
    note: "Customers write to your bot in Viber. You need the bot's token and a public HTTPS address for Parley.",
    enabledHint: {
      on: 'Viber sends the bot’s messages to Parley, and replies are sent.',
      off: 'Disabled: Parley removes the bot’s webhook, so nothing is received or sent on this channel.',
    },
    advice: {
      disconnected: 'Parley keeps trying to set the webhook. Viber needs a public HTTPS address for Parley (--public-url).',
      refused: 'Viber refused the bot: paste the current token from the Viber admin panel, save, then test the bot.',
    },
  },
  {
    type: 'whatsapp',
    label: 'WhatsApp',
    available: true,
    addLabel: 'Add WhatsApp number',
    note: 'WhatsApp Business Cloud API (Meta)',
    enabledHint: {
      on: 'Meta’s webhook calls are taken: messages to the number are received, and replies are sent.',
      off: 'Disabled: Parley turns Meta’s webhook calls away and sends nothing, so nothing is received or sent on this channel.',
    },
    advice: {
      disconnected: 'Parley could not reach the number through the Graph API. Check the phone number ID, then test the number to see what Meta answers.',
      refused:
        "Meta refused the access token: paste a current System User token (with whatsapp_business_messaging), save, then test the number.",
    },
  },
  {
    type: 'messenger',
    label: 'Messenger',
    available: true,
    addLabel: 'Add Messenger page',
    note: 'Facebook page (Meta)',
    enabledHint: {
      on: 'Meta’s webhook calls are taken: messages to the page are received, and replies are sent.',
      off: 'Disabled: Parley turns Meta’s webhook calls away and sends nothing, so nothing is received or sent on this channel.',
    },
    advice: {
      disconnected: 'Parley could not reach the page through the Graph API. Check the page ID, then test the page to see what Meta answers.',
      refused: "Meta refused the page's access token: paste a current one, save, then test the page.",
    },
  },
  {
    type: 'instagram',
    label: 'Instagram',
    available: true,
    addLabel: 'Add Instagram account',
    note: 'Instagram professional account (Meta)',
    enabledHint: {
      on: 'Meta’s webhook calls are taken: messages to the account are received, and replies are sent.',
      off: 'Disabled: Parley turns Meta’s webhook calls away and sends nothing, so nothing is received or sent on this channel.',
    },
    advice: {
      disconnected:
        'Parley could not reach the account through the Graph API. Check the page ID and the Instagram account ID, then test the account to see what Meta answers.',
      refused: "Meta refused the page's access token: paste a current one, save, then test the account.",
    },
  },
];

const infoOf = (type: string): ChannelTypeInfo | undefined => CHANNEL_TYPES.find((info) => info.type === type);

export const channelTypeLabel = (type: string): string => infoOf(type)?.label ?? type;

/** What the enabled switch means for a channel of `type` (an unknown type: the API channel's meaning). */
export function enabledHint(type: string, enabled: boolean): string {
  const hint = (infoOf(type) ?? CHANNEL_TYPES[0]).enabledHint;
  return enabled ? hint.on : hint.off;
}

/** What the admin can do about a state of a `type` channel, or null when nothing is needed. */
export const channelStateAdvice = (state: string, type: string): string | null => infoOf(type)?.advice?.[state] ?? null;
