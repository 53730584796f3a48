import { describe, expect, it } from 'vitest';
import type { MessageTemplate } from '../../../api/routing';
import {
  approvedTemplates,
  chosenTemplate,
  draftFromReply,
  emptyTemplateDraft,
  isTemplateReply,
  parameterCount,
  parameterProblem,
  placeholders,
  previewParts,
  previewText,
  templateKey,
  templateLabel,
  templateReply,
  valuesFor,
} from './templates';

const template = (name: string, overrides: Partial<MessageTemplate> = {}): MessageTemplate => ({
  name,
  language: 'en_US',
  category: 'UTILITY',
  status: 'APPROVED',
  body: 'Your ticket {{1}} was updated: {{2}}',
  parameters: 2,
  components: null,
  ...overrides,
});

const ticketUpdate = template('ticket_update');

describe('placeholders in a template body', () => {
  it('are found as the server finds them: {{digits}} from 1, anything else is text', () => {
    expect(placeholders('Your ticket {{1}} was updated: {{2}}')).toEqual([
      { start: 12, end: 17, number: 1 },
      { start: 31, end: 36, number: 2 },
    ]);
    expect(placeholders('{{0}} {{ 1 }} {{x}} {{-1}} {{1 {{')).toEqual([]);
    // An unclosed "{{a" before a real one: the real one still counts.
    expect(placeholders('{{a{{1}}').map((each) => each.number)).toEqual([1]);
    expect(placeholders('no placeholders')).toEqual([]);
  });

  it('count up to the highest one, repeated or not', () => {
    expect(parameterCount(ticketUpdate.body)).toBe(2);
    expect(parameterCount('{{2}} then {{1}} and {{2}} again')).toBe(2);
    expect(parameterCount('only {{3}}')).toBe(3);
    expect(parameterCount('Sale!')).toBe(0);
  });
});

describe('the preview', () => {
  it('fills each placeholder with what was typed, live', () => {
    expect(previewText(ticketUpdate.body, ['#4711', 'shipped today'])).toBe('Your ticket #4711 was updated: shipped today');
    expect(previewText('{{2}}, {{1}}, {{2}}', ['a', 'b'])).toBe('b, a, b');
  });

  it('keeps an empty one as a placeholder, to be shown highlighted', () => {
    expect(previewParts(ticketUpdate.body, ['#4711'])).toEqual([
      { kind: 'text', text: 'Your ticket ' },
      { kind: 'value', number: 1, text: '#4711' },
      { kind: 'text', text: ' was updated: ' },
      { kind: 'slot', number: 2, text: '{{2}}' },
    ]);
    expect(previewParts('{{1}}', [''])).toEqual([{ kind: 'slot', number: 1, text: '{{1}}' }]);
    expect(previewText(ticketUpdate.body, [])).toBe(ticketUpdate.body);
  });

  it('shows a value as typed, braces and dollar signs included', () => {
    expect(previewText('Total: {{1}}', ['$& {{2}}'])).toBe('Total: $& {{2}}');
  });
});

describe('a parameter', () => {
  it('is checked as the server checks it', () => {
    expect(parameterProblem('#4711')).toBeNull();
    expect(parameterProblem('four    spaces')).toBeNull();
    expect(parameterProblem('')).toMatch(/^Fill this in/);
    expect(parameterProblem('   ')).toMatch(/^Fill this in/);
    expect(parameterProblem('two\nlines')).toMatch(/line breaks or tabs/);
    expect(parameterProblem('a\ttab')).toMatch(/line breaks or tabs/);
    expect(parameterProblem('five     spaces')).toMatch(/At most 4 spaces in a row/);
  });
});

describe('the reply a template sends', () => {
  it('names the template and its language, with the parameters in order', () => {
    expect(templateReply(ticketUpdate, ['#4711', 'shipped today'])).toEqual({
      ok: true,
      content: { template: { name: 'ticket_update', language: 'en_US', parameters: ['#4711', 'shipped today'] } },
    });
    expect(templateReply(template('autumn_sale', { body: 'Sale!', parameters: 0 }), [])).toEqual({
      ok: true,
      content: { template: { name: 'autumn_sale', language: 'en_US', parameters: [] } },
    });
  });

  it('is not made while a parameter is missing or wrong, and says which', () => {
    expect(templateReply(ticketUpdate, ['#4711'])).toEqual({ ok: false, problems: [null, expect.stringMatching(/^Fill this in/)] });
    const wrong = templateReply(ticketUpdate, ['a\tb', 'fine']);
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.problems[0]).toMatch(/tabs/);
  });

  it('takes as many values as the template has parameters', () => {
    expect(valuesFor(ticketUpdate, ['a', 'b', 'left over'])).toEqual(['a', 'b']);
    expect(valuesFor(ticketUpdate, [])).toEqual(['', '']);
  });
});

describe('choosing a template', () => {
  const list = [
    template('autumn_sale', { status: 'PENDING', category: 'MARKETING', body: 'Sale!', parameters: 0 }),
    template('order_shipped', { language: 'de_DE' }),
    template('order_shipped'),
    template('old_promo', { status: 'REJECTED' }),
    template('paused_one', { status: 'PAUSED' }),
    ticketUpdate,
  ];

  it('offers only the approved ones, in the server order', () => {
    expect(approvedTemplates(list).map((each) => `${each.name}/${each.language}`)).toEqual([
      'order_shipped/de_DE',
      'order_shipped/en_US',
      'ticket_update/en_US',
    ]);
  });

  it('tells a name in two languages apart, and falls back to the first', () => {
    const approved = approvedTemplates(list);
    expect(chosenTemplate(approved, { ...emptyTemplateDraft(), key: templateKey(list[2]) })).toBe(list[2]);
    expect(chosenTemplate(approved, emptyTemplateDraft())).toBe(list[1]);
    expect(chosenTemplate(approved, { ...emptyTemplateDraft(), key: templateKey(list[0]) })).toBe(list[1]);
    expect(chosenTemplate([], emptyTemplateDraft())).toBeNull();
  });

  it('comes back as it was tried after a failure', () => {
    const reply = { template: { name: 'ticket_update', language: 'en_US', parameters: ['#4711', 'x'] } };
    expect(isTemplateReply(reply)).toBe(true);
    expect(isTemplateReply({ text: 'hi' })).toBe(false);
    expect(draftFromReply(reply)).toEqual({ key: templateKey(ticketUpdate), values: ['#4711', 'x'], tried: false });
  });

  it('is labelled with its name, language and category', () => {
    expect(templateLabel(ticketUpdate)).toBe('ticket_update · en_US · Utility');
    expect(templateLabel({ ...ticketUpdate, category: '' })).toBe('ticket_update · en_US');
  });
});
