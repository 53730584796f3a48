import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../../api/routing';
import { AddChannel } from './AddChannel';
import { ChannelCard } from './ChannelCard';
import { NewWebchatChannelForm } from './NewWebchatChannelForm';

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
