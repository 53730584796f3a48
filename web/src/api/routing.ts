// Shapes and calls of the routing, conversation and configuration endpoints (docs/api.md), shared by the
// Workspace and the Configurator.
import { api } from './endpoints';
import type { Role, User } from './types';

export type Presence = 'available' | 'away' | 'offline';

export interface Skill {
  id: string;
  name: string;
  createdAt: string;
}

export interface RelaxationStep {
  afterSeconds: number;
  /** Alternative skill sets, any one of which is enough; [] means anyone. */
  anyOf: string[][];
}

export interface CategoryRules {
  channels: string[];
  keywords: string[];
  entryPoints: string[];
}

/**
 * While a waiting conversation's reply window (WhatsApp, Messenger, Instagram) closes within `withinSeconds`, its
 * priority is raised by `priority`, so it is answered while free-form replies still reach the customer.
 */
export interface WindowBoost {
  /** 60–86400. */
  withinSeconds: number;
  /** 1–100. */
  priority: number;
}

export interface Category {
  id: string;
  name: string;
  priority: number;
  position: number;
  skills: string[];
  relaxation: RelaxationStep[];
  offerTimeoutSeconds: number;
  rules: CategoryRules;
  /** null: none. Older servers leave it out. */
  windowBoost?: WindowBoost | null;
  createdAt: string;
}

export type CategoryInput = Omit<Category, 'id' | 'createdAt'>;

export interface AgentSkill {
  skillId: string;
  active: boolean;
}

export interface Agent {
  userId: string;
  presence: Presence;
  autoAllocate: boolean;
  capacity: number;
  load: number;
  missedOffers: number;
  skills: AgentSkill[];
  conversations: string[];
}

export interface AgentPatch {
  presence?: Presence;
  autoAllocate?: boolean;
  capacity?: number;
  skills?: AgentSkill[];
}

export interface RoutingSettings {
  reopenWindowSeconds: number;
  offlineGraceSeconds: number;
  apiWebhookUrl: string;
  apiWebhookSecretSet: boolean;
}

/** The API channel's webhook signing secret is not in it: Parley makes it (see rotateWebhookSecret). */
export interface RoutingSettingsPatch {
  reopenWindowSeconds?: number;
  offlineGraceSeconds?: number;
  /** https:// (http:// only on a server started with --webhook-allow-private), or "" for none. */
  apiWebhookUrl?: string;
}

/** What PATCH /settings/routing and POST /settings/routing/webhook-secret answer. */
export interface RoutingSettingsAnswer {
  settings: RoutingSettings;
  /**
   * The API channel's new webhook signing secret, only when this request made one: a PATCH saving a URL while the
   * tenant has none, or POST …/webhook-secret. Shown once: Parley never answers it again.
   */
  apiWebhookSecret?: string;
}

export interface QueuedConversation {
  conversationId: string;
  categoryId: string | null;
  priority: number;
  enqueuedAt: string;
  requires: string[][];
}

export interface AgentStats {
  userId: string;
  presence: Presence;
  load: number;
  capacity: number;
  missedOffers: number;
}

export interface Stats {
  queueLength: number;
  oldestEnqueuedAt: string | null;
  byCategory: { categoryId: string | null; waiting: number; oldestEnqueuedAt: string | null }[];
  agents: { available: number; away: number; offline: number; load: number; capacity: number; list: AgentStats[] };
  today: { handled: number; averageFirstResponseSeconds: number | null; averageHandlingSeconds: number | null };
  /** Reply windows (WhatsApp, Messenger, Instagram) of conversations waiting for an answer. Older servers leave it
   * out. */
  windows?: {
    /** Open conversations whose window closes within the next hour, the customer still unanswered. */
    closingWithinHour: number;
    /** Windows that closed today with the customer's last message unanswered. */
    expiredUnansweredToday: number;
  };
}

