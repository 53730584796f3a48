// Message templates in the composer (WhatsApp), the pure parts: which templates an agent may send, the preview of a
// body with its {{n}} placeholders filled as the agent types, the checks the server makes on each parameter, and
// the reply that goes out. The placeholders are found as the server finds them (channels/message_template.cc):
// "{{" digits "}}" with a number from 1; anything else in braces is text.
import type { MessageTemplate, TemplateReply } from '../../../api/routing';

/** A {{n}} in a body: where it starts and ends, and n (1-based). */
export interface Placeholder {
  start: number;
  end: number;
  number: number;
}

export function placeholders(body: string): Placeholder[] {
  const found: Placeholder[] = [];
  for (let open = body.indexOf('{{'); open !== -1; open = body.indexOf('{{', open + 2)) {
    const close = body.indexOf('}}', open + 2);
    if (close === -1) {
      break;
    }
    const digits = body.slice(open + 2, close);
    const number = /^\d+$/.test(digits) ? Number(digits) : 0;
    if (number > 0 && Number.isSafeInteger(number)) {
      found.push({ start: open, end: close + 2, number });
    }
  }
  return found;
}

/** How many parameters a body takes: its highest placeholder ({{3}} alone takes 3). */
export const parameterCount = (body: string): number =>
  placeholders(body).reduce((highest, each) => Math.max(highest, each.number), 0);

/** A piece of the preview: body text, a parameter as typed, or a placeholder not filled yet. */
export type PreviewPart =
  | { kind: 'text'; text: string }
  | { kind: 'value'; number: number; text: string }
  | { kind: 'slot'; number: number; text: string };

/** The body in pieces, each {{n}} replaced by `values[n - 1]`, or left as a slot while that value is empty. */
export function previewParts(body: string, values: readonly string[]): PreviewPart[] {
  const parts: PreviewPart[] = [];
  let copied = 0;
  for (const each of placeholders(body)) {
    if (each.start > copied) {
      parts.push({ kind: 'text', text: body.slice(copied, each.start) });
    }
    const value = values[each.number - 1] ?? '';
    parts.push(
      value === ''
        ? { kind: 'slot', number: each.number, text: `{{${each.number}}}` }
        : { kind: 'value', number: each.number, text: value },
    );
    copied = each.end;
  }
  if (copied < body.length) {
    parts.push({ kind: 'text', text: body.slice(copied) });
  }
  return parts;
}

/** The preview as one string: what the customer will read once every placeholder is filled. */
export const previewText = (body: string, values: readonly string[]): string =>
  previewParts(body, values)
    .map((part) => part.text)
    .join('');

/**
 * What is wrong with one parameter, in words, or null. The server's rules (Meta's): not empty, no new line or tab,
 * at most 4 spaces in a row. Blank (spaces only) counts as empty here: the customer would read nothing.
 */
export function parameterProblem(value: string): string | null {
  if (value.trim() === '') {
    return 'Fill this in: the template needs a value here.';
  }
  if (/[\n\t]/.test(value)) {
    return 'No line breaks or tabs: WhatsApp refuses them in a parameter.';
  }
  if (value.includes('     ')) {
    return 'At most 4 spaces in a row: WhatsApp refuses more.';
  }
  return null;
}

/** The templates an agent may send: the approved ones (Meta refuses the others), in the server's order. */
export const approvedTemplates = (templates: readonly MessageTemplate[]): MessageTemplate[] =>
  templates.filter((template) => template.status === 'APPROVED');

/** One template among a channel's: its name and language (a name can exist in several languages). */
export const templateKey = (template: Pick<MessageTemplate, 'name' | 'language'>): string =>
  `${template.name}\u0000${template.language}`;

/** How many inputs a template gets: the server's count, or its body's where the server gave none. */
export const inputsOf = (template: Pick<MessageTemplate, 'body' | 'parameters'>): number =>
  Number.isInteger(template.parameters) && template.parameters >= 0 ? template.parameters : parameterCount(template.body);

/** What the agent chose and typed in the picker; kept by the composer while the picker is closed. */
export interface TemplateDraft {
  /** templateKey() of the chosen template; null: the first approved one. */
  key: string | null;
  /** Parameter n is values[n - 1]; missing ones are empty. */
  values: string[];
  /** A send was tried: empty parameters are pointed out too (before, only what is wrong in what was typed). */
  tried: boolean;
}

export const emptyTemplateDraft = (): TemplateDraft => ({ key: null, values: [], tried: false });

/** The draft a failed template reply left, so the picker opens on what was tried (the same body keeps its key). */
export function draftFromReply(reply: TemplateReply): TemplateDraft {
  return {
    key: templateKey(reply.template),
    values: [...reply.template.parameters],
    tried: false,
  };
}

/** The template the draft has chosen among `approved`, or the first one; null when there is none. */
export function chosenTemplate(approved: readonly MessageTemplate[], draft: TemplateDraft): MessageTemplate | null {
  return approved.find((template) => templateKey(template) === draft.key) ?? approved[0] ?? null;
}

/** The values of the template's parameters, as many as it takes. */
export const valuesFor = (template: MessageTemplate, values: readonly string[]): string[] =>
  Array.from({ length: inputsOf(template) }, (_, index) => values[index] ?? '');

export type TemplateReplyCheck =
  | { ok: true; content: TemplateReply }
  /** `problems[n - 1]`: what is wrong with parameter n, or null. */
  | { ok: false; problems: (string | null)[] };

/** The reply that sends `template` with `values`, or what is wrong with them (nothing is sent then). */
export function templateReply(template: MessageTemplate, values: readonly string[]): TemplateReplyCheck {
  const parameters = valuesFor(template, values);
  const problems = parameters.map(parameterProblem);
  if (problems.some((problem) => problem !== null)) {
    return { ok: false, problems };
  }
  return { ok: true, content: { template: { name: template.name, language: template.language, parameters } } };
}

/** "ticket_update · en_US · Utility" */
export function templateLabel(template: Pick<MessageTemplate, 'name' | 'language' | 'category'>): string {
  const category = template.category ? template.category.charAt(0) + template.category.slice(1).toLowerCase() : '';
  return [template.name, template.language, category].filter((part) => part !== '').join(' · ');
}

/** Whether a reply is a template (the picker shows its failures; the composer's Retry resends it as it was). */
export const isTemplateReply = (content: unknown): content is TemplateReply =>
  typeof content === 'object' && content !== null && 'template' in content;
