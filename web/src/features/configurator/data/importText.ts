// A contacts import in words: the preview's counts and columns, the progress of a run, its summary, and why a file
// was refused.
import { isApiError } from '../../../api/client';
import type {
  ContactImport,
  ImportColumn,
  ImportPreview,
  ImportRowAction,
  ImportSampleRow,
  ImportState,
} from '../../../api/types';
import { formatCount } from '../../../format';
import { describeError } from '../common/errors';

/** Whether the import is still to finish (queued behind another tenant's, or running). */
export const isImportActive = (run: { state: ImportState }) => run.state === 'queued' || run.state === 'running';

/** The most the server reads in one import (20 MiB); larger files are refused before they are sent. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;


/** "1 row", "1,200 rows". */
export const countOf = (value: number, one: string, many: string) => `${formatCount(value)} ${value === 1 ? one : many}`;

/** One figure of a preview or a run, with its label. */
export interface ImportFigure {
  label: string;
  value: number;
}

export function previewFigures(preview: ImportPreview): ImportFigure[] {
  return [
    { label: 'Rows', value: preview.rows },
    { label: 'To create', value: preview.create },
    { label: 'To update', value: preview.update },
    { label: 'Unchanged', value: preview.unchanged },
    { label: 'With errors', value: preview.failed },
  ];
}

export function runFigures(run: ContactImport): ImportFigure[] {
  return [
    { label: 'Created', value: run.created },
    { label: 'Updated', value: run.updated },
    { label: 'Unchanged', value: run.unchanged },
    { label: 'With errors', value: run.failed },
  ];
}

/** The contacts an import of the previewed file creates or changes; unchanged rows and rows with errors are not. */
export const importableCount = (preview: ImportPreview) => preview.create + preview.update;

/** The import button: "Import 1,150 contacts". */
export const importButtonLabel = (preview: ImportPreview) =>
  `Import ${countOf(importableCount(preview), 'contact', 'contacts')}`;

/** The preview in one sentence, for the live region. */
export function previewSummary(preview: ImportPreview): string {
  return (
    `${countOf(preview.rows, 'row', 'rows')}: ${formatCount(preview.create)} to create, ` +
    `${formatCount(preview.update)} to update, ${formatCount(preview.unchanged)} unchanged, ` +
    `${formatCount(preview.failed)} with errors.`
  );
}

/** What a column becomes: "Name", "Attribute “plan”", "Address on Support SMS (ch_123)". */
export function columnTarget(column: ImportColumn): string {
  const field = column.field ?? '';
  switch (field) {
    case 'id':
      return 'Contact id (the row changes that contact)';
    case 'name':
      return 'Name';
    case 'email':
      return 'Email';
    case 'phone':
      return 'Phone';
    case 'identity': {
      const id = column.channelId ?? '';
      const name = column.channelName ?? '';
      if (name !== '' && id !== '' && name !== id) {
        return `Address on ${name} (${id})`;
      }
      return `Address on ${name || id || 'a channel'}`;
    }
    case '':
    case 'ignored':
      return 'Ignored';
  }
  const attribute = /^attributes?\.(.+)$/.exec(field);
  return attribute ? `Attribute “${attribute[1]}”` : field;
}

const ACTIONS: Record<ImportRowAction, string> = {
  create: 'Create',
  update: 'Update',
  unchanged: 'Unchanged',
  error: 'Error',
};

export const sampleActionLabel = (action: ImportRowAction) => ACTIONS[action] ?? action;

/** A sample row's details column: the fields an update changes, or why the row fails. */
export function sampleDetails(row: ImportSampleRow): string {
  if (row.action === 'error') {
    return row.error ?? '';
  }
  if (row.action === 'update' && row.changes && row.changes.length > 0) {
    return `Changes ${row.changes.join(', ')}`;
  }
  return '';
}

/** A note when a list shows fewer than there are: "The first 1,000 of 1,234 rows with errors are listed." */
export function errorsShownNote(shown: number, failed: number): string | null {
  if (failed <= shown) {
    return null;
  }
  return `The first ${formatCount(shown)} of ${formatCount(failed)} rows with errors are listed.`;
}

