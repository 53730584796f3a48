// The API channel's webhook and its signing secret, which Parley makes and shows once. Rendered to HTML on the server
// side of React (no DOM, no effects), as the other Configurator tests do: each step is given as state, reached with
// the form's own steps (webhookPatch, webhookSecretAfter); the calls run through the real API client against a fake
// fetch.
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rotateWebhookSecret, updateRoutingSettings, type Channel, type RoutingSettings } from '../../../api/routing';
import { fakeFetch, type FakeAnswer, type FetchCall } from '../../../test/fakeFetch';
import { describeError } from '../common/errors';
import type { ActionState } from '../common/useAction';
import { ApiChannelView, type ApiChannelViewProps } from './ApiChannelForm';
import {
  makeSecretLabel,
  NO_SECRET_SHOWN,
  secretStateText,
  webhookPatch,
  webhookSecretAfter,
  type WebhookSecretView,
} from './apiWebhook';
import { ChannelCard } from './ChannelCard';

const apiChannel: Channel = {
  id: 'api',
  type: 'api',
  name: 'API',
  enabled: true,
  inboundPath: '/api/v1/channels/api/inbound',
  webhookUrl: 'https://hooks.example/parley',
  webhookSecretSet: true,
  capabilities: { text: true, media: true, choices: true, maxChoices: 10, location: true, typing: false, readReceipts: false },
  replyWindowSeconds: null,
};

const settings = (patch: Partial<RoutingSettings> = {}): RoutingSettings => ({
  reopenWindowSeconds: 3600,
  offlineGraceSeconds: 60,
  apiWebhookUrl: 'https://hooks.example/parley',
  apiWebhookSecretSet: true,
  ...patch,
});

const idle: ActionState = { pending: null, success: null, error: null };
const noop = () => {};
const render = renderToStaticMarkup;
/** The text of the HTML, tags dropped. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/\s+/g, ' ');

const view = (props: Partial<ApiChannelViewProps> = {}) =>
  render(
    <ApiChannelView
      channel={apiChannel}
      url={apiChannel.webhookUrl}
      secret={NO_SECRET_SHOWN}
      save={idle}
      make={idle}
      onUrlChange={noop}
      onSubmit={noop}
      onMake={noop}
      onConfirmMake={noop}
      onCancelMake={noop}
      onSecretDone={noop}
      {...props}
    />,
  );

/** The read-only field the secret is shown in, found by its label. */
const secretFieldOf = (html: string) => {
  const id = /<label for="([^"]+)">Signing secret<\/label>/.exec(html)?.[1];
  return id ? (new RegExp(`<input[^>]* id="${id}"[^>]*/>`).exec(html)?.[0] ?? null) : null;
};

let calls: FetchCall[] = [];
let answers: FakeAnswer[] = [];

