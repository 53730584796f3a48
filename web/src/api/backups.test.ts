import { beforeEach, describe, expect, it } from 'vitest';
import { fakeFetch, type FetchCall } from '../test/fakeFetch';
import { getBackups, startBackup, type BackupStatus } from './backups';

describe('the backup calls', () => {
  let calls: FetchCall[] = [];
  let answer: unknown = {};
  let status = 200;

  beforeEach(() => {
    status = 200;
    ({ calls } = fakeFetch({ csrf: 'tok1', answer: () => ({ status, body: answer }) }));
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
