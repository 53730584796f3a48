// Message templates in the composer (WhatsApp). Like the other component tests: rendered to HTML on the server
// side of React (no DOM, no effects), the picker's states given directly, and what it sends run through the real
// API client against a fake fetch.
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { listTemplates, sendMessage, type Channel, type Conversation, type MessageTemplate } from '../../api/routing';
import { fakeFetch, type FakeAnswer, type FetchCall } from '../../test/fakeFetch';
import { Composer } from './Composer';
import { isRefusal, sendKey } from './state/composer';
import { emptyTemplateDraft, templateKey, templateReply, type TemplateDraft } from './state/templates';
import { NO_APPROVED_TEMPLATES, TemplateChooser, TemplateForm, TemplatePicker, type TemplatesResource } from './TemplatePicker';
import type { Draft } from './WorkspaceProvider';

const drafts = vi.hoisted(() => new Map<string, unknown>());
vi.mock('./WorkspaceProvider', () => ({
  useWorkspace: () => ({
    draft: (conversationId: string) => drafts.get(conversationId),
    setDraft: () => undefined,
    sendTyping: () => undefined,
  }),
  describeError: (error: unknown) => (error instanceof Error ? error.message : String(error)),
}));
vi.mock('./useNow', () => ({ useNow: () => Date.now() }));

const NOW = Date.parse('2026-12-06T12:00:00.000Z');
const at = (offsetSeconds: number) => new Date(NOW + offsetSeconds * 1000).toISOString();

const template = (name: string, overrides: Partial<MessageTemplate> = {}): MessageTemplate => ({
  name,
  language: 'en_US',
  category: 'UTILITY',
  status: 'APPROVED',
  body: 'Your ticket {{1}} was updated: {{2}}',
  parameters: 2,
  components: [{ type: 'BODY', text: 'Your ticket {{1}} was updated: {{2}}' }],
  ...overrides,
});

const ticketUpdate = template('ticket_update');
const listed: MessageTemplate[] = [
  template('autumn_sale', { status: 'PENDING', category: 'MARKETING', body: 'Sale!', parameters: 0 }),
  template('old_promo', { status: 'REJECTED', category: 'MARKETING', body: 'Old {{1}}', parameters: 1 }),
  template('order_shipped', { body: 'Order {{1}} shipped.', parameters: 1 }),
  ticketUpdate,
];

const empty: Draft = { text: '', mediaUrl: '', attachment: null, note: '', pending: null };

const whatsapp: Channel = {
  id: 'chn_wa',
  type: 'whatsapp',
  name: 'Shop number',
  enabled: true,
  inboundPath: '',
  webhookUrl: '',
  webhookSecretSet: false,
  capabilities: {
    text: true,
    media: true,
    choices: true,
    maxChoices: 10,
    location: true,
    typing: false,
    readReceipts: false,
    templates: true,
  },
  replyWindowSeconds: 86400,
};

const conversation = (closesAt: string | null): Conversation => ({
  id: 'cnv_1',
  contactId: 'ctc_1',
  channel: whatsapp.id,
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
  customerLastMessageAt: closesAt === null ? null : at(-60),
  replyWindowClosesAt: closesAt,
});

function renderComposer(options: { channel?: Channel; closesAt: string | null; draft?: Draft; canWrite?: boolean }): string {
  drafts.set('cnv_1', options.draft ?? empty);
  return renderToStaticMarkup(
    <Composer
      conversation={conversation(options.closesAt)}
      channel={options.channel ?? whatsapp}
      channelsKnown
      messages={[]}
      cannedResponses={null}
      canWrite={options.canWrite ?? true}
    />,
  );
}

const templateButtons = (html: string) => html.match(/<button[^>]*>Send a template<\/button>/g) ?? [];

function renderForm(draft: TemplateDraft, send: { status: 'sending' | 'failed'; error: string | null } | null = null) {
  return renderToStaticMarkup(
    <TemplateForm
      approved={listed.filter((each) => each.status === 'APPROVED')}
      draft={draft}
      onDraft={() => undefined}
      send={send}
      onSend={() => undefined}
      onClose={() => undefined}
    />,
  );
}

