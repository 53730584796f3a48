import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { createChannel, updateChannel, type Channel } from '../../../api/routing';
import { fakeFetch, type FetchCall } from '../../../test/fakeFetch';
import { AddChannel } from './AddChannel';
import { ChannelCard } from './ChannelCard';
import { channelStateAdvice, enabledHint } from './channelForms';
import { NewWhatsAppChannelForm } from './NewWhatsAppChannelForm';
import {
  newWhatsAppForm,
  toWhatsAppInput,
  whatsappCreateBody,
  whatsappPatch,
  whatsappToForm,
  type WhatsAppConversion,
  type WhatsAppInput,
} from './whatsappSettings';

const VERIFY_TOKEN = '3f2a9c1e8b7d6a5f4e3d2c1b0a998877';

const number: Channel = {
  id: 'chn_01WA',
  type: 'whatsapp',
  name: 'Shop number',
  enabled: true,
  settings: {
    phoneNumberId: '106540352242922',
    businessAccountId: '102290129340398',
    graphApiUrl: 'https://graph.facebook.com',
    graphApiVersion: 'v24.0',
  },
  passwordSet: true,
  secretsSet: { accessToken: true, appSecret: true },
  verifyToken: VERIFY_TOKEN,
  status: { state: 'connected', detail: 'sends and receives as +1 555-0100 (Shop)', since: null },
  capabilities: { text: true, media: true, choices: true, maxChoices: 10, location: true, typing: false, readReceipts: false },
  replyWindowSeconds: 86400,
  inboundPath: '',
  webhookUrl: 'https://parley.example/api/v1/channels/chn_01WA/webhook',
  webhookSecretSet: false,
  webhookWarning: null,
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

const inputOf = (html: string, label: string) => {
  const id = new RegExp(`<label for="([^"]+)">${label}</label>`).exec(html)?.[1];
  expect(id, label).toBeDefined();
  return new RegExp(`<input[^>]* id="${id}"[^>]*/>`).exec(html)?.[0] ?? '';
};

// Rendered to HTML on the server side of React: no DOM, no effects; enough to see what is shown and wired.
describe('the WhatsApp channel card', () => {
  it('shows the callback URL and verify token to paste into the Meta app, with the steps', () => {
    const html = render(<ChannelCard channel={number} selected={false} onChanged={() => {}} onDeleted={() => {}} />);
    expect(html).toContain('WhatsApp');
    expect(html).toContain('Connected');
    expect(html).toContain(
      'In your Meta app: WhatsApp → Configuration → Webhook: paste the callback URL and verify token, then subscribe to the messages field.',
    );
    expect(html).toContain('>Callback URL</label>');
    expect(html).toContain('value="https://parley.example/api/v1/channels/chn_01WA/webhook"');
    expect(html).toContain('>Verify token</label>');
    expect(html).toContain(`value="${VERIFY_TOKEN}"`);
    expect(html).toContain('Copy URL');
    expect(html).toContain('Copy token');
    expect(html).toContain('Free-form replies within 1 day of the customer');
    expect(html).not.toContain('No verify token yet');
    expectLabelsWired(html);
  });

  it('shows the settings, with the secrets write-only and marked as set', () => {
    const html = render(<ChannelCard channel={number} selected={false} onChanged={() => {}} onDeleted={() => {}} />);
    expect(inputOf(html, 'Phone number ID')).toContain('value="106540352242922"');
    expect(inputOf(html, 'WhatsApp Business Account ID')).toContain('value="102290129340398"');
    expect(inputOf(html, 'Graph API address')).toContain('value="https://graph.facebook.com"');
    expect(inputOf(html, 'Graph API version')).toContain('value="v24.0"');
    for (const label of ['Access token', 'App secret']) {
      const input = inputOf(html, label);
      expect(input).toContain('type="password"');
      expect(input).toContain('value=""');
      expect(input).toContain('placeholder="set — leave empty to keep"');
    }
    expect(html).toContain('Access token: set.');
    expect(html).toContain('App secret: set.');
    expect(html).toContain('<legend>Advanced</legend>');
    expect(html).toContain('Save channel');
    expect(html).toContain('Test number');
    expect(html).toContain('Delete channel');
  });

  it('asks for the app secret before there is a verify token, and says why Meta cannot call', () => {
    const html = render(
      <ChannelCard
        channel={{
          ...number,
          secretsSet: { accessToken: true, appSecret: false },
          verifyToken: '',
          webhookUrl: '',
          webhookWarning: 'Parley has no public URL (--public-url): the provider cannot call this channel',
        }}
        selected={false}
        onChanged={() => {}}
        onDeleted={() => {}}
      />,
    );
    expect(html).not.toContain('>Verify token</label>');
    expect(html).not.toContain('>Callback URL</label>');
    expect(html).toContain('No verify token yet: save the app secret below first');
    expect(html).toContain('Parley has no public URL (--public-url): the provider cannot call this channel. Meta only calls');
    expect(html).toContain('App secret: not set.');
    expect(inputOf(html, 'App secret')).not.toContain('placeholder="set');
    expect(inputOf(html, 'Access token')).toContain('placeholder="set — leave empty to keep"');
  });

  it('explains its states and switch', () => {
    expect(channelStateAdvice('refused', 'whatsapp')).toMatch(/access token/);
    expect(channelStateAdvice('connected', 'whatsapp')).toBeNull();
    expect(enabledHint('whatsapp', false)).toMatch(/turns Meta’s webhook calls away/);
  });
});

describe('a new WhatsApp channel', () => {
  it('starts from the defaults and can be added', () => {
    const html = render(<NewWhatsAppChannelForm onCreated={() => {}} onCancel={() => {}} />);
    expect(html).toContain('New WhatsApp number');
    expect(inputOf(html, 'Name')).toContain('value="WhatsApp"');
    expect(inputOf(html, 'Phone number ID')).toContain('required=""');
    expect(inputOf(html, 'Access token')).toContain('required=""');
    expect(inputOf(html, 'Graph API version')).toContain('value="v24.0"');
    expect(html).toContain('Connect the number as soon as the channel is added');
    expect(html).toContain('Add channel');
    expect(html).not.toContain('leave empty to keep');
    expect(html).not.toContain('>Verify token</label>');
    expectLabelsWired(html);
  });

  it('is offered in "Add a channel"', () => {
    const html = render(<AddChannel onAdd={() => {}} />);
    expect(html).toContain('<strong>WhatsApp</strong>: WhatsApp Business Cloud API (Meta)');
    expect(html).toContain('data-add-channel="whatsapp"');
    expect(html).toContain('Add WhatsApp number');
  });
});

/** The input a valid form makes (the editor's check passed). */
function valid(conversion: WhatsAppConversion): WhatsAppInput {
  if (!conversion.ok) {
    throw new Error(conversion.errors.map((error) => error.message).join(' '));
  }
  return conversion.input;
}

describe('saving a WhatsApp channel', () => {
  let bodies: FetchCall[] = [];

  beforeEach(() => {
    ({ calls: bodies } = fakeFetch({ csrf: 'tok1', answer: () => ({ status: 200, body: { channel: number } }) }));
  });

  it('creates it with its settings and both secrets (what NewWhatsAppChannelForm writes)', async () => {
    const form = {
      ...newWhatsAppForm(),
      name: 'Shop number',
      phoneNumberId: '106540352242922',
      businessAccountId: '102290129340398',
      accessToken: 'EAAGm0PX4ZCpsBAKZBZC1234567890',
      appSecret: '0123456789abcdef0123456789abcdef',
    };
    await createChannel(whatsappCreateBody(valid(toWhatsAppInput(form, true))));

    expect(bodies).toEqual([
      {
        method: 'POST',
        url: '/api/v1/channels',
        csrf: 'tok1',
        body: {
          type: 'whatsapp',
          name: 'Shop number',
          enabled: true,
          settings: {
            phoneNumberId: '106540352242922',
            businessAccountId: '102290129340398',
            graphApiUrl: 'https://graph.facebook.com',
            graphApiVersion: 'v24.0',
          },
          accessToken: 'EAAGm0PX4ZCpsBAKZBZC1234567890',
          appSecret: '0123456789abcdef0123456789abcdef',
        },
      },
    ]);
  });

  it('patches the settings whole and leaves out the secrets left empty (what WhatsAppChannelForm writes)', async () => {
    await updateChannel(number.id, whatsappPatch(valid(toWhatsAppInput({ ...whatsappToForm(number), graphApiVersion: 'v25.0' }, false))));
    await updateChannel(
      number.id,
      whatsappPatch(valid(toWhatsAppInput({ ...whatsappToForm(number), accessToken: 'EAAnewtoken1234567890xyz' }, false))),
    );

    expect(bodies[0]).toEqual({
      method: 'PATCH',
      url: '/api/v1/channels/chn_01WA',
      csrf: 'tok1',
      body: {
        name: 'Shop number',
        settings: {
          phoneNumberId: '106540352242922',
          businessAccountId: '102290129340398',
          graphApiUrl: 'https://graph.facebook.com',
          graphApiVersion: 'v25.0',
        },
      },
    });
    expect(bodies[1].body).toEqual({
      name: 'Shop number',
      settings: number.settings,
      accessToken: 'EAAnewtoken1234567890xyz',
    });
  });
});