export interface MyStats {
  today: { handled: number; averageFirstResponseSeconds: number | null; averageHandlingSeconds: number | null };
  team: { queueLength: number; oldestEnqueuedAt: string | null; agentsAvailable: number; handledToday: number };
}

export type ConversationState = 'queued' | 'assigned' | 'closed';

export interface Conversation {
  id: string;
  contactId: string;
  channel: string;
  categoryId: string | null;
  state: ConversationState;
  agentId: string | null;
  manual: boolean;
  enqueuedAt: string;
  assignedAt: string | null;
  offerDeadline: string | null;
  firstResponseAt: string | null;
  closedAt: string | null;
  createdAt: string;
  lastMessageAt: string;
  /** When the customer last wrote, by the provider's clock (channels with a reply window); null: never. Older
   * servers leave it out. */
  customerLastMessageAt?: string | null;
  /** When free-form replies stop being accepted (channels with a reply window, e.g. WhatsApp's 24 hours after
   * `customerLastMessageAt`); null: no window is open (or the channel has none). Older servers leave it out. */
  replyWindowClosesAt?: string | null;
}

export type MessageContent =
  /** `choice`: the option a numeric answer picked from the last choices an agent sent (text-only channels). */
  | { text: string; choice?: string }
  /** A stored file has `id`, `name` and `size`, and `url` is /api/v1/media/<id> (signed-in people only). */
  | { media: { url: string; mimeType: string | null; caption: string | null; id?: string; name?: string; size?: number } }
  | { choices: { text: string; options: string[] } }
  | { location: { latitude: number; longitude: number; name: string | null } }
  /** One of the channel's message templates (WhatsApp), filled in: `text` is what the customer read. */
  | { template: { name: string; language: string; parameters: string[]; text: string } };

/** A file uploaded for a reply (uploadAttachment); the reply names it by id, see ReplyContent. */
export interface Attachment {
  /** "med_…" */
  id: string;
  /** /api/v1/media/<id> (signed-in people only). */
  url: string;
  mimeType: string;
  name: string;
  size: number;
}

/**
 * A reply with one of the channel's approved message templates (see listTemplates): `parameters` fill its {{1}},
 * {{2}}… in order. It goes whatever the reply window; the server stores it with the text the customer read.
 */
export interface TemplateReply {
  template: { name: string; language: string; parameters: string[] };
}

/** What a reply may send: any message content, a file uploaded beforehand (by its id), or a template. */
export type ReplyContent = MessageContent | { media: { id: string; caption: string | null } } | TemplateReply;

export type MessageStatus = 'received' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

export interface Message {
  id: string;
  conversationId: string;
  direction: 'inbound' | 'outbound';
  content: MessageContent;
  status: MessageStatus;
  statusReason: string | null;
  providerMessageId: string | null;
  /** Who wrote it: a user's id ("usr_…"), an API token's ("tok_…", see authorKind), or null (the customer, Parley). */
  authorId: string | null;
  /** "token": an integration wrote it through an API token, which is not a user; null when authorId is. */
  authorKind: MessageAuthorKind | null;
  createdAt: string;
}

export type MessageAuthorKind = 'user' | 'token';

export interface Note {
  id: string;
  conversationId: string;
  authorId: string;
  text: string;
  createdAt: string;
}

export type ChangeCause =
  | 'allocated'
  | 'picked'
  | 'transferred'
  | 'unassigned'
  | 'offer_expired'
  | 'agent_away'
  | 'accepted';

export interface Change {
  conversationId: string;
  kind: 'assigned' | 'requeued';
  cause: ChangeCause;
  agentId: string | null;
  previousAgentId: string | null;
  offerDeadline: string | null;
}

export type SkipReason = 'away' | 'offline' | 'auto_allocate_off' | 'at_capacity' | 'skill_missing' | 'skill_inactive';