function renderChooser(resource: TemplatesResource) {
  return renderToStaticMarkup(
    <TemplateChooser
      resource={resource}
      onRetry={() => undefined}
      draft={emptyTemplateDraft()}
      onDraft={() => undefined}
      send={null}
      onSend={() => undefined}
      onClose={() => undefined}
    />,
  );
}

/** The input labelled `label` (its <label for> names it). */
const inputOf = (html: string, label: string) => {
  const id = new RegExp(`<label for="([^"]+)">${label}`).exec(html)?.[1];
  expect(id, label).toBeDefined();
  return new RegExp(`<input[^>]* id="${id}"[^>]*/>`).exec(html)?.[0] ?? '';
};

// The picker's Dialog opens in a layout effect, which React says does nothing here; anything else is shown.
const consoleError = console.error.bind(console);
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes('useLayoutEffect does nothing on the server')) {
      consoleError(...args);
    }
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  drafts.clear();
});

describe('the composer offers templates', () => {
  it('from the closed-window notice: an agent can always send the right template', () => {
    const html = renderComposer({ closesAt: at(-2 * 3600) });
    expect(html).toMatch(/<p class="ws-composer-notice ws-window-closed"[^>]*>The 24-hour reply window closed 2 h ago\./);
    // Right under the notice; the free-form tools are gone.
    expect(html).toMatch(
      /The 24-hour reply window closed[^<]*<\/p><div class="ws-window-templates"><button class="button button-small" type="button" aria-haspopup="dialog">Send a template<\/button><\/div>/,
    );
    expect(templateButtons(html)).toHaveLength(1);
    expect(html).not.toContain('Attach a file');
  });

  it('also before the contact ever wrote', () => {
    const html = renderComposer({ closesAt: null });
    expect(html).toContain('WhatsApp only delivers approved templates until they do.');
    expect(templateButtons(html)).toHaveLength(1);
  });

  it('among the reply tools while the window is open', () => {
    const html = renderComposer({ closesAt: at(3 * 3600) });
    expect(html).not.toContain('ws-window-templates');
    expect(html).toMatch(/<div class="ws-reply-tools">.*>Send a template<\/button>/);
    expect(templateButtons(html)).toHaveLength(1);
  });

  it('not on channels without templates, nor to someone who cannot reply', () => {
    const telegram: Channel = {
      ...whatsapp,
      id: 'chn_tg',
      type: 'telegram',
      replyWindowSeconds: null,
      capabilities: { ...whatsapp.capabilities, templates: false },
    };
    expect(templateButtons(renderComposer({ channel: telegram, closesAt: null }))).toHaveLength(0);
    const older = { ...whatsapp, capabilities: { ...whatsapp.capabilities, templates: undefined } };
    expect(templateButtons(renderComposer({ channel: older, closesAt: at(-3600) }))).toHaveLength(0);
    expect(templateButtons(renderComposer({ closesAt: at(-3600), canWrite: false }))).toHaveLength(0);
  });

  it('keeps the picker closed (and its list unloaded) until it is opened', () => {
    const html = renderComposer({ closesAt: at(-3600) });
    expect(html).toMatch(/<dialog class="ws-dialog ws-template-dialog"[^>]*><\/dialog>/);
    expect(html).not.toContain('Loading templates');
  });

  it("shows a template's refusal without Retry, and offers Retry when the server was not reached", () => {
    const content = { template: { name: 'ticket_update', language: 'en_US', parameters: ['#4711'] } };
    const refused: Draft = {
      ...empty,
      pending: {
        key: 'k1',
        content,
        status: 'failed',
        error: 'template ticket_update takes 2 parameters, 1 given',
        code: 'validation_failed',
      },
    };
    const html = renderComposer({ closesAt: at(-3600), draft: refused });
    expect(html).toContain('<span>Template not sent: template ticket_update takes 2 parameters, 1 given</span>');
    expect(html).not.toContain('Retry');
    const lost: Draft = { ...empty, pending: { ...refused.pending!, error: 'could not reach the server', code: 'network_error' } };
    expect(renderComposer({ closesAt: at(-3600), draft: lost })).toContain('>Retry</button>');
  });
});

