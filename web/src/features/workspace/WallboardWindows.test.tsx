// The wallboard's reply window figures (GET /stats → stats.windows): windows closing within the hour, emphasised
// while there are any, and windows that expired unanswered today. Rendered with the wallboard's Figure.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { WindowFigures } from './WallboardPage';

const render = (closingWithinHour: number, expiredUnansweredToday: number) =>
  renderToStaticMarkup(
    <dl>
      <WindowFigures windows={{ closingWithinHour, expiredUnansweredToday }} />
    </dl>,
  );

describe('the reply window figures on the wallboard', () => {
  it('shows both counts as figures (a term and its value)', () => {
    const html = render(3, 1);
    expect(html).toContain(
      '<div class="ws-figure ws-figure-alert"><dt class="ws-figure-label">Windows closing within the hour</dt><dd class="ws-figure-value ws-num" data-testid="windows-closing">3</dd></div>',
    );
    expect(html).toContain(
      '<div class="ws-figure"><dt class="ws-figure-label">Windows expired unanswered today</dt><dd class="ws-figure-value ws-num" data-testid="windows-expired">1</dd></div>',
    );
  });

  it('emphasises the closing windows only while there are any', () => {
    const html = render(0, 4);
    expect(html).not.toContain('ws-figure-alert');
    expect(html).toContain('data-testid="windows-closing">0</dd>');
    expect(html).toContain('data-testid="windows-expired">4</dd>');
  });
});
