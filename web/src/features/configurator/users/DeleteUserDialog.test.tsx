// Deleting a user and its typed confirmation, rendered to HTML on the server side of React (no DOM, no effects), as
// the workspace tab's tests do.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { User } from '../../../api/types';
import type { Action } from '../common/useAction';
import { DeleteUserConfirm, DeleteUserDialog } from './DeleteUserDialog';

const al: User = {
  id: 'usr_al',
  tenantId: 'ten_1',
  email: 'al@example.test',
  displayName: 'Al Agent',
  role: 'agent',
  status: 'active',
  deactivatedAt: null,
  createdAt: '2026-12-01T09:00:00Z',
};
const idle: Action = { pending: null, success: null, error: null, run: async () => undefined, reset: () => {}, fail: () => {} };
const render = renderToStaticMarkup;
const noop = () => {};
/** The text of the HTML, tags dropped. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('confirming a user’s deletion', () => {
  const dialog = (typed: string, state: Action = idle, user: User = al) =>
    render(
      <DeleteUserConfirm
        user={user}
        state={state}
        onConfirm={noop}
        onCancel={noop}
        typed={typed}
        onTyped={noop}
        explanationId="explain"
      />,
    );
  const button = (html: string) => /<button class="button cfg-button-danger"[^>]*>[^<]*<\/button>/.exec(html)?.[0] ?? '';

  it('is a labelled modal dialog named after the user, described by what happens', () => {
    const html = render(<DeleteUserDialog user={al} state={idle} onConfirm={noop} onCancel={noop} />);
    expect(html).toMatch(/^<dialog class="cfg-modal" role="dialog" aria-modal="true" aria-labelledby="([^"]+)" aria-describedby="([^"]+)">/);
    const [, titleId, describedBy] = /aria-labelledby="([^"]+)" aria-describedby="([^"]+)"/.exec(html) ?? [];
    expect(html).toContain(`id="${titleId}">Delete Al Agent</h2>`);
    expect(html).toContain(`<div class="cfg-reset-explanation" id="${describedBy}">`);
  });

  it('says what is erased, that their tokens are revoked, how they show afterwards, and that it cannot be undone', () => {
    const text = textOf(dialog(''));
    expect(text).toContain('al@example.test');
    expect(text).toContain(
      'Al Agent’s email address, name, password and second factor are erased, they are signed out now, and API ' +
        'tokens they made are revoked. Their conversations go back to the queue for others to take.',
    );
    expect(text).toContain('Their old messages stay, shown as written by “Deleted user”, and the audit log keeps their id.');
    expect(text).toContain('This cannot be undone. To stop them signing in for a while, deactivate them instead.');
    expect(text).toContain('Type delete to confirm');
  });

  it('does not suggest deactivating someone deactivated already', () => {
    const text = textOf(dialog('', idle, { ...al, status: 'deactivated', deactivatedAt: '2026-12-07T10:00:00Z' }));
    expect(text).toContain('This cannot be undone.');
    expect(text).not.toContain('deactivate them instead');
  });

  it('keeps the Delete button disabled until the word is typed', () => {
    expect(button(dialog(''))).toContain('disabled');
    expect(button(dialog('delet'))).toContain('disabled');
    expect(button(dialog('remove'))).toContain('disabled');
    expect(button(dialog('delete'))).not.toContain('disabled');
    expect(button(dialog(' Delete '))).not.toContain('disabled');
    expect(button(dialog('delete'))).toContain('>Delete user<');
  });

  it('shows the progress on the button and the server’s refusal in an alert', () => {
    expect(button(dialog('delete', { ...idle, pending: 'Deleting…' }))).toMatch(/disabled="">Deleting…</);
    const html = dialog('delete', { ...idle, error: 'the tenant would be left without an admin' });
    expect(html).toContain('<p class="form-error" role="alert">the tenant would be left without an admin</p>');
  });
});
