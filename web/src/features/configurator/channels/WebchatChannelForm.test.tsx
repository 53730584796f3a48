import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signOutVisitors, type Channel } from '../../../api/routing';
import { fakeFetch, type FakeAnswer, type FetchCall } from '../../../test/fakeFetch';
import { describeError } from '../common/errors';
import type { ActionState } from '../common/useAction';
import { AddChannel } from './AddChannel';
import { ChannelCard } from './ChannelCard';
import { NewWebchatChannelForm } from './NewWebchatChannelForm';
import { SIGN_OUT_VISITORS, WebchatVisitorsView, type WebchatVisitorsViewProps } from './WebchatChannelForm';

const chat: Channel = {
  id: 'chn_01W',
  type: 'webchat',
  name: 'Shop chat',
  enabled: true,
  settings: {
    allowedOrigins: ['https://shop.example', 'http://localhost:3000'],
    title: 'Chat with us',
    greeting: 'Hi! How can we help?',
    colors: { primary: '#2563eb', onPrimary: '#ffffff' },
  },
  passwordSet: false,
  status: { state: 'ready', detail: 'sites on the allowed list can embed it', since: null },
  capabilities: { text: true, media: false, choices: false, maxChoices: 0, location: false, typing: false, readReceipts: false },
  replyWindowSeconds: null,
  inboundPath: '',
  webhookUrl: '',
  webhookSecretSet: false,
  embedPath: '/widget.js?channel=chn_01W',
  demoPath: '/demo?channel=chn_01W',
};

const render = renderToStaticMarkup;

/** Every <label for> names an element with that id. */
function expectLabelsWired(html: string) {
  const targets = [...html.matchAll(/<label[^>]* for="([^"]+)"/g)].map((match) => match[1]);
  expect(targets.length).toBeGreaterThan(4);
  for (const id of targets) {
    expect(html).toContain(` id="${id}"`);
  }
}

// Rendered to HTML on the server side of React: no DOM, no effects; enough to see what is shown and wired.
beforeEach(() => {
  vi.stubGlobal('window', { location: { origin: 'https://parley.example' } });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the web chat channel card', () => {
  it('shows the status, the embed code, the demo link, the settings, the test and delete', () => {
    const html = render(<ChannelCard channel={chat} selected={false} onChanged={() => {}} onDeleted={() => {}} />);
    expect(html).toContain('Web chat widget');
    expect(html).toContain('Ready');
    expect(html).toContain('Sites on the allowed list can embed it.');
    expect(html).toContain(
      'value="&lt;script src=&quot;https://parley.example/widget.js?channel=chn_01W&quot; async&gt;&lt;/script&gt;"',
    );
    expect(html).toContain('Copy code');
    expect(html).toMatch(
      /<a href="\/demo\?channel=chn_01W" target="_blank" rel="noopener">Open the demo page<\/a>/,
    );
    expect(html).toContain('https://shop.example\nhttp://localhost:3000</textarea>');
    expect(html).toContain("Parley&#x27;s own demo page is always allowed.");
    expect(html).toContain('type="color"');
    expect(html).toContain('<code class="cfg-color-hex">#2563eb</code>');
    expect(html).toContain('Save channel');
    expect(html).toContain('Test channel');
    expect(html).toContain('Delete channel');
    expect(html).toContain('>Visitors’ sessions</h4>');
    expect(html).toContain('>Sign out every visitor</button>');
    expect(html).not.toContain('Password');
    expectLabelsWired(html);
  });
});

describe('a new web chat channel', () => {
  it('starts from the defaults and can be added', () => {
    const html = render(<NewWebchatChannelForm onCreated={() => {}} onCancel={() => {}} />);
    expect(html).toContain('value="Chat with us"');
    expect(html).toContain('Turn the chat on as soon as the channel is added');
    expect(html).toContain('Add channel');
    expect(html).not.toContain('Open the demo page');
    expect(html).not.toContain('Sign out every visitor');
    expect(html).not.toContain('Visitors’ sessions');
    expectLabelsWired(html);
  });

  it('is offered in "Add a channel"', () => {
    const html = render(<AddChannel onAdd={() => {}} />);
    expect(html).toContain('data-add-channel="webchat"');
    expect(html).toContain('Add web chat widget');
    expect(html).toContain('Add SMS (SMPP) channel');
    expect(html).not.toContain('Not available yet');
  });
});

