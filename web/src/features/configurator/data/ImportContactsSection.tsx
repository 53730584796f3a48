import { useEffect, useId } from 'react';
import { listContactsImports } from '../../../api/endpoints';
import { listUsers } from '../../../api/routing';
import { Field, fieldAria } from '../common/Field';
import { useResource, type Resource } from '../common/useResource';
import { ImportHelp } from './ImportHelp';
import { importStatus } from './importText';
import { ImportPreviewView } from './ImportPreviewView';
import { ImportProgressView } from './ImportProgressView';
import { RecentImports, type RecentImportsData } from './RecentImports';
import { canChooseFile, useContactsImport, type ContactsImportState } from './useContactsImport';

const loadRecent = async (): Promise<RecentImportsData> => {
  const [imports, users] = await Promise.all([listContactsImports(), listUsers().catch(() => null)]);
  return { imports, users };
};

/** Importing contacts from a CSV file: choose it, see what it would do, import it and follow the import. */
export function ImportContactsSection() {
  const base = useId();
  const { resource: recent, reload } = useResource(loadRecent);
  const { state, choose, start } = useContactsImport(() => void reload());
  const runId = state.run?.id;

  useEffect(() => {
    // The button that started the import is gone: its heading takes the focus.
    if (runId) {
      document.getElementById(`${base}-run`)?.focus();
    }
  }, [runId, base]);

  return (
    <ImportContactsView
      base={base}
      state={state}
      recent={recent}
      onChoose={(file) => void choose(file)}
      onImport={() => {
        if (state.file) {
          void start(state.file);
        }
      }}
      onRetryRecent={() => void reload()}
    />
  );
}

interface ImportContactsViewProps {
  /** A prefix for the ids inside. */
  base: string;
  state: ContactsImportState;
  recent: Resource<RecentImportsData>;
  onChoose: (file: File | null) => void;
  onImport: () => void;
  onRetryRecent: () => void;
}

export function ImportContactsView({ base, state, recent, onChoose, onImport, onRetryRecent }: ImportContactsViewProps) {
  const fileId = `${base}-file`;
  const status = importStatus(state);
  const fileName = state.file?.name ?? 'the file';
  return (
    <section className="config-card" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`}>Import contacts</h3>
      <ImportHelp />
      <Field id={fileId} label="CSV file" hint="UTF-8, separated by commas or semicolons; at most 20 MiB and 100,000 rows.">
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          disabled={!canChooseFile(state)}
          {...fieldAria(fileId, true, undefined)}
          onChange={(event) => onChoose(event.target.files?.[0] ?? null)}
        />
      </Field>
      <p className="config-live cfg-import-status">
        <span className={`config-status cfg-import-status-${status.tone}`} role="status">
          {status.text}
        </span>
      </p>
      {state.error && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}
      {state.progressError && (
        <p className="form-error" role="alert">
          {state.progressError}
        </p>
      )}
      {state.run ? (
        <ImportProgressView run={state.run} fileName={fileName} titleId={`${base}-run`} />
      ) : (
        state.preview && (
          <ImportPreviewView
            preview={state.preview}
            fileName={fileName}
            starting={state.pending !== null}
            onImport={onImport}
          />
        )
      )}
      <RecentImports resource={recent} current={state.run} onRetry={onRetryRecent} />
    </section>
  );
}
