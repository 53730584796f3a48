// The audit table and filters rendered to HTML on the server side of React (no DOM, no effects), as the other
// tests of this section do: enough to see what is shown and how it is wired for screen readers.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../format';
import type { ActionState } from '../configurator/common/useAction';
import { AuditFilterForm } from './AuditFilterForm';
import { EMPTY_AUDIT_FORM } from './auditFilters';
import { auditEntry, USERS } from './auditFixtures';
import { AuditTable } from './AuditTable';

const render = renderToStaticMarkup;
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const rowId = (seq: number) => `row-${seq}`;
const idle: ActionState = { pending: null, success: null, error: null };
const noop = () => {};

describe('the audit table', () => {
  const entries = [
    auditEntry({ seq: 14, attribute: 'erased', value: null, actor: { kind: 'user', id: 'usr_DORA' } }),
    auditEntry({ seq: 13, value: null, actor: { kind: 'system', id: 'inbound' } }),
    auditEntry({ seq: 12, entity: 'tenant', entityId: 'ten_1', attribute: 'privacySettings', value: 'phoneRegion=GB' }),
  ];

  it('has a caption, column headers and a row header per entry', () => {
    const html = render(<AuditTable entries={entries} users={USERS} rowId={rowId} noteId="note" />);
    expect(html).toContain('<caption class="visually-hidden">Audit entries, newest first</caption>');
    for (const column of ['When', 'Entity', 'Attribute', 'Actor', 'Value']) {
      expect(html).toContain(`<th scope="col">${column}</th>`);
    }
    expect(html.match(/<th scope="row"/g)).toHaveLength(3);
    expect(html).toContain('id="row-13"');
    expect(html).toContain(`<time dateTime="2026-12-07T00:14:00.000Z" title="2026-12-07T00:14:00.000Z">${formatDateTime('2026-12-07T00:14:00.000Z')}</time>`);
  });

  it('shows who, what and the value, saying why a value is missing', () => {
    const text = textOf(render(<AuditTable entries={entries} users={USERS} rowId={rowId} noteId="note" />));
    expect(text).toContain('Contact con_01JANE erased dora@example.com usr_DORA No value');
    expect(text).toContain('Unreadable : The customer’s key was destroyed when they were erased.');
    expect(text).toContain('System inbound');
    expect(text).toContain('Tenant ten_1 privacySettings');
    expect(text).toContain('phoneRegion=GB');
    expect(text).toContain('“No value shown”: the value was cleared');
  });

  it('explains missing values only when some are missing', () => {
    const html = render(<AuditTable entries={[entries[2]]} users={null} rowId={rowId} noteId="note" />);
    expect(html).not.toContain('id="note"');
    expect(html).not.toContain('aria-describedby');
    expect(render(<AuditTable entries={entries} users={null} rowId={rowId} noteId="note" />)).toContain('aria-describedby="note"');
  });
});

describe('the audit filters', () => {
  const props = { base: 'f', errors: {}, search: idle, users: USERS, onEdit: noop, onApply: noop, onClear: noop };

  it('labels every field and offers the entity and actor kinds', () => {
    const html = render(<AuditFilterForm {...props} form={EMPTY_AUDIT_FORM} />);
    for (const [field, label] of [
      ['entity', 'Entity'],
      ['entityId', 'Entity id'],
      ['attribute', 'Attribute'],
      ['actorKind', 'Actor kind'],
      ['actorId', 'Actor id'],
      ['from', 'From'],
      ['until', 'Until'],
    ]) {
      expect(html).toContain(`<label for="f-${field}">${label}</label>`);
    }
    expect(textOf(html)).toContain('Any Contact User Invite Tenant');
    expect(textOf(html)).toContain('Any User API token System');
    expect(html.match(/type="date"/g)).toHaveLength(2);
    expect(html).toContain('role="search"');
    expect(html).toContain('type="submit">Apply</button>');
    expect(html).toContain('type="button">Clear</button>');
  });

  it('offers the users by name once the actor kind is User, typing an id otherwise', () => {
    const html = render(<AuditFilterForm {...props} form={{ ...EMPTY_AUDIT_FORM, actorKind: 'user', actorId: 'usr_GONE' }} />);
    expect(html).toContain('<label for="f-actorId">Actor</label>');
    expect(textOf(html)).toContain('Any user Ada Admin (ada@example.com) dora@example.com usr_GONE (not a current user)');
    const typed = render(<AuditFilterForm {...props} users={null} form={{ ...EMPTY_AUDIT_FORM, actorKind: 'user' }} />);
    expect(typed).toContain('<label for="f-actorId">Actor id</label>');
  });

  it('marks a field with a problem and shows the alert', () => {
    const html = render(
      <AuditFilterForm
        {...props}
        form={{ ...EMPTY_AUDIT_FORM, entityId: 'con_1' }}
        errors={{ entity: 'Choose the kind of entity the id belongs to.' }}
        search={{ ...idle, error: 'Entity: Choose the kind of entity the id belongs to.' }}
      />,
    );
    expect(html).toMatch(/<select id="f-entity" aria-invalid="true" aria-describedby="f-entity-error">/);
    expect(html).toContain('role="alert"');
  });
});
