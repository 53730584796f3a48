// Following a running backup: a look every two seconds until it has ended. The waiting and the loading are handed
// in, so the loop is tested without timers or a server.
import type { BackupStatus } from '../../../api/backups';
import { isApiError } from '../../../api/client';
import { progressProblem } from './backupText';

/** How long between two looks at a running backup. */
export const POLL_INTERVAL_MS = 2000;
/** The longest wait after failed looks (each failure doubles the wait up to this). */
export const MAX_POLL_INTERVAL_MS = 10_000;

export interface BackupWatch {
  load: () => Promise<BackupStatus>;
  wait: (ms: number) => Promise<void>;
  /** True once nobody is watching any more (the tab was left): the loop ends quietly. */
  isStopped: () => boolean;
  /** Each answer, as it arrives. */
  onUpdate: (status: BackupStatus) => void;
  /** A look failed (the message says why), or null once a look worked again. */
  onProblem: (message: string | null) => void;
}

/** How watching ended: the backup is no longer running, nobody watches any more, or the session may not look. */
export type WatchEnd = 'finished' | 'stopped' | 'lost';

/**
 * Looks at the backups every POLL_INTERVAL_MS until none is running. A failed look is retried after a longer wait;
 * watching ends when the session may no longer look (401, 403).
 */
export async function watchBackup(watch: BackupWatch): Promise<WatchEnd> {
  let delay = POLL_INTERVAL_MS;
  let troubled = false;
  for (;;) {
    await watch.wait(delay);
    if (watch.isStopped()) {
      return 'stopped';
    }
    let status: BackupStatus;
    try {
      status = await watch.load();
    } catch (error) {
      if (watch.isStopped()) {
        return 'stopped';
      }
      const code = isApiError(error) ? error.status : 0;
      const allowed = code !== 401 && code !== 403;
      watch.onProblem(progressProblem(error, allowed));
      if (!allowed) {
        return 'lost';
      }
      troubled = true;
      delay = Math.min(delay * 2, MAX_POLL_INTERVAL_MS);
      continue;
    }
    if (watch.isStopped()) {
      return 'stopped';
    }
    if (troubled) {
      troubled = false;
      watch.onProblem(null);
    }
    watch.onUpdate(status);
    if (!status.running) {
      return 'finished';
    }
    delay = POLL_INTERVAL_MS;
  }
}
