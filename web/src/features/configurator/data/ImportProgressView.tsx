import { useId } from 'react';
import type { ContactImport } from '../../../api/types';
import { ImportCounts } from './ImportCounts';
import { ImportErrorList } from './ImportErrorList';
import { isImportActive, progressOf, progressText, runFigures } from './importText';

interface ImportProgressViewProps {
  run: ContactImport;
  fileName: string;
  /** The heading's id: it takes focus when the import starts (the button that started it is gone). */
  titleId: string;
}

/** A started import: how far it got, its counts and its errors so far (the live region says when it ends). */
export function ImportProgressView({ run, fileName, titleId }: ImportProgressViewProps) {
  const base = useId();
  const progress = progressOf(run);
  const title =
    isImportActive(run) ? `Importing ${fileName}` : run.state === 'done' ? `Imported ${fileName}` : `Import of ${fileName} stopped`;
  return (
    <div className="cfg-import-run">
      <h4 id={titleId} tabIndex={-1}>
        {title}
      </h4>
      <div className="cfg-import-progress">
        <label htmlFor={`${base}-progress`}>Rows processed</label>
        <progress id={`${base}-progress`} value={progress.value} max={progress.max} aria-describedby={`${base}-progress-text`}>
          {progress.percent}%
        </progress>
        <span id={`${base}-progress-text`}>{progressText(run)}</span>
      </div>
      <ImportCounts figures={runFigures(run)} />
      <ImportErrorList errors={run.errors} failed={run.failed} titleId={`${base}-errors`} />
    </div>
  );
}
