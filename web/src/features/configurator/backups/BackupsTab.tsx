import { useEffect, useId, useState } from 'react';
import { getBackups, startBackup, type BackupStatus } from '../../../api/backups';
import { ActionError, Loading, LoadError } from '../common/ActionStatus';
import { useAction, type ActionState } from '../common/useAction';
import { useResource } from '../common/useResource';
import { backupLines, finishedNotice, startProblem } from './backupText';
import { watchBackup } from './watchBackup';
import './backups.css';

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The server's backups (admins): the newest one, the last failure, the schedule, a backup now (followed until it
 * ends), and how to restore. Fetched when the tab opens.
 */
export default function BackupsTab() {
  const { resource, reload, setData } = useResource(getBackups);
  const start = useAction();
  /** What the live region says once a backup this page waited for has ended. */
  const [notice, setNotice] = useState('');
  /** Why the running backup could not be looked at; null once it could again. */
  const [problem, setProblem] = useState<string | null>(null);
  const running = resource.status === 'ready' && resource.data.running;

  // While a backup runs (started here, by the schedule or by another admin): a look every two seconds.
  useEffect(() => {
    if (!running) {
      return undefined;
    }
    let stopped = false;
    void watchBackup({
      load: getBackups,
      wait,
      isStopped: () => stopped,
      onUpdate: (status) => {
        setData(() => status);
        if (!status.running) {
          setNotice(finishedNotice(status));
        }
      },
      onProblem: setProblem,
    });
    return () => {
      stopped = true;
    };
  }, [running, setData]);

  async function backUpNow() {
    setNotice('');
    const started = await start.run(
      'Starting the backup…',
      () =>
        startBackup().catch((error: unknown) => {
          throw new Error(startProblem(error));
        }),
      '',
    );
    if (started) {
      setData(() => started);
      // A backup that fails at once (its directory cannot be made) may have ended before the answer was written.
      if (!started.running) {
        setNotice(finishedNotice(started));
      }
    } else {
      // Refused (one is running already, say): show the server's state as it is now.
      void reload();
    }
  }

  const live = start.pending ?? (running ? (problem ?? 'Backing up…') : notice);
  return (
    <section aria-labelledby="backups-title">
      <h2 id="backups-title" tabIndex={-1}>
        Backups
      </h2>
      <p className="page-lead">
        Encrypted copies of everything on this server: every workspace’s conversations, contacts, users and settings,
        and the files in their messages. They are made while the server keeps serving, and cover the whole server, not
        this workspace alone.
      </p>
      {resource.status === 'loading' && <Loading what="backups" />}
      {resource.status === 'failed' && (
        <LoadError what="Backups" message={resource.message} onRetry={() => void reload()} />
      )}
      {resource.status === 'ready' && (
        <BackupsView status={resource.data} action={start} live={live} onBackUp={() => void backUpNow()} />
      )}
    </section>
  );
}

interface BackupsViewProps {
  status: BackupStatus;
  /** Starting a backup: its pending text and its refusal. */
  action: ActionState;
  /** The live region's text: starting, backing up, or how the backup this page waited for ended. */
  live: string;
  onBackUp: () => void;
}

/** The status and the button, apart from loading so they can be seen (and tested) without a server. */
export function BackupsView({ status, action, live, onBackUp }: BackupsViewProps) {
  const base = useId();
  const lines = backupLines(status);
  const busy = status.running || action.pending !== null;
  const tone = busy ? ' config-status-pending' : status.lastFailure ? ' cfg-backup-status-failed' : '';
  return (
    <>
      {lines.failure && (
        <p className="form-error" role="alert">
          {lines.failure}
        </p>
      )}
      <section className="config-card" aria-labelledby={`${base}-last`}>
        <h3 id={`${base}-last`}>Last backup</h3>
        {lines.last ? (
          <dl className="facts cfg-backup-facts">
            <div>
              <dt>Made</dt>
              <dd>{lines.last.at}</dd>
            </div>
            <div>
              <dt>Size</dt>
              <dd>{lines.last.size}</dd>
            </div>
            {lines.last.took && (
              <div>
                <dt>Took</dt>
                <dd>{lines.last.took}</dd>
              </div>
            )}
          </dl>
        ) : (
          <p className="muted">No backup yet.</p>
        )}
        <ActionError action={action} />
        <div className="form-actions">
          <button className="button button-primary" type="button" disabled={busy} onClick={onBackUp}>
            Back up now
          </button>
          <span className={`config-status${tone}`} role="status">
            {live}
          </span>
        </div>
      </section>
      <section className="config-card" aria-labelledby={`${base}-schedule`}>
        <h3 id={`${base}-schedule`}>Schedule</h3>
        <dl className="facts cfg-backup-facts">
          <div>
            <dt>Daily backups</dt>
            <dd>{lines.schedule}</dd>
          </div>
          {lines.next && (
            <div>
              <dt>Next backup</dt>
              <dd>{lines.next}</dd>
            </div>
          )}
        </dl>
        <p className="cfg-backup-kept">{lines.kept}</p>
      </section>
      <RestoreHelp />
    </>
  );
}

/** How a backup is checked and restored: on the server's command line, into a new data directory. */
export function RestoreHelp() {
  const base = useId();
  return (
    <section className="config-card" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`}>Restoring</h3>
      <p>
        Backups are the <code>parley-data-…</code> files in the server’s backup directory (<code>backups</code> in
        its data directory unless it was started with <code>--backup-dir</code>). To check that one can be read and
        is whole:
      </p>
      <p>
        <code className="cfg-backup-command">parley admin verify-backup FILE</code>
      </p>
      <p>
        A restore goes into a new directory, never over the data the server is running on. It needs the master key of
        the data directory the backup was made from, and takes the newest key-store backup beside the file:
      </p>
      <p>
        <code className="cfg-backup-command">
          parley admin restore --from FILE --data NEWDIR --master-key OLD_DATA/master.key
        </code>
      </p>
      <p className="cfg-backup-kept">
        Then start the server with <code>--data NEWDIR</code>.
      </p>
    </section>
  );
}
