import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../api/routing';
import { ChannelCard } from './ChannelCard';
import { NewSmppChannelForm } from './NewSmppChannelForm';

const sms: Channel = {
  id: 'chn_01J',
  type: 'smpp',
  name: 'Twilio SMPP',
  enabled: true,
  settings: {
    host: 'smsc.example.com',
    port: 2775,
    tls: false,
    systemId: 'parley',
    systemType: '',
    sourceAddress: '+15550001111',
    binds: 1,
    window: 10,
    submitsPerSecond: 0,
    deliveryGuarantee: 'at-least-once',
  },
  passwordSet: true,
  status: { state: 'refused', detail: 'the SMS center refused the credentials (ESME_RINVPASWD)', since: null },
  capabilities: { text: true, media: false, choices: true, maxChoices: 10, location: false, typing: false, readReceipts: false },
  replyWindowSeconds: null,
  inboundPath: '',
  webhookUrl: '',
  webhookSecretSet: false,
};

const render = renderToStaticMarkup;

/** Every <label for> names an element with that id. */
function expectLabelsWired(html: string) {
  const targets = [...html.matchAll(/<label[^>]* for="([^"]+)"/g)].map((match) => match[1]);
  expect(targets.length).toBeGreaterThan(5);
  for (const id of targets) {
    expect(html).toContain(` id="${id}"`);
  }
}

// Rendered to HTML on the server side of React: no DOM, no effects; enough to see what is shown and wired.
describe('the SMPP channel card', () => {
  it('shows the status, the settings, the password state, the test and delete', () => {
    const html = render(<ChannelCard channel={sms} selected={false} onChanged={() => {}} onDeleted={() => {}} />);
    expect(html).toContain('Credentials refused');
    expect(html).toContain('The SMS center refused the credentials (ESME_RINVPASWD).');
    expect(html).toContain('value="smsc.example.com"');
    expect(html).toContain('Password: set.');
    expect(html).toContain('Test connection');
    expect(html).toContain('Delete channel');
    expect(html).toContain('At least once:');
    expectLabelsWired(html);
  });
});

describe('a new SMPP channel', () => {
  it('starts from the defaults', () => {
    const html = render(<NewSmppChannelForm onCreated={() => {}} onCancel={() => {}} />);
    expect(html).toContain('value="2775"');
    expect(html).toContain('Add channel');
    expect(html).not.toContain('Password: set.');
    expectLabelsWired(html);
  });
});
