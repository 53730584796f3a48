import { describe, expect, it } from 'vitest';
import type { Category } from '../../../api/routing';
import {
  categoryToForm,
  describeRelaxation,
  emptyStep,
  inPositionOrder,
  nextPosition,
  splitList,
  toCategoryInput,
} from './categoryForm';

const category: Category = {
  id: 'cat_1',
  name: 'Billing',
  priority: 5,
  position: 20,
  skills: ['skl_billing'],
  relaxation: [
    { afterSeconds: 60, anyOf: [['skl_billing'], ['skl_french', 'skl_sales']] },
    { afterSeconds: 300, anyOf: [] },
  ],
  offerTimeoutSeconds: 30,
  rules: { channels: ['api', 'sms'], keywords: ['invoice', 'refund'], entryPoints: ['pricing-page'] },
  createdAt: '2025-01-01T00:00:00Z',
};

describe('splitList', () => {
  it('splits on commas and line breaks, trims, drops blanks and repeats', () => {
    expect(splitList(' invoice, refund\n\nbill ,invoice,\n')).toEqual(['invoice', 'refund', 'bill']);
    expect(splitList('   ')).toEqual([]);
  });
});

describe('categoryToForm and toCategoryInput', () => {
  it('round-trips a whole category', () => {
    const converted = toCategoryInput(categoryToForm(category));
    expect(converted).toEqual({
      ok: true,
      input: {
        name: 'Billing',
        priority: 5,
        position: 20,
        skills: ['skl_billing'],
        offerTimeoutSeconds: 30,
        relaxation: [
          { afterSeconds: 60, anyOf: [['skl_billing'], ['skl_french', 'skl_sales']] },
          { afterSeconds: 300, anyOf: [] },
        ],
        rules: { channels: ['api', 'sms'], keywords: ['invoice', 'refund'], entryPoints: ['pricing-page'] },
        // None: sent as null, so saving a category clears one it had.
        windowBoost: null,
      },
    });
  });

  it('reads an empty skill set as anyone', () => {
    const form = categoryToForm({ ...category, relaxation: [{ afterSeconds: 10, anyOf: [[]] }] });
    expect(form.steps[0].anyone).toBe(true);
  });

  it('starts a new category with defaults at the given position', () => {
    const form = categoryToForm(null, 30);
    expect(form.position).toBe('30');
    expect(toCategoryInput({ ...form, name: ' New ' })).toMatchObject({
      ok: true,
      input: { name: 'New', priority: 0, position: 30, offerTimeoutSeconds: 0, relaxation: [], skills: [] },
    });
  });

  it('requires a name and whole numbers in range', () => {
    const result = toCategoryInput({ ...categoryToForm(null), priority: '101', offerTimeoutSeconds: '1.5' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((error) => error.field)).toEqual(['name', 'priority', 'offerTimeoutSeconds']);
    }
  });

  it('insists on strictly increasing step times', () => {
    const form = { ...categoryToForm(category), steps: [emptyStep('60'), emptyStep('60'), emptyStep('0')] };
    const result = toCategoryInput(form);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        { field: 'step-1', message: 'Step 2 must start later than the step before it (after 60 seconds).' },
        { field: 'step-2', message: 'Step 3: the time must be between 1 and 604800.' },
      ]);
    }
  });

  it('refuses an empty skill set unless the step is for anyone', () => {
    const step = { ...emptyStep('30'), anyone: false, sets: [['skl_a'], []] };
    const result = toCategoryInput({ ...categoryToForm(category), steps: [step] });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0].field).toBe('step-0');
    }
  });
});

describe('ordering and summaries', () => {
  it('orders by position, then name', () => {
    const items = [
      { name: 'b', position: 10 },
      { name: 'a', position: 10 },
      { name: 'c', position: 0 },
    ];
    expect(inPositionOrder(items).map((item) => item.name)).toEqual(['c', 'a', 'b']);
  });

  it('puts a new category after the last one', () => {
    expect(nextPosition([])).toBe(0);
    expect(nextPosition([{ position: 20 }, { position: 5 }])).toBe(30);
    expect(nextPosition([{ position: 25 }])).toBe(30);
  });

  it('describes relaxation steps with skill names', () => {
    const names: Record<string, string> = { skl_billing: 'Billing', skl_french: 'French', skl_sales: 'Sales' };
    expect(describeRelaxation(category, (skill) => names[skill] ?? skill)).toEqual([
      'after 60 s: Billing or (French + Sales)',
      'after 300 s: anyone',
    ]);
  });
});
