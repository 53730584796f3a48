// A category's window boost (R11): "Raise priority when the reply window is about to close, by [5] when less than
// [2] hours remain", converted between the form's hours and the API's seconds, checked as the server checks, shown
// in the list. The form is rendered to HTML on the server side of React (no DOM), as the channel forms' tests do.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCategory, updateCategory, type Category } from '../../../api/routing';
import { fakeFetch, type FetchCall } from '../../../test/fakeFetch';
import type { Action } from '../common/useAction';
import { CategoryDetails } from './CategoriesTab';
import {
  boostToForm,
  categoryServerError,
  categoryToForm,
  describeWindowBoost,
  hoursTextToSeconds,
  secondsToHoursText,
  toCategoryInput,
} from './categoryForm';
import { CategoryFormView } from './CategoryFormView';

const category: Category = {
  id: 'cat_wa',
  name: 'WhatsApp sales',
  priority: 2,
  position: 10,
  skills: [],
  relaxation: [],
  offerTimeoutSeconds: 0,
  rules: { channels: ['whatsapp'], keywords: [], entryPoints: [] },
  windowBoost: { withinSeconds: 7200, priority: 5 },
  createdAt: '2026-12-01T00:00:00Z',
};

const idle: Action = { pending: null, success: null, error: null, run: async () => undefined, reset: () => {}, fail: () => {} };

describe('hours in the form, seconds in the API', () => {
  it('reads the boost into hours and writes it back in seconds, unchanged', () => {
    expect(boostToForm({ withinSeconds: 7200, priority: 5 })).toEqual({ boost: true, boostPriority: '5', boostHours: '2' });
    expect(boostToForm({ withinSeconds: 5400, priority: 10 })).toEqual({ boost: true, boostPriority: '10', boostHours: '1.5' });
    for (const seconds of [60, 61, 90, 1800, 5400, 7199, 7200, 86399, 86400]) {
      expect(hoursTextToSeconds(secondsToHoursText(seconds)), String(seconds)).toBe(seconds);
    }
    expect(secondsToHoursText(60)).toBe('0.0167');
  });

  it('takes hours as people type them', () => {
    expect(hoursTextToSeconds('2')).toBe(7200);
    expect(hoursTextToSeconds(' 1.5 ')).toBe(5400);
    expect(hoursTextToSeconds('0,5')).toBe(1800);
    expect(hoursTextToSeconds('.25')).toBe(900);
    expect(hoursTextToSeconds('24')).toBe(86400);
  });

  it('refuses what the server refuses: under a minute, over a day, not a number', () => {
    expect(hoursTextToSeconds('0')).toMatch(/between 1 minute \(0\.0167\) and 24/);
    expect(hoursTextToSeconds('0.01')).toMatch(/between/);
    expect(hoursTextToSeconds('24.5')).toMatch(/between/);
    expect(hoursTextToSeconds('two')).toMatch(/must be a number/);
    expect(hoursTextToSeconds('-1')).toMatch(/must be a number/);
    expect(hoursTextToSeconds('')).toMatch(/must be a number/);
  });

  it('starts off, with +5 when less than 2 hours remain ready to switch on', () => {
    const form = categoryToForm(null);
    expect(form).toMatchObject({ boost: false, boostPriority: '5', boostHours: '2' });
    expect(toCategoryInput({ ...form, name: 'New' })).toMatchObject({ ok: true, input: { windowBoost: null } });
    expect(toCategoryInput({ ...form, name: 'New', boost: true })).toMatchObject({
      ok: true,
      input: { windowBoost: { withinSeconds: 7200, priority: 5 } },
    });
  });

  it('sends the boost of a category that has one, or null once switched off', () => {
    const form = categoryToForm(category);
    expect(toCategoryInput(form)).toMatchObject({ ok: true, input: { windowBoost: { withinSeconds: 7200, priority: 5 } } });
    expect(toCategoryInput({ ...form, boostHours: '0.75', boostPriority: ' 20 ' })).toMatchObject({
      ok: true,
      input: { windowBoost: { withinSeconds: 2700, priority: 20 } },
    });
    // Switched off, whatever the fields hold: nothing is checked, and the boost goes.
    expect(toCategoryInput({ ...form, boost: false, boostHours: 'x', boostPriority: '0' })).toMatchObject({
      ok: true,
      input: { windowBoost: null },
    });
    // An older server's category, without the field: none.
    const { windowBoost: _, ...older } = category;
    expect(categoryToForm(older).boost).toBe(false);
  });

  it('checks the raise and the hours while switched on', () => {
    const form = { ...categoryToForm(category), boostPriority: '0', boostHours: '25' };
    const result = toCategoryInput(form);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([
      { field: 'boostPriority', message: 'The priority raise must be between 1 and 100.' },
      { field: 'boostHours', message: 'The hours before the window closes must be between 1 minute (0.0167) and 24.' },
    ]);
    const notWhole = toCategoryInput({ ...categoryToForm(category), boostPriority: '2.5' });
    expect(notWhole.ok ? [] : notWhole.errors).toEqual([{ field: 'boostPriority', message: 'The priority raise must be a whole number.' }]);
  });

  it('puts the server refusal (422 validation_failed) next to its field', () => {
    expect(categoryServerError(null, 'windowBoost.priority: 1 to 100 (how much the priority rises)')).toEqual({
      field: 'boostPriority',
      message: '1 to 100 (how much the priority rises)',
    });
    expect(categoryServerError('windowBoost.withinSeconds', 'windowBoost.withinSeconds: 60 to 86400 (how long before the window closes)')?.field).toBe(
      'boostHours',
    );
    expect(categoryServerError(null, 'name: required')).toBeNull();
  });
});

