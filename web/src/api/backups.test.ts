import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getBackups, startBackup, type BackupStatus } from './backups';

describe('the backup calls', () => {
  let calls: { method: string; url: string; body: unknown; csrf: string | undefined }[] = [];
  let answer: unknown = {};
  let status = 200;

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

  const backups: BackupStatus = {
    schedule: { dailyAt: '03:00', keep: 14, keepKeyStore: 3 },
    running: false,
    nextAt: '2026-12-08T03:00:00.000Z',
    lastSuccess: { at: '2026-12-07T18:29:26.118Z', bytes: 340938, tookMs: 8 },
    lastFailure: null,
  };

  it('reads the status and starts a backup with the CSRF header', async () => {
    answer = backups;
    expect(await getBackups()).toEqual(backups);
    status = 202;
    answer = { ...backups, running: true };
    expect(await startBackup()).toEqual({ ...backups, running: true });
    expect(calls).toEqual([
      { method: 'GET', url: '/api/v1/settings/backups', body: undefined, csrf: undefined },
      { method: 'POST', url: '/api/v1/settings/backups', body: {}, csrf: 'tok1' },
    ]);
  });

  it('hands on the refusal while a backup runs', async () => {
    status = 409;
    answer = { error: { code: 'conflict', message: 'a backup is running' } };
    await expect(startBackup()).rejects.toMatchObject({ code: 'conflict', message: 'a backup is running', status: 409 });
  });
});
