import { describe, expect, it } from 'vitest';
import { auditEntry, USERS } from './auditFixtures';
import { actorText, destroyedKeys, entityLabel, entityText, NO_VALUE_NOTE, userName, valueText } from './auditText';

const none = destroyedKeys([]);

describe('who made a change', () => {
  it('names a known user, with their id under the name', () => {
    expect(actorText({ kind: 'user', id: 'usr_ADA' }, USERS)).toEqual({ text: 'Ada Admin', detail: 'usr_ADA' });
    expect(actorText({ kind: 'user', id: 'usr_DORA' }, USERS)).toEqual({ text: 'dora@example.com', detail: 'usr_DORA' });
  });

  it('falls back to the id when users cannot be listed or the user is gone', () => {
    expect(actorText({ kind: 'user', id: 'usr_ADA' }, null)).toEqual({ text: 'User', detail: 'usr_ADA' });
    expect(actorText({ kind: 'user', id: 'usr_GONE' }, USERS)).toEqual({ text: 'User', detail: 'usr_GONE' });
  });

  it('says API tokens and Parley itself are not people', () => {
    expect(actorText({ kind: 'token', id: 'tok_1' }, USERS)).toEqual({ text: 'API token', detail: 'tok_1' });
    expect(actorText({ kind: 'system', id: 'inbound' }, USERS)).toEqual({ text: 'System', detail: 'inbound' });
    expect(actorText({ kind: 'system', id: '' }, USERS)).toEqual({ text: 'System', detail: null });
    // A token's id is never looked up among the users.
    expect(actorText({ kind: 'token', id: 'usr_ADA' }, USERS).text).toBe('API token');
  });

  it('names users by display name, then email', () => {
    expect(userName('usr_ADA', USERS)).toBe('Ada Admin');
    expect(userName('usr_DORA', USERS)).toBe('dora@example.com');
    expect(userName('usr_ADA', null)).toBeNull();
  });
});

describe('what a change is about', () => {
  it('labels the entities Parley knows and shows others as they are', () => {
    expect(entityLabel('contact')).toBe('Contact');
    expect(entityLabel('tenant')).toBe('Tenant');
    expect(entityLabel('widget')).toBe('widget');
  });

  it('names a user the entry is about', () => {
    expect(entityText({ entity: 'contact', entityId: 'con_1' }, USERS)).toEqual({ text: 'Contact', detail: 'con_1' });
    expect(entityText({ entity: 'user', entityId: 'usr_ADA' }, USERS)).toEqual({ text: 'User: Ada Admin', detail: 'usr_ADA' });
    expect(entityText({ entity: 'user', entityId: 'usr_ADA' }, null)).toEqual({ text: 'User', detail: 'usr_ADA' });
  });
});

describe('the value of a change', () => {
  it('shows a value as it is, and an empty one in words', () => {
    expect(valueText(auditEntry(), none)).toEqual({ text: 'jane@example.com', note: null });
    expect(valueText(auditEntry({ value: '' }), none)).toEqual({ text: 'Empty', note: 'Set to an empty value.' });
  });

  it('says honestly that a missing value may be cleared or unreadable', () => {
    expect(valueText(auditEntry({ value: null }), none)).toEqual({ text: 'No value shown', note: NO_VALUE_NOTE });
    expect(NO_VALUE_NOTE).toBe('Cleared, or unreadable because the key of an erased customer or a deleted user was destroyed.');
  });

  it('says an erasure or anonymisation has no value', () => {
    expect(valueText(auditEntry({ attribute: 'erased', value: null }), none)).toEqual({
      text: 'No value',
      note: 'Records that the customer was erased; such entries hold no value.',
    });
    expect(valueText(auditEntry({ attribute: 'anonymised', value: null }), none).text).toBe('No value');
  });

  it('says a value is unreadable when the customer was erased or anonymised after it, as far as the page shows', () => {
    const erased = auditEntry({ seq: 30, attribute: 'erased', value: null });
    const before = auditEntry({ seq: 20, value: null });
    const after = auditEntry({ seq: 31, value: null });
    const other = auditEntry({ seq: 21, entityId: 'con_OTHER', value: null });
    const userWithSameId = auditEntry({ seq: 22, entity: 'user', value: null });
    const keys = destroyedKeys([after, erased, other, before, userWithSameId]);
    expect(valueText(before, keys)).toEqual({
      text: 'Unreadable',
      note: 'The customer’s key was destroyed when they were erased.',
    });
    expect(valueText(after, keys).text).toBe('No value shown');
    expect(valueText(other, keys).text).toBe('No value shown');
    expect(valueText(userWithSameId, keys).text).toBe('No value shown');
  });

  it('says a deleted user’s older values are unreadable, and only a user’s deletion counts', () => {
    const deleted = auditEntry({ seq: 40, entity: 'user', entityId: 'usr_ADA', attribute: 'deleted', value: null });
    const email = auditEntry({ seq: 10, entity: 'user', entityId: 'usr_ADA', attribute: 'email', value: null });
    const channelDeleted = auditEntry({ seq: 41, entity: 'channel', entityId: 'chn_X', attribute: 'deleted', value: null });
    const channelName = auditEntry({ seq: 11, entity: 'channel', entityId: 'chn_X', attribute: 'name', value: null });
    const keys = destroyedKeys([deleted, email, channelDeleted, channelName]);
    expect(valueText(email, keys)).toEqual({ text: 'Unreadable', note: 'The user’s key was destroyed when they were deleted.' });
    expect(valueText(deleted, keys)).toEqual({
      text: 'No value',
      note: 'Records that the user was deleted; such entries hold no value.',
    });
    expect(valueText(channelName, keys).text).toBe('No value shown');
  });

  it('remembers the newest action on a customer', () => {
    const keys = destroyedKeys([
      auditEntry({ seq: 40, attribute: 'erased', value: null }),
      auditEntry({ seq: 30, attribute: 'anonymised', value: null }),
    ]);
    expect(keys.get('contact\u0000con_01JANE')).toEqual({ seq: 40, action: 'erased' });
    expect(valueText(auditEntry({ seq: 35, value: null }), keys).note).toBe(
      'The customer’s key was destroyed when they were erased.',
    );
  });
});
