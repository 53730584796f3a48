// The users table and the deactivation's confirmation, rendered to HTML on the server side of React (no DOM, no
// effects).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../../../api/routing';
import type { User } from '../../../api/types';
import { formatDateTime } from '../../../format';
import { ConfirmDialog } from '../common/ConfirmDialog';
import type { Action } from '../common/useAction';
import { deactivateQuestion } from './userLifecycle';
import { UsersTable } from './UsersTable';

const user = (patch: Partial<User>): User => ({
  id: 'usr_al',
  tenantId: 'ten_1',
  email: 'al@example.test',
  displayName: 'Al Agent',
  role: 'agent',
  status: 'active',
  deactivatedAt: null,
  createdAt: '2026-12-01T09:00:00Z',
  ...patch,
});
const ada = user({ id: 'usr_ada', email: 'ada@example.test', displayName: 'Ada Admin', role: 'admin' });
const al = user({});
const bo = user({
  id: 'usr_bo',
  email: 'bo@example.test',
  displayName: 'Bo Agent',
  status: 'deactivated',
  deactivatedAt: '2026-12-07T10:00:00Z',
});
const agents: Agent[] = [];
const noop = () => {};
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const table = (users: User[]) =>
  renderToStaticMarkup(
    <UsersTable users={users} agents={agents} skills={[]} currentUserId="usr_ada" rowId="r-" onAction={noop} />,
  );
/** One row's HTML, found by its title's id. */
const row = (html: string, userId: string) =>
  new RegExp(`<tr[^>]*><th scope="row"><span class="cfg-cell-title" id="r-${userId}">.*?</tr>`).exec(html)?.[0] ?? '';
const buttons = (html: string) => [...html.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((match) => match[1]);

describe('the users table', () => {
  it('offers deactivating and deleting someone active, each button described by the row’s name', () => {
    const html = row(table([ada, al]), 'usr_al');
    expect(html).toMatch(/^<tr>/);
    expect(buttons(html)).toEqual(['Edit', 'Reset two-factor sign-in', 'Deactivate', 'Delete']);
    expect(html).toContain('<button class="button button-small" type="button" aria-describedby="r-usr_al">Deactivate</button>');
  });

  it('marks someone deactivated with a badge, a dimmed row and since when, and offers reactivating', () => {
    const html = row(table([ada, bo]), 'usr_bo');
    expect(html).toMatch(/^<tr class="cfg-user-deactivated">/);
    expect(html).toContain('Bo Agent <span class="badge cfg-user-badge">Deactivated</span></span>');
    expect(textOf(html)).toContain(`bo@example.test Cannot sign in since ${formatDateTime('2026-12-07T10:00:00Z')}`);
    expect(buttons(html)).toEqual(['Edit', 'Reset two-factor sign-in', 'Reactivate', 'Delete']);
  });

  it('offers no deactivating or deleting on the signed-in admin’s own row', () => {
    const html = row(table([ada, al]), 'usr_ada');
    expect(textOf(html)).toContain('Ada Admin (you)');
    expect(buttons(html)).toEqual(['Edit', 'Reset two-factor sign-in']);
  });
});

describe('confirming a deactivation', () => {
  const idle: Action = { pending: null, success: null, error: null, run: async () => undefined, reset: () => {}, fail: () => {} };
  const dialog = (state: Action) =>
    renderToStaticMarkup(
      <ConfirmDialog
        title="Deactivate Al Agent"
        question={deactivateQuestion(al)}
        confirmLabel="Deactivate"
        action={state}
        onConfirm={noop}
        onCancel={noop}
      />,
    );

  it('is an alert dialog that says what happens, with no word to type', () => {
    const html = dialog(idle);
    expect(html).toMatch(/^<dialog class="cfg-modal" role="alertdialog"/);
    expect(textOf(html)).toContain('Al Agent cannot sign in until an admin reactivates them');
    expect(textOf(html)).toContain('API tokens they made are revoked for good.');
    expect(html).not.toContain('<input');
    expect(html).toContain('<button class="button cfg-button-danger" type="button">Deactivate</button>');
  });

  it('shows the server’s refusal in an alert', () => {
    const html = dialog({ ...idle, error: 'the tenant would be left without an admin' });
    expect(html).toContain('<p class="form-error" role="alert">the tenant would be left without an admin</p>');
  });

  it('makes the button a primary one for what destroys nothing (reactivating)', () => {
    const html = renderToStaticMarkup(
      <ConfirmDialog title="Reactivate Bo" question="?" confirmLabel="Reactivate" danger={false} action={idle} onConfirm={noop} onCancel={noop} />,
    );
    expect(html).toContain('<button class="button button-primary" type="button">Reactivate</button>');
  });
});