describe('the window boost on screen', () => {
  it('is a fieldset in the category form: the checkbox, then "by" and "when less than … hours remain"', () => {
    const html = renderToStaticMarkup(
      <CategoryFormView title="Edit category" initial={categoryToForm(category)} skills={[]} action={idle} onSave={() => {}} onCancel={() => {}} />,
    );
    expect(html).toContain('<legend>Reply window (WhatsApp, Messenger, Instagram)</legend>');
    expect(html).toMatch(/<input type="checkbox"[^>]* checked=""\/><span>Raise priority when the reply window is about to close<\/span>/);
    const priority = /<label for="([^"]+)">by<\/label><input[^>]*\/>/.exec(html)?.[0] ?? '';
    expect(priority).toContain('aria-label="Raise priority by"');
    expect(priority).toContain('value="5"');
    expect(priority).not.toContain('disabled');
    const hours = /<label for="([^"]+)" id="([^"]+)">when less than<\/label><input[^>]*\/><span id="([^"]+)">hours remain<\/span>/.exec(html);
    expect(hours).not.toBeNull();
    expect(hours?.[0]).toContain('value="2"');
    expect(hours?.[0]).toContain(`aria-labelledby="${hours?.[2]} ${hours?.[3]}"`);
  });

  it('shows the fields disabled while it is off', () => {
    const html = renderToStaticMarkup(
      <CategoryFormView title="New category" initial={categoryToForm(null)} skills={[]} action={idle} onSave={() => {}} onCancel={() => {}} />,
    );
    expect(html).toMatch(/<input type="checkbox"[^>]*\/><span>Raise priority/);
    expect(html).not.toMatch(/<input type="checkbox"[^>]* checked=""\/><span>Raise priority/);
    expect(/<label for="[^"]+">by<\/label><input[^>]*\/>/.exec(html)?.[0]).toContain('disabled=""');
  });

  it('shows a server refusal next to the field', () => {
    const html = renderToStaticMarkup(
      <CategoryFormView
        title="Edit category"
        initial={categoryToForm(category)}
        skills={[]}
        action={{ ...idle, error: 'windowBoost.priority: 1 to 100 (how much the priority rises)' }}
        onSave={() => {}}
        onCancel={() => {}}
      />,
    );
    expect(html).toMatch(/<p class="cfg-field-error" id="[^"]+-boostPriority-error">1 to 100 \(how much the priority rises\)<\/p>/);
    expect(/<label for="[^"]+">by<\/label><input[^>]*\/>/.exec(html)?.[0]).toContain('aria-invalid="true"');
  });

  it('is summed up in the list', () => {
    expect(describeWindowBoost({ withinSeconds: 7200, priority: 5 })).toBe('+5 priority when < 2 h of window remain');
    expect(describeWindowBoost({ withinSeconds: 5400, priority: 12 })).toBe('+12 priority when < 1 h 30 min of window remain');
    expect(describeWindowBoost({ withinSeconds: 90, priority: 1 })).toBe('+1 priority when < 1 min 30 s of window remain');
    expect(describeWindowBoost(null)).toBeNull();
    expect(describeWindowBoost(undefined)).toBeNull();

    const html = renderToStaticMarkup(<CategoryDetails category={category} skillName={(id) => id} />);
    expect(html).toContain('<span>Reply window: +5 priority when &lt; 2 h of window remain</span>');
    expect(renderToStaticMarkup(<CategoryDetails category={{ ...category, windowBoost: null }} skillName={(id) => id} />)).not.toContain(
      'Reply window',
    );
  });
});

describe('saving a category with a window boost', () => {
  let bodies: FetchCall[] = [];

  beforeEach(() => {
    ({ calls: bodies } = fakeFetch({ csrf: 'tok1', answer: () => ({ status: 200, body: { category } }) }));
  });

  it('sends windowBoost in seconds, or null', async () => {
    const on = toCategoryInput({ ...categoryToForm(null), name: 'Meta', boost: true, boostHours: '1.5', boostPriority: '8' });
    const off = toCategoryInput(categoryToForm({ ...category, windowBoost: null }));
    if (!on.ok || !off.ok) {
      throw new Error('the forms are valid');
    }
    await createCategory(on.input);
    await updateCategory(category.id, off.input);
    expect(bodies[0]).toMatchObject({ method: 'POST', url: '/api/v1/categories', body: { name: 'Meta', windowBoost: { withinSeconds: 5400, priority: 8 } } });
    expect(bodies[1]).toMatchObject({ url: '/api/v1/categories/cat_wa', body: { windowBoost: null } });
  });
});