export interface Explanation {
  agent: string | null;
  load?: number;
  capacity?: number;
  alternative?: number;
  rule?: string;
  skipped: { agent: string; reason: SkipReason; skill?: string }[];
  notReady: { away: number; offline: number; autoAllocateOff: number; atCapacity: number };
  /** The category's window boost raised the conversation's priority: its reply window closes at `closesAt`. */
  windowBoost?: { priority: number; closesAt: string };
}

export interface Decision {
  seq: number;
  at: string;
  cause: string;
  agentId: string | null;
  explanation: Explanation | null;
}

export interface Contact {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  attributes: Record<string, string>;
  mergedInto: string | null;
  createdAt: string;
}

/** What a channel can carry, as its type declares it (the Workspace asks these, never the type's name). */
export interface ChannelCapabilities {
  text: boolean;
  media: boolean;
  /** Choices reach the contact: as buttons, or as a numbered list answered with a number. */
  choices: boolean;
  /** How many options one message may offer (0: none). */
  maxChoices: number;
  location: boolean;
  /** The contact can be shown that an agent is typing. */
  typing: boolean;
  /** The contact can be shown that an agent read their messages. */
  readReceipts: boolean;
  /** The channel has message templates (WhatsApp): GET /channels/{id}/templates, and replies with one of them
   * once the reply window has closed. Older servers leave it out. */
  templates?: boolean;
  /** How long after the customer's last message replies tagged as a human agent's still go (Messenger and
   * Instagram pages with Meta's Human Agent permission), or null. The server gives it beside `replyWindowSeconds`
   * on the channel; read it with humanAgentWindowOf. */
  humanAgentWindowSeconds?: number | null;
}

/** at-least-once: a submit the SMS center never confirmed is sent again; at-most-once: it is marked failed. */
export type DeliveryGuarantee = 'at-least-once' | 'at-most-once';

/** An SMPP channel's connection to the SMS center (the password is write-only: see `Channel.passwordSet`). */
export interface SmppSettings {
  host: string;
  port: number;
  tls: boolean;
  systemId: string;
  systemType: string;
  /** Sender id: a phone number (digits, optional leading +) or an alphanumeric name of up to 11 characters. */
  sourceAddress: string;
  /** Parallel binds (sessions) to the SMS center, 1–10. */
  binds: number;
  /** Submits awaiting the SMS center's answer at most, per bind, 1–100. */
  window: number;
  /** 0: no limit. */
  submitsPerSecond: number;
  deliveryGuarantee: DeliveryGuarantee;
}

/** A web chat channel's widget: which sites may embed it, and how it looks. */
export interface WebchatSettings {
  /** Origins ("https://shop.example", "http://localhost:3000") whose pages may open the widget, at most 50.
   * Parley's own origin (its /demo page) is always allowed. */
  allowedOrigins: string[];
  /** The widget's heading, 1 to 60 characters. */
  title: string;
  /** The first thing a visitor reads, at most 500 characters. */
  greeting: string;
  /** #rrggbb: the launcher and the visitor's bubbles, and the text on them. */
  colors: { primary: string; onPrimary: string };
}

/**
 * refused: the SMS center (or the provider) refused the credentials; ready: a web chat widget sites can embed;
 * connected: a provider's API took the credentials (WhatsApp: the number was read with the access token).
 */
export type ChannelState = 'bound' | 'connected' | 'connecting' | 'disconnected' | 'refused' | 'ready' | 'disabled';

export interface ChannelStatus {
  state: ChannelState;
  /** A sentence from the server, e.g. "bound to SMSC1". */
  detail: string;
  /** Since when the channel is in this state (ISO time), when known. */
  since: string | null;
}

