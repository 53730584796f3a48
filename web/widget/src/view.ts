// The widget's DOM: a launcher and a chat panel inside a shadow root, so that the host page's CSS and the
// widget's cannot reach each other. Everything the server or the visitor wrote is set as text (never parsed
// as HTML); an image is shown only from the Parley server's own origin. Rows are updated in place and only
// new ones are added to the log, so that screen readers announce each new message once.
import type { ConnectionState } from './connection';
import { MAX_TEXT_BYTES, utf8Bytes, type WidgetFile } from './protocol';
import type { ChatState, Entry } from './store';
import { css } from './styles';

export interface ViewOptions {
  document: Document;
  /** Images are shown only from this origin. */
  serverOrigin: string;
  onOpenChange: (open: boolean) => void;
  onSend: (text: string) => void;
  onImage: (file: File) => void;
  onTyping: () => void;
}

export interface ViewConfig {
  title: string;
  greeting: string;
  primary: string;
  onPrimary: string;
}

const ICONS = {
  chat: 'M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2z',
  close: 'M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z',
  image:
    'M21 19V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2zM8.5 13.5l2.5 3 3.5-4.5 4.5 6H5l3.5-4.5z',
  send: 'M2 21 23 12 2 3v7l15 2-15 2z',
};

const TICKS: Record<Entry['status'], [string, string]> = {
  sending: ['Sending…', 'Sending'],
  sent: ['✓', 'Sent'],
  delivered: ['✓✓', 'Delivered'],
  read: ['✓✓', 'Read'],
  failed: ['!', 'Not delivered'],
};

/** "850 KB", "1.4 MB". */
export function formatBytes(bytes: number): string {
  return bytes >= 1048576 ? `${Math.floor((bytes / 1048576) * 10) / 10} MB` : `${Math.floor(bytes / 1024)} KB`;
}

/** How long a notice (showNotice) stays in the status line. */
export const NOTICE_MS = 6_000;