describe('signing every visitor out', () => {
  let calls: FetchCall[] = [];
  let answers: FakeAnswer[] = [];

  beforeEach(() => {
    ({ calls, answers } = fakeFetch({ csrf: 'tok1' }));
  });

  const idle: ActionState = { pending: null, success: null, error: null };
  const noop = () => {};
  /** The text of the HTML, tags dropped. */
  const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/\s+/g, ' ');
  const view = (props: Partial<WebchatVisitorsViewProps> = {}) =>
    render(
      <WebchatVisitorsView
        channel={chat}
        confirming={false}
        action={idle}
        onAsk={noop}
        onConfirm={noop}
        onCancel={noop}
        {...props}
      />,
    );

  it('says how long a visitor’s chat lasts, and offers the button without a dialog', () => {
    const html = view();
    const text = textOf(html);
    expect(html).toMatch(/<h4 id="[^"]+-title">Visitors’ sessions<\/h4>/);
    expect(text).toContain('A visitor’s chat stays on their browser for up to 30 days after their last visit');
    expect(text).toContain('or someone chatted on a shared computer, sign every visitor out.');
    expect(html).toMatch(
      /<button class="button" type="button" aria-describedby="[^"]+-hint">Sign out every visitor<\/button>/,
    );
    expect(html).not.toContain('alertdialog');
    expect(html).toContain('<span class="config-status" role="status"></span>');
    expect(calls).toEqual([]);
  });

  it('asks first, Cancel first, saying what happens to visitors and agents, before anything is sent', () => {
    const html = view({ confirming: true });
    const text = textOf(html);
    expect(html).toContain('role="alertdialog"');
    expect(text).toContain('Sign out every visitor?');
    expect(text).toContain(
      'Visitors chatting on “Shop chat” now are disconnected, and each starts a new chat on their next visit: their page no longer shows the earlier one. Agents keep every conversation.',
    );
    // Cancel comes first (ConfirmDialog focuses it), then the confirming button.
    expect(html).toMatch(
      /<button class="button" type="button">Cancel<\/button><button class="button cfg-button-danger" type="button">Sign out every visitor<\/button>/,
    );
    expect(calls).toEqual([]);
  });

  it('POSTs to the channel once confirmed, with the CSRF header and no body, then says it is done', async () => {
    answers.push({ status: 200, body: { channel: chat } });
    expect(await signOutVisitors('chn_01W')).toEqual(chat);
    expect(calls).toEqual([
      { method: 'POST', url: '/api/v1/channels/chn_01W/sign-out-visitors', body: undefined, csrf: 'tok1' },
    ]);

    const pending = view({ confirming: true, action: { ...idle, pending: SIGN_OUT_VISITORS.progress } });
    expect(pending).toContain('type="button" disabled="">Signing out every visitor…</button>');

    const html = view({ action: { ...idle, success: 'Every visitor was signed out.' } });
    expect(html).not.toContain('alertdialog');
    expect(html).toContain('<span class="config-status" role="status">Every visitor was signed out.</span>');
  });

  it('keeps the dialog open with the server’s message when it fails', async () => {
    const message = 'only web chat channels have visitors to sign out';
    answers.push({ status: 422, body: { error: { code: 'validation_failed', message } } });
    const refused = await signOutVisitors('chn_01W').then(
      () => 'signed out',
      (error: unknown) => describeError(error),
    );
    expect(refused).toBe(message);
    expect(calls.map((call) => [call.method, call.url, call.body])).toEqual([
      ['POST', '/api/v1/channels/chn_01W/sign-out-visitors', undefined],
    ]);

    const html = view({ confirming: true, action: { ...idle, error: refused } });
    const alerts = html.match(new RegExp(`<p class="form-error" role="alert">${message}</p>`, 'g')) ?? [];
    expect(alerts).toHaveLength(1);
    expect(html).toContain('role="alertdialog"');
    // In the dialog, after the question.
    expect(html.indexOf('role="alert"')).toBeGreaterThan(html.indexOf('Agents keep every conversation.'));
  });

  it('encodes the channel id in the URL', async () => {
    answers.push({ status: 404, body: { error: { code: 'not_found', message: 'no such channel' } } });
    await expect(signOutVisitors('chn/../x')).rejects.toMatchObject({ code: 'not_found', status: 404 });
    expect(calls[0].url).toBe('/api/v1/channels/chn%2F..%2Fx/sign-out-visitors');
  });
});