export interface Channel {
  /** "api" for the built-in API channel, "chn_…" for the others. */
  id: string;
  /** "api", "smpp"… */
  type: string;
  name: string;
  enabled: boolean;
  inboundPath: string;
  webhookUrl: string;
  webhookSecretSet: boolean;
  capabilities: ChannelCapabilities;
  /** Seconds after the contact's last message during which free-form replies are allowed; null: always. */
  replyWindowSeconds: number | null;
  /** Messenger and Instagram with `humanAgentTag`: seconds after the contact's last message during which replies
   * still go, tagged HUMAN_AGENT, once the reply window has closed (604800); null: none. Older servers leave it out. */
  humanAgentWindowSeconds?: number | null;
  /** Channels an admin added: their type's settings (null for non-admins). */
  settings?: SmppSettings | WebchatSettings | TelegramSettings | ViberSettings | WhatsAppSettings | MessengerSettings | null;
  /** Channels an admin added: whether their type's secret (SMPP password, Telegram bot token) is stored. */
  passwordSet?: boolean;
  /** Types with several secrets (WhatsApp, Messenger, Instagram: accessToken, appSecret), for admins: which of
   * them are stored. */
  secretsSet?: Readonly<Record<string, boolean>>;
  /** Meta's types (WhatsApp, Messenger, Instagram): what the Meta app's webhook settings need beside the callback
   * URL; "" until an app secret is set. */
  verifyToken?: string;
  /** Channels whose provider calls Parley (Telegram), for admins: why it may not reach `webhookUrl`, or null. */
  webhookWarning?: string | null;
  /** Channels an admin added (SMPP, web chat): their state now. */
  status?: ChannelStatus;
  /** Web chat channels: the widget's script on this server, "/widget.js?channel=chn_…". */
  embedPath?: string;
  /** Web chat channels: Parley's own page with the widget on it, "/demo?channel=chn_…". */
  demoPath?: string;
}

/**
 * The channel's window for replies tagged as a human agent's (Messenger, Instagram), in seconds after the customer's
 * last message, or null: the server gives it beside `replyWindowSeconds` (some describe it among the capabilities).
 */
export const humanAgentWindowOf = (
  channel: Pick<Channel, 'humanAgentWindowSeconds' | 'capabilities'> | null | undefined,
): number | null => channel?.humanAgentWindowSeconds ?? channel?.capabilities?.humanAgentWindowSeconds ?? null;

export interface NewSmppChannel {
  type: 'smpp';
  name: string;
  enabled: boolean;
  settings: SmppSettings;
  password: string;
}

/** webhook: Telegram POSTs updates to the channel's webhook URL; polling: Parley asks Telegram for them. */
export type TelegramMode = 'webhook' | 'polling';

export interface TelegramSettings {
  mode: TelegramMode;
  /** Telegram's Bot API, or a local Bot API server: "https://api.telegram.org". */
  apiBaseUrl: string;
}

export interface NewTelegramChannel {
  type: 'telegram';
  name: string;
  enabled: boolean;
  settings: TelegramSettings;
  botToken: string;
}

export interface ViberSettings {
  /** Shown as the sender of every message, 1–28 characters. */
  senderName: string;
  avatarUrl: string | null;
  /** The answer when someone opens a conversation with the bot; null: none. */
  welcomeMessage: string | null;
  /** Viber's REST API: "https://chatapi.viber.com/pa". */
  apiBaseUrl: string;
}

export interface NewViberChannel {
  type: 'viber';
  name: string;
  enabled: boolean;
  settings: ViberSettings;
  authToken: string;
}

/** A WhatsApp Business number on Meta's Cloud API (its secrets are write-only: see `Channel.secretsSet`). */
export interface WhatsAppSettings {
  /** The number's id in WhatsApp Manager (digits), not the phone number. */
  phoneNumberId: string;
  /** The WhatsApp Business Account's id (digits); "" when not given. */
  businessAccountId: string;
  /** Meta's Graph API: "https://graph.facebook.com". */
  graphApiUrl: string;
  /** "v24.0" */
  graphApiVersion: string;
}

export interface NewWhatsAppChannel {
  type: 'whatsapp';
  name: string;
  enabled: boolean;
  settings: WhatsAppSettings;
  accessToken: string;
  /** Absent: none yet (webhooks are refused and there is no verify token until one is set). */
  appSecret?: string;
}

