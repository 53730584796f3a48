// Messenger (a Facebook page) and Instagram (a professional account) in the Configurator: the same editor as
// WhatsApp's in spirit, built from the same Meta pieces (the callback URL + verify token block, the write-only
// secrets, the Graph API's address and version), plus the page's Human Agent permission. Rendered to HTML on the
// server side of React, as the WhatsApp form's tests do.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { createChannel, updateChannel, type Channel } from '../../../api/routing';
import { fakeFetch, type FetchCall } from '../../../test/fakeFetch';
import { AddChannel } from './AddChannel';
import { ChannelCard } from './ChannelCard';
import { channelStateAdvice, channelTypeLabel, CHANNEL_FORMS, enabledHint, NEW_CHANNEL_FORMS } from './channelForms';
import { HUMAN_AGENT_LABEL } from './MessengerChannelEditor';
import { MessengerChannelForm } from './MessengerChannelForm';
import {
  messengerCreateBody,
  messengerPatch,
  messengerToForm,
  newMessengerForm,
  toMessengerInput,
  type MessengerConversion,
  type MessengerInput,
} from './messengerSettings';
import { MESSENGER_WEBHOOK_STEPS } from './MetaWebhook';
import { NewInstagramChannelForm, NewMessengerChannelForm } from './NewMessengerChannelForm';

const VERIFY_TOKEN = '9c1e8b7d6a5f4e3d2c1b0a9988773f2a';

const page: Channel = {
  id: 'chn_01MS',
  type: 'messenger',
  name: 'Shop page',
  enabled: true,
  settings: { pageId: '1111111111', humanAgentTag: false, graphApiUrl: 'https://graph.facebook.com', graphApiVersion: 'v24.0' },
  secretsSet: { accessToken: true, appSecret: true },
  verifyToken: VERIFY_TOKEN,
  status: { state: 'connected', detail: 'sends and receives as Parley Shop', since: null },
  capabilities: { text: true, media: true, choices: true, maxChoices: 13, location: false, typing: false, readReceipts: false, templates: false },
  replyWindowSeconds: 86400,
  humanAgentWindowSeconds: null,
  inboundPath: '',
  webhookUrl: 'https://parley.example/api/v1/channels/chn_01MS/webhook',
  webhookSecretSet: false,
  webhookWarning: null,
};

const account: Channel = {
  ...page,
  id: 'chn_01IG',
  type: 'instagram',
  name: 'Shop account',
  settings: {
    pageId: '1111111111',
    instagramAccountId: '17840000000000001',
    humanAgentTag: true,
    graphApiUrl: 'https://graph.facebook.com',
    graphApiVersion: 'v24.0',
  },
  humanAgentWindowSeconds: 604800,
  webhookUrl: 'https://parley.example/api/v1/channels/chn_01IG/webhook',
};

const render = renderToStaticMarkup;
const card = (channel: Channel) => render(<ChannelCard channel={channel} selected={false} onChanged={() => {}} onDeleted={() => {}} />);

function expectLabelsWired(html: string) {
  const targets = [...html.matchAll(/<label[^>]* for="([^"]+)"/g)].map((match) => match[1]);
  expect(targets.length).toBeGreaterThan(5);
  for (const id of targets) {
    expect(html).toContain(` id="${id}"`);
  }
}

const labelled = (html: string, label: string) => new RegExp(`<label for="([^"]+)">${label}</label>`).exec(html)?.[1];
const inputOf = (html: string, label: string) => {
  const id = labelled(html, label);
  expect(id, label).toBeDefined();
  return new RegExp(`<input[^>]* id="${id}"[^>]*/>`).exec(html)?.[0] ?? '';
};
const humanAgentBox = (html: string) =>
  new RegExp(`<input type="checkbox"[^>]*/><span>${HUMAN_AGENT_LABEL.replace(/'/g, '&#x27;')}</span>`).exec(html)?.[0] ?? '';

