import { useCallback, useEffect, useRef, useState } from 'react';
import { getContactsImport, previewContactsImport, startContactsImport } from '../../../api/endpoints';
import type { ContactImport, ImportPreview } from '../../../api/types';
import { fileProblem, importProblem, isImportActive } from './importText';
import { watchImport } from './watchImport';

export interface ContactsImportState {
  /** The file chosen last. */
  file: File | null;
  /** What importing `file` would do, once the server has read it. */
  preview: ImportPreview | null;
  /** The import of `file`, once started: its latest known progress. */
  run: ContactImport | null;
  /** The running import can no longer be followed (the server forgot it); `progressError` says so. */
  lost: boolean;
  /** What is being sent ("Checking contacts.csv…"); null when nothing is. */
  pending: string | null;
  /** Why the file was refused or the import could not start (the file-level 422, 413, no connection). */
  error: string | null;
  /** Why the running import's progress could not be checked; null once it could again. */
  progressError: string | null;
}

const INITIAL: ContactsImportState = {
  file: null,
  preview: null,
  run: null,
  lost: false,
  pending: null,
  error: null,
  progressError: null,
};

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether the import of the chosen file is still being followed. */
export const isImportRunning = (state: ContactsImportState) =>
  state.run !== null && state.run !== undefined && isImportActive(state.run) && !state.lost;

/** Whether another file may be chosen: not while the import of this one starts or runs. */
export const canChooseFile = (state: ContactsImportState) =>
  !isImportRunning(state) && !(state.preview !== null && state.pending !== null);

/**
 * A contacts import, step by step: `choose` a file (the server previews it), `start` importing it, then its progress
 * every second until it ends. `onRunChanged` is called when a run starts and when it ends (the recent imports
 * change).
 */
export function useContactsImport(onRunChanged: () => void) {
  const [state, setState] = useState<ContactsImportState>(INITIAL);
  // Each chosen file counts up: an answer about an older file is dropped.
  const generation = useRef(0);
  const busy = useRef(false);
  const onRunChangedRef = useRef(onRunChanged);
  onRunChangedRef.current = onRunChanged;

  useEffect(
    () => () => {
      generation.current += 1;
    },
    [],
  );

  const choose = useCallback(async (file: File | null) => {
    generation.current += 1;
    const asked = generation.current;
    busy.current = false;
    if (!file) {
      setState(INITIAL);
      return;
    }
    const tooLarge = fileProblem(file);
    if (tooLarge) {
      setState({ ...INITIAL, file, error: tooLarge });
      return;
    }
    setState({ ...INITIAL, file, pending: `Checking ${file.name}…` });
    try {
      const preview = await previewContactsImport(file);
      if (asked === generation.current) {
        setState((current) => ({ ...current, preview, pending: null }));
      }
    } catch (error) {
      if (asked === generation.current) {
        setState((current) => ({ ...current, pending: null, error: importProblem(error, 'The file could not be checked') }));
      }
    }
  }, []);

  const start = useCallback(async (file: File) => {
    if (busy.current) {
      return;
    }
    busy.current = true;
    const asked = generation.current;
    setState((current) => ({ ...current, pending: 'Starting the import…', error: null }));
    try {
      const run = await startContactsImport(file);
      if (asked === generation.current) {
        setState((current) => ({ ...current, pending: null, run }));
      }
    } catch (error) {
      if (asked === generation.current) {
        setState((current) => ({
          ...current,
          pending: null,
          error: importProblem(error, 'The import could not be started'),
        }));
      }
    } finally {
      if (asked === generation.current) {
        busy.current = false;
      }
    }
  }, []);

  const runId = state.run?.id ?? null;
  const runState = state.run?.state ?? null;

  useEffect(() => {
    if (runId === null || runState === null || !isImportActive({ state: runState })) {
      return undefined;
    }
    let stopped = false;
    void watchImport(runId, {
      load: getContactsImport,
      wait,
      isStopped: () => stopped,
      onUpdate: (run) => setState((current) => (current.run?.id === run.id ? { ...current, run } : current)),
      onProblem: (message) => setState((current) => ({ ...current, progressError: message })),
    }).then((end) => {
      if (end === 'lost' && !stopped) {
        setState((current) => (current.run?.id === runId ? { ...current, lost: true } : current));
      }
    });
    return () => {
      stopped = true;
    };
  }, [runId, runState]);

  useEffect(() => {
    if (runId !== null) {
      onRunChangedRef.current();
    }
  }, [runId, runState]);

  return { state, choose, start };
}
