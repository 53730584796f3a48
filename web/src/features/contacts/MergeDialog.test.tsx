// The merge dialog's preview step, rendered to HTML on the server side of React (no DOM, no effects), as the
// privacy console's tests do: what it says will move and change, and when it offers the typed confirmation.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ActionState } from '../configurator/common/useAction';
import { profile } from './contactFixtures';
import { isMergeConfirmed, MergePreviewStep } from './MergeDialog';

const idle: ActionState = { pending: null, success: null, error: null };
const noop = () => {};
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const kept = profile({ id: 'con_KEPT', name: 'Ada King', email: null });
const other = profile(
  { id: 'con_TWIN', name: 'Ada L.', email: 'ada.l@example.test', phone: null, attributes: {} },
  { identities: [{ channel: 'api', identity: 'ada-crm-17', unreachable: null }], conversations: 1, openConversations: 1, messages: 1 },
);

function render(typed: string, state: ActionState = idle, from = other) {
  return renderToStaticMarkup(
    <MergePreviewStep
      kept={kept}
      other={from}
      nameOf={(id) => (id === 'api' ? 'API' : id)}
      typed={typed}
      onTyped={noop}
      state={state}
      onConfirm={noop}
      onBack={noop}
      onCancel={noop}
    />,
  );
}

describe('the merge preview', () => {
  it('says what moves, what changes and what stays', () => {
    const text = textOf(render(''));
    expect(text).toContain('Merge Ada L. into Ada King');
    expect(text).toContain('Moves to Ada King API id ada-crm-17 1 conversation (1 open) 1 message, 0 notes and 0 files');
    expect(text).toContain('Changes on Ada King Email set to “ada.l@example.test” (it has none)');
    expect(text).toContain('Name stays “Ada King” (the other has “Ada L.”)');
    expect(text).toContain('Merging cannot be undone.');
  });

  it('enables Merge only once the word is typed, and shows the server’s refusal', () => {
    expect(render('merg')).toMatch(/<button[^>]*type="submit"[^>]*disabled=""[^>]*>Merge contacts<\/button>/);
    expect(render(' Merge ')).toMatch(/<button[^>]*type="submit"[^>]*>Merge contacts<\/button>/);
    expect(render(' Merge ')).not.toMatch(/<button[^>]*type="submit"[^>]*disabled=""[^>]*>Merge contacts/);
    expect(isMergeConfirmed('MERGE')).toBe(true);
    expect(isMergeConfirmed('merged')).toBe(false);
    const refused = { ...idle, error: 'both contacts have an open conversation on api; close one before merging' };
    expect(textOf(render('merge', refused))).toContain('both contacts have an open conversation on api');
  });

  it('offers no confirmation when the server would refuse outright', () => {
    const html = render('merge', idle, { ...other, contact: { ...other.contact, mergedInto: 'con_X' } });
    expect(textOf(html)).toContain('That contact was merged into another one already.');
    expect(html).not.toContain('Merge contacts');
  });
});