describe('a Messenger page in the Configurator', () => {
  it('shows the callback URL and verify token with the Messenger steps (the block WhatsApp uses)', () => {
    const html = card(page);
    expect(html).toContain('Messenger');
    expect(html).toContain('Connected');
    expect(html).toContain(
      'In your Meta app: Messenger → Settings → Webhooks (Instagram: Instagram → Webhooks): paste the callback URL and verify token, subscribe to messages, messaging_postbacks, message_deliveries, message_reactions.',
    );
    expect(html).toContain('cfg-meta-webhook');
    expect(html).toContain('value="https://parley.example/api/v1/channels/chn_01MS/webhook"');
    expect(html).toContain(`value="${VERIFY_TOKEN}"`);
    expect(html).toContain('Copy URL');
    expect(html).toContain('Copy token');
    expect(html).toContain("Meta calls this address with the page&#x27;s messages, postbacks, delivery reports and reactions.");
    expect(html).toContain('Free-form replies within 1 day of the customer&#x27;s last message.');
    expectLabelsWired(html);
  });

  it('shows its settings: page ID, the secrets write-only and set, the Human Agent switch, Advanced; no Instagram ID', () => {
    const html = card(page);
    expect(inputOf(html, 'Page ID')).toContain('value="1111111111"');
    expect(labelled(html, 'Instagram account ID')).toBeUndefined();
    for (const label of ['Page access token', 'App secret']) {
      const input = inputOf(html, label);
      expect(input).toContain('type="password"');
      expect(input).toContain('value=""');
      expect(input).toContain('placeholder="set — leave empty to keep"');
    }
    expect(html).toContain('Page access token: set.');
    expect(html).toContain('App secret: set.');
    expect(humanAgentBox(html)).not.toBe('');
    expect(humanAgentBox(html)).not.toContain('checked');
    expect(inputOf(html, 'Graph API address')).toContain('value="https://graph.facebook.com"');
    expect(inputOf(html, 'Graph API version')).toContain('value="v24.0"');
    expect(html).toContain('<legend>Advanced</legend>');
    expect(html).toContain('Save channel');
    expect(html).toContain('>Test page</button>');
    expect(html).toContain('Asks Meta about the page with the saved access token');
    expect(html).toContain('Delete channel');
  });

  it('asks for the app secret before there is a verify token, as for WhatsApp', () => {
    const html = card({ ...page, secretsSet: { accessToken: true, appSecret: false }, verifyToken: '' });
    expect(html).not.toContain('>Verify token</label>');
    expect(html).toContain('No verify token yet: save the app secret below first');
    expect(html).toContain('App secret: not set.');
    expect(html).toContain('Until it is set, Meta cannot verify the webhook and no message arrives.');
  });

  it('is the form for both types, and both can be added', () => {
    expect(CHANNEL_FORMS.messenger).toBe(MessengerChannelForm);
    expect(CHANNEL_FORMS.instagram).toBe(MessengerChannelForm);
    expect(NEW_CHANNEL_FORMS.messenger).toBe(NewMessengerChannelForm);
    expect(NEW_CHANNEL_FORMS.instagram).toBe(NewInstagramChannelForm);
    expect(channelTypeLabel('messenger')).toBe('Messenger');
    expect(channelTypeLabel('instagram')).toBe('Instagram');
    expect(channelStateAdvice('refused', 'messenger')).toMatch(/access token/);
    expect(channelStateAdvice('disconnected', 'instagram')).toMatch(/Instagram account ID/);
    expect(enabledHint('instagram', false)).toMatch(/turns Meta’s webhook calls away/);
  });
});

describe('an Instagram account in the Configurator', () => {
  it('has the Instagram account ID too, and the Human Agent switch on with its 7 days', () => {
    const html = card(account);
    expect(html).toContain('<span class="badge">Instagram</span>');
    expect(inputOf(html, 'Page ID')).toContain('value="1111111111"');
    expect(inputOf(html, 'Instagram account ID')).toContain('value="17840000000000001"');
    expect(humanAgentBox(html)).toContain('checked=""');
    expect(html).toContain('Free-form replies within 1 day of the customer&#x27;s last message, then tagged as a human agent&#x27;s up to 7 days after it.');
    expect(html).toContain(MESSENGER_WEBHOOK_STEPS);
    expect(html).toContain('>Test account</button>');
    expectLabelsWired(html);
  });
});

