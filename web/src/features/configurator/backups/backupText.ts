// The Backups tab in words: the newest backup, the last failure, the schedule and what is kept, and what the
// live region says when a backup ends.
import type { BackupSchedule, BackupStatus } from '../../../api/backups';
import { isApiError } from '../../../api/client';
import { formatDateTime, formatDuration, formatSize } from '../../../format';
import { describeError } from '../common/errors';

export interface BackupLines {
  /** The newest backup: when, how large, and how long it took (null when `parley admin backup` made it). */
  last: { at: string; size: string; took: string | null } | null;
  /** "The last backup failed at …: …" while the server's last attempt failed; null otherwise. */
  failure: string | null;
  /** "Every day at 03:00 UTC", or that there are no daily backups. */
  schedule: string;
  /** When the next daily backup starts; null without daily backups. */
  next: string | null;
  /** How many backups are kept, and why an erased contact stays erased in a restore. */
  kept: string;
}

/** The status document as the tab shows it. */
export function backupLines(status: BackupStatus): BackupLines {
  const { lastSuccess, lastFailure } = status;
  return {
    last: lastSuccess && {
      at: formatDateTime(lastSuccess.at),
      size: formatSize(lastSuccess.bytes),
      took: lastSuccess.tookMs === null ? null : tookText(lastSuccess.tookMs),
    },
    failure: lastFailure && `The last backup failed at ${formatDateTime(lastFailure.at)}: ${lastFailure.error}`,
    schedule: scheduleText(status.schedule),
    next: status.nextAt === null ? null : formatDateTime(status.nextAt),
    kept: keptText(status.schedule),
  };
}

export const scheduleText = (schedule: BackupSchedule) =>
  schedule.dailyAt === null
    ? 'No daily backups (started with --backup-at off)'
    : `Every day at ${schedule.dailyAt} UTC`;

export function keptText(schedule: BackupSchedule): string {
  const data = schedule.keep === 1 ? 'Only the newest backup is kept' : `The newest ${schedule.keep} backups are kept`;
  const keys = schedule.keepKeyStore === 1 ? 'the newest one' : `the newest ${schedule.keepKeyStore}`;
  return (
    `${data}; key-store backups: ${keys}. A contact erased after a backup stays erased when it is restored: ` +
    'restores take the newest key store.'
  );
}

/** How long a backup took: "8 ms" under a second, then "3 s", "2 min 5 s". */
export const tookText = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : formatDuration(ms / 1000));

/** What the live region says once a backup this page waited for has ended (a failure shows as an alert too). */
export function finishedNotice(status: BackupStatus): string {
  if (status.lastFailure) {
    return 'The backup failed.';
  }
  return status.lastSuccess ? `Backup made: ${formatSize(status.lastSuccess.bytes)}.` : '';
}

/** A backup that could not be started, in words. */
export function startProblem(error: unknown): string {
  if (isApiError(error) && error.code === 'conflict') {
    return 'A backup is being made already.';
  }
  return `The backup could not be started: ${describeError(error)}`;
}

/** A look at a running backup that failed; `retrying` says whether the page looks again. */
export const progressProblem = (error: unknown, retrying: boolean) =>
  `The backup’s progress could not be checked: ${describeError(error)}.${retrying ? ' Trying again…' : ''}`;
