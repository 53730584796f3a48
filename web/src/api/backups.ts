// The server's backups (docs/api.md): what was made last, what failed, when the next one runs, and a backup on
// demand. Admins only; one schedule covers the whole server, every tenant on it.
import { api } from './endpoints';

export interface BackupSchedule {
  /** "03:00": the daily backup's time of day in UTC; null: no daily backups (`--backup-at off`). */
  dailyAt: string | null;
  /** Data backups kept (the newest). */
  keep: number;
  /** Key-store backups kept (the newest): an erased contact's key lives on in them until they go. */
  keepKeyStore: number;
}

export interface BackupStatus {
  schedule: BackupSchedule;
  /** A backup is being made now (daily, or started here or by another admin). */
  running: boolean;
  /** RFC 3339: when the next daily backup starts; null without daily backups. */
  nextAt: string | null;
  /** The newest backup in the backup directory, whoever made it; null: none yet. */
  lastSuccess: {
    at: string;
    /** Of its data file and key-store file together. */
    bytes: number;
    /** How long it took; null when `parley admin backup` made it. */
    tookMs: number | null;
  } | null;
  /** The server's last attempt, when it failed and no backup succeeded since; `error` in the server's words. */
  lastFailure: { at: string; error: string } | null;
}

export const getBackups = () => api.request<BackupStatus>('GET', '/settings/backups');

/** Starts a backup in the background (the answer says `running`); 409 `conflict` while one runs. */
export const startBackup = () => api.request<BackupStatus>('POST', '/settings/backups', {});
