import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../api/routing';
import { DeliveryTicks, MessageBody, messageSummary } from './TimelineRow';

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