/**
 * A Facebook page (type "messenger") or an Instagram professional account linked to one (type "instagram") on
 * Meta's Graph API; the page's access token and the app secret are write-only (see `Channel.secretsSet`).
 */
export interface MessengerSettings {
  /** The Facebook page's id (digits). */
  pageId: string;
  /** Instagram only: the Instagram professional account's id (digits). */
  instagramAccountId?: string;
  /** The page has Meta's Human Agent permission: replies may go up to 7 days after the customer's last message,
   * tagged HUMAN_AGENT. */
  humanAgentTag: boolean;
  /** Meta's Graph API: "https://graph.facebook.com". */
  graphApiUrl: string;
  /** "v24.0" */
  graphApiVersion: string;
}

export interface NewMessengerChannel {
  type: 'messenger' | 'instagram';
  name: string;
  enabled: boolean;
  settings: MessengerSettings;
  accessToken: string;
  appSecret?: string;
}

export interface NewWebchatChannel {
  type: 'webchat';
  name: string;
  enabled: boolean;
  settings: WebchatSettings;
}

/**
 * `settings` replaces the whole settings; no `password`: unchanged (web chat channels have none). The API channel
 * takes `enabled` only.
 */
export interface ChannelPatch {
  name?: string;
  enabled?: boolean;
  settings?: SmppSettings | WebchatSettings | TelegramSettings | ViberSettings | WhatsAppSettings | MessengerSettings;
  password?: string;
  /** Telegram: a new bot token; absent: unchanged. */
  botToken?: string;
  /** Viber: a new auth token; absent: unchanged. */
  authToken?: string;
  /** WhatsApp, Messenger, Instagram: a new access token; absent: unchanged. */
  accessToken?: string;
  /** WhatsApp, Messenger, Instagram: a new app secret; absent: unchanged. */
  appSecret?: string;
}

export interface ChannelTestResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/** Meta's review of a template: only APPROVED ones can be sent. */
export type TemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED' | (string & {});

/** A channel's message template, as last synced from the provider (WhatsApp Business Account). */
export interface MessageTemplate {
  /** "ticket_update" */
  name: string;
  /** "en_US" */
  language: string;
  /** "UTILITY", "MARKETING", "AUTHENTICATION" */
  category: string;
  status: TemplateStatus;
  /** The body with its placeholders: "Your ticket {{1}} was updated: {{2}}". */
  body: string;
  /** How many parameters a send gives ({{1}} to {{n}}). */
  parameters: number;
  /** Meta's components as synced, or null. */
  components: unknown[] | null;
}

export interface CannedResponse {
  id: string;
  shortcut: string;
  text: string;
  createdAt: string;
  updatedAt: string;
}

