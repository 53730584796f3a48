// The widget's wiring: storage, the connection, the store and the view for one channel of the Parley server at
// the origin of the script's src, with the site's options from `window.ParleyWidget`; read receipts and the
// unread badge. main.ts calls start() once the page has a body.
import { WidgetConnection, type ConnectionState, type SocketLike } from './connection';
import { DEFAULT_CONFIG, IMAGE_TYPES, type WidgetColors, type WidgetConfig } from './protocol';
import { openStorage, type StorageHost } from './storage';
import { chatReducer, initialChatState, unreadAgentMessages, type ChatAction } from './store';
import { formatBytes, WidgetView } from './view';

interface SiteOptions {
  consent?: boolean;
  colors?: WidgetColors;
  greeting?: string;
  title?: string;
  open?: () => void;
  close?: () => void;
}

declare global {
  interface Window {
    ParleyWidget?: SiteOptions;
  }
}

/** How long "Agent is typing…" stays without news from the server. */
const AGENT_TYPING_MAX_MS = 15_000;

function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `c_${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() ? value : fallback;
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(',') + 1));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** `scriptSrc` is the widget script's own src; `createSocket` is replaced by tests. */
export function start(
  win: Window,
  scriptSrc: string,
  createSocket: (url: string) => SocketLike = (url) => new WebSocket(url) as unknown as SocketLike,
): void {
  const doc = win.document;
  const src = new URL(scriptSrc, doc.baseURI);
  const channel = src.searchParams.get('channel');
  if (!channel) {
    console.warn('Parley widget: the script URL has no ?channel=');
    return;
  }
  const site: SiteOptions =
    win.ParleyWidget && typeof win.ParleyWidget === 'object' ? win.ParleyWidget : (win.ParleyWidget = {});
  let config: WidgetConfig = DEFAULT_CONFIG;
  let chat = initialChatState;
  let view: WidgetView | null = null;
  let typingTimer = 0;
  const readSent = new Set<string>();

  const connection = new WidgetConnection({
    origin: src.origin,
    channel,
    storage: openStorage(channel, site.consent === true, win as unknown as StorageHost),
    post: (url, init) => win.fetch(url, { ...init, mode: 'cors', credentials: 'omit' }),
    createSocket,
    setTimer: (callback, ms) => win.setTimeout(callback, ms),
    clearTimer: (handle) => win.clearTimeout(handle as number),
    now: Date.now,
    random: Math.random,
    newClientId,
    onState: (state: ConnectionState) => {
      if (state === 'unavailable') {
        console.warn(`Parley widget: channel ${channel} is not available on this site`);
        view?.destroy();
        view = null;
        return;
      }
      view?.setConnection(state);
      if (state !== 'open') {
        dispatch({ type: 'agentTyping', typing: false });
      }
    },
    onSession: (session) => {
      config = session.config;
      // Reads the server has not recorded (lost with a dropped socket) are sent again.
      readSent.clear();
      // A returning visitor's view is shown before the session answers, with the defaults: it gets the
      // channel's look now.
      applyConfig();
      showView();
      dispatch({ type: 'session', messages: session.messages });
    },
    onFrame: (frame) => {
      if (frame.type === 'error' && frame.clientId === null) {
        // Not about one message (e.g. "too many messages; wait a moment"): shown for a while.
        view?.showNotice(frame.message);
      }
      if (frame.type === 'typing') {
        win.clearTimeout(typingTimer);
        if (frame.typing) {
          typingTimer = win.setTimeout(() => dispatch({ type: 'agentTyping', typing: false }), AGENT_TYPING_MAX_MS);
        }
      }
      dispatch({ type: 'frame', frame });
    },
  });

  function dispatch(action: ChatAction): void {
    chat = chatReducer(chat, action);
    refresh();
  }

  // Renders, reports agent messages as read while the panel is open on a visible page, updates the badge.
  function refresh(): void {
    if (!view) {
      return;
    }
    view.render(chat);
    if (view.isOpen && doc.visibilityState === 'visible') {
      for (const id of unreadAgentMessages(chat, readSent)) {
        readSent.add(id);
        connection.read(id);
      }
    }
    view.setUnread(unreadAgentMessages(chat, readSent).length);
  }

  function showView(): WidgetView {
    if (view) {
      return view;
    }
    view = new WidgetView({
      document: doc,
      serverOrigin: src.origin,
      onOpenChange: setOpen,
      onSend: (message) => dispatch({ type: 'local', message: connection.send({ text: message }) }),
      onImage: (file) => void sendImage(file),
      onTyping: () => connection.typing(),
    });
    applyConfig();
    view.setConnection(connection.state);
    view.mount();
    refresh();
    return view;
  }

  // The channel's look (from the session, else the defaults) with the site's overrides.
  function applyConfig(): void {
    view?.setConfig({
      title: text(site.title, config.title),
      greeting: text(site.greeting, config.greeting),
      primary: text(site.colors?.primary, config.colors.primary ?? ''),
      onPrimary: text(site.colors?.onPrimary, config.colors.onPrimary ?? ''),
    });
  }

  function setOpen(open: boolean): void {
    if (connection.state === 'unavailable') {
      return;
    }
    showView().setOpen(open);
    if (open) {
      connection.retryNow();
    }
    refresh();
  }

  async function sendImage(file: File): Promise<void> {
    const limit = config.maxImageBytes;
    if (!IMAGE_TYPES.includes(file.type)) {
      view?.showError('Only PNG, JPEG, GIF and WebP images can be sent.');
      return;
    }
    if (file.size > limit) {
      view?.showError(`This image is too large (at most ${formatBytes(limit)}).`);
      return;
    }
    try {
      const data = await readBase64(file);
      const image = { name: file.name, type: file.type, data };
      dispatch({ type: 'local', message: connection.send({ image }) });
    } catch {
      view?.showError('The image could not be read.');
    }
  }

  site.open = () => setOpen(true);
  site.close = () => setOpen(false);
  for (const message of connection.pending) {
    chat = chatReducer(chat, { type: 'local', message });
  }
  if (connection.hasToken) {
    showView();
  }
  doc.addEventListener('visibilitychange', refresh);
  win.addEventListener('online', () => connection.retryNow());
  connection.start();
}

