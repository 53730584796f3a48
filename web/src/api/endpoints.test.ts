import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './client';
import {
  actOnSubject,
  auditExportUrl,
  auditQuery,
  deleteTenant,
  findSubjects,
  getPrivacySettings,
  getTenant,
  searchAudit,
  subjectSearchQuery,
  updatePrivacySettings,
} from './endpoints';

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

describe('auditQuery', () => {
  it('sends nothing when nothing is set, and leaves out empty filters', () => {
    expect(auditQuery({})).toBe('');
    expect(auditQuery({ entity: '', attribute: 'email', actorId: '' })).toBe('?attribute=email');
    expect(auditQuery({}, { before: null })).toBe('');
  });

  it('sends the filters in the API’s order, then the page', () => {
    expect(
      auditQuery(
        {
          until: '2026-12-08',
          from: '2026-12-01',
          actorId: 'usr_1',
          actorKind: 'user',
          attribute: 'email',
          entityId: 'con_1',
          entity: 'contact',
        },
        { limit: 100, before: 1234 },
      ),
    ).toBe(
      '?entity=contact&entityId=con_1&attribute=email&actorKind=user&actorId=usr_1&from=2026-12-01&until=2026-12-08' +
        '&before=1234&limit=100',
    );
    expect(auditQuery({ entity: 'tenant' }, { limit: 100 })).toBe('?entity=tenant&limit=100');
  });

  it('encodes every value, keeping a + a + and never a space', () => {
    expect(auditQuery({ entityId: 'a+b c&d=e/f', entity: 'contact' })).toBe('?entity=contact&entityId=a%2Bb%20c%26d%3De%2Ff');
    expect(auditQuery({ attribute: 'Zoë', actorId: '#1?' })).toBe('?attribute=Zo%C3%AB&actorId=%231%3F');
    expect(auditQuery({ from: '2026-12-01T09:00:00Z' })).toBe('?from=2026-12-01T09%3A00%3A00Z');
  });
});

describe('auditExportUrl', () => {
  it('downloads in the format asked for, with the same filters and no page', () => {
    expect(auditExportUrl({}, 'csv')).toBe('/api/v1/audit/entries/export?format=csv');
    expect(auditExportUrl({ entity: 'contact', entityId: 'con_1', until: '2026-12-08' }, 'json')).toBe(
      '/api/v1/audit/entries/export?format=json&entity=contact&entityId=con_1&until=2026-12-08',
    );
    expect(auditExportUrl({ attribute: 'a+b' }, 'csv')).toBe('/api/v1/audit/entries/export?format=csv&attribute=a%2Bb');
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

  it('reads a page of the audit log', async () => {
    const entry = {
      seq: 12,
      entity: 'contact',
      entityId: 'con_1',
      attribute: 'email',
      actor: { kind: 'user', id: 'usr_1' },
      at: '2026-12-07T00:14:00.000Z',
      value: 'ada@example.com',
    };
    answer = { items: [entry], nextBefore: 12 };
    expect(await searchAudit({ attribute: 'email' }, { before: 40, limit: 1 })).toEqual({ items: [entry], nextBefore: 12 });
    expect(await searchAudit({})).toEqual(answer);
    expect(calls).toEqual([
      { method: 'GET', url: '/api/v1/audit/entries?attribute=email&before=40&limit=1', body: undefined, csrf: undefined },
      { method: 'GET', url: '/api/v1/audit/entries', body: undefined, csrf: undefined },
    ]);
  });
});

describe('the workspace’s calls', () => {
  let calls: { method: string; url: string; body: unknown; csrf: string | undefined }[] = [];
  let status = 200;
  let answer: unknown = {};

  beforeEach(() => {
    calls = [];
    status = 200;
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
        return new Response(JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/json' } });
      }),
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const tenant = { id: 'ten_1', name: 'Acme Ltd', createdAt: '2026-01-05T09:00:00Z' };

  it('reads the tenant', async () => {
    answer = { tenant };
    expect(await getTenant()).toEqual(tenant);
    expect(calls).toEqual([{ method: 'GET', url: '/api/v1/tenant', body: undefined, csrf: undefined }]);
  });

  it('deletes the tenant, naming it in `confirm`, with the CSRF token', async () => {
    const deleted = { ...tenant, deletedAt: '2026-12-08T10:00:00Z', destroyAfter: '2027-01-07T10:00:00Z' };
    answer = { tenant: deleted };
    expect(await deleteTenant('Acme Ltd')).toEqual(deleted);
    expect(calls).toEqual([{ method: 'DELETE', url: '/api/v1/tenant', body: { confirm: 'Acme Ltd' }, csrf: 'tok1' }]);
  });

  it('turns a refused deletion into an ApiError with the server’s code', async () => {
    status = 422;
    answer = { error: { code: 'validation_failed', message: 'confirm must be the tenant’s name' } };
    const refused = await deleteTenant('acme ltd').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'validation_failed', status: 422, message: 'confirm must be the tenant’s name' });
  });
});