describe('the template picker', () => {
  it('says it is loading when opened (the list is asked for then), in a modal dialog', () => {
    const html = renderToStaticMarkup(
      <TemplatePicker
        open
        channelId="chn_wa"
        draft={emptyTemplateDraft()}
        onDraft={() => undefined}
        send={null}
        onSend={() => undefined}
        onClose={() => undefined}
      />,
    );
    expect(html).toMatch(/<dialog class="ws-dialog ws-template-dialog" aria-labelledby="([^"]+)"><h2 class="ws-dialog-title" id="\1">Send a template<\/h2>/);
    expect(html).toContain('<p class="muted" role="status">Loading templates…</p>');
  });

  it('offers only approved templates, with their name, language and category', () => {
    const html = renderChooser({ status: 'ready', items: listed });
    expect(html).toContain('<legend>Template</legend>');
    expect(html).toContain('order_shipped · en_US · Utility');
    expect(html).toContain('ticket_update · en_US · Utility');
    expect(html).not.toContain('autumn_sale');
    expect(html).not.toContain('old_promo');
    expect(html.match(/type="radio"/g)).toHaveLength(2);
    // The first is chosen until the agent picks another.
    expect(html).toMatch(/<input type="radio"[^>]*checked=""[^>]*\/> order_shipped/);
  });

  it('says so when none is approved, and where they come from', () => {
    const html = renderChooser({ status: 'ready', items: listed.filter((each) => each.status !== 'APPROVED') });
    expect(html).toContain(`<p class="ws-template-empty" role="status">${NO_APPROVED_TEMPLATES}</p>`);
    expect(NO_APPROVED_TEMPLATES).toBe('No approved templates: an admin can sync them in the Configurator.');
    expect(html).not.toContain('Send template');
    expect(renderChooser({ status: 'ready', items: [] })).toContain(NO_APPROVED_TEMPLATES);
  });

  it("says why the list could not be loaded, with Try again", () => {
    const html = renderChooser({ status: 'failed', message: 'this channel has no message templates' });
    expect(html).toContain('Templates could not be loaded: this channel has no message templates');
    expect(html).toContain('>Try again</button>');
  });

  it('previews the body with what was typed, the empty placeholders highlighted', () => {
    const draft = { key: templateKey(ticketUpdate), values: ['#4711'], tried: false };
    const html = renderForm(draft);
    expect(html).toContain(
      '<figure class="ws-template-preview-box"><figcaption class="ws-field-label">Preview</figcaption><p class="ws-template-preview">Your ticket <span class="ws-template-value">#4711</span> was updated: <mark class="ws-template-slot">{{2}}</mark></p></figure>',
    );
    const filled = renderForm({ ...draft, values: ['#4711', 'shipped today'] });
    expect(filled).toContain('was updated: <span class="ws-template-value">shipped today</span></p>');
    expect(filled).not.toContain('<mark');
  });

  it('has one labelled input per parameter, its placeholder visible', () => {
    const html = renderForm({ key: templateKey(ticketUpdate), values: ['#4711'], tried: false });
    const first = inputOf(html, 'Parameter 1');
    expect(first).toContain('value="#4711"');
    expect(first).toContain('placeholder="{{1}}"');
    const second = inputOf(html, 'Parameter 2');
    expect(second).toContain('value=""');
    expect(second).toContain('placeholder="{{2}}"');
    expect(html).toContain('Parameter 2 <code class="ws-template-tag" aria-hidden="true">{{2}}</code></label>');
    expect(html).not.toContain('Parameter 3');
    // Not pointed out before a send was tried.
    expect(html).not.toContain('aria-invalid');
    expect(html).toContain('>Send template</button>');
    expect(html).toContain('>Cancel</button>');
    // One parameter for order_shipped, the other template.
    const other = renderForm({ key: null, values: [], tried: false });
    expect(other).toContain('Order <mark class="ws-template-slot">{{1}}</mark> shipped.');
    expect(other).not.toContain('Parameter 2');
  });

  it('points out what the server would refuse: at once for what was typed, empty ones once a send was tried', () => {
    const typed = renderForm({ key: templateKey(ticketUpdate), values: ['two\tparts', ''], tried: false });
    const first = inputOf(typed, 'Parameter 1');
    expect(first).toContain('aria-invalid="true"');
    const problemId = /aria-describedby="([^"]+)"/.exec(first)?.[1];
    expect(typed).toContain(`<p class="ws-template-problem" id="${problemId}">No line breaks or tabs`);
    expect(inputOf(typed, 'Parameter 2')).not.toContain('aria-invalid');

    const tried = renderForm({ key: templateKey(ticketUpdate), values: ['#4711', ''], tried: true });
    expect(inputOf(tried, 'Parameter 1')).not.toContain('aria-invalid');
    expect(inputOf(tried, 'Parameter 2')).toContain('aria-invalid="true"');
    expect(tried).toContain('Fill this in: the template needs a value here.');
    const spaces = renderForm({ key: templateKey(ticketUpdate), values: ['#4711', 'a     b'], tried: false });
    expect(spaces).toContain('At most 4 spaces in a row');
  });

  it("shows the server's refusal, and Sending… while it goes", () => {
    const draft = { key: templateKey(ticketUpdate), values: ['#4711', 'x'], tried: false };
    const failed = renderForm(draft, { status: 'failed', error: 'template ticket_update (en_US) is PAUSED, not approved: Meta would refuse it' });
    expect(failed).toContain(
      '<p class="form-error" role="alert">Not sent: template ticket_update (en_US) is PAUSED, not approved: Meta would refuse it</p>',
    );
    const sending = renderForm(draft, { status: 'sending', error: null });
    expect(sending).toMatch(/<button class="button button-primary" type="submit" disabled="">Sending…<\/button>/);
  });
});

