// The widget's wire format (C7): the session call, the live socket's frames both ways, and the checks that turn
// untrusted JSON from the socket into typed frames. Nothing here touches the DOM or the network.

export type MessageStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface Message {
  id: string;
  clientId: string | null;
  /** inbound = from the visitor; outbound = from an agent. */
  direction: 'inbound' | 'outbound';
  text: string | null;
  image: { url: string; name: string } | null;
  /** A file an agent sent that is not an image (a PDF): a link on the server's origin. */
  file: WidgetFile | null;
  status: MessageStatus;
  createdAt: string;
}

export interface WidgetFile {
  url: string;
  name: string;
  size: number | null;
}

export interface WidgetColors {
  primary?: string;
  onPrimary?: string;
}

export interface WidgetConfig {
  title: string;
  greeting: string;
  colors: WidgetColors;
  maxImageBytes: number;
}

/** 200 answer of POST /api/v1/widget/sessions. */
export interface Session {
  visitorToken: string;
  config: WidgetConfig;
  /** The conversation so far, oldest first. */
  messages: Message[];
}

export interface ImageUpload {
  name: string;
  type: string;
  /** Base64, without a data: prefix. */
  data: string;
}

export type ServerFrame =
  | { type: 'message'; message: Message }
  | { type: 'status'; messageId: string; status: 'delivered' | 'read' }
  | { type: 'typing'; typing: boolean }
  | { type: 'ack'; clientId: string; message: Message }
  /** The server refused a frame: the visitor message `clientId` (never stored), or, with null, something else
   * (e.g. "too many messages; wait a moment"). */
  | { type: 'error'; clientId: string | null; message: string };

export type ClientFrame =
  | { type: 'message'; clientId: string; text?: string; image?: ImageUpload }
  | { type: 'typing'; typing: boolean }
  | { type: 'read'; messageId: string };

export const DEFAULT_CONFIG: WidgetConfig = {
  title: 'Chat with us',
  greeting: 'Hi! How can we help?',
  colors: { primary: '#2563eb', onPrimary: '#ffffff' },
  // The server's limit (it says so in the session answer): 1 MiB, checked by the image's decoded bytes.
  maxImageBytes: 1024 * 1024,
};

/** The server refuses a visitor text over this many UTF-8 bytes. */
export const MAX_TEXT_BYTES = 4096;

/** The length of `text` in UTF-8, as the server counts it. */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

const STATUSES: readonly string[] = ['sent', 'delivered', 'read', 'failed'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A Message, or null when `value` is not one (a missing id or direction). */
export function parseMessage(value: unknown): Message | null {
  if (!isObject(value) || typeof value.id !== 'string') {
    return null;
  }
  if (value.direction !== 'inbound' && value.direction !== 'outbound') {
    return null;
  }
  const image = isObject(value.image) && typeof value.image.url === 'string' ? value.image : null;
  const file = isObject(value.file) && typeof value.file.url === 'string' ? value.file : null;
  return {
    id: value.id,
    clientId: optionalString(value.clientId),
    direction: value.direction,
    text: optionalString(value.text),
    image: image ? { url: image.url as string, name: optionalString(image.name) ?? 'image' } : null,
    file: file
      ? {
          url: file.url as string,
          name: optionalString(file.name) ?? 'file',
          size: typeof file.size === 'number' && Number.isFinite(file.size) ? file.size : null,
        }
      : null,
    status: STATUSES.includes(value.status as string) ? (value.status as MessageStatus) : 'sent',
    createdAt: optionalString(value.createdAt) ?? '',
  };
}

export function parseMessages(value: unknown): Message[] {
  return Array.isArray(value) ? value.map(parseMessage).filter((m): m is Message => m !== null) : [];
}

/** The session answer with defaults for whatever the server left out; null without a token. */
export function parseSession(value: unknown): Session | null {
  if (!isObject(value) || typeof value.visitorToken !== 'string') {
    return null;
  }
  const config = isObject(value.config) ? value.config : {};
  const colors = isObject(config.colors) ? config.colors : {};
  return {
    visitorToken: value.visitorToken,
    config: {
      title: optionalString(config.title) ?? DEFAULT_CONFIG.title,
      greeting: optionalString(config.greeting) ?? DEFAULT_CONFIG.greeting,
      colors: {
        primary: optionalString(colors.primary) ?? DEFAULT_CONFIG.colors.primary,
        onPrimary: optionalString(colors.onPrimary) ?? DEFAULT_CONFIG.colors.onPrimary,
      },
      maxImageBytes:
        typeof config.maxImageBytes === 'number' && config.maxImageBytes > 0
          ? config.maxImageBytes
          : DEFAULT_CONFIG.maxImageBytes,
    },
    messages: parseMessages(value.messages),
  };
}

/** One socket frame, or null for anything unknown or malformed (ignored, never thrown). */
export function parseServerFrame(data: unknown): ServerFrame | null {
  let frame: unknown;
  try {
    frame = typeof data === 'string' ? JSON.parse(data) : null;
  } catch {
    return null;
  }
  if (!isObject(frame)) {
    return null;
  }
  switch (frame.type) {
    case 'message': {
      const message = parseMessage(frame.message);
      return message ? { type: 'message', message } : null;
    }
    case 'ack': {
      const message = parseMessage(frame.message);
      return message && typeof frame.clientId === 'string'
        ? { type: 'ack', clientId: frame.clientId, message }
        : null;
    }
    case 'status':
      return typeof frame.messageId === 'string' &&
        (frame.status === 'delivered' || frame.status === 'read')
        ? { type: 'status', messageId: frame.messageId, status: frame.status }
        : null;
    case 'typing':
      return { type: 'typing', typing: frame.typing === true };
    case 'error':
      return {
        type: 'error',
        clientId: optionalString(frame.clientId),
        message: optionalString(frame.message) || 'The message was not accepted.',
      };
    default:
      return null;
  }
}
