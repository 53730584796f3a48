// The result card and the typed confirmation, rendered to HTML on the server side of React (no DOM, no effects),
// as the Configurator's tests do: enough to see what is shown, what is offered and how it is wired.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../../api/routing';
import { formatDateTime } from '../../format';
import type { Action } from '../configurator/common/useAction';
import { SubjectActionConfirm, SubjectActionDialog } from './SubjectActionDialog';
import { SubjectCard } from './SubjectCard';
import { CHANNELS, subject } from './subjectFixtures';

const channels = CHANNELS as unknown as Channel[];
const idle: Action = { pending: null, success: null, error: null, run: async () => undefined, reset: () => {}, fail: () => {} };
const render = renderToStaticMarkup;
const noop = () => {};

/** The text of the HTML, tags dropped. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('a customer found', () => {
  it('shows who they are, where they write from, what is held and their consent', () => {
    const text = textOf(render(<SubjectCard subject={subject()} channels={channels} onActed={noop} />));
    expect(text).toContain('Jane Doe');
    expect(text).toContain('jane@example.com');
    expect(text).toContain('+447911123456');
    expect(text).toContain('Shop WhatsApp: 447911123456');
    expect(text).toContain('API: crm-4711 (unreachable: the provider refused the number)');
    expect(text).toContain('Conversations 3 (1 open)');
    expect(text).toContain('Messages 42');
    expect(text).toContain('Notes 2');
    expect(text).toContain('Files 1');
    expect(text).toContain(`Opted out of Shop WhatsApp since ${formatDateTime('2026-11-02T10:30:00Z')} (STOP)`);
    expect(text).toContain('Merged from 1 contact.');
    expect(text).toContain('ct_01JANE');
  });

  it('shows channel ids when the channels cannot be listed', () => {
    const text = textOf(render(<SubjectCard subject={subject()} channels={null} onActed={noop} />));
    expect(text).toContain('chn_WA: 447911123456');
  });

  it('offers to anonymise and erase, each button described by the customer’s name', () => {
    const html = render(<SubjectCard subject={subject()} channels={channels} onActed={noop} />);
    const titleId = /<h3 id="([^"]+)"/.exec(html)?.[1];
    expect(titleId).toBeDefined();
    expect(html).toContain(`aria-labelledby="${titleId}"`);
    expect(html).toContain(`aria-describedby="${titleId}">Anonymise…</button>`);
    expect(html).toContain(`aria-describedby="${titleId}">Erase…</button>`);
    expect(html).toContain('role="status"');
  });

  it('offers nothing more once erased, and says so', () => {
    const erased = subject({
      contact: { ...subject().contact, name: null, email: null, phone: null },
      identities: [],
      consents: [],
      anonymisedAt: null,
      erasedAt: '2026-12-02T08:00:00Z',
    });
    const html = render(<SubjectCard subject={erased} channels={channels} onActed={noop} />);
    expect(html).toContain('No name');
    expect(html).toContain(`Erased ${formatDateTime('2026-12-02T08:00:00Z')}`);
    expect(html).toContain('nothing about this customer can be read any more');
    expect(html).not.toContain('Anonymise…');
    expect(html).not.toContain('Erase…');
  });

  it('can still be erased once anonymised', () => {
    const html = render(
      <SubjectCard subject={subject({ anonymisedAt: '2026-12-01T08:00:00Z' })} channels={channels} onActed={noop} />,
    );
    expect(html).toContain(`Anonymised ${formatDateTime('2026-12-01T08:00:00Z')}`);
    expect(html).toContain('Erase…');
  });
});

describe('confirming an erasure', () => {
  const dialog = (typed: string, state: Action = idle) =>
    render(
      <SubjectActionConfirm
        subject={subject()}
        action="erase"
        state={state}
        onConfirm={noop}
        onCancel={noop}
        typed={typed}
        onTyped={noop}
        explanationId="explain"
      />,
    );

  it('is a labelled, described modal dialog', () => {
    const html = render(<SubjectActionDialog subject={subject()} action="erase" state={idle} onConfirm={noop} onCancel={noop} />);
    expect(html).toMatch(/^<dialog class="cfg-modal" role="dialog" aria-modal="true" aria-labelledby="([^"]+)" aria-describedby="([^"]+)">/);
    const [, titleId, describedBy] = /aria-labelledby="([^"]+)" aria-describedby="([^"]+)"/.exec(html) ?? [];
    expect(html).toContain(`id="${titleId}">Erase customer: Jane Doe</h2>`);
    expect(html).toContain(`<div id="${describedBy}">`);
    const nameless = subject({ contact: { ...subject().contact, name: null } });
    expect(render(<SubjectActionDialog subject={nameless} action="anonymise" state={idle} onConfirm={noop} onCancel={noop} />)).toMatch(
      />Anonymise customer<\/h2>/,
    );
  });

  it('says exactly what happens, that it cannot be undone, and what it reaches', () => {
    const text = textOf(dialog(''));
    expect(text).toContain(
      'The customer’s key is destroyed at once: their messages, notes, files and details can never be read again, in this database or in any backup. Their open conversations close and queued replies are cancelled.',
    );
    expect(text).toContain('This cannot be undone.');
    expect(text).toContain('3 conversations, 1 still open');
    expect(text).toContain('42 messages, 2 notes and 1 file');
    expect(text).toContain('1 merged contact, and everything of theirs');
    expect(text).toContain('Type erase to confirm');
  });

  it('keeps the danger button disabled until the word is typed', () => {
    const button = (html: string) => /<button class="button cfg-button-danger"[^>]*>[^<]*<\/button>/.exec(html)?.[0] ?? '';
    expect(button(dialog(''))).toContain('disabled');
    expect(button(dialog('eras'))).toContain('disabled');
    expect(button(dialog('anonymise'))).toContain('disabled');
    expect(button(dialog('erase'))).not.toContain('disabled');
    expect(button(dialog('erase'))).toContain('>Erase customer<');
    expect(button(dialog('erase', { ...idle, pending: 'Erasing…' }))).toContain('disabled');
    expect(button(dialog('erase', { ...idle, pending: 'Erasing…' }))).toContain('>Erasing…<');
  });

  it('shows the server’s refusal in an alert inside the dialog', () => {
    expect(dialog('erase', { ...idle, error: 'that contact was erased already' })).toContain(
      '<p class="form-error" role="alert">that contact was erased already</p>',
    );
  });
});

describe('confirming an anonymisation', () => {
  it('says what is removed and what stays, and asks for its own word', () => {
    const html = render(
      <SubjectActionConfirm
        subject={subject({ anonymisedAt: '2026-12-01T08:00:00Z' })}
        action="anonymise"
        state={idle}
        onConfirm={noop}
        onCancel={noop}
        typed="anonymise"
        onTyped={noop}
        explanationId="explain"
      />,
    );
    const text = textOf(html);
    expect(text).toContain(
      'Their details and channel ids are removed and every message and note becomes “Anonymised by DPO”; files are deleted. Counts and times stay for reports.',
    );
    expect(text).toContain('This cannot be undone.');
    expect(text).toContain('Type anonymise to confirm');
    expect(text).toContain(`Anonymised already on ${formatDateTime('2026-12-01T08:00:00Z')}`);
    expect(html).toMatch(/<button class="button cfg-button-danger" type="submit">Anonymise customer<\/button>/);
  });
});