const COLOR = /^(#[0-9a-f]{3,8}|[a-z]+|(rgb|rgba|hsl|hsla)\([0-9.,%\s/a-z-]*\))$/i;

/** `value` when it is a plain CSS colour (hex, name, rgb()/hsl()), else `fallback`. */
export function safeColor(value: string | undefined, fallback: string): string {
  return value && COLOR.test(value.trim()) ? value.trim() : fallback;
}

const INLINE_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/;

/** The absolute URL of a server image, or null when it is not on the server's own origin. Images the
 * server stored inline (data:image/… of the four accepted types) are allowed as they are. */
export function sameOriginUrl(url: string, serverOrigin: string): string | null {
  if (INLINE_IMAGE.test(url)) {
    return url;
  }
  try {
    const resolved = new URL(url, serverOrigin);
    return resolved.origin === serverOrigin ? resolved.href : null;
  } catch {
    return null;
  }
}

type Child = Node | string;

export class WidgetView {
  readonly host: HTMLElement;
  private readonly doc: Document;
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLElement;
  private readonly unreadText: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly greeting: HTMLElement;
  private readonly log: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly typingLine: HTMLElement;
  private readonly error: HTMLElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly rows = new Map<string, { row: HTMLElement; entry: Entry }>();
  private open = false;
  private connectionText = '';
  private notice = '';
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: ViewOptions) {
    const doc = (this.doc = options.document);
    this.host = doc.createElement('parley-widget');
    this.host.style.setProperty('display', 'block', 'important');
    const root = this.host.attachShadow({ mode: 'open' });
    this.applyStyles(root);

    this.unreadText = this.h('span', { class: 'sr', id: 'pw-unread' });
    this.badge = this.h('span', { class: 'badge', 'aria-hidden': 'true', hidden: '' });
    this.launcher = this.h(
      'button',
      { class: 'launcher', type: 'button', 'aria-label': 'Open chat', 'aria-expanded': 'false' },
      this.icon('chat'),
      this.badge,
    );
    this.launcher.setAttribute('aria-controls', 'pw-panel');
    this.launcher.setAttribute('aria-describedby', 'pw-unread');
    this.launcher.onclick = () => this.options.onOpenChange(!this.open);

    this.heading = this.h('h2', { id: 'pw-title' });
    const close = this.h('button', { class: 'icon', type: 'button', 'aria-label': 'Close chat' }, this.icon('close'));
    close.onclick = () => this.options.onOpenChange(false);
    this.banner = this.h('div', { class: 'banner', role: 'status', hidden: '' });
    this.greeting = this.h('div', { class: 'bubble' });
    this.log = this.h(
      'div',
      { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': 'Messages', tabindex: '0' },
      this.h('div', { class: 'row' }, this.greeting),
    );
    this.typingLine = this.h('div', { class: 'typing', hidden: '' }, 'Agent is typing…');
    this.error = this.h('div', { class: 'error', role: 'alert' });
    this.textarea = this.h('textarea', { rows: '1', 'aria-label': 'Message', placeholder: 'Write a message…' });
    const form = this.composer();

    this.panel = this.h(
      'section',
      { class: 'panel', id: 'pw-panel', role: 'dialog', 'aria-labelledby': 'pw-title', hidden: '' },
      this.h('div', { class: 'head' }, this.heading, close),
      this.banner,
      this.log,
      this.typingLine,
      this.error,
      form,
    );
    this.panel.onkeydown = (event) => {
      if (event.key === 'Escape') {
        this.options.onOpenChange(false);
      }
    };
    root.append(this.h('div', { class: 'w' }, this.launcher, this.unreadText, this.panel));
  }

  get isOpen(): boolean {
    return this.open;
  }

  mount(): void {
    this.doc.body.append(this.host);
  }

  destroy(): void {
    clearTimeout(this.noticeTimer);
    this.host.remove();
  }

  setConfig(config: ViewConfig): void {
    this.host.style.setProperty('--p', safeColor(config.primary, '#2563eb'));
    this.host.style.setProperty('--op', safeColor(config.onPrimary, '#ffffff'));
    this.heading.textContent = config.title;
    this.greeting.textContent = config.greeting;
  }

  setOpen(open: boolean): void {
    if (open === this.open) {
      return;
    }
    this.open = open;
    this.panel.hidden = !open;
    this.launcher.setAttribute('aria-expanded', String(open));
    this.launcher.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
    if (open) {
      this.scrollToEnd();
      this.textarea.focus();
    } else if (this.host.shadowRoot?.activeElement) {
      this.launcher.focus();
    }
  }

  setUnread(count: number): void {
    this.badge.hidden = count === 0 || this.open;
    this.badge.textContent = count > 99 ? '99+' : String(count);
    this.unreadText.textContent = count === 0 ? '' : `${count} unread`;
  }

  setConnection(state: ConnectionState): void {
    this.connectionText = state === 'reconnecting' ? 'Reconnecting…' : state === 'connecting' ? 'Connecting…' : '';
    this.showBanner();
  }

  /** `message` in the status line for NOTICE_MS, over the connection state (shown again after). */
  showNotice(message: string): void {
    clearTimeout(this.noticeTimer);
    this.notice = message;
    this.noticeTimer = setTimeout(() => {
      this.notice = '';
      this.showBanner();
    }, NOTICE_MS);
    this.showBanner();
  }

  showError(message: string): void {
    this.error.textContent = message;
  }

  private showBanner(): void {
    const text = this.notice || this.connectionText;
    this.banner.textContent = text;
    this.banner.hidden = text === '';
  }

  render(state: ChatState): void {
    const atEnd = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 48;
    let wroteOwn = false;
    const keys = new Set<string>();
    let previous: Element = this.log.firstElementChild as Element; // the greeting
    for (const entry of state.entries) {
      keys.add(entry.key);
      let known = this.rows.get(entry.key);
      if (!known) {
        known = { row: this.h('div', { class: entry.direction === 'inbound' ? 'row me' : 'row' }), entry };
        this.fillRow(known.row, entry);
        this.rows.set(entry.key, known);
        wroteOwn ||= entry.direction === 'inbound';
      } else if (known.entry !== entry) {
        this.updateRow(known.row, known.entry, entry);
        known.entry = entry;
      }
      if (previous.nextElementSibling !== known.row) {
        previous.after(known.row);
      }
      previous = known.row;
    }
    for (const [key, { row }] of this.rows) {
      if (!keys.has(key)) {
        row.remove();
        this.rows.delete(key);
      }
    }
    this.typingLine.hidden = !state.agentTyping;
    if (atEnd || wroteOwn) {
      this.scrollToEnd();
    }
  }

  private composer(): HTMLFormElement {
    const file = this.h('input', { type: 'file', accept: 'image/png,image/jpeg,image/gif,image/webp', hidden: '', tabindex: '-1' });
    file.onchange = () => {
      const chosen = file.files?.[0];
      file.value = '';
      if (chosen) {
        this.options.onImage(chosen);
      }
    };
    const attach = this.h('button', { class: 'icon', type: 'button', 'aria-label': 'Attach an image' }, this.icon('image'));
    attach.onclick = () => file.click();
    const send = this.h('button', { class: 'icon', type: 'submit', 'aria-label': 'Send' }, this.icon('send'));
    const form = this.h('form', {}, attach, file, this.textarea, send);
    const submit = () => {
      const text = this.textarea.value.trim();
      const bytes = utf8Bytes(text);
      if (bytes > MAX_TEXT_BYTES) {
        // The server would refuse it: the visitor keeps the text to shorten it.
        this.showError(`This message is too long (${bytes} bytes, at most ${MAX_TEXT_BYTES}). Please shorten it.`);
      } else if (text) {
        this.showError('');
        this.options.onSend(text);
        this.textarea.value = '';
        this.fitTextarea();
      }
      this.textarea.focus();
    };
    form.onsubmit = (event) => {
      event.preventDefault();
      submit();
    };
    this.textarea.onkeydown = (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submit();
      }
    };
    this.textarea.oninput = () => {
      this.fitTextarea();
      this.showError('');
      this.options.onTyping();
    };
    return form;
  }

  private fillRow(row: HTMLElement, entry: Entry): void {
    const who = this.h('span', { class: 'sr' }, entry.direction === 'inbound' ? 'You: ' : 'Agent: ');
    const content = this.content(entry);
    const bubble = this.h('div', { class: typeof content === 'string' ? 'bubble' : 'bubble pic' }, who, content);
    const when = Date.parse(entry.createdAt);
    if (when) {
      bubble.title = new Date(when).toLocaleString();
    }
    row.append(bubble);
    if (entry.direction === 'inbound') {
      row.append(this.h('div', { class: 'meta' }, this.tick(entry)));
    }
  }

  private updateRow(row: HTMLElement, before: Entry, after: Entry): void {
    if (before.text !== after.text || before.image?.url !== after.image?.url || before.file?.url !== after.file?.url) {
      row.replaceChildren();
      this.fillRow(row, after);
    } else if ((before.status !== after.status || before.error !== after.error) && after.direction === 'inbound') {
      row.lastElementChild?.replaceChildren(this.tick(after));
    }
  }

  private tick(entry: Entry): HTMLElement {
    if (entry.error !== undefined) {
      // Refused by the server: the reason, visible (and read out, as an addition to the log).
      return this.h('span', { class: 'failed', title: 'Not sent' }, `Not sent: ${entry.error}`);
    }
    const [glyph, label] = TICKS[entry.status];
    return this.h(
      'span',
      { class: entry.status, title: label },
      this.h('span', { 'aria-hidden': 'true' }, glyph),
      this.h('span', { class: 'sr' }, label),
    );
  }

  private content(entry: Entry): Child {
    if (entry.file) {
      return this.fileLink(entry.file, entry.text);
    }
    if (!entry.image) {
      return entry.text ?? '';
    }
    const src = entry.image.url ? sameOriginUrl(entry.image.url, this.options.serverOrigin) : null;
    if (!src) {
      return `Image: ${entry.image.name}`;
    }
    const image = this.h('img', { alt: entry.image.name });
    image.src = src;
    image.onload = () => this.scrollToEnd();
    const link = this.h('a', { target: '_blank', rel: 'noopener noreferrer' }, image);
    link.href = src;
    return entry.text ? this.h('span', { class: 'media' }, link, this.h('span', { class: 'caption' }, entry.text)) : link;
  }

  /** A file an agent sent: a download link on the server's origin (its name only, otherwise), and its caption. */
  private fileLink(file: WidgetFile, caption: string | null): Child {
    const label = `📎 ${file.name}${file.size !== null ? ` (${formatBytes(file.size)})` : ''}`;
    const href = sameOriginUrl(file.url, this.options.serverOrigin);
    let body: HTMLElement = this.h('span', {}, label);
    if (href !== null && !href.startsWith('data:')) {
      const link = this.h('a', { rel: 'noopener noreferrer', download: file.name }, label);
      link.href = href;
      body = link;
    }
    return this.h('span', { class: 'media' }, body, ...(caption ? [this.h('span', { class: 'caption' }, caption)] : []));
  }

  private fitTextarea(): void {
    this.textarea.style.height = 'auto';
    this.textarea.style.height = `${Math.min(this.textarea.scrollHeight + 2, 120)}px`;
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  private applyStyles(root: ShadowRoot): void {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } catch {
      root.append(this.h('style', {}, css));
    }
  }

  private icon(name: keyof typeof ICONS): SVGSVGElement {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = this.doc.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = this.doc.createElementNS(ns, 'path');
    path.setAttribute('d', ICONS[name]);
    svg.append(path);
    return svg;
  }

  private h<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attributes: Record<string, string> = {},
    ...children: Child[]
  ): HTMLElementTagNameMap[K] {
    const element = this.doc.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      element.setAttribute(name, value);
    }
    element.append(...children);
    return element;
  }
}