describe('a new Messenger page or Instagram account', () => {
  it('starts from the defaults, with the secrets required', () => {
    const html = render(<NewMessengerChannelForm onCreated={() => {}} onCancel={() => {}} />);
    expect(html).toContain('New Messenger page');
    expect(inputOf(html, 'Name')).toContain('value="Messenger"');
    expect(inputOf(html, 'Page ID')).toContain('required=""');
    expect(labelled(html, 'Instagram account ID')).toBeUndefined();
    expect(inputOf(html, 'Page access token')).toContain('required=""');
    expect(inputOf(html, 'App secret')).toContain('required=""');
    expect(humanAgentBox(html)).not.toContain('checked');
    expect(html).toContain('Connect the page as soon as the channel is added');
    expect(html).not.toContain('leave empty to keep');
    expect(html).not.toContain('>Verify token</label>');
    expectLabelsWired(html);

    const instagram = render(<NewInstagramChannelForm onCreated={() => {}} onCancel={() => {}} />);
    expect(instagram).toContain('New Instagram account');
    expect(inputOf(instagram, 'Name')).toContain('value="Instagram"');
    expect(inputOf(instagram, 'Instagram account ID')).toContain('required=""');
    expect(instagram).toContain('Connect the account as soon as the channel is added');
  });

  it('is offered in "Add a channel"', () => {
    const html = render(<AddChannel onAdd={() => {}} />);
    expect(html).toContain('<strong>Messenger</strong>: Facebook page (Meta)');
    expect(html).toContain('<strong>Instagram</strong>: Instagram professional account (Meta)');
    expect(html).toContain('data-add-channel="messenger"');
    expect(html).toContain('data-add-channel="instagram"');
    expect(html).toContain('Add Messenger page');
    expect(html).toContain('Add Instagram account');
  });
});

function valid(conversion: MessengerConversion): MessengerInput {
  if (!conversion.ok) {
    throw new Error(conversion.errors.map((error) => error.message).join(' '));
  }
  return conversion.input;
}

describe('saving a Messenger or Instagram channel', () => {
  let bodies: FetchCall[] = [];

  beforeEach(() => {
    ({ calls: bodies } = fakeFetch({ csrf: 'tok1', answer: () => ({ status: 200, body: { channel: page } }) }));
  });

  it('creates a page with its settings and both secrets (what NewMessengerChannelForm writes)', async () => {
    const form = {
      ...newMessengerForm('messenger'),
      name: 'Shop page',
      pageId: '1111111111',
      accessToken: 'EAAGm0PX4ZCpsBAKZBZC1234567890',
      appSecret: '0123456789abcdef0123456789abcdef',
    };
    await createChannel(messengerCreateBody('messenger', valid(toMessengerInput(form, 'messenger', true))));
    expect(bodies).toEqual([
      {
        method: 'POST',
        url: '/api/v1/channels',
        csrf: 'tok1',
        body: {
          type: 'messenger',
          name: 'Shop page',
          enabled: true,
          settings: { pageId: '1111111111', humanAgentTag: false, graphApiUrl: 'https://graph.facebook.com', graphApiVersion: 'v24.0' },
          accessToken: 'EAAGm0PX4ZCpsBAKZBZC1234567890',
          appSecret: '0123456789abcdef0123456789abcdef',
        },
      },
    ]);
  });

  it('creates an Instagram account with its account id and the Human Agent tag', async () => {
    const form = {
      ...newMessengerForm('instagram'),
      pageId: '1111111111',
      instagramAccountId: '17840000000000001',
      humanAgentTag: true,
      accessToken: 'EAAGm0PX4ZCpsBAKZBZC1234567890',
      appSecret: '0123456789abcdef0123456789abcdef',
    };
    await createChannel(messengerCreateBody('instagram', valid(toMessengerInput(form, 'instagram', true))));
    expect(bodies[0].body).toEqual({
      type: 'instagram',
      name: 'Instagram',
      enabled: true,
      settings: {
        pageId: '1111111111',
        instagramAccountId: '17840000000000001',
        humanAgentTag: true,
        graphApiUrl: 'https://graph.facebook.com',
        graphApiVersion: 'v24.0',
      },
      accessToken: 'EAAGm0PX4ZCpsBAKZBZC1234567890',
      appSecret: '0123456789abcdef0123456789abcdef',
    });
  });

  it('patches the settings whole and leaves out the secrets left empty (what MessengerChannelForm writes)', async () => {
    await updateChannel(page.id, messengerPatch(valid(toMessengerInput({ ...messengerToForm(page), humanAgentTag: true }, 'messenger', false))));
    await updateChannel(
      account.id,
      messengerPatch(valid(toMessengerInput({ ...messengerToForm(account), appSecret: 'fedcba9876543210fedcba9876543210' }, 'instagram', false))),
    );
    expect(bodies[0]).toEqual({
      method: 'PATCH',
      url: '/api/v1/channels/chn_01MS',
      csrf: 'tok1',
      body: {
        name: 'Shop page',
        settings: { pageId: '1111111111', humanAgentTag: true, graphApiUrl: 'https://graph.facebook.com', graphApiVersion: 'v24.0' },
      },
    });
    expect(bodies[1]).toEqual({
      method: 'PATCH',
      url: '/api/v1/channels/chn_01IG',
      csrf: 'tok1',
      body: { name: 'Shop account', settings: account.settings, appSecret: 'fedcba9876543210fedcba9876543210' },
    });
  });
});
