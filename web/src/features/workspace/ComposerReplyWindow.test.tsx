// The reply window in the composer (WhatsApp's 24 hours). Like Composer.test.tsx: rendered to HTML on the server
// side of React, with the clock set by fake timers (the composer's `now` is mocked to Date.now()), and the
// server's refusal run through the real API client against a fake fetch.
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, isApiError } from '../../api/client';
import { sendMessage, type Channel, type Conversation, type Message } from '../../api/routing';
import { formatDateTime } from '../../format';
import { fakeFetch } from '../../test/fakeFetch';
import { Composer } from './Composer';
import type { Draft } from './WorkspaceProvider';

const drafts = vi.hoisted(() => new Map<string, unknown>());
vi.mock('./WorkspaceProvider', () => ({
  useWorkspace: () => ({
    draft: (conversationId: string) => drafts.get(conversationId),
    setDraft: () => undefined,
    sendTyping: () => undefined,
  }),
  describeError: String,
}));
vi.mock('./useNow', () => ({ useNow: () => Date.now() }));

const NOW = Date.parse('2026-12-06T12:00:00.000Z');
const at = (offsetSeconds: number) => new Date(NOW + offsetSeconds * 1000).toISOString();

const empty: Draft = { text: '', mediaUrl: '', attachment: null, note: '', pending: null };
const typed: Draft = { ...empty, text: 'Your order shipped today.' };

const whatsapp: Channel = {
  id: 'chn_wa',
  type: 'whatsapp',
  name: 'Shop number',
  enabled: true,
  inboundPath: '',
  webhookUrl: '',
  webhookSecretSet: false,
  capabilities: { text: true, media: true, choices: true, maxChoices: 10, location: true, typing: false, readReceipts: false },
  replyWindowSeconds: 86400,
};

const telegram: Channel = { ...whatsapp, id: 'chn_tg', type: 'telegram', replyWindowSeconds: null };

const WEEK = 7 * 86400;
const messengerCapabilities: Channel['capabilities'] = { ...whatsapp.capabilities, maxChoices: 13, location: false, templates: false };
/** A Facebook page with Meta's Human Agent permission (humanAgentTag): the server gives humanAgentWindowSeconds. */
const messengerTagged: Channel = {
  ...whatsapp,
  id: 'chn_ms',
  type: 'messenger',
  name: 'Shop page',
  capabilities: messengerCapabilities,
  humanAgentWindowSeconds: WEEK,
};
const messengerUntagged: Channel = { ...messengerTagged, humanAgentWindowSeconds: null };
const instagramUntagged: Channel = { ...messengerUntagged, id: 'chn_ig', type: 'instagram', name: 'Shop account' };

function conversation(channel: Channel, window: Pick<Conversation, 'replyWindowClosesAt' | 'customerLastMessageAt'>): Conversation {
  return {
    id: 'cnv_1',
    contactId: 'ctc_1',
    channel: channel.id,
    categoryId: null,
    state: 'assigned',
    agentId: 'usr_1',
    manual: false,
    enqueuedAt: at(-30 * 3600),
    assignedAt: at(-30 * 3600),
    offerDeadline: null,
    firstResponseAt: null,
    closedAt: null,
    createdAt: at(-30 * 3600),
    lastMessageAt: at(-30 * 3600),
    ...window,
  };
}

const inbound = (createdAt: string): Message => ({
  id: 'msg_in',
  conversationId: 'cnv_1',
  direction: 'inbound',
  content: { text: 'Where is my order?' },
  status: 'received',
  statusReason: null,
  providerMessageId: 'wamid.1',
  authorId: null,
  authorKind: null,
  createdAt,
});

function render(options: {
  channel?: Channel;
  closesAt?: string | null;
  messages?: Message[];
  draft?: Draft;
}): string {
  const channel = options.channel ?? whatsapp;
  drafts.set('cnv_1', options.draft ?? typed);
  const window =
    options.closesAt === undefined
      ? {}
      : { replyWindowClosesAt: options.closesAt, customerLastMessageAt: options.closesAt === null ? null : at(-60) };
  return renderToStaticMarkup(
    <Composer
      conversation={conversation(channel, window)}
      channel={channel}
      channelsKnown
      messages={options.messages ?? []}
      cannedResponses={null}
      canWrite
    />,
  );
}

const sendButton = (html: string) => /<button[^>]* type="submit"[^>]*>Send<\/button>/.exec(html)?.[0] ?? '';
const replyBox = (html: string) => /<textarea[^>]*aria-keyshortcuts="r"[^>]*>/.exec(html)?.[0] ?? '';
const noteBox = (html: string) => /<textarea[^>]*aria-keyshortcuts="n"[^>]*>/.exec(html)?.[0] ?? '';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  drafts.clear();
});

