// Following a running import: a look about every second until it is done or failed. The waiting and the loading are
// handed in, so the loop is tested without timers or a server.
import { isApiError } from '../../../api/client';
import type { ContactImport } from '../../../api/types';
import { IMPORT_FORGOTTEN, isImportActive, progressProblem } from './importText';

/** How long between two looks at a running import. */
export const POLL_INTERVAL_MS = 1000;
/** The longest wait after failed looks (each failure doubles the wait up to this). */
export const MAX_POLL_INTERVAL_MS = 10_000;

export interface ImportWatch {
  load: (importId: string) => Promise<ContactImport>;
  wait: (ms: number) => Promise<void>;
  /** True once nobody is watching any more (the tab was left, another file chosen): the loop ends quietly. */
  isStopped: () => boolean;
  /** Each answer, as it arrives. */
  onUpdate: (run: ContactImport) => void;
  /** A look failed (the message says why), or null once a look worked again. */
  onProblem: (message: string | null) => void;
}

/** How watching ended: the import is no longer running, nobody watches any more, or it can no longer be seen. */
export type WatchEnd = 'finished' | 'stopped' | 'lost';

/**
 * Looks at import `importId` every POLL_INTERVAL_MS until it is no longer running. A failed look is retried after a
 * longer wait; the import is lost when the server forgot it (404, a restart) or the session may no longer see it.
 */
export async function watchImport(importId: string, watch: ImportWatch): Promise<WatchEnd> {
  let delay = POLL_INTERVAL_MS;
  let troubled = false;
  for (;;) {
    await watch.wait(delay);
    if (watch.isStopped()) {
      return 'stopped';
    }
    let run: ContactImport;
    try {
      run = await watch.load(importId);
    } catch (error) {
      if (watch.isStopped()) {
        return 'stopped';
      }
      const status = isApiError(error) ? error.status : 0;
      if (status === 404) {
        watch.onProblem(IMPORT_FORGOTTEN);
        return 'lost';
      }
      const allowed = status !== 401 && status !== 403;
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
    watch.onUpdate(run);
    if (!isImportActive(run)) {
      return 'finished';
    }
    delay = POLL_INTERVAL_MS;
  }
}
