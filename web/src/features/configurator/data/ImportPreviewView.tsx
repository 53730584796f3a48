import { useId } from 'react';
import type { ImportColumn, ImportPreview, ImportSampleRow } from '../../../api/types';
import { ImportCounts } from './ImportCounts';
import { ImportErrorList } from './ImportErrorList';
import {
  columnTarget,
  importableCount,
  importButtonLabel,
  previewFigures,
  sampleActionLabel,
  sampleDetails,
} from './importText';

interface ImportPreviewViewProps {
  preview: ImportPreview;
  fileName: string;
  /** The import is being started: the button waits. */
  starting: boolean;
  onImport: () => void;
}

/** What importing the file would do: the counts, how each column is read, the first rows, the rows with errors. */
export function ImportPreviewView({ preview, fileName, starting, onImport }: ImportPreviewViewProps) {
  const base = useId();
  const importable = importableCount(preview);
  return (
    <div className="cfg-import-preview">
      <h4>What importing {fileName} would do</h4>
      <ImportCounts figures={previewFigures(preview)} />
      <ColumnTable columns={preview.columns} fileName={fileName} />
      <SampleTable sample={preview.sample} titleId={`${base}-sample`} />
      <ImportErrorList errors={preview.errors} failed={preview.failed} titleId={`${base}-errors`} />
      {importable > 0 ? (
        <div className="form-actions cfg-import-actions">
          <button
            className="button button-primary"
            type="button"
            disabled={starting}
            aria-describedby={`${base}-hint`}
            onClick={onImport}
          >
            {importButtonLabel(preview)}
          </button>
          <p className="field-hint" id={`${base}-hint`}>
            Rows with errors are skipped and unchanged rows change nothing. Importing the same file again is safe.
          </p>
        </div>
      ) : (
        <p className="cfg-import-nothing">Nothing to import: every row is unchanged or has an error.</p>
      )}
    </div>
  );
}

function ColumnTable({ columns, fileName }: { columns: readonly ImportColumn[]; fileName: string }) {
  return (
    <>
      <h4>Columns</h4>
      <div className="cfg-table-scroll" role="region" aria-label="Columns" tabIndex={0}>
        <table className="table cfg-import-table">
          <caption className="visually-hidden">How the columns of {fileName} are read</caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Becomes</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((column, index) => (
              <tr key={`${index}-${column.header}`}>
                <th scope="row">
                  <code>{column.header}</code>
                </th>
                <td>{columnTarget(column)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function SampleTable({ sample, titleId }: { sample: readonly ImportSampleRow[]; titleId: string }) {
  if (sample.length === 0) {
    return null;
  }
  return (
    <>
      <h4 id={titleId}>First rows that change something</h4>
      <div className="cfg-table-scroll" role="region" aria-labelledby={titleId} tabIndex={0}>
        <table className="table cfg-import-table">
          <caption className="visually-hidden">The first rows that are not unchanged, as the import treats them</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Action</th>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Phone</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {sample.map((row) => (
              <SampleRow key={row.line} row={row} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function SampleRow({ row }: { row: ImportSampleRow }) {
  return (
    <tr className={row.action === 'error' ? 'cfg-import-row-error' : undefined}>
      <th scope="row">{row.line}</th>
      <td>{sampleActionLabel(row.action)}</td>
      <td className="cfg-cell-text">{row.name ?? ''}</td>
      <td className="cfg-cell-text">{row.email ?? ''}</td>
      <td>{row.phone ?? ''}</td>
      <td className="cfg-cell-text">
        {sampleDetails(row)}
        {row.action === 'update' && row.contactId && (
          <span className="cfg-cell-details">
            <code>{row.contactId}</code>
          </span>
        )}
      </td>
    </tr>
  );
}