describe('the reply window in the composer', () => {
  it('shows the time left until replyWindowClosesAt, quietly while more than an hour is left', () => {
    const html = render({ closesAt: at(3 * 3600 + 12 * 60 + 40), messages: [inbound(at(-23 * 3600))] });
    expect(html).toMatch(/<span class="ws-window-left" id="[^"]*">Reply window: <span class="ws-num">3 h 12 min<\/span> left<\/span>/);
    expect(html).not.toContain('ws-window-closed');
    expect(sendButton(html)).not.toContain('disabled');
    expect(replyBox(html)).not.toContain('disabled');
  });

  it('counts from the server value, not from the last inbound message', () => {
    // The message arrived 25 h ago (a delayed webhook?) but the server says the window is open for 2 more hours.
    const html = render({ closesAt: at(2 * 3600), messages: [inbound(at(-25 * 3600))] });
    expect(html).toMatch(/Reply window: <span class="ws-num">2 h<\/span> left/);
    expect(sendButton(html)).not.toContain('disabled');
  });

  it('warns with a ticking clock in the last hour', () => {
    const html = render({ closesAt: at(40 * 60) });
    expect(html).toMatch(/<span class="ws-window-warn"[^>]*>Reply window: <span class="ws-num">40:00<\/span> left<\/span>/);
    vi.setSystemTime(NOW + 15_000);
    expect(render({ closesAt: at(40 * 60) })).toContain('<span class="ws-num">39:45</span>');
  });

  it('closes by itself when the clock passes replyWindowClosesAt: a clear notice, no free-form Send', () => {
    const closesAt = at(5);
    expect(sendButton(render({ closesAt }))).not.toContain('disabled');

    vi.setSystemTime(NOW + 2 * 3600 * 1000 + 5000);
    const html = render({ closesAt });
    expect(html).toContain(
      'The 24-hour reply window closed 2 h ago. WhatsApp only delivers approved templates now; free-form replies work again once the contact writes.',
    );
    expect(html).toMatch(/<p class="ws-composer-notice ws-window-closed"[^>]* role="status">The 24-hour reply window closed/);
    expect(html).not.toContain('Reply window:');
    expect(sendButton(html)).toContain('disabled');
    expect(replyBox(html)).toContain('disabled');
    // Notes still go: they never reach the customer.
    expect(noteBox(html)).not.toContain('disabled');
    expect(html).toMatch(/<button class="button" type="submit"[^>]*>Add note<\/button>/);
  });

  it('is closed where the customer never wrote (no replyWindowClosesAt, no inbound message)', () => {
    const html = render({ closesAt: null });
    expect(html).toContain(
      'The 24-hour reply window is not open: the contact has not written on WhatsApp yet. WhatsApp only delivers approved templates until they do.',
    );
    expect(sendButton(html)).toContain('disabled');
  });

  it('falls back to the last inbound message when the server gives no replyWindowClosesAt', () => {
    expect(render({ messages: [inbound(at(-23 * 3600))] })).toMatch(/Reply window: <span class="ws-num">1 h<\/span> left/);
    const closed = render({ messages: [inbound(at(-27 * 3600))] });
    expect(closed).toContain('The 24-hour reply window closed 3 h ago.');
    expect(sendButton(closed)).toContain('disabled');
  });

  it('shows nothing of a window on a channel without one', () => {
    const html = render({ channel: telegram, closesAt: null });
    expect(html).not.toContain('Reply window');
    expect(html).not.toContain('reply window');
    expect(sendButton(html)).not.toContain('disabled');
  });
});

describe("the server's refusal (409 reply_window_closed)", () => {
  const refusal =
    "the 24-hour reply window closed 2 h ago (it counts from the customer's last message); free-form messages are refused: send an approved template";

  it('reaches the composer as an ApiError with its code and message, and is shown without Retry', async () => {
    const closed = { error: { code: 'reply_window_closed', message: refusal } };
    fakeFetch({ csrf: 'tok1', answer: () => ({ status: 409, body: closed }) });

    const error = await sendMessage('cnv_1', { text: 'Hello?' }, 'key-1').catch((caught: unknown) => caught);

    expect(isApiError(error)).toBe(true);
    const apiError = error as ApiError;
    expect(apiError.code).toBe('reply_window_closed');
    expect(apiError.status).toBe(409);
    expect(apiError.message).toBe(refusal);

    // What the composer keeps of the failed send (Composer's send()), shown while the window still looks open here.
    const failed: Draft = {
      ...typed,
      pending: { key: 'key-1', content: { text: 'Hello?' }, status: 'failed', error: apiError.message, code: apiError.code },
    };
    const html = render({ closesAt: at(600), draft: failed });
    expect(html).toContain(`<div class="ws-send-failed" role="alert"><span>Not sent: ${refusal.replace(/'/g, '&#x27;')}</span></div>`);
    expect(html).not.toContain('Retry');
  });

  it('still offers Retry for other failures', () => {
    const failed: Draft = {
      ...typed,
      pending: { key: 'key-1', content: { text: 'Hello?' }, status: 'failed', error: 'could not reach the server', code: 'network_error' },
    };
    expect(render({ closesAt: at(600), draft: failed })).toContain('>Retry</button>');
  });
});

