// The token list and the secret shown once, rendered to HTML on the server side of React (no DOM, no effects).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ApiToken } from '../../../api/tokens';
import { formatDate, formatDateTime } from '../../../format';
import { TokenTable } from './ApiTokensTab';
import { NewTokenSecret } from './NewTokenSecret';

const noop = () => {};
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const day = 86_400_000;

const token = (patch: Partial<ApiToken>): ApiToken => ({
  id: 'tok_1',
  name: 'Order bot',
  role: 'admin',
  createdAt: '2026-12-01T09:00:00Z',
  lastUsedAt: null,
  scopes: ['messages:send', 'conversations:read', 'channels:inbound'],
  expiresAt: null,
  ...patch,
});

describe('the token list', () => {
  it('shows the name and id, role, permissions in words, and never for no use and no expiry', () => {
    const html = renderToStaticMarkup(<TokenTable tokens={[token({})]} rowId="r-" onRevoke={noop} />);
    const text = textOf(html);
    expect(text).toContain('Order bot Admin');
    expect(html).toContain(
      '<ul class="cfg-token-chips"><li class="cfg-token-chip">Read conversations</li><li class="cfg-token-chip">Send messages</li>' +
        '<li class="cfg-token-chip">Post inbound messages</li></ul>',
    );
    expect(text).toContain(`${formatDate('2026-12-01T09:00:00Z')} Never Never`);
    expect(html).toContain('<button class="button button-small" type="button" aria-describedby="r-tok_1">Revoke</button>');
  });

  it('shows when it was last used and marks an expired token', () => {
    const expired = new Date(Date.now() - day).toISOString();
    const html = renderToStaticMarkup(
      <TokenTable tokens={[token({ lastUsedAt: '2026-12-05T12:00:00Z', expiresAt: expired })]} rowId="r-" onRevoke={noop} />,
    );
    expect(textOf(html)).toContain(`${formatDateTime('2026-12-05T12:00:00Z')} Expired ${formatDate(expired)}`);
    expect(html).toContain('<span class="badge cfg-token-expired">Expired</span>');
    const later = new Date(Date.now() + day).toISOString();
    expect(renderToStaticMarkup(<TokenTable tokens={[token({ expiresAt: later })]} rowId="r-" onRevoke={noop} />)).not.toContain('Expired');
  });
});

describe('a new token’s secret', () => {
  it('is shown with a copy button and the warning that it is not shown again', () => {
    const html = renderToStaticMarkup(
      <NewTokenSecret created={{ token: token({ scopes: ['admin'] }), secret: 'pat_s3cret' }} onDone={noop} />,
    );
    const text = textOf(html);
    expect(text).toContain('Token “Order bot” created');
    expect(text).toContain('Copy the secret now: you will not see it again.');
    expect(html).toContain('value="pat_s3cret"');
    expect(text).toContain('Copy secret');
    expect(text).toContain('Permissions Full access');
    expect(text).toContain('Expires Never');
  });
});