beforeEach(() => {
  vi.stubGlobal('window', { location: { origin: 'https://parley.example' } });
  ({ calls, answers } = fakeFetch({ csrf: 'tok1' }));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** What the form does on Save: the PATCH it sends, and the secret view after the answer. */
async function saveWebhook(typed: string, before: WebhookSecretView = NO_SECRET_SHOWN) {
  const checked = webhookPatch(typed);
  if ('problem' in checked) {
    throw new Error(checked.problem);
  }
  const answer = await updateRoutingSettings(checked.patch);
  return { answer, secret: webhookSecretAfter(before, { kind: 'saved', answer }) };
}

describe('the API channel card', () => {
  it('shows the endpoint and the webhook URL, with no secret to type and no way to send unsigned', () => {
    const html = render(<ChannelCard channel={apiChannel} selected={false} onChanged={noop} onDeleted={noop} />);
    const text = textOf(html);
    expect(html).toContain('value="https://parley.example/api/v1/channels/api/inbound"');
    expect(html).toContain('>Webhook URL</label>');
    expect(html).toContain('value="https://hooks.example/parley"');
    expect(text).toContain('the URL must start with https://');
    expect(html).not.toContain('Webhook secret');
    expect(html).not.toContain('type="password"');
    expect(html).not.toContain('type="checkbox" checked=""');
    expect(text).not.toContain('unsigned)');
    expect(text).toContain('Signing secret Secret: set. Parley signs every reply with it (X-Parley-Signature)');
    expect(html).toMatch(/<button class="button" type="button" aria-describedby="[^"]+-secret-hint">Make a new secret<\/button>/);
    expect(text).not.toContain('Copy it now');
    expect(secretFieldOf(html)).toBeNull();
    expect(html).toContain('Save webhook');
    expect(html).toContain('Send test');
    // Every <label for> names an element with that id.
    for (const [, id] of html.matchAll(/<label[^>]* for="([^"]+)"/g)) {
      expect(html).toContain(` id="${id}"`);
    }
  });

  it('offers "Make a secret" to a tenant without one, and says what is missing', () => {
    expect(makeSecretLabel(true)).toBe('Make a new secret');
    expect(makeSecretLabel(false)).toBe('Make a secret');
    const older = view({ channel: { ...apiChannel, webhookSecretSet: false } });
    expect(older).toContain('>Make a secret</button>');
    expect(textOf(older)).toContain('Secret: none. Replies fail until one is made: Parley never sends them unsigned.');
    expect(secretStateText(false, '').meaning).toBe('Parley makes one when a webhook URL is saved, and shows it once.');
  });
});

describe('saving the webhook URL', () => {
  it('sends the URL alone, trimmed, and lets the server judge http://', () => {
    expect(webhookPatch('  https://hooks.example/parley ')).toEqual({ patch: { apiWebhookUrl: 'https://hooks.example/parley' } });
    expect(webhookPatch('')).toEqual({ patch: { apiWebhookUrl: '' } });
    expect(webhookPatch('http://10.0.0.5/hook')).toEqual({ patch: { apiWebhookUrl: 'http://10.0.0.5/hook' } });
    expect(webhookPatch('ftp://hooks.example')).toEqual({ problem: 'The webhook URL must start with https://, or be empty.' });
  });

  it('shows the secret once when the answer carries one, focusable, with a copy button and what it is for', async () => {
    answers.push({ status: 200, body: { settings: settings(), apiWebhookSecret: 'whsec_f1rst' } });
    const { answer, secret } = await saveWebhook(' https://hooks.example/parley ');
    expect(calls).toEqual([
      { method: 'PATCH', url: '/api/v1/settings/routing', body: { apiWebhookUrl: 'https://hooks.example/parley' }, csrf: 'tok1' },
    ]);
    expect(calls[0].body).not.toHaveProperty('apiWebhookSecret');
    expect(answer.apiWebhookSecret).toBe('whsec_f1rst');
    expect(secret).toEqual({ confirming: false, shown: 'whsec_f1rst' });

    const html = view({ secret, save: { ...idle, success: 'Webhook saved, and its signing secret made.' } });
    const text = textOf(html);
    expect(html).toMatch(/<h5 id="[^"]+-title" tabindex="-1">The webhook’s signing secret<\/h5>/);
    expect(text).toContain('Copy it now: it is shown only once. Your system checks X-Parley-Signature with it.');
    expect(secretFieldOf(html)).toMatch(/ type="text" readonly=""[^>]* value="whsec_f1rst"/);
    expect(html).toContain('>Copy secret</button>');
    expect(html).toContain('>Done</button>');
    expect(html).toContain('role="status">Webhook saved, and its signing secret made.</span>');

    // Done: the secret leaves the page for good.
    const after = webhookSecretAfter(secret, { kind: 'done' });
    expect(after.shown).toBeNull();
    expect(view({ secret: after })).not.toContain('whsec_f1rst');
  });

  it('shows no secret when the answer carries none', async () => {
    answers.push({ status: 200, body: { settings: settings({ apiWebhookUrl: 'https://hooks.example/v2' }) } });
    const { secret } = await saveWebhook('https://hooks.example/v2');
    expect(secret).toEqual(NO_SECRET_SHOWN);
    const html = view({ secret, url: 'https://hooks.example/v2' });
    expect(textOf(html)).not.toContain('Copy it now');
    expect(secretFieldOf(html)).toBeNull();
    expect(calls.map((call) => call.body)).toEqual([{ apiWebhookUrl: 'https://hooks.example/v2' }]);
  });

  it('keeps a secret shown until Done when a later save makes none', async () => {
    answers.push({ status: 200, body: { settings: settings() } });
    const { secret } = await saveWebhook('https://hooks.example/parley', { confirming: false, shown: 'whsec_kept' });
    expect(secret.shown).toBe('whsec_kept');
  });

  it('shows the server’s refusal in an alert', async () => {
    const message = 'apiWebhookUrl must be an https:// URL';
    answers.push({ status: 422, body: { error: { code: 'validation_failed', message, field: 'apiWebhookUrl' } } });
    const refused = await saveWebhook('http://hooks.example/parley').then(
      () => 'saved',
      (error: unknown) => describeError(error),
    );
    expect(refused).toBe(message);
    expect(view({ save: { ...idle, error: refused } })).toContain(`<p class="form-error" role="alert">${message}</p>`);
  });
});

describe('making a new signing secret', () => {
  it('asks first, saying the old secret stops working at once', () => {
    const asking = webhookSecretAfter(NO_SECRET_SHOWN, { kind: 'ask' });
    expect(asking).toEqual({ confirming: true, shown: null });
    const html = view({ secret: asking });
    const text = textOf(html);
    expect(html).toContain('role="alertdialog"');
    expect(text).toContain('Make a new signing secret?');
    expect(text).toContain(
      'The old secret stops working at once: replies fail your system’s signature check (X-Parley-Signature) until it has the new one.',
    );
    expect(html).toContain('>Cancel</button>');
    expect(html).toContain('<button class="button cfg-button-danger" type="button">Make a new secret</button>');
    expect(calls).toEqual([]);
    expect(webhookSecretAfter(asking, { kind: 'cancel' })).toEqual(NO_SECRET_SHOWN);
  });

  it('POSTs once confirmed, then shows the new secret once, the dialog closed', async () => {
    answers.push({ status: 200, body: { settings: settings(), apiWebhookSecret: 'whsec_n3w' } });
    const asking = webhookSecretAfter({ confirming: false, shown: 'whsec_old' }, { kind: 'ask' });
    const answer = await rotateWebhookSecret();
    expect(calls).toEqual([{ method: 'POST', url: '/api/v1/settings/routing/webhook-secret', body: undefined, csrf: 'tok1' }]);
    const made = webhookSecretAfter(asking, { kind: 'made', answer });
    expect(made).toEqual({ confirming: false, shown: 'whsec_n3w' });

    const html = view({ secret: made, make: { ...idle, success: 'Signing secret made.' } });
    expect(html).not.toContain('alertdialog');
    expect(html).not.toContain('whsec_old');
    expect(secretFieldOf(html)).toMatch(/value="whsec_n3w"/);
    expect(textOf(html)).toContain('Copy it now: it is shown only once.');
    expect(html).toContain('role="status">Signing secret made.</span>');
  });

  it('keeps the dialog open with the server’s error when making one fails', () => {
    const html = view({ secret: { confirming: true, shown: null }, make: { ...idle, error: 'no connection to the server' } });
    const alerts = html.match(/role="alert">no connection to the server</g) ?? [];
    expect(alerts).toHaveLength(1);
    expect(html).toContain('role="alertdialog"');
  });
});
