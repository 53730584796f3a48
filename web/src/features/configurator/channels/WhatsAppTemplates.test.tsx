// A WhatsApp number's message templates in the Configurator. Rendered to HTML on the server side of React (no DOM,
// no effects): the section's states are given directly; loading and syncing run through the real API client
// against a fake fetch.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client';
import { listTemplates, syncTemplates, type Channel, type MessageTemplate } from '../../../api/routing';
import { fakeFetch, type FakeAnswer, type FetchCall } from '../../../test/fakeFetch';
import type { ActionState } from '../common/useAction';
import { ChannelCard } from './ChannelCard';
import { capabilitiesText } from './channelText';
import { syncedText, templateStatusText, TemplatesSection } from './WhatsAppTemplates';

const templates: MessageTemplate[] = [
  {
    name: 'autumn_sale',
    language: 'en_US',
    category: 'MARKETING',
    status: 'PENDING',
    body: 'Sale!',
    parameters: 0,
    components: [{ type: 'BODY', text: 'Sale!' }],
  },
  {
    name: 'old_promo',
    language: 'de_DE',
    category: 'MARKETING',
    status: 'REJECTED',
    body: 'Alt {{1}}',
    parameters: 1,
    components: null,
  },
  {
    name: 'ticket_update',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    body: 'Your ticket {{1}} was updated: {{2}}',
    parameters: 2,
    components: [{ type: 'BODY', text: 'Your ticket {{1}} was updated: {{2}}' }],
  },
];

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
  verifyToken: '3f2a9c1e8b7d6a5f4e3d2c1b0a998877',
  status: { state: 'connected', detail: 'sends and receives as +1 555-0100 (Shop)', since: null },
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
  inboundPath: '',
  webhookUrl: 'https://parley.example/api/v1/channels/chn_01WA/webhook',
  webhookSecretSet: false,
  webhookWarning: null,
};

const idle: ActionState = { pending: null, success: null, error: null };

function section(props: Partial<Parameters<typeof TemplatesSection>[0]> = {}) {
  return renderToStaticMarkup(
    <TemplatesSection
      resource={{ status: 'ready', data: templates }}
      sync={idle}
      businessAccountMissing={false}
      onSync={() => undefined}
      onRetry={() => undefined}
      {...props}
    />,
  );
}

