import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, type FetchCall } from '../test/fakeFetch';
import { ApiError } from './client';
import {
  actOnSubject,
  auditExportUrl,
  auditQuery,
  CONTACTS_EXPORT_URL,
  deleteTenant,
  findSubjects,
  getContactsImport,
  getPrivacySettings,
  getTenant,
  listContactsImports,
  previewContactsImport,
  rotateContactKeys,
  searchAudit,
  signIn,
  startContactsImport,
  subjectSearchQuery,
  updatePrivacySettings,
  usageExportUrl,
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
  let calls: FetchCall[] = [];
  let answer: unknown = {};

  beforeEach(() => {
    ({ calls } = fakeFetch({ csrf: 'tok1', answer: () => ({ status: 200, body: answer }) }));
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

  it('rotates the contact keys with an empty object and its CSRF token, and answers the count', async () => {
    answer = { rewrappedKeys: 12345 };
    expect(await rotateContactKeys()).toBe(12345);
    expect(calls).toEqual([{ method: 'POST', url: '/api/v1/privacy/contact-keys/rotate', body: {}, csrf: 'tok1' }]);
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
  let calls: FetchCall[] = [];
  let status = 200;
  let answer: unknown = {};

  beforeEach(() => {
    status = 200;
    ({ calls } = fakeFetch({ csrf: 'tok1', answer: () => ({ status, body: answer }) }));
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

describe('the sign-in call', () => {
  let calls: FetchCall[] = [];
  let answer: unknown = {};

  beforeEach(() => {
    // Signed out: no CSRF cookie.
    ({ calls } = fakeFetch({ answer: () => ({ status: 200, body: answer }) }));
  });

  it('hands back the workspaces an email and password open, and sends the chosen one with the same two', async () => {
    answer = {
      tenants: [
        { id: 'ten_1', name: 'Acme' },
        { id: 'ten_2', name: 'Globex' },
      ],
    };
    expect(await signIn('ada@example.test', 'correct horse')).toEqual(answer);
    answer = { twoFactor: { challenge: 'ch1', expiresAt: '2026-12-07T10:05:00Z' } };
    expect(await signIn('ada@example.test', 'correct horse', 'ten_2')).toEqual(answer);
    expect(calls).toEqual([
      { method: 'POST', url: '/api/v1/auth/sign-in', body: { email: 'ada@example.test', password: 'correct horse' } },
      {
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        body: { email: 'ada@example.test', password: 'correct horse', tenant: 'ten_2' },
      },
    ]);
  });
});

describe('usageExportUrl', () => {
  it('asks for the range as RFC 3339 times, encoded, as CSV unless told', () => {
    expect(usageExportUrl({ from: '2026-12-01T00:00:00Z', until: '2026-12-08T00:00:00Z' })).toBe(
      '/api/v1/usage/messages?from=2026-12-01T00%3A00%3A00Z&until=2026-12-08T00%3A00%3A00Z&format=csv',
    );
    expect(usageExportUrl({ from: '2026-12-01T00:00:00+01:00', until: '2026-12-02' }, 'json')).toBe(
      '/api/v1/usage/messages?from=2026-12-01T00%3A00%3A00%2B01%3A00&until=2026-12-02&format=json',
    );
  });

  it('downloads the contacts from the export route', () => {
    expect(CONTACTS_EXPORT_URL).toBe('/api/v1/contacts/export');
  });
});

describe('the contacts import’s calls', () => {
  let calls: { method: string; url: string; body: string | undefined; type: string | undefined; csrf: string | undefined }[] = [];
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
          body: init?.body instanceof Blob ? await init.body.text() : (init?.body as string | undefined),
          type: headers['Content-Type'],
          csrf: headers['X-CSRF-Token'],
        });
        return new Response(JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/json' } });
      }),
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const csv = 'name,email\nAda,ada@example.com\n';
  // Spreadsheets on Windows call a .csv "application/vnd.ms-excel": the import says text/csv whatever the file says.
  const file = new Blob([csv], { type: 'application/vnd.ms-excel' });
  const run = {
    id: 'imp_1',
    state: 'running',
    rows: 1,
    processed: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors: [],
    startedAt: '2026-12-07T06:00:00Z',
    finishedAt: null,
    by: 'usr_1',
  };

  it('previews the file: its bytes as they are, as text/csv, with the CSRF token, writing nothing', async () => {
    const preview = { rows: 1, create: 1, update: 0, unchanged: 0, failed: 0, columns: [], sample: [], errors: [] };
    answer = { preview };
    expect(await previewContactsImport(file)).toEqual(preview);
    expect(calls).toEqual([
      { method: 'POST', url: '/api/v1/contacts/import?dryRun=true', body: csv, type: 'text/csv', csrf: 'tok1' },
    ]);
  });

  it('starts the import with the same bytes, then reads its progress and the recent imports', async () => {
    answer = { import: run };
    expect(await startContactsImport(file)).toEqual(run);
    expect(await getContactsImport('imp_1')).toEqual(run);
    answer = { items: [run] };
    expect(await listContactsImports()).toEqual([run]);
    expect(calls).toEqual([
      { method: 'POST', url: '/api/v1/contacts/import', body: csv, type: 'text/csv', csrf: 'tok1' },
      { method: 'GET', url: '/api/v1/contacts/imports/imp_1', body: undefined, type: undefined, csrf: undefined },
      { method: 'GET', url: '/api/v1/contacts/imports', body: undefined, type: undefined, csrf: undefined },
    ]);
  });

  it('turns a file the server cannot read into an ApiError with its sentence', async () => {
    status = 422;
    answer = { error: { code: 'validation_failed', message: 'the file has no recognised column' } };
    const refused = await previewContactsImport(file).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'validation_failed', status: 422, message: 'the file has no recognised column' });
  });
});
