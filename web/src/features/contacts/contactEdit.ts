// The contact edit form: its state from a contact, the checks the server also makes (and a few it does not),
// the PATCH body that changes exactly what was edited, and which field a refusal is about.
import type { ContactPatch } from '../../api/contacts';
import type { Contact } from '../../api/routing';

/** The server's limits, in bytes (src/core/contact_limits.h). */
export const CONTACT_LIMITS = {
  name: 200,
  email: 254,
  phone: 32,
  attributes: 50,
  attributeKey: 100,
  attributeValue: 2000,
} as const;

export type DetailField = 'name' | 'email' | 'phone';
export const DETAIL_FIELDS: readonly DetailField[] = ['name', 'email', 'phone'];
export const DETAIL_LABELS: Record<DetailField, string> = { name: 'Name', email: 'Email', phone: 'Phone' };

export interface AttributeRow {
  /** Stable across edits, for React keys and element ids. */
  id: number;
  key: string;
  value: string;
}

export interface EditForm {
  name: string;
  email: string;
  phone: string;
  attributes: AttributeRow[];
}

/** Problems by field: `name`, `email`, `phone`, `attributes` (the list as a whole), `key-<row id>`, `value-<row id>`. */
export type EditErrors = Partial<Record<string, string>>;

/** The form showing `contact` as it is; attributes in key order. */
export function editFormFrom(contact: Contact): EditForm {
  return {
    name: contact.name ?? '',
    email: contact.email ?? '',
    phone: contact.phone ?? '',
    attributes: Object.keys(contact.attributes)
      .sort((a, b) => a.localeCompare(b))
      .map((key, index) => ({ id: index + 1, key, value: contact.attributes[key] })),
  };
}

/** A new empty row, its id after every other row's. */
export function addAttributeRow(form: EditForm): EditForm {
  const id = Math.max(0, ...form.attributes.map((row) => row.id)) + 1;
  return { ...form, attributes: [...form.attributes, { id, key: '', value: '' }] };
}

const bytes = (text: string) => new TextEncoder().encode(text).length;
/** Something, an @, something with a dot or not: the server stores any text, so only plain typos are caught. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;
/** Digits, spaces and the usual punctuation of a phone number, with at least one digit. */
const PHONE = /^[+\d\s().-]*\d[\d\s().-]*$/;

/** What is wrong with the form, by field; empty when it can be saved. */
export function checkEditForm(form: EditForm): EditErrors {
  const errors: EditErrors = {};
  const name = form.name.trim();
  const email = form.email.trim();
  const phone = form.phone.trim();
  if (bytes(name) > CONTACT_LIMITS.name) {
    errors.name = `A name has at most ${CONTACT_LIMITS.name} bytes.`;
  }
  if (bytes(email) > CONTACT_LIMITS.email) {
    errors.email = `An email address has at most ${CONTACT_LIMITS.email} bytes.`;
  } else if (email && !EMAIL.test(email)) {
    errors.email = 'Enter an email address like name@example.com, or leave it empty.';
  }
  if (bytes(phone) > CONTACT_LIMITS.phone) {
    errors.phone = `A phone number has at most ${CONTACT_LIMITS.phone} bytes.`;
  } else if (phone && !PHONE.test(phone)) {
    errors.phone = 'A phone number has digits, and perhaps +, spaces, dashes or brackets.';
  }
  const seen = new Set<string>();
  const filled = form.attributes.filter((row) => row.key.trim() !== '' || row.value.trim() !== '');
  for (const row of filled) {
    const key = row.key.trim();
    if (key === '') {
      errors[`key-${row.id}`] = 'Give the attribute a name, or remove it.';
    } else if (bytes(key) > CONTACT_LIMITS.attributeKey) {
      errors[`key-${row.id}`] = `A name has at most ${CONTACT_LIMITS.attributeKey} bytes.`;
    } else if (seen.has(key)) {
      errors[`key-${row.id}`] = `“${key}” is there already.`;
    }
    seen.add(key);
    if (row.value.trim() === '') {
      errors[`value-${row.id}`] = 'Give a value, or remove the attribute.';
    } else if (bytes(row.value.trim()) > CONTACT_LIMITS.attributeValue) {
      errors[`value-${row.id}`] = `A value has at most ${CONTACT_LIMITS.attributeValue} bytes.`;
    }
  }
  if (seen.size > CONTACT_LIMITS.attributes) {
    errors.attributes = `A contact has at most ${CONTACT_LIMITS.attributes} attributes.`;
  }
  return errors;
}

/** The first field with a problem, in the form's order, for focus. */
export function firstProblem(form: EditForm, errors: EditErrors): string | null {
  const order = [
    ...DETAIL_FIELDS,
    'attributes',
    ...form.attributes.flatMap((row) => [`key-${row.id}`, `value-${row.id}`]),
  ];
  return order.find((field) => errors[field]) ?? null;
}

/**
 * The PATCH that turns `contact` into what the form says, or null when nothing changed. Only what changed is
 * sent: a field emptied is `""` (cleared), an attribute removed or renamed away is `""` (removed).
 */
export function patchFor(contact: Contact, form: EditForm): ContactPatch | null {
  const patch: ContactPatch = {};
  for (const field of DETAIL_FIELDS) {
    const now = form[field].trim();
    if (now !== (contact[field] ?? '')) {
      patch[field] = now;
    }
  }
  const wanted = new Map<string, string>();
  for (const row of form.attributes) {
    if (row.key.trim() !== '') {
      wanted.set(row.key.trim(), row.value.trim());
    }
  }
  const attributes: Record<string, string> = {};
  for (const key of Object.keys(contact.attributes)) {
    if (!wanted.has(key)) {
      attributes[key] = '';
    }
  }
  for (const [key, value] of wanted) {
    if (contact.attributes[key] !== value) {
      attributes[key] = value;
    }
  }
  if (Object.keys(attributes).length > 0) {
    patch.attributes = attributes;
  }
  return Object.keys(patch).length > 0 ? patch : null;
}

/** What a save changes, in words for the status line: "Saved: name, email and 2 attributes." */
export function savedText(patch: ContactPatch): string {
  const parts: string[] = DETAIL_FIELDS.filter((field) => patch[field] !== undefined);
  const attributes = Object.keys(patch.attributes ?? {}).length;
  if (attributes > 0) {
    parts.push(attributes === 1 ? '1 attribute' : `${attributes} attributes`);
  }
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0] ?? '';
  return `Saved: ${list}.`;
}

/**
 * The field a server's refusal is about: its `field` when it names one, else the word its message starts with
 * ("name is longer than 200 bytes", "attributes names must be 1 to 100 bytes…"); null for none of the form's.
 */
export function fieldOfRefusal(field: string | null, message: string): DetailField | 'attributes' | null {
  const named = (field ?? message.split(/[\s.]/, 1)[0]).split('.', 1)[0];
  if (named === 'attributes') {
    return 'attributes';
  }
  return (DETAIL_FIELDS as readonly string[]).includes(named) ? (named as DetailField) : null;
}
