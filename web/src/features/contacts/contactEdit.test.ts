import { describe, expect, it } from 'vitest';
import {
  addAttributeRow,
  checkEditForm,
  editFormFrom,
  fieldOfRefusal,
  firstProblem,
  patchFor,
  savedText,
  type EditForm,
} from './contactEdit';
import { contact } from './contactFixtures';

const ada = contact({ email: 'ada@example.test', attributes: { plan: 'gold', tier: '2' } });
const edited = (change: (form: EditForm) => EditForm) => change(editFormFrom(ada));

describe('the edit form', () => {
  it('starts as the contact is, attributes in name order, empty fields as empty text', () => {
    expect(editFormFrom(contact({ email: null, attributes: { zeta: '1', alpha: '2' } }))).toEqual({
      name: 'Ada Lovelace',
      email: '',
      phone: '+44 20 7946 0001',
      attributes: [
        { id: 1, key: 'alpha', value: '2' },
        { id: 2, key: 'zeta', value: '1' },
      ],
    });
  });

  it('adds an empty row with an id no other row has', () => {
    const form = addAttributeRow({ ...editFormFrom(ada), attributes: [{ id: 7, key: 'a', value: 'b' }] });
    expect(form.attributes.at(-1)).toEqual({ id: 8, key: '', value: '' });
  });
});

describe('the PATCH body', () => {
  it('is null when nothing changed, spaces around values included', () => {
    expect(patchFor(ada, editFormFrom(ada))).toBeNull();
    expect(patchFor(ada, edited((form) => ({ ...form, name: ' Ada Lovelace ' })))).toBeNull();
    // An empty row added and left empty changes nothing.
    expect(patchFor(ada, addAttributeRow(editFormFrom(ada)))).toBeNull();
  });

  it('sends only the fields that changed, an emptied one as "" (cleared)', () => {
    expect(patchFor(ada, edited((form) => ({ ...form, name: 'Augusta Ada King', email: '' })))).toEqual({
      name: 'Augusta Ada King',
      email: '',
    });
  });

  it('sets a field the contact did not have', () => {
    expect(patchFor(contact({ phone: null }), { ...editFormFrom(contact()), phone: '+44 20 7946 0002' })).toEqual({
      phone: '+44 20 7946 0002',
    });
  });

  it('sends changed and added attributes, and removed ones as ""', () => {
    const form = edited((current) => ({
      ...current,
      attributes: [
        { id: 1, key: 'plan', value: 'platinum' },
        { id: 3, key: 'language', value: 'en' },
      ],
    }));
    expect(patchFor(ada, form)).toEqual({ attributes: { tier: '', plan: 'platinum', language: 'en' } });
  });

  it('turns a renamed attribute into one removed and one added', () => {
    const form = edited((current) => ({
      ...current,
      attributes: current.attributes.map((row) => (row.key === 'tier' ? { ...row, key: 'level' } : row)),
    }));
    expect(patchFor(ada, form)).toEqual({ attributes: { tier: '', level: '2' } });
  });

  it('says what was saved', () => {
    expect(savedText({ name: 'A' })).toBe('Saved: name.');
    expect(savedText({ name: 'A', phone: '', attributes: { plan: 'x' } })).toBe('Saved: name, phone and 1 attribute.');
    expect(savedText({ attributes: { a: '', b: 'c' } })).toBe('Saved: 2 attributes.');
  });
});

describe('the checks before saving', () => {
  it('accept the contact as it is, and empty fields', () => {
    expect(checkEditForm(editFormFrom(ada))).toEqual({});
    expect(checkEditForm({ name: '', email: '', phone: '', attributes: [{ id: 1, key: '', value: '' }] })).toEqual({});
  });

  it('catch typos in an email address or a phone number', () => {
    expect(checkEditForm({ ...editFormFrom(ada), email: 'ada.example.test' }).email).toMatch(/email address/);
    expect(checkEditForm({ ...editFormFrom(ada), phone: 'call me' }).phone).toMatch(/digits/);
    expect(checkEditForm({ ...editFormFrom(ada), phone: '+44 (20) 7946-0001' })).toEqual({});
  });

  it('keep to the server’s limits, in bytes', () => {
    expect(checkEditForm({ ...editFormFrom(ada), name: 'é'.repeat(101) }).name).toMatch(/200 bytes/);
    expect(checkEditForm({ ...editFormFrom(ada), name: 'é'.repeat(100) })).toEqual({});
    const many = Array.from({ length: 51 }, (_, index) => ({ id: index + 1, key: `k${index}`, value: 'v' }));
    expect(checkEditForm({ ...editFormFrom(ada), attributes: many }).attributes).toMatch(/at most 50/);
  });

  it('want a name and a value for each attribute, each name once', () => {
    const errors = checkEditForm({
      ...editFormFrom(ada),
      attributes: [
        { id: 1, key: 'plan', value: 'gold' },
        { id: 2, key: ' plan ', value: 'silver' },
        { id: 3, key: '', value: 'orphan' },
        { id: 4, key: 'empty', value: '  ' },
      ],
    });
    expect(errors).toEqual({
      'key-2': '“plan” is there already.',
      'key-3': 'Give the attribute a name, or remove it.',
      'value-4': 'Give a value, or remove the attribute.',
    });
  });

  it('find the first problem in the form’s order', () => {
    const form: EditForm = { ...editFormFrom(ada), attributes: [{ id: 5, key: '', value: 'x' }] };
    expect(firstProblem(form, { 'key-5': 'x', phone: 'y' })).toBe('phone');
    expect(firstProblem(form, { 'key-5': 'x' })).toBe('key-5');
    expect(firstProblem(form, {})).toBeNull();
  });
});

describe('a refusal from the server', () => {
  it('is put on the field its message or its `field` names', () => {
    expect(fieldOfRefusal(null, 'name is longer than 200 bytes')).toBe('name');
    expect(fieldOfRefusal(null, 'attributes names must be 1 to 100 bytes, values at most 2000')).toBe('attributes');
    expect(fieldOfRefusal(null, 'attributes.plan must be a string')).toBe('attributes');
    expect(fieldOfRefusal('email', 'not an address')).toBe('email');
    expect(fieldOfRefusal(null, 'body must be a JSON object')).toBeNull();
  });
});