describe('the message templates of a WhatsApp number', () => {
  it('are a section of its card, loaded when it opens, with Sync now', () => {
    const html = renderToStaticMarkup(<ChannelCard channel={number} selected={false} onChanged={() => {}} onDeleted={() => {}} />);
    expect(html).toMatch(/<section class="cfg-channel-test cfg-templates" aria-labelledby="([^"]+)"><h4 id="\1">Message templates<\/h4>/);
    expect(html).toContain('>Sync now</button>');
    expect(html).toContain('Loading templates…');
    expect(capabilitiesText(number.capabilities)).toContain('message templates');
    // Before "Delete channel".
    expect(html.indexOf('Message templates')).toBeLessThan(html.indexOf('Delete channel'));
  });

  it('are not shown for channels without templates', () => {
    const telegram = { ...number, type: 'telegram', capabilities: { ...number.capabilities, templates: false } };
    expect(renderToStaticMarkup(<ChannelCard channel={telegram} selected={false} onChanged={() => {}} onDeleted={() => {}} />)).not.toContain(
      'Message templates',
    );
    const older = { ...number, capabilities: { ...number.capabilities, templates: undefined } };
    expect(renderToStaticMarkup(<ChannelCard channel={older} selected={false} onChanged={() => {}} onDeleted={() => {}} />)).not.toContain(
      'Sync now',
    );
  });

  it('are listed all, whatever their status: name, language, category, status and body', () => {
    const html = section();
    expect(html).toContain('<caption class="visually-hidden">Message templates</caption>');
    expect(html).toContain(
      '<th scope="col">Name</th><th scope="col">Language</th><th scope="col">Category</th><th scope="col">Status</th><th scope="col">Body</th>',
    );
    expect(html).toContain(
      '<tr><th scope="row" class="cfg-template-name">ticket_update</th><td>en_US</td><td>UTILITY</td><td><span class="cfg-template-status cfg-template-approved">Approved</span></td><td class="cfg-template-body">Your ticket {{1}} was updated: {{2}}</td></tr>',
    );
    expect(html).toContain('<span class="cfg-template-status cfg-template-other">In review</span>');
    expect(html).toContain('<span class="cfg-template-status cfg-template-rejected">Rejected</span>');
    expect(html.match(/<tr>/g)).toHaveLength(4);
    expect(templateStatusText('LIMIT_EXCEEDED')).toBe('LIMIT_EXCEEDED');
  });

  it('say when there are none, or why they could not be loaded', () => {
    expect(section({ resource: { status: 'ready', data: [] } })).toContain('No templates yet: create them in WhatsApp Manager, then sync.');
    const failed = section({ resource: { status: 'failed', message: 'this channel has no message templates' } });
    expect(failed).toContain('Templates could not be loaded: this channel has no message templates');
    expect(failed).toContain('>Try again</button>');
  });

  it('say what a sync found, or the server’s reason it could not', () => {
    expect(syncedText(templates)).toBe('Synced 3 templates from Meta: 1 approved.');
    expect(syncedText(templates.slice(2))).toBe('Synced 1 template from Meta: 1 approved.');
    expect(syncedText([])).toBe('Synced: the business account has no message templates yet.');
    expect(section({ sync: { ...idle, success: syncedText(templates) } })).toContain(
      '<span class="config-status" role="status">Synced 3 templates from Meta: 1 approved.</span>',
    );
    const running = section({ sync: { ...idle, pending: 'Asking Meta for the templates…' } });
    expect(running).toMatch(/<button class="button" type="button" disabled="">Sync now<\/button>/);
    expect(running).toContain('Asking Meta for the templates…');
    const refused = 'settings.businessAccountId: needed to list the account\u2019s message templates';
    expect(section({ sync: { ...idle, error: refused } })).toContain(`<p class="form-error" role="alert">${refused}</p>`);
  });

  it('need the business account ID, and say so', () => {
    expect(section({ businessAccountMissing: true })).toContain('Fetching them needs the WhatsApp Business Account ID above.');
    expect(section()).not.toContain('Fetching them needs');
  });
});

describe('loading and syncing templates', () => {
  let calls: FetchCall[] = [];
  let answers: FakeAnswer[] = [];

  beforeEach(() => {
    ({ calls, answers } = fakeFetch({ csrf: 'tok1' }));
  });

  it('GETs the list, and POSTs a sync that answers with the new list', async () => {
    answers.push({ status: 200, body: { items: templates } }, { status: 200, body: { items: templates.slice(2) } });
    expect(await listTemplates(number.id)).toEqual(templates);
    expect(await syncTemplates(number.id)).toEqual(templates.slice(2));
    expect(calls).toEqual([
      { method: 'GET', url: '/api/v1/channels/chn_01WA/templates', body: undefined },
      { method: 'POST', url: '/api/v1/channels/chn_01WA/templates/sync', body: undefined, csrf: 'tok1' },
    ]);
  });

  it('gives the server’s message when the sync is refused or Meta failed', async () => {
    answers.push(
      {
        status: 422,
        body: {
          error: {
            code: 'validation_failed',
            message: "settings.businessAccountId: needed to list the account's message templates",
            field: 'settings.businessAccountId',
          },
        },
      },
      { status: 503, body: { error: { code: 'not_ready', message: 'Meta answered 190: the access token has expired' } } },
    );
    const refused = await syncTemplates(number.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).message).toBe("settings.businessAccountId: needed to list the account's message templates");
    const failed = await syncTemplates(number.id).catch((error: unknown) => error);
    expect((failed as ApiError).code).toBe('not_ready');
    expect((failed as ApiError).message).toBe('Meta answered 190: the access token has expired');
  });
});