export interface Invite {
  id: string;
  email: string;
  role: Role;
  displayName: string;
  createdAt: string;
  expiresAt: string;
  createdBy: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const id = encodeURIComponent;
const query = (params: Record<string, string | number | undefined | null>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

// Skills and categories
export const listSkills = () => api.request<{ items: Skill[] }>('GET', '/skills').then((a) => a.items);
export const createSkill = (name: string) =>
  api.request<{ skill: Skill }>('POST', '/skills', { name }).then((a) => a.skill);
/**
 * Agents and categories keep the skill (they name its id). 409 `conflict` when another skill has the name, 422
 * `validation_failed` for an empty name or one over 100 characters.
 */
export const renameSkill = (skillId: string, name: string) =>
  api.request<{ skill: Skill }>('PATCH', `/skills/${id(skillId)}`, { name }).then((a) => a.skill);
export const deleteSkill = (skillId: string) => api.request<void>('DELETE', `/skills/${id(skillId)}`);
export const listCategories = () =>
  api.request<{ items: Category[] }>('GET', '/categories').then((a) => a.items);
export const createCategory = (input: CategoryInput) =>
  api.request<{ category: Category }>('POST', '/categories', input).then((a) => a.category);
export const updateCategory = (categoryId: string, input: CategoryInput) =>
  api.request<{ category: Category }>('PUT', `/categories/${id(categoryId)}`, input).then((a) => a.category);
export const deleteCategory = (categoryId: string) => api.request<void>('DELETE', `/categories/${id(categoryId)}`);

// Agents
export const listAgents = () => api.request<{ items: Agent[] }>('GET', '/agents').then((a) => a.items);
export const getAgent = (userId: string) =>
  api.request<{ agent: Agent }>('GET', `/agents/${id(userId)}`).then((a) => a.agent);
export const updateAgent = (userId: string, patch: AgentPatch) =>
  api.request<{ agent: Agent }>('PATCH', `/agents/${id(userId)}`, patch).then((a) => a.agent);
export const getMyAgent = () => api.request<{ agent: Agent }>('GET', '/me/agent').then((a) => a.agent);
export const updateMyAgent = (patch: AgentPatch) =>
  api.request<{ agent: Agent }>('PATCH', '/me/agent', patch).then((a) => a.agent);

// Users and invites
export const listUsers = () => api.request<{ items: User[] }>('GET', '/users').then((a) => a.items);
export const updateUser = (userId: string, patch: { role?: Role; displayName?: string }) =>
  api.request<{ user: User }>('PATCH', `/users/${id(userId)}`, patch).then((a) => a.user);
/**
 * Sign-in is refused (403 after the right password) until reactivated; their sessions end and sockets close at once,
 * and routing puts their conversations back in the queue. 409 `conflict` for the last active admin and for oneself.
 */
export const deactivateUser = (userId: string) =>
  api.request<{ user: User }>('POST', `/users/${id(userId)}/deactivate`).then((a) => a.user);
/** They sign in again, and routing takes them back with the settings they had. */
export const reactivateUser = (userId: string) =>
  api.request<{ user: User }>('POST', `/users/${id(userId)}/reactivate`).then((a) => a.user);
/**
 * Irreversible: erases their email, name ("Deleted user"), password and second factor, and ends them as a
 * deactivation does; the id stays in the audit log and on their messages. Answers the user with status "deleted".
 * 409 `conflict` for the last active admin and for oneself.
 */
export const deleteUser = (userId: string) =>
  api.request<{ user: User }>('DELETE', `/users/${id(userId)}`, { confirm: 'delete' }).then((a) => a.user);
export const listInvites = () => api.request<{ items: Invite[] }>('GET', '/invites').then((a) => a.items);
export const createInvite = (input: { email: string; role: Role; displayName?: string }) =>
  api.request<{ invite: Invite; token: string }>('POST', '/invites', input);
export const revokeInvite = (inviteId: string) => api.request<void>('DELETE', `/invites/${id(inviteId)}`);
export const lookupInvite = (token: string) =>
  api
    .request<{ invite: Pick<Invite, 'email' | 'role' | 'displayName' | 'expiresAt'> }>('POST', '/invites/lookup', {
      token,
    })
    .then((a) => a.invite);
export const acceptInvite = (input: { token: string; password: string; displayName?: string }) =>
  api.request<{ user: User; csrfToken: string }>('POST', '/invites/accept', input);

// Settings and channels
export const getRoutingSettings = () =>
  api.request<{ settings: RoutingSettings }>('GET', '/settings/routing').then((a) => a.settings);
/** The settings and, when saving a webhook URL made the tenant's first signing secret, that secret (shown once). */
export const updateRoutingSettings = (patch: RoutingSettingsPatch) =>
  api.request<RoutingSettingsAnswer>('PATCH', '/settings/routing', patch);
/**
 * Makes a new webhook signing secret for the API channel; it replaces the old one at once (deliveries signed with
 * it fail the receiving system's check until it has the new one). The answer carries the secret, shown once.
 */
export const rotateWebhookSecret = () =>
  api.request<Required<RoutingSettingsAnswer>>('POST', '/settings/routing/webhook-secret');
export const listChannels = () => api.request<{ items: Channel[] }>('GET', '/channels').then((a) => a.items);
export const createChannel = (
  input: NewSmppChannel | NewWebchatChannel | NewTelegramChannel | NewViberChannel | NewWhatsAppChannel | NewMessengerChannel,
) =>
  api.request<{ channel: Channel }>('POST', '/channels', input).then((a) => a.channel);
export const updateChannel = (channelId: string, patch: ChannelPatch) =>
  api.request<{ channel: Channel }>('PATCH', `/channels/${id(channelId)}`, patch).then((a) => a.channel);
export const deleteChannel = (channelId: string) => api.request<void>('DELETE', `/channels/${id(channelId)}`);
/**
 * Web chat channels: gives the channel a new key, so every visitor token issued so far stops working at once (a
 * copied one too) and visitors' open chat sockets close; a visitor who comes back starts a new chat (agents keep the
 * conversations). Audited. 422 `validation_failed` for other channel types, 404 for an unknown id.
 */
export const signOutVisitors = (channelId: string) =>
  api.request<{ channel: Channel }>('POST', `/channels/${id(channelId)}/sign-out-visitors`).then((a) => a.channel);
export const testChannel = (channelId: string) =>
  api.request<{ result: ChannelTestResult }>('POST', `/channels/${id(channelId)}/test`).then((a) => a.result);
/** A channel's message templates (agents and admins), by name then language; 404 for channels without any. */
export const listTemplates = (channelId: string) =>
  api.request<{ items: MessageTemplate[] }>('GET', `/channels/${id(channelId)}/templates`).then((a) => a.items);
/** Admins: fetches the templates from the provider again and answers with them all. */
export const syncTemplates = (channelId: string) =>
  api.request<{ items: MessageTemplate[] }>('POST', `/channels/${id(channelId)}/templates/sync`).then((a) => a.items);

// Canned responses
export const listCannedResponses = () =>
  api.request<{ items: CannedResponse[] }>('GET', '/canned-responses').then((a) => a.items);
export const createCannedResponse = (input: { shortcut: string; text: string }) =>
  api.request<{ cannedResponse: CannedResponse }>('POST', '/canned-responses', input).then((a) => a.cannedResponse);
export const updateCannedResponse = (responseId: string, input: { shortcut: string; text: string }) =>
  api
    .request<{ cannedResponse: CannedResponse }>('PUT', `/canned-responses/${id(responseId)}`, input)
    .then((a) => a.cannedResponse);
export const deleteCannedResponse = (responseId: string) =>
  api.request<void>('DELETE', `/canned-responses/${id(responseId)}`);

// Queue, statistics, dry run
/** The first `limit` waiting, in allocation order, and how many wait in all. */
export const getQueue = (limit = 200) =>
  api.request<{ items: QueuedConversation[]; total: number }>('GET', `/queue${query({ limit })}`);
export const getStats = () => api.request<{ stats: Stats }>('GET', '/stats').then((a) => a.stats);
/** One minute of GET /stats/queue-history: the most that waited in it and the longest wait by its end. */
export interface QueueHistoryPoint {
  /** The minute's start, RFC 3339. */
  at: string;
  queueLength: number;
  longestWaitSeconds: number;
}

export interface QueueHistory {
  stepSeconds: number;
  /** Oldest first; minutes before the server started are left out. */
  points: QueueHistoryPoint[];
}

export const getQueueHistory = (hours: number) =>
  api.request<QueueHistory>('GET', `/stats/queue-history${query({ hours })}`);
export const getMyStats = () => api.request<{ stats: MyStats }>('GET', '/me/stats').then((a) => a.stats);
export const dryRun = (target: { categoryId?: string; conversationId?: string }) =>
  api.request<{ explanation: Explanation }>('POST', '/routing/dry-run', target).then((a) => a.explanation);

// Conversations
/** GET /conversations' filters; agents get their own conversations (or the queue), others any of them. */
export interface ConversationQuery {
  state?: ConversationState;
  agentId?: string;
  contactId?: string;
  /** A channel id ("api", "chn_…"); with `identity`, also the channel the identity is on. */
  channel?: string;
  categoryId?: string;
  /** RFC 3339 creation times: on or after `from`, before `before`. */
  from?: string;
  before?: string;
  /** A customer search, at most one of these (not with contactId); on the read audit. */
  phone?: string;
  email?: string;
  name?: string;
  identity?: string;
  /** Only conversations whose customer's last message has no reply yet. */
  unanswered?: 'true';
  after?: string;
  limit?: number;
}
export const listConversations = (params: ConversationQuery) =>
  api.request<Page<Conversation>>('GET', `/conversations${query({ ...params })}`);
export const getConversation = (conversationId: string) =>
  api.request<{ conversation: Conversation }>('GET', `/conversations/${id(conversationId)}`).then((a) => a.conversation);
export const listMessages = (conversationId: string, after?: string, limit = 200) =>
  api.request<Page<Message>>('GET', `/conversations/${id(conversationId)}/messages${query({ after, limit })}`);
export const sendMessage = (conversationId: string, content: ReplyContent, idempotencyKey?: string) =>
  api
    .request<{ message: Message }>('POST', `/conversations/${id(conversationId)}/messages`, { content }, idempotencyKey)
    .then((a) => a.message);
/** Stores a file for a reply in the conversation (the server takes at most 20 MiB); the body is its bytes. */
export const uploadAttachment = (conversationId: string, file: File) =>
  api
    .postBytes<{ attachment: Attachment }>(
      `/conversations/${id(conversationId)}/attachments?name=${encodeURIComponent(file.name)}`,
      file,
      file.type || 'application/octet-stream',
    )
    .then((a) => a.attachment);
export const listNotes = (conversationId: string) =>
  api.request<{ items: Note[] }>('GET', `/conversations/${id(conversationId)}/notes`).then((a) => a.items);
export const addNote = (conversationId: string, text: string) =>
  api.request<{ note: Note }>('POST', `/conversations/${id(conversationId)}/notes`, { text }).then((a) => a.note);
export const listDecisions = (conversationId: string) =>
  api.request<{ items: Decision[] }>('GET', `/conversations/${id(conversationId)}/decisions`).then((a) => a.items);
export const pickConversation = (conversationId: string) =>
  api.request<{ change: Change }>('POST', `/conversations/${id(conversationId)}/pick`).then((a) => a.change);
export const acceptConversation = (conversationId: string) =>
  api.request<void>('POST', `/conversations/${id(conversationId)}/accept`);
export const transferConversation = (conversationId: string, to: { agentId: string } | { categoryId: string }) =>
  api.request<{ change: Change }>('POST', `/conversations/${id(conversationId)}/transfer`, to).then((a) => a.change);
export const unassignConversation = (conversationId: string) =>
  api.request<{ change: Change }>('POST', `/conversations/${id(conversationId)}/unassign`).then((a) => a.change);
export const closeConversation = (conversationId: string) =>
  api
    .request<{ conversation: Conversation }>('POST', `/conversations/${id(conversationId)}/close`)
    .then((a) => a.conversation);
/** The contact's messages in the conversation are read (a web chat visitor sees "read" ticks). */
export const markConversationRead = (conversationId: string) =>
  api.request<void>('POST', `/conversations/${id(conversationId)}/read`);
/** Tells a web chat visitor whether the agent is typing. */
export const sendTyping = (conversationId: string, typing: boolean) =>
  api.request<void>('POST', `/conversations/${id(conversationId)}/typing`, { typing });
export const getContact = (contactId: string) =>
  api.request<{ contact: Contact }>('GET', `/contacts/${id(contactId)}`).then((a) => a.contact);
