// The Backups tab's status, button and restore help, rendered to HTML on the server side of React (no DOM, no
// effects), as the other Configurator tests do.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { BackupStatus } from '../../../api/backups';
import { formatDateTime } from '../../../format';
import type { ActionState } from '../common/useAction';
import { BackupsView } from './BackupsTab';

const noop = () => {};
const idle: ActionState = { pending: null, success: null, error: null };
/** The text of the HTML, tags dropped. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const status: BackupStatus = {
  schedule: { dailyAt: '03:00', keep: 14, keepKeyStore: 3 },
  running: false,
  nextAt: '2026-12-08T03:00:00.000Z',
  lastSuccess: { at: '2026-12-07T18:29:26.118Z', bytes: 340938, tookMs: 8 },
  lastFailure: null,
};
const view = (patch: Partial<BackupStatus>, action = idle, live = '') =>
  renderToStaticMarkup(<BackupsView status={{ ...status, ...patch }} action={action} live={live} onBackUp={noop} />);
const button = (html: string) => /<button class="button button-primary"[^>]*>Back up now<\/button>/.exec(html)?.[0] ?? '';

describe('the backups tab', () => {
  it('shows the newest backup’s time, size and how long it took', () => {
    const text = textOf(view({}));
    expect(text).toContain(`Last backup Made ${formatDateTime('2026-12-07T18:29:26.118Z')} Size 333 KB Took 8 ms`);
    expect(text).not.toContain('No backup yet');
    expect(view({})).not.toContain('role="alert"');
  });

  it('says when there is no backup yet, and leaves out the time taken by the command line’s', () => {
    expect(textOf(view({ lastSuccess: null }))).toContain('Last backup No backup yet.');
    const text = textOf(view({ lastSuccess: { at: '2026-12-07T18:29:26Z', bytes: 2048, tookMs: null } }));
    expect(text).toContain('Size 2 KB Back up now');
    expect(text).not.toContain('Took');
  });

  it('shows a failure in an alert above the rest', () => {
    const html = view({ lastFailure: { at: '2026-12-07T19:00:00Z', error: 'cannot use backup directory /x: Permission denied' } });
    expect(html).toMatch(
      new RegExp(
        `^<p class="form-error" role="alert">The last backup failed at ${formatDateTime('2026-12-07T19:00:00Z')}: ` +
          'cannot use backup directory /x: Permission denied</p>',
      ),
    );
  });

  it('gives the schedule, the next backup and what is kept', () => {
    const text = textOf(view({}));
    expect(text).toContain(
      `Schedule Daily backups Every day at 03:00 UTC Next backup ${formatDateTime('2026-12-08T03:00:00.000Z')}`,
    );
    expect(text).toContain('The newest 14 backups are kept; key-store backups: the newest 3.');
    expect(text).toContain('A contact erased after a backup stays erased when it is restored');
    const off = textOf(view({ schedule: { ...status.schedule, dailyAt: null }, nextAt: null }));
    expect(off).toContain('Daily backups No daily backups (started with --backup-at off)');
    expect(off).not.toContain('Next backup');
  });

  it('disables the button while a backup starts or runs, and says so in a live region', () => {
    expect(button(view({}))).not.toContain('disabled');
    expect(view({})).toContain('<span class="config-status" role="status"></span>');
    const starting = view({}, { ...idle, pending: 'Starting the backup…' }, 'Starting the backup…');
    expect(button(starting)).toContain('disabled');
    const running = view({ running: true }, idle, 'Backing up…');
    expect(button(running)).toContain('disabled');
    expect(running).toContain('<span class="config-status config-status-pending" role="status">Backing up…</span>');
    expect(view({}, idle, 'Backup made: 333 KB.')).toContain('<span class="config-status" role="status">Backup made: 333 KB.</span>');
  });

  it('says in the danger colour that the backup failed', () => {
    const failed = view({ lastFailure: { at: '2026-12-07T19:00:00Z', error: 'disk full' } }, idle, 'The backup failed.');
    expect(failed).toContain('<span class="config-status cfg-backup-status-failed" role="status">The backup failed.</span>');
  });

  it('shows a refused start in an alert', () => {
    expect(view({}, { ...idle, error: 'A backup is being made already.' })).toContain(
      '<p class="form-error" role="alert">A backup is being made already.</p>',
    );
  });

  it('tells how to check and restore a backup, into a new directory', () => {
    const html = view({});
    expect(html).toContain('<code class="cfg-backup-command">parley admin verify-backup FILE</code>');
    expect(html).toContain(
      '<code class="cfg-backup-command">parley admin restore --from FILE --data NEWDIR --master-key OLD_DATA/master.key</code>',
    );
    expect(textOf(html)).toContain('A restore goes into a new directory, never over the data the server is running on.');
  });
});
