import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client';
import { formatCount } from '../../../format';
import { done, preview, running } from './importFixtures';
import {
  columnTarget,
  countOf,
  errorsShownNote,
  fileProblem,
  importableCount,
  importButtonLabel,
  importProblem,
  importStateText,
  importStatus,
  importSummary,
  MAX_IMPORT_BYTES,
  previewFigures,
  previewSummary,
  progressOf,
  progressText,
  sampleActionLabel,
  sampleDetails,
} from './importText';

// Counts are written in the browser's locale; the expectations use the same formatter.
const n = formatCount;

describe('the preview in words', () => {
  it('counts what the import would do', () => {
    expect(previewFigures(preview)).toEqual([
      { label: 'Rows', value: 1200 },
      { label: 'To create', value: 1000 },
      { label: 'To update', value: 150 },
      { label: 'Unchanged', value: 40 },
      { label: 'With errors', value: 10 },
    ]);
    expect(previewSummary(preview)).toBe(`${n(1200)} rows: ${n(1000)} to create, 150 to update, 40 unchanged, 10 with errors.`);
  });

  it('offers to import the contacts created or changed, not the unchanged or failed rows', () => {
    expect(importableCount(preview)).toBe(1150);
    expect(importButtonLabel(preview)).toBe(`Import ${n(1150)} contacts`);
    expect(importButtonLabel({ ...preview, create: 1, update: 0 })).toBe('Import 1 contact');
    expect(countOf(1, 'row', 'rows')).toBe('1 row');
    expect(countOf(0, 'row', 'rows')).toBe('0 rows');
  });

  it('says what each column becomes', () => {
    expect(preview.columns.map(columnTarget)).toEqual(['Name', 'Attribute “plan”', 'Address on Support SMS (ch_123)']);
    expect(columnTarget({ header: 'E-Mail', field: 'email' })).toBe('Email');
    expect(columnTarget({ header: 'phone', field: 'phone' })).toBe('Phone');
    expect(columnTarget({ header: 'id', field: 'id' })).toBe('Contact id (the row changes that contact)');
    expect(columnTarget({ header: 'attribute.tier', field: 'attribute.tier' })).toBe('Attribute “tier”');
    expect(columnTarget({ header: 'identity.webchat', field: 'identity', channelId: 'webchat', channelName: 'webchat' })).toBe(
      'Address on webchat',
    );
    expect(columnTarget({ header: 'identity.ch_9', field: 'identity', channelId: 'ch_9' })).toBe('Address on ch_9');
    expect(columnTarget({ header: 'createdAt', field: '' })).toBe('Ignored');
  });

  it('labels the sampled rows and says what an update changes or why a row fails', () => {
    expect(preview.sample.map((row) => sampleActionLabel(row.action))).toEqual(['Create', 'Update', 'Error']);
    expect(preview.sample.map(sampleDetails)).toEqual(['', 'Changes name, attributes.plan', 'email "ada@" is not an address']);
  });

  it('notes when not every failed row is listed', () => {
    expect(errorsShownNote(10, 10)).toBeNull();
    expect(errorsShownNote(1000, 1234)).toBe(`The first ${n(1000)} of ${n(1234)} rows with errors are listed.`);
  });
});

describe('a run in words', () => {
  it('measures the progress in processed rows', () => {
    expect(progressOf(running)).toEqual({ value: 400, max: 1200, percent: 33 });
    expect(progressText(running)).toBe(`400 of ${n(1200)} rows (33%)`);
    expect(progressOf(done)).toEqual({ value: 1200, max: 1200, percent: 100 });
    expect(progressOf({ ...running, processed: 1300 })).toEqual({ value: 1200, max: 1200, percent: 100 });
  });

  it('keeps the progress bar valid for a file without rows', () => {
    expect(progressOf({ ...running, rows: 0, processed: 0 })).toEqual({ value: 0, max: 1, percent: 0 });
    expect(progressOf({ ...done, rows: 0, processed: 0 })).toEqual({ value: 1, max: 1, percent: 100 });
  });

  it('announces the start and the end, not every look', () => {
    expect(importSummary(running)).toBe(`Importing ${n(1200)} rows…`);
    expect(importSummary({ ...running, processed: 800 })).toBe(importSummary(running));
    expect(importSummary(done)).toBe(
      `Import finished: ${n(1200)} rows; ${n(1000)} created, 150 updated, 40 unchanged, 10 with errors.`,
    );
    expect(importSummary({ ...running, state: 'failed', failure: 'the database is read-only' })).toBe(
      `The import stopped after 400 of ${n(1200)} rows: the database is read-only. 350 created, 40 updated, ` +
        '10 unchanged, 1 with errors. Importing the file again is safe.',
    );
  });

  it('lists a recent import’s state', () => {
    expect(importStateText(running)).toBe(`Running: 400 of ${n(1200)} rows (33%)`);
    expect(importStateText(done)).toBe('Finished');
    expect(importStateText({ ...running, state: 'failed', failure: 'the disk is full' })).toBe('Stopped: the disk is full');
    expect(importStateText({ ...running, state: 'failed' })).toBe('Stopped');
  });

  it('tells the live region what is happening', () => {
    const idle = { pending: null, preview: null, run: null };
    expect(importStatus(idle)).toEqual({ text: '', tone: 'ok' });
    expect(importStatus({ ...idle, pending: 'Checking contacts.csv…' })).toEqual({ text: 'Checking contacts.csv…', tone: 'pending' });
    expect(importStatus({ ...idle, preview })).toEqual({ text: `Preview ready: ${previewSummary(preview)}`, tone: 'ok' });
    expect(importStatus({ ...idle, preview, run: running })).toEqual({ text: importSummary(running), tone: 'pending' });
    expect(importStatus({ ...idle, preview, run: done }).tone).toBe('ok');
    expect(importStatus({ ...idle, preview, run: { ...running, state: 'failed' } }).tone).toBe('failed');
  });
});

describe('refused files', () => {
  it('does not send a file over 20 MiB', () => {
    expect(fileProblem({ size: MAX_IMPORT_BYTES })).toBeNull();
    expect(fileProblem({ size: MAX_IMPORT_BYTES + 1 })).toMatch(/larger than 20 MiB/);
  });

  it('shows the server’s sentence for a file it cannot read, and says what failed otherwise', () => {
    const unreadable = new ApiError('validation_failed', 'line 4: a quote is never closed', 422);
    expect(importProblem(unreadable, 'The file could not be checked')).toBe(
      'The file cannot be imported: line 4: a quote is never closed',
    );
    expect(importProblem(new ApiError('payload_too_large', 'body too large', 413), 'x')).toMatch(/larger than 20 MiB/);
    expect(importProblem(new ApiError('network_error', 'could not reach the server: offline', 0), 'The import could not be started')).toBe(
      'The import could not be started: could not reach the server: offline',
    );
  });
});
