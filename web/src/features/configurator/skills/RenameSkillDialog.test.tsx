// The rename dialog, rendered to HTML on the server side of React (no DOM, no effects).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Action } from '../common/useAction';
import { RenameSkillDialog } from './RenameSkillDialog';

const skill = { id: 'skl_1', name: 'Billing', createdAt: '2026-12-01T09:00:00Z' };
const idle: Action = { pending: null, success: null, error: null, run: async () => undefined, reset: () => {}, fail: () => {} };
const noop = () => {};
const dialog = (state: Action) =>
  renderToStaticMarkup(<RenameSkillDialog skill={skill} action={state} onRename={noop} onCancel={noop} />);

describe('renaming a skill', () => {
  it('is a labelled modal dialog with the current name in a labelled field and what renaming keeps', () => {
    const html = dialog(idle);
    const titleId = /aria-labelledby="([^"]+)"/.exec(html)?.[1];
    expect(html).toContain(`id="${titleId}">Rename the skill “Billing”</h2>`);
    const field = /<label for="([^"]+)">New name<\/label>/.exec(html)?.[1];
    const hint = field?.replace(/-name$/, '-hint');
    expect(html).toContain(`<input id="${field}" type="text" maxLength="100" required="" aria-describedby="${hint}" value="Billing"/>`);
    expect(html).toContain(`<p class="field-hint" id="${hint}">`);
    expect(html).toContain('Agents who have it and categories that require it keep it: only its name changes.');
    expect(html).toContain('<button class="button button-primary" type="submit">Rename</button>');
  });

  it('shows the progress on the button and the server’s refusal (a name taken) in an alert', () => {
    expect(dialog({ ...idle, pending: 'Renaming…' })).toContain('type="submit" disabled="">Renaming…</button>');
    expect(dialog({ ...idle, error: 'a skill with that name exists' })).toContain(
      '<p class="form-error" role="alert">a skill with that name exists</p>',
    );
  });
});
