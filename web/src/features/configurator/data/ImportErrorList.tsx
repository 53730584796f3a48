import type { ImportRowError } from '../../../api/types';
import { errorsShownNote } from './importText';

interface ImportErrorListProps {
  /** The listed rows (the server lists the first 1,000). */
  errors: readonly ImportRowError[];
  /** How many rows failed in all. */
  failed: number;
  /** The heading's id, which names the list. */
  titleId: string;
}

/** The rows that cannot be imported, by line of the file; they are skipped, the others are not. */
export function ImportErrorList({ errors, failed, titleId }: ImportErrorListProps) {
  if (errors.length === 0) {
    return null;
  }
  const note = errorsShownNote(errors.length, failed);
  return (
    <>
      <h4 id={titleId}>Rows with errors</h4>
      {note && <p className="field-hint">{note}</p>}
      {/* A long list scrolls inside its own box, which the keyboard can reach. */}
      <div className="cfg-import-errors" role="region" aria-labelledby={titleId} tabIndex={0}>
        <ul>
          {errors.map((row) => (
            <li key={row.line}>
              <span className="cfg-import-line">Line {row.line}:</span> {row.error}
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
