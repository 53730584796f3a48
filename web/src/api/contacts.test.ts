import { beforeEach, describe, expect, it } from 'vitest';
import { fakeFetch, type FetchCall } from '../test/fakeFetch';
import {
  directoryQuery,
  getContactProfile,
  listDirectory,
  mergeContact,
  searchContacts,
  updateContact,
} from './contacts';

describe('directoryQuery', () => {
  it('asks for the first page, then the page after the cursor', () => {
    expect(directoryQuery(null)).toBe('?limit=50');
    expect(directoryQuery('con_01a2', 20)).toBe('?after=con_01a2&limit=20');
    expect(directoryQuery('')).toBe('?limit=50');
  });
});

describe('the contacts directory’s calls', () => {
  let calls: FetchCall[] = [];
  let answer: unknown = {};

  beforeEach(() => {
    ({ calls } = fakeFetch({ csrf: 'tok1', answer: () => ({ status: 200, body: answer }) }));
  });

  it('pages through the directory', async () => {
    answer = { items: [], nextCursor: null };
    expect(await listDirectory(null)).toEqual({ items: [], nextCursor: null });
    await listDirectory('con_9');
    expect(calls.map((call) => call.url)).toEqual(['/api/v1/contacts?limit=50', '/api/v1/contacts?after=con_9&limit=50']);
  });

  it('searches one way at a time, a phone’s + kept as it is', async () => {
    answer = { items: [] };
    await searchContacts({ by: 'phone', value: '+44 7911 123456' });
    await searchContacts({ by: 'identity', value: 'cust-1', channel: 'api' });
    await searchContacts({ by: 'name', value: 'ada LOVELACE', channel: 'api' });
    expect(calls.map((call) => call.url)).toEqual([
      '/api/v1/contacts?phone=%2B44%207911%20123456',
      '/api/v1/contacts?identity=cust-1&channel=api',
      '/api/v1/contacts?name=ada%20LOVELACE',
    ]);
  });

  it('reads a profile, changes a contact and merges one into another, the writes with the CSRF token', async () => {
    answer = { subject: { contact: { id: 'con/1' } } };
    expect(await getContactProfile('con/1')).toEqual({ contact: { id: 'con/1' } });
    answer = { contact: { id: 'con_1' } };
    expect(await updateContact('con_1', { name: 'Ada', attributes: { plan: '' } })).toEqual({ id: 'con_1' });
    expect(await mergeContact('con_1', 'con_2')).toEqual({ id: 'con_1' });
    expect(calls).toEqual([
      { method: 'GET', url: '/api/v1/contacts/con%2F1/profile', body: undefined, csrf: undefined },
      { method: 'PATCH', url: '/api/v1/contacts/con_1', body: { name: 'Ada', attributes: { plan: '' } }, csrf: 'tok1' },
      { method: 'POST', url: '/api/v1/contacts/con_1/merge', body: { from: 'con_2' }, csrf: 'tok1' },
    ]);
  });
});