/** The progress bar's value and maximum (a `<progress>` needs a maximum above 0), and the percentage shown. */
export function progressOf(run: ContactImport): { value: number; max: number; percent: number } {
  if (run.rows <= 0) {
    const finished = !isImportActive(run);
    return { value: finished ? 1 : 0, max: 1, percent: finished ? 100 : 0 };
  }
  const value = Math.min(Math.max(run.processed, 0), run.rows);
  return { value, max: run.rows, percent: Math.floor((value / run.rows) * 100) };
}

/** "400 of 1,200 rows (33%)". */
export function progressText(run: ContactImport): string {
  const { percent } = progressOf(run);
  return `${formatCount(Math.min(run.processed, run.rows))} of ${countOf(run.rows, 'row', 'rows')} (${percent}%)`;
}

const resultCounts = (run: ContactImport) =>
  `${formatCount(run.created)} created, ${formatCount(run.updated)} updated, ${formatCount(run.unchanged)} unchanged, ` +
  `${formatCount(run.failed)} with errors`;

/** The run in one sentence: what the live region announces when it starts and ends. */
export function importSummary(run: ContactImport): string {
  switch (run.state) {
    case 'queued':
      return `Waiting for another import on this server to finish before importing ${countOf(run.rows, 'row', 'rows')}…`;
    case 'running':
      return `Importing ${countOf(run.rows, 'row', 'rows')}…`;
    case 'done':
      return `Import finished: ${countOf(run.rows, 'row', 'rows')}; ${resultCounts(run)}.`;
    case 'failed':
      return (
        `The import stopped after ${formatCount(run.processed)} of ${countOf(run.rows, 'row', 'rows')}` +
        `${run.failure ? `: ${run.failure}` : ''}. ${resultCounts(run)}. Importing the file again is safe.`
      );
  }
  return '';
}

/** A recent import's state in the list: "Running: 400 of 1,200 rows (33%)", "Finished", "Stopped: …". */
export function importStateText(run: ContactImport): string {
  switch (run.state) {
    case 'queued':
      return 'Waiting for another import to finish';
    case 'running':
      return `Running: ${progressText(run)}`;
    case 'done':
      return 'Finished';
    case 'failed':
      return run.failure ? `Stopped: ${run.failure}` : 'Stopped';
  }
  return run.state;
}

/** A file the browser will not send: too large. null when it may be sent. */
export function fileProblem(file: { size: number }): string | null {
  if (file.size > MAX_IMPORT_BYTES) {
    return 'The file is larger than 20 MiB, the most one import reads. Split it into smaller files.';
  }
  return null;
}

/**
 * Why a file was refused or a request failed, in words; `failed` starts the sentence for what is not about the file
 * ("The file could not be checked"). The server writes its 422 sentences for people.
 */
export function importProblem(error: unknown, failed: string): string {
  if (isApiError(error) && (error.status === 413 || error.code === 'payload_too_large')) {
    return 'The file is larger than 20 MiB, the most one import reads. Split it into smaller files.';
  }
  if (isApiError(error) && error.code === 'validation_failed') {
    return `The file cannot be imported: ${error.message}`;
  }
  return `${failed}: ${describeError(error)}`;
}

/** The server forgot the import being watched (it restarted): what was imported stays. */
export const IMPORT_FORGOTTEN =
  'The server no longer knows this import (it may have restarted). Contacts already imported stay; importing the ' +
  'same file again is safe.';

/** A look at the progress failed; when `retrying`, the next look may work. */
export const progressProblem = (error: unknown, retrying: boolean) =>
  `The import’s progress could not be checked: ${describeError(error)}.${retrying ? ' Trying again…' : ''}`;

export type ImportStatusTone = 'pending' | 'ok' | 'failed';

/**
 * The import's live region: what is being sent, else the run (announced when it starts and when it ends, not at
 * every look), else the preview. Empty before a file is chosen.
 */
export function importStatus(step: {
  pending: string | null;
  preview: ImportPreview | null;
  run: ContactImport | null;
}): { text: string; tone: ImportStatusTone } {
  if (step.pending !== null) {
    return { text: step.pending, tone: 'pending' };
  }
  if (step.run) {
    return {
      text: importSummary(step.run),
      tone: step.run.state === 'failed' ? 'failed' : isImportActive(step.run) ? 'pending' : 'ok',
    };
  }
  if (step.preview) {
    return { text: `Preview ready: ${previewSummary(step.preview)}`, tone: 'ok' };
  }
  return { text: '', tone: 'ok' };
}
