import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeDocument, type FakeElement, type FakeShadowRoot } from './fakedom';
import type { Message } from './protocol';
import { chatReducer, initialChatState, type ChatState } from './store';
import { NOTICE_MS, sameOriginUrl, WidgetView } from './view';

const ORIGIN = 'https://parley.example';
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function setup() {
  const { fake, document } = fakeDocument();
  const sent: string[] = [];
  const view = new WidgetView({
    document,
    serverOrigin: ORIGIN,
    onOpenChange: () => {},
    onSend: (text) => sent.push(text),
    onImage: () => {},
    onTyping: () => {},
  });
  view.mount();
  view.setConnection('open');
  const root = fake.widget()?.root as FakeShadowRoot;
  const textarea = root.find('textarea') as FakeElement;
  const submit = () => (root.find('form')?.onsubmit as (event: unknown) => void)({ preventDefault() {} });
  const error = () => root.find('.error')?.textContent;
  return { view, root, sent, textarea, submit, error };
}

function agentImage(url: string): Message {
  return {
    id: 'msg_1',
    clientId: null,
    direction: 'outbound',
    text: null,
    image: { url, name: 'dot.png' },
    file: null,
    status: 'sent',
    createdAt: '2025-01-01T10:00:00.000Z',
  };
}

describe('sameOriginUrl', () => {
  it('allows images on the server origin and inline data: images of the four accepted types', () => {
    expect(sameOriginUrl('/media/1.png', ORIGIN)).toBe('https://parley.example/media/1.png');
    expect(sameOriginUrl(PNG, ORIGIN)).toBe(PNG);
    for (const type of ['jpeg', 'gif', 'webp']) {
      expect(sameOriginUrl(`data:image/${type};base64,AAAA`, ORIGIN)).toBe(`data:image/${type};base64,AAAA`);
    }
  });

  it('refuses other origins, other schemes and other data: URLs', () => {
    expect(sameOriginUrl('https://evil.example/x.png', ORIGIN)).toBeNull();
    expect(sameOriginUrl('javascript:alert(1)', ORIGIN)).toBeNull();
    expect(sameOriginUrl('data:image/svg+xml;base64,PHN2Zz4=', ORIGIN)).toBeNull();
    expect(sameOriginUrl('data:text/html;base64,PHNjcmlwdD4=', ORIGIN)).toBeNull();
    expect(sameOriginUrl('data:image/png,<svg onload=alert(1)>', ORIGIN)).toBeNull();
    expect(sameOriginUrl('data:image/png;base64,AAAA"><script>', ORIGIN)).toBeNull();
  });
});

describe('WidgetView', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows an image the server stored inline (data:image/png) as an image', () => {
    const { view, root } = setup();
    view.render(chatReducer(initialChatState, { type: 'session', messages: [agentImage(PNG)] }));
    const image = root.find('img');
    expect(image?.src).toBe(PNG);
    expect(image?.getAttribute('alt')).toBe('dot.png');
  });

  it('shows an image with its caption under it', () => {
    const { view, root } = setup();
    view.render(chatReducer(initialChatState, { type: 'session', messages: [{ ...agentImage(PNG), text: 'our tandem' }] }));
    expect(root.find('img')?.src).toBe(PNG);
    expect(root.find('.caption')?.textContent).toBe('our tandem');
  });

  it('shows the name, not the image, for a data: URL that is not an accepted image', () => {
    const { view, root } = setup();
    view.render(chatReducer(initialChatState, { type: 'session', messages: [agentImage('data:image/svg+xml;base64,PHN2Zz4=')] }));
    expect(root.find('img')).toBeNull();
    expect(root.find('.row')?.nextElementSibling?.textContent).toContain('Image: dot.png');
  });

  it('shows a file an agent sent as a download link on the server origin, with its size and caption', () => {
    const { view, root } = setup();
    const file = (url: string): Message => ({
      id: 'msg_f',
      clientId: null,
      direction: 'outbound',
      text: 'Your invoice',
      image: null,
      file: { url, name: 'invoice 7.pdf', size: 1536 },
      status: 'sent',
      createdAt: '',
    });
    view.render(chatReducer(initialChatState, { type: 'session', messages: [file('/api/v1/widget/media/med_1?channel=chn_1&sig=ab')] }));
    const link = root.find('a');
    expect(link?.href).toBe(`${ORIGIN}/api/v1/widget/media/med_1?channel=chn_1&sig=ab`);
    expect(link?.getAttribute('download')).toBe('invoice 7.pdf');
    expect(link?.textContent).toBe('📎 invoice 7.pdf (1 KB)');
    expect(root.find('.media')?.textContent).toContain('Your invoice');

    const other = setup();
    other.view.render(chatReducer(initialChatState, { type: 'session', messages: [file('https://evil.example/x.pdf')] }));
    expect(other.root.find('a')).toBeNull();
    expect(other.root.find('.media')?.textContent).toContain('📎 invoice 7.pdf');
  });

  it('shows a refused message as not sent, with the server reason in its row', () => {
    const { view, root } = setup();
    let state: ChatState = chatReducer(initialChatState, {
      type: 'local',
      message: { clientId: 'c_1', text: 'a long story', createdAt: '2025-01-01T10:00:00.000Z' },
    });
    view.render(state);
    expect(root.find('.row.me')?.find('.meta')?.textContent).toContain('Sending');
    state = chatReducer(state, {
      type: 'frame',
      frame: { type: 'error', clientId: 'c_1', message: 'text is longer than 4096 bytes' },
    });
    view.render(state);
    const meta = root.find('.row.me')?.find('.meta');
    expect(meta?.firstElementChild?.getAttribute('class')).toBe('failed');
    expect(meta?.textContent).toContain('Not sent: text is longer than 4096 bytes');
    expect(meta?.textContent).not.toContain('Sending');
  });

  it('shows a notice in the status line for a while, then the connection state again', () => {
    const { view, root } = setup();
    const banner = root.find('.banner') as FakeElement;
    expect(banner.hidden).toBe(true);
    view.showNotice('too many messages; wait a moment');
    expect(banner.hidden).toBe(false);
    expect(banner.textContent).toBe('too many messages; wait a moment');
    view.setConnection('open');
    expect(banner.textContent).toBe('too many messages; wait a moment');
    vi.advanceTimersByTime(NOTICE_MS);
    expect(banner.hidden).toBe(true);
    expect(banner.textContent).toBe('');

    view.showNotice('again');
    view.setConnection('reconnecting');
    vi.advanceTimersByTime(NOTICE_MS);
    expect(banner.hidden).toBe(false);
    expect(banner.textContent).toBe('Reconnecting…');
  });

  it('refuses text over 4096 UTF-8 bytes before sending: a visible error, the text stays', () => {
    const { sent, textarea, submit, error } = setup();
    // 1366 × "€" is 1366 characters but 4098 bytes.
    for (const long of ['a'.repeat(4097), '€'.repeat(1366)]) {
      textarea.value = long;
      submit();
      expect(sent).toEqual([]);
      expect(textarea.value).toBe(long);
      expect(error()).toMatch(/too long/);
    }
    textarea.value = `  ${'b'.repeat(4096)}  `;
    submit();
    expect(sent).toEqual(['b'.repeat(4096)]);
    expect(textarea.value).toBe('');
  });
});
