import { describe, expect, it } from 'vitest';
import type { BackupStatus } from '../../../api/backups';
import { ApiError } from '../../../api/client';
import { formatDateTime } from '../../../format';
import { backupLines, finishedNotice, keptText, progressProblem, scheduleText, startProblem, tookText } from './backupText';

const status: BackupStatus = {
  schedule: { dailyAt: '03:00', keep: 14, keepKeyStore: 3 },
  running: false,
  nextAt: '2026-12-08T03:00:00.000Z',
  lastSuccess: { at: '2026-12-07T18:29:26.118Z', bytes: 340938, tookMs: 8 },
  lastFailure: null,
};

describe('the backup status in words', () => {
  it('gives the newest backup’s time, size and how long it took, the schedule and the next backup', () => {
    expect(backupLines(status)).toEqual({
      last: { at: formatDateTime('2026-12-07T18:29:26.118Z'), size: '333 KB', took: '8 ms' },
      failure: null,
      schedule: 'Every day at 03:00 UTC',
      next: formatDateTime('2026-12-08T03:00:00.000Z'),
      kept:
        'The newest 14 backups are kept; key-store backups: the newest 3. A contact erased after a backup stays ' +
        'erased when it is restored: restores take the newest key store.',
    });
  });

  it('has no last backup before the first, and no time taken for one the command line made', () => {
    expect(backupLines({ ...status, lastSuccess: null }).last).toBeNull();
    expect(backupLines({ ...status, lastSuccess: { at: '2026-12-07T18:29:26Z', bytes: 5 * 1024 * 1024, tookMs: null } }).last).toEqual({
      at: formatDateTime('2026-12-07T18:29:26Z'),
      size: '5.0 MB',
      took: null,
    });
  });

  it('says when the last backup failed and why, in the server’s words', () => {
    const failed = {
      ...status,
      lastFailure: { at: '2026-12-07T19:00:00Z', error: 'cannot use backup directory /x: Permission denied' },
    };
    expect(backupLines(failed).failure).toBe(
      `The last backup failed at ${formatDateTime('2026-12-07T19:00:00Z')}: cannot use backup directory /x: ` +
        'Permission denied',
    );
  });

  it('says so when there are no daily backups', () => {
    const off = { ...status, schedule: { ...status.schedule, dailyAt: null }, nextAt: null };
    expect(scheduleText(off.schedule)).toBe('No daily backups (started with --backup-at off)');
    expect(backupLines(off).next).toBeNull();
  });

  it('counts what is kept in the singular too', () => {
    expect(keptText({ dailyAt: null, keep: 1, keepKeyStore: 1 })).toMatch(
      /^Only the newest backup is kept; key-store backups: the newest one\. /,
    );
  });

  it('writes the time taken in milliseconds under a second, then in seconds and minutes', () => {
    expect(tookText(0)).toBe('0 ms');
    expect(tookText(999)).toBe('999 ms');
    expect(tookText(1500)).toBe('2 s');
    expect(tookText(125_000)).toBe('2 min 5 s');
  });
});

describe('what the live region and the alerts say', () => {
  it('announces a backup made with its size, and a failed one', () => {
    expect(finishedNotice(status)).toBe('Backup made: 333 KB.');
    expect(finishedNotice({ ...status, lastFailure: { at: '2026-12-07T19:00:00Z', error: 'disk full' } })).toBe(
      'The backup failed.',
    );
    expect(finishedNotice({ ...status, lastSuccess: null })).toBe('');
  });

  it('says a backup is being made already when the server refuses a second', () => {
    expect(startProblem(new ApiError('conflict', 'a backup is running', 409))).toBe('A backup is being made already.');
    expect(startProblem(new ApiError('not_ready', 'backups are not set up on this server', 503))).toBe(
      'The backup could not be started: backups are not set up on this server',
    );
  });

  it('says when the progress could not be checked, and whether the page tries again', () => {
    const offline = new ApiError('network_error', 'could not reach the server: offline', 0);
    expect(progressProblem(offline, true)).toBe(
      'The backup’s progress could not be checked: could not reach the server: offline. Trying again…',
    );
    expect(progressProblem(offline, false)).toBe(
      'The backup’s progress could not be checked: could not reach the server: offline.',
    );
  });
});