describe('Messenger and Instagram after the 24-hour window', () => {
  /** The customer wrote `ago` seconds ago; the server's replyWindowClosesAt is 24 hours after that. */
  function renderWrote(channel: Channel, ago: number, draft: Draft = typed): string {
    drafts.set('cnv_1', draft);
    return renderToStaticMarkup(
      <Composer
        conversation={conversation(channel, { customerLastMessageAt: at(-ago), replyWindowClosesAt: at(86400 - ago) })}
        channel={channel}
        channelsKnown
        messages={[inbound(at(-ago))]}
        cannedResponses={null}
        canWrite
      />,
    );
  }

  it('counts the 24 hours down as for WhatsApp while the window is open, without templates', () => {
    const html = renderWrote(messengerTagged, 20 * 3600);
    expect(html).toMatch(/Reply window: <span class="ws-num">4 h<\/span> left/);
    expect(html).not.toContain('human agent');
    expect(html).not.toContain('Send a template');
    expect(sendButton(html)).not.toContain('disabled');
  });

  it('with the Human Agent tag: says replies go tagged until when, and keeps Send', () => {
    const html = renderWrote(messengerTagged, 27 * 3600);
    const until = formatDateTime(new Date(NOW - 27 * 3600_000 + WEEK * 1000).toISOString()).replace(/'/g, '&#x27;');
    expect(html).toContain(
      `The 24-hour window closed 3 h ago. Replies go tagged as a human agent&#x27;s until ${until} (Meta&#x27;s Human Agent policy: written by a person, no automated messages).`,
    );
    expect(html).toMatch(/<p class="ws-composer-notice ws-window-tagged"[^>]* role="status">The 24-hour window closed 3 h ago/);
    expect(html).not.toContain('ws-window-closed');
    expect(html).toMatch(/<span class="ws-window-left"[^>]*>Human agent replies: <span class="ws-num">5 d 21 h<\/span> left<\/span>/);
    expect(sendButton(html)).not.toContain('disabled');
    expect(replyBox(html)).not.toContain('disabled');
    // The reply box is described by the notice: a screen reader hears the policy with it.
    expect(replyBox(html)).toMatch(/aria-describedby="[^"]+-notice"/);
    expect(html).not.toContain('Send a template');
  });

  it('with the tag: a ticking clock in its last hour, then closed', () => {
    const lastHour = renderWrote(messengerTagged, WEEK - 40 * 60);
    expect(lastHour).toMatch(/<span class="ws-window-warn"[^>]*>Human agent replies: <span class="ws-num">40:00<\/span> left<\/span>/);
    expect(sendButton(lastHour)).not.toContain('disabled');

    const over = renderWrote(messengerTagged, WEEK + 3600);
    expect(over).toContain(
      'The 24-hour reply window closed 6 d 1 h ago, and the time for replies tagged as a human agent&#x27;s ended 1 h ago. Messenger delivers replies again once the contact writes.',
    );
    expect(over).toMatch(/class="ws-composer-notice ws-window-closed"/);
    expect(over).not.toContain('Human agent replies:');
    expect(sendButton(over)).toContain('disabled');
    expect(replyBox(over)).toContain('disabled');
  });

  it('without the tag: closed after 24 hours, saying the page may not send tagged replies', () => {
    const html = renderWrote(messengerUntagged, 26 * 3600);
    expect(html).toContain(
      'The 24-hour reply window closed 2 h ago. Messenger only delivers replies tagged as a human agent&#x27;s, which this page may not send (an admin can enable it in the Configurator).',
    );
    expect(html).toMatch(/<p class="ws-composer-notice ws-window-closed"[^>]* role="status">/);
    expect(sendButton(html)).toContain('disabled');
    // Only WhatsApp has templates to send instead.
    expect(html).not.toContain('Send a template');

    expect(renderWrote(instagramUntagged, 26 * 3600)).toContain(
      'The 24-hour reply window closed 2 h ago. Instagram only delivers replies tagged as a human agent&#x27;s',
    );
  });

  it('shows nothing of the window to someone who cannot write in the conversation', () => {
    drafts.set('cnv_1', typed);
    const html = renderToStaticMarkup(
      <Composer
        conversation={conversation(messengerTagged, { customerLastMessageAt: at(-27 * 3600), replyWindowClosesAt: at(-3 * 3600) })}
        channel={messengerTagged}
        channelsKnown
        messages={[]}
        cannedResponses={null}
        canWrite={false}
      />,
    );
    expect(html).toContain('This conversation is assigned to a colleague.');
    expect(html).not.toContain('human agent');
  });
});
