import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { actOnSubject, findSubjects, getPrivacySettings, subjectSearchQuery, updatePrivacySettings } from './endpoints';

describe('subjectSearchQuery', () => {
  it('sends exactly one way to search, encoded so that a space never reads as a phone number’s +', () => {
    expect(subjectSearchQuery({ by: 'phone', value: '+44 7911 123456' })).toBe('?phone=%2B44%207911%20123456');
    expect(subjectSearchQuery({ by: 'email', value: 'jane@example.com' })).toBe('?email=jane%40example.com');
    expect(subjectSearchQuery({ by: 'name', value: 'Zoë Smith' })).toBe('?name=Zo%C3%AB%20Smith');
  });

  it('adds the channel to a channel id search only', () => {
    expect(subjectSearchQuery({ by: 'identity', value: '12345', channel: 'chn_TG' })).toBe('?identity=12345&channel=chn_TG');
    expect(subjectSearchQuery({ by: 'identity', value: '12345', channel: '' })).toBe('?identity=12345');
    expect(subjectSearchQuery({ by: 'name', value: 'Jane', channel: 'chn_TG' })).toBe('?name=Jane');
  });
});

describe('the privacy console’s calls', () => {
  let calls: { method: string; url: string; body: unknown; csrf: string | undefined }[] = [];
  let answer: unknown = {};

  beforeEach(() => {
    calls = [];
    vi.stubGlobal('document', { cookie: 'parley_csrf=tok1' });
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const headers = (init?.headers ?? {}) as Record<string, string>;
        calls.push({
          method: init?.method ?? 'GET',
          url: String(input),
          body: init?.body === undefined ? undefined : JSON.parse(String(init.body)),
          csrf: headers['X-CSRF-Token'],
        });
        return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
      }),
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reads and saves the settings, the write with its CSRF token', async () => {
    const settings = { phoneRegion: 'GB', anonymiseAfterDays: 90, deleteAfterDays: 365, auditKeepDays: 365 };
    answer = { settings };
    expect(await getPrivacySettings()).toEqual(settings);
    expect(await updatePrivacySettings({ phoneRegion: 'DE' })).toEqual(settings);
    expect(calls).toEqual([
      { method: 'GET', url: '/api/v1/privacy/settings', body: undefined, csrf: undefined },
      { method: 'PUT', url: '/api/v1/privacy/settings', body: { phoneRegion: 'DE' }, csrf: 'tok1' },
    ]);
  });

  it('finds customers', async () => {
    answer = { items: [] };
    expect(await findSubjects({ by: 'identity', value: '12345', channel: 'chn_TG' })).toEqual([]);
    expect(calls[0]).toMatchObject({ method: 'GET', url: '/api/v1/privacy/subjects?identity=12345&channel=chn_TG' });
  });

  it('names the action again in `confirm`', async () => {
    answer = { subject: {}, contacts: ['ct_1'], closedConversations: 0, cancelledMessages: 0 };
    await actOnSubject('ct_1', 'erase');
    await actOnSubject('ct/2', 'anonymise');
    expect(calls).toEqual([
      { method: 'POST', url: '/api/v1/privacy/subjects/ct_1/erase', body: { confirm: 'erase' }, csrf: 'tok1' },
      { method: 'POST', url: '/api/v1/privacy/subjects/ct%2F2/anonymise', body: { confirm: 'anonymise' }, csrf: 'tok1' },
    ]);
  });
});