describe('sending a template', () => {
  let calls: FetchCall[] = [];
  let answers: FakeAnswer[] = [];

  beforeEach(() => {
    ({ calls, answers } = fakeFetch({ csrf: 'tok1' }));
  });

  it("lists the channel's templates with GET", async () => {
    answers.push({ status: 200, body: { items: listed } });
    expect(await listTemplates('chn_wa')).toEqual(listed);
    expect(calls).toEqual([{ method: 'GET', url: '/api/v1/channels/chn_wa/templates', body: undefined }]);
    expect(calls[0].headers).toEqual({ Accept: 'application/json' });
  });

  it('posts the chosen template with its parameters, with an Idempotency-Key, and gets the text the customer read', async () => {
    const check = templateReply(ticketUpdate, ['#4711', 'shipped today']);
    if (!check.ok) {
      throw new Error('valid');
    }
    const stored = {
      id: 'msg_1',
      conversationId: 'cnv_1',
      direction: 'outbound',
      content: { template: { ...check.content.template, text: 'Your ticket #4711 was updated: shipped today' } },
      status: 'queued',
      statusReason: null,
      providerMessageId: null,
      authorId: 'usr_1',
      authorKind: 'user',
      createdAt: at(0),
    };
    answers.push({ status: 201, body: { message: stored } });
    const key = sendKey(null, check.content, () => 'key-1');
    const message = await sendMessage('cnv_1', check.content, key);

    expect(calls[0].method).toBe('POST');
    expect(calls[0].url).toBe('/api/v1/conversations/cnv_1/messages');
    expect(calls[0].headers['Idempotency-Key']).toBe('key-1');
    expect(calls[0].headers['X-CSRF-Token']).toBe('tok1');
    expect(calls[0].body).toEqual({
      content: { template: { name: 'ticket_update', language: 'en_US', parameters: ['#4711', 'shipped today'] } },
    });
    expect(message.content).toEqual(stored.content);
  });

  it("keeps the key when the server was not reached, takes a new one after a refusal (the server keeps those)", async () => {
    const content = { template: { name: 'ticket_update', language: 'en_US', parameters: ['#4711', 'x'] } };
    answers.push(
      { status: 422, body: { error: { code: 'validation_failed', message: 'template: ticket_update (en_US) is not among this channel’s templates (sync them in the Configurator)' } } },
    );
    const refusal = await sendMessage('cnv_1', content, 'key-1').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).message).toMatch(/sync them in the Configurator/);

    const refused = { key: 'key-1', content, status: 'failed' as const, code: (refusal as ApiError).code };
    expect(isRefusal(refused)).toBe(true);
    expect(sendKey(refused, content, () => 'key-2')).toBe('key-2');

    const unreached = await sendMessage('cnv_1', content, 'key-3').catch((error: unknown) => error);
    const lost = { key: 'key-3', content, status: 'failed' as const, code: (unreached as ApiError).code };
    expect(lost.code).toBe('network_error');
    expect(isRefusal(lost)).toBe(false);
    expect(sendKey(lost, content, () => 'key-4')).toBe('key-3');
  });
});
