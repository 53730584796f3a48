import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DeliveryTicks } from './TimelineRow';

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
