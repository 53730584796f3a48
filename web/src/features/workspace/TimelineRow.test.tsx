import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../api/routing';
import type { User } from '../../api/types';
import { messageAuthor, previewPrefix } from './names';
import type { TimelineItem } from './state/timeline';
import { authorIntro, DeliveryTicks, MessageBody, messageSummary, TimelineRow } from './TimelineRow';

describe('delivery ticks on replies', () => {
  it('tell read from delivered, in words for screen readers and the tooltip, and in colour', () => {
    const read = renderToStaticMarkup(<DeliveryTicks status="read" reason={null} />);
    expect(read).toContain('class="tl-ticks tl-ticks-read"');
    expect(read).toContain('aria-label="Read"');
    expect(read).toContain('title="Read"');
    expect(read).toContain('✓✓');
    const delivered = renderToStaticMarkup(<DeliveryTicks status="delivered" reason={null} />);
    expect(delivered).toContain('aria-label="Delivered"');
    expect(delivered).toContain('tl-ticks-delivered');
  });

  it('say why a reply failed', () => {
    expect(renderToStaticMarkup(<DeliveryTicks status="failed" reason="webhook answered 410" />)).toContain(
      'aria-label="Failed: webhook answered 410"',
    );
  });
});

const message = (content: unknown): Message => ({
  id: 'msg_1',
  conversationId: 'cnv_1',
  direction: 'outbound',
  content: content as Message['content'],
  status: 'sent',
  statusReason: null,
  providerMessageId: 'wamid.1',
  authorId: 'usr_1',
  authorKind: 'user',
  createdAt: '2026-12-06T12:00:00.000Z',
});

describe('a template reply in the timeline', () => {
  const template = {
    template: {
      name: 'ticket_update',
      language: 'en_US',
      parameters: ['#4711', 'shipped today'],
      text: 'Your ticket #4711 was updated: shipped today',
    },
  };

  it('shows the text the customer read, labelled as a template', () => {
    const html = renderToStaticMarkup(<MessageBody message={message(template)} />);
    expect(html).toBe(
      '<div class="tl-text"><p class="tl-template-tag">Template: ticket_update</p><p>Your ticket #4711 was updated: shipped today</p></div>',
    );
    expect(messageSummary(message(template))).toBe('Your ticket #4711 was updated: shipped today');
  });

  it('falls back to its name and parameters without a text', () => {
    const bare = { template: { name: 'ticket_update', language: 'en_US', parameters: ['#4711'] } };
    expect(renderToStaticMarkup(<MessageBody message={message(bare)} />)).toContain('<p>ticket_update (#4711)</p>');
  });
});

describe('content this page does not know', () => {
  it('is shown as unsupported, never a crash', () => {
    for (const content of [{ sticker: { id: 'x' } }, {}, null, 'text', 42, { choices: { text: 'no options' } }, { template: null }]) {
      expect(renderToStaticMarkup(<MessageBody message={message(content)} />)).toBe('<p class="tl-text muted">Unsupported content</p>');
      expect(messageSummary(message(content))).toBe('Unsupported content');
    }
  });

  it('still shows the known kinds', () => {
    expect(renderToStaticMarkup(<MessageBody message={message({ text: 'Hello' })} />)).toBe('<p class="tl-text">Hello</p>');
    expect(messageSummary(message({ choices: { text: 'Delivered?', options: ['Yes', 'No'] } }))).toBe('Delivered? (Yes / No)');
    expect(renderToStaticMarkup(<MessageBody message={message({ location: { latitude: 52.52, longitude: 13.405, name: null } })} />)).toContain(
      '(52.52000, 13.40500)',
    );
  });
});

describe('who wrote a reply', () => {
  const conversation = { id: 'cnv_1', channel: 'api', state: 'assigned', createdAt: '2026-12-06T11:00:00.000Z' } as TimelineItem['conversation'];
  const users: User[] = [
    { id: 'usr_2', email: 'bea@example.test', displayName: 'Bea Agent', role: 'agent' } as User,
  ];
  const row = (patch: Partial<Message>) =>
    renderToStaticMarkup(
      <TimelineRow
        item={{ kind: 'message', key: 'm', at: '', message: { ...message({ text: 'It ships today.' }), ...patch }, conversation }}
        userId="usr_1"
        users={users}
        contactName="Carla"
        current
        showChannel={false}
        channels={null}
      />,
    );
  const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('names an integration, with a Bot badge, and never as a user', () => {
    const html = row({ authorId: 'tok_01ORDERBOT', authorKind: 'token' });
    expect(html).toContain('<p class="visually-hidden">An integration wrote:</p>');
    expect(html).toContain('<span class="tl-author-bot">API integration <span class="badge tl-bot-badge">Bot</span></span>');
    expect(html).not.toContain('tok_01ORDERBOT');
    expect(textOf(html)).not.toContain('colleague');
  });

  it('names a colleague, and leaves out one’s own name', () => {
    const html = row({ authorId: 'usr_2', authorKind: 'user' });
    expect(html).toContain('<p class="visually-hidden">Bea Agent wrote:</p>');
    expect(html).toContain('<span>Bea Agent</span>');
    expect(html).not.toContain('Bot');
    const own = row({ authorId: 'usr_1', authorKind: 'user' });
    expect(own).toContain('<p class="visually-hidden">You wrote:</p>');
    expect(own).not.toContain('<span>You</span>');
  });

  it('is the same in the helpers the lists use', () => {
    expect(messageAuthor({ authorId: 'tok_1', authorKind: 'token' }, users, 'usr_1')).toEqual({ name: 'API integration', bot: true });
    expect(messageAuthor({ authorId: 'usr_9', authorKind: 'user' }, users, 'usr_1')).toEqual({ name: 'A colleague', bot: false });
    expect(authorIntro({ name: 'API integration', bot: true })).toBe('An integration wrote:');
    expect(previewPrefix({ direction: 'outbound', authorKind: 'token' })).toBe('API integration: ');
    expect(previewPrefix({ direction: 'outbound', authorKind: 'user' })).toBe('You: ');
    expect(previewPrefix({ direction: 'inbound', authorKind: null })).toBe('');
  });
});
