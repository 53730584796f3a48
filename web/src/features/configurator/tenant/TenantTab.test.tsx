// The workspace tab's danger zone and its typed confirmation, rendered to HTML on the server side of React (no DOM,
// no effects), as the privacy console's tests do.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../../format';
import type { Action } from '../common/useAction';
import { DeleteTenantConfirm, DeleteTenantDialog } from './DeleteTenantDialog';
import { TenantView } from './TenantTab';

const tenant = { id: 'ten_01ACME', name: 'Acme Ltd', createdAt: '2026-01-05T09:00:00Z' };
const idle: Action = { pending: null, success: null, error: null, run: async () => undefined, reset: () => {}, fail: () => {} };
const render = renderToStaticMarkup;
const noop = () => {};

/** The text of the HTML, tags dropped. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the workspace tab', () => {
  it('shows the workspace’s name, when it was created and its id', () => {
    const text = textOf(render(<TenantView tenant={tenant} origin="https://parley.example" onDelete={noop} />));
    expect(text).toContain('Name Acme Ltd');
    expect(text).toContain(`Created ${formatDateTime('2026-01-05T09:00:00Z')}`);
    expect(text).toContain('Id ten_01ACME');
  });

  it('shows the workspace’s sign-in link in a read-only field to copy, and says who it is for', () => {
    const html = render(<TenantView tenant={tenant} origin="https://parley.example" onDelete={noop} />);
    const card = /<section class="config-card" aria-labelledby="([^"]+)">/.exec(html);
    expect(card).not.toBeNull();
    expect(html).toContain(`<h3 id="${card?.[1]}">Sign-in link</h3>`);
    const field = /<label for="([^"]+)">Sign-in link<\/label>/.exec(html)?.[1];
    expect(field).toBeDefined();
    const input = new RegExp(`<input id="${field}" [^>]*>`).exec(html)?.[0] ?? '';
    expect(input).toContain('type="text" readonly=""');
    expect(input).toContain('value="https://parley.example/sign-in?workspace=ten_01ACME"');
    expect(html).toContain('<button class="button" type="button">Copy link</button>');
    expect(textOf(html)).toContain(
      'People who belong to several workspaces sign in here directly with this link; the sign-in page offers at ' +
        'most their three oldest workspaces.',
    );
  });

  it('sets the deletion apart in a labelled danger zone that says what happens', () => {
    const html = render(<TenantView tenant={tenant} origin="https://parley.example" onDelete={noop} />);
    const zone = /<section class="config-card cfg-danger-zone" aria-labelledby="([^"]+)">/.exec(html);
    expect(zone).not.toBeNull();
    expect(html).toContain(`<h3 id="${zone?.[1]}">Danger zone</h3>`);
    const text = textOf(html);
    expect(text).toContain('Deleting the workspace “Acme Ltd”:');
    expect(text).toContain('Everyone in it is signed out at once');
    expect(text).toContain('After 30 days all its conversations, contacts, users and settings are destroyed for good.');
    expect(text).toContain('only an operator of this Parley server can restore it');
    expect(text).toContain('recorded in the audit log');
    expect(html).toContain('<button class="button cfg-button-danger" type="button">Delete this workspace…</button>');
  });
});

describe('confirming the deletion', () => {
  const dialog = (typed: string, state: Action = idle) =>
    render(
      <DeleteTenantConfirm
        tenant={tenant}
        state={state}
        onConfirm={noop}
        onCancel={noop}
        typed={typed}
        onTyped={noop}
        explanationId="explain"
      />,
    );
  const button = (html: string) => /<button class="button cfg-button-danger"[^>]*>[^<]*<\/button>/.exec(html)?.[0] ?? '';

  it('is a labelled modal dialog, described by what happens', () => {
    const html = render(<DeleteTenantDialog tenant={tenant} state={idle} onConfirm={noop} onCancel={noop} />);
    expect(html).toMatch(/^<dialog class="cfg-modal" role="dialog" aria-modal="true" aria-labelledby="([^"]+)" aria-describedby="([^"]+)">/);
    const [, titleId, describedBy] = /aria-labelledby="([^"]+)" aria-describedby="([^"]+)"/.exec(html) ?? [];
    expect(html).toContain(`id="${titleId}">Delete this workspace</h2>`);
    expect(html).toContain(`<div id="${describedBy}">`);
  });

  it('says what happens and asks for the workspace’s name in a labelled field', () => {
    const html = dialog('');
    const text = textOf(html);
    expect(text).toContain('Everyone in “Acme Ltd”, you too, is signed out at once and its channels stop.');
    expect(text).toContain('After 30 days all its conversations, contacts and users are destroyed.');
    expect(text).toContain('Only an operator of this server can restore it, and only within 30 days.');
    expect(text).toContain('Type Acme Ltd to confirm');
    const field = /<label for="([^"]+)">/.exec(html)?.[1];
    expect(html).toContain(`<input id="${field}" type="text"`);
  });

  it('keeps the Delete button disabled until the exact name is typed', () => {
    expect(button(dialog(''))).toContain('disabled');
    expect(button(dialog('Acme'))).toContain('disabled');
    expect(button(dialog('acme ltd'))).toContain('disabled');
    expect(button(dialog('Acme Ltd'))).not.toContain('disabled');
    expect(button(dialog('Acme Ltd'))).toContain('>Delete workspace<');
    expect(button(dialog('Acme Ltd', { ...idle, pending: 'Deleting workspace…' }))).toContain('disabled');
    expect(button(dialog('Acme Ltd', { ...idle, pending: 'Deleting workspace…' }))).toContain('>Deleting workspace…<');
  });

  it('shows the server’s refusal in an alert inside the dialog', () => {
    expect(dialog('Acme Ltd', { ...idle, error: 'The name typed is not this workspace’s name. Nothing was deleted.' })).toContain(
      '<p class="form-error" role="alert">The name typed is not this workspace’s name. Nothing was deleted.</p>',
    );
  });
});
