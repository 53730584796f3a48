// The token list and the secret shown once, rendered to HTML on the server side of React (no DOM, no effects).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ApiToken } from '../../../api/tokens';
import type { User } from '../../../api/types';
import { formatDate, formatDateTime } from '../../../format';
import ApiTokensTab, { TokenTable } from './ApiTokensTab';
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
  createdBy: 'usr_ada',
  ...patch,
});
const person = (patch: Partial<User>): User => ({
  id: 'usr_ada',
  tenantId: 'ten_1',
  email: 'ada@example.test',
  displayName: 'Ada Admin',
  role: 'admin',
  status: 'active',
  deactivatedAt: null,
  createdAt: '2026-11-01T09:00:00Z',
  ...patch,
});
const users = [person({}), person({ id: 'usr_cy', displayName: 'Cy', status: 'deactivated', deactivatedAt: '2026-12-07T10:00:00Z' })];
const table = (tokens: ApiToken[], known: readonly User[] | null = users) =>
  renderToStaticMarkup(<TokenTable tokens={tokens} users={known} rowId="r-" onRevoke={noop} />);

describe('the token list', () => {
  it('shows the name and id, role, permissions in words, and never for no use and no expiry', () => {
    const html = table([token({})]);
    const text = textOf(html);
    expect(text).toContain('Order bot Admin');
    expect(html).toContain(
      '<ul class="cfg-token-chips"><li class="cfg-token-chip">Read conversations</li><li class="cfg-token-chip">Send messages</li>' +
        '<li class="cfg-token-chip">Post inbound messages</li></ul>',
    );
    expect(text).toContain(`Ada Admin ${formatDate('2026-12-01T09:00:00Z')} Never Never`);
    expect(html).toContain('<button class="button button-small" type="button" aria-describedby="r-tok_1">Revoke</button>');
  });

  it('shows when it was last used and marks an expired token', () => {
    const expired = new Date(Date.now() - day).toISOString();
    const html = table([token({ lastUsedAt: '2026-12-05T12:00:00Z', expiresAt: expired })]);
    expect(textOf(html)).toContain(`${formatDateTime('2026-12-05T12:00:00Z')} Expired ${formatDate(expired)}`);
    expect(html).toContain('<span class="badge cfg-token-expired">Expired</span>');
    const later = new Date(Date.now() + day).toISOString();
    expect(table([token({ expiresAt: later })])).not.toContain('Expired');
  });

  it('has a Created by column naming whom each token acts for', () => {
    const html = table([token({})]);
    expect(html).toContain('<th scope="col">Permissions</th><th scope="col">Created by</th><th scope="col">Created</th>');
    expect(html).toContain('<td>Ada Admin</td>');
  });

  it('marks a token whose user is deactivated', () => {
    expect(table([token({ createdBy: 'usr_cy' })])).toContain('<td>Cy<span class="muted"> (deactivated)</span></td>');
  });

  it('says Command line for a token made with the command line', () => {
    expect(table([token({ createdBy: null })])).toContain('<td><span class="muted">Command line</span></td>');
  });

  it('shows the id of a user it does not know, and ids when the users could not be loaded', () => {
    expect(table([token({ createdBy: 'usr_gone' })])).toContain('<td><span class="muted">usr_gone</span></td>');
    expect(table([token({})], null)).toContain('<td><span class="muted">usr_ada</span></td>');
  });
});

describe('the API tokens tab', () => {
  it('says that a token ends with the user who created it', () => {
    // Rendered before its fetch (effects do not run here): the hint shows while the list loads.
    const html = renderToStaticMarkup(<ApiTokensTab />);
    expect(html).toContain(
      '<p class="field-hint cfg-token-hint">A token stops working when the user who created it is deactivated or deleted.</p>',
    );
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
