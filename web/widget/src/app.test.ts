import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { start } from './app';
import type { SocketLike } from './connection';
import { fakeDocument, type FakeElement } from './fakedom';
import { NOTICE_MS } from './view';
import { memoryStore, openStorage, storageKey } from './storage';

const SCRIPT = 'https://parley.example/widget.js?channel=chn_1';
const LOOK = {
  title: 'Chat with Northwind',
  greeting: 'Welcome to Northwind',
  colors: { primary: '#0f766e', onPrimary: '#fefefe' },
  maxImageBytes: 1048576,
};

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  readonly sent: Record<string, unknown>[] = [];

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(): void {}

  receive(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  messages(): Record<string, unknown>[] {
    return this.sent.filter((frame) => frame.type === 'message');
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i += 1) {
    await Promise.resolve();
  }
}

/** A page with the widget's script; `token` as if an earlier page of the visitor had stored one. */
function page(options: { token?: string; site?: Record<string, unknown> } = {}) {
  const { fake, document } = fakeDocument();
  const sessionStorage = memoryStore();
  if (options.token) {
    openStorage('chn_1', false, { sessionStorage }).save({ token: options.token, outbox: [] });
  }
  const sessions: ((body: unknown) => void)[] = [];
  const sockets: FakeSocket[] = [];
  const win = {
    document,
    sessionStorage,
    ParleyWidget: options.site,
    // The session call waits until the test answers it.
    fetch: () =>
      new Promise((resolve) => sessions.push((body) => resolve({ status: 200, json: async () => body }))),
    setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
    clearTimeout: (handle: number) => clearTimeout(handle),
    addEventListener: () => {},
  };
  start(win as unknown as Window, SCRIPT, () => {
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket;
  });
  const widget = () => fake.widget();
  const look = () => {
    const parts = widget();
    return parts && {
      title: parts.root.find('h2')?.textContent,
      greeting: parts.root.find('.log')?.firstElementChild?.textContent,
      primary: parts.host.style.getPropertyValue('--p'),
      onPrimary: parts.host.style.getPropertyValue('--op'),
    };
  };
  /** Answers the pending session call, then opens the socket. */
  const answer = async (config: unknown = LOOK, messages: unknown[] = []) => {
    sessions.shift()?.({ visitorToken: 'vt_1', config, messages });
    await flush();
    sockets[sockets.length - 1].onopen?.({});
  };
  const stored = () => JSON.parse(sessionStorage.getItem(storageKey('chn_1')) ?? 'null');
  return { win, widget, look, answer, sockets, stored };
}

/** Opens the panel and sends `text` through the composer. */
function write(parts: ReturnType<typeof page>, text: string): void {
  (parts.win.ParleyWidget as { open: () => void }).open();
  const root = parts.widget()?.root;
  (root?.find('textarea') as FakeElement).value = text;
  (root?.find('form')?.onsubmit as (event: unknown) => void)({ preventDefault() {} });
}

describe('start', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("after a reload, applies the channel's look to the view shown before the session answered", async () => {
    const parts = page({ token: 'vt_1' });
    // Shown at once (a returning visitor) with the defaults.
    expect(parts.look()).toEqual({ title: 'Chat with us', greeting: 'Hi! How can we help?', primary: '#2563eb', onPrimary: '#ffffff' });
    await parts.answer();
    expect(parts.look()).toEqual({
      title: 'Chat with Northwind',
      greeting: 'Welcome to Northwind',
      primary: '#0f766e',
      onPrimary: '#fefefe',
    });
  });

  it("keeps the site's own overrides over the session's look", async () => {
    const parts = page({ token: 'vt_1', site: { title: 'Our shop', colors: { primary: '#111111' } } });
    await parts.answer();
    expect(parts.look()).toMatchObject({ title: 'Our shop', greeting: 'Welcome to Northwind', primary: '#111111' });
  });

  it("a new visitor's view gets the session's look when it is first shown", async () => {
    const parts = page();
    expect(parts.widget()).toBeNull();
    await parts.answer();
    (parts.win.ParleyWidget as { open: () => void }).open();
    expect(parts.look()).toMatchObject({ title: 'Chat with Northwind', primary: '#0f766e' });
  });

  it('shows a refused message as not sent and never sends it again', async () => {
    const parts = page({ token: 'vt_1' });
    await parts.answer();
    write(parts, 'hello there');
    const socket = parts.sockets[0];
    const [frame] = socket.messages();
    expect(parts.stored().outbox).toHaveLength(1);
    socket.receive({ type: 'error', clientId: frame.clientId, message: 'image: a PNG, JPEG, GIF or WebP image' });
    const meta = parts.widget()?.root.find('.row.me')?.find('.meta');
    expect(meta?.textContent).toContain('Not sent: image: a PNG, JPEG, GIF or WebP image');
    expect(meta?.firstElementChild?.getAttribute('class')).toBe('failed');
    expect(parts.stored().outbox).toEqual([]);
  });

  it('shows an error without a clientId briefly in the status line', async () => {
    const parts = page({ token: 'vt_1' });
    await parts.answer();
    (parts.win.ParleyWidget as { open: () => void }).open();
    parts.sockets[0].receive({ type: 'error', clientId: null, message: 'too many messages; wait a moment' });
    const banner = parts.widget()?.root.find('.banner') as FakeElement;
    expect(banner.hidden).toBe(false);
    expect(banner.textContent).toBe('too many messages; wait a moment');
    vi.advanceTimersByTime(NOTICE_MS);
    expect(banner.hidden).toBe(true);
  });

  it('does not send text over 4096 bytes: the error shows and the text stays', async () => {
    const parts = page({ token: 'vt_1' });
    await parts.answer();
    write(parts, 'a'.repeat(5000));
    const root = parts.widget()?.root;
    expect(parts.sockets[0].messages()).toEqual([]);
    expect(root?.find('.row.me')).toBeNull();
    expect((root?.find('textarea') as FakeElement).value).toBe('a'.repeat(5000));
    expect(root?.find('.error')?.textContent).toMatch(/too long/);
  });
});
