import { useId } from 'react';
import type { ContactImport, User } from '../../../api/types';
import { formatDateTime } from '../../../format';
import { Loading, LoadError } from '../common/ActionStatus';
import type { Resource } from '../common/useResource';
import { formatCount } from '../../../format';
import { importStateText } from './importText';

export interface RecentImportsData {
  imports: ContactImport[];
  /** For the names of who started them; null when users could not be listed (ids are shown). */
  users: User[] | null;
}

interface RecentImportsProps {
  resource: Resource<RecentImportsData>;
  /** The import followed on this page: newer than its row in the list, which is loaded when it starts and ends. */
  current: ContactImport | null;
  onRetry: () => void;
}

/** This server's recent imports, newest first (kept in memory: a restart forgets them). */
export function RecentImports({ resource, current, onRetry }: RecentImportsProps) {
  const base = useId();
  return (
    // Not a landmark of its own: the table's scrolling region already carries the heading's name.
    <div className="cfg-import-recent">
      <h4 id={`${base}-title`}>Recent imports</h4>
      {resource.status === 'loading' && <Loading what="recent imports" />}
      {resource.status === 'failed' && <LoadError what="Recent imports" message={resource.message} onRetry={onRetry} />}
      {resource.status === 'ready' && (
        <RecentImportsTable data={withCurrent(resource.data, current)} titleId={`${base}-title`} />
      )}
    </div>
  );
}

/** The list with the followed import's latest progress in its row. */
function withCurrent(data: RecentImportsData, current: ContactImport | null): RecentImportsData {
  if (!current) {
    return data;
  }
  return { ...data, imports: data.imports.map((run) => (run.id === current.id ? current : run)) };
}

export function RecentImportsTable({ data, titleId }: { data: RecentImportsData; titleId: string }) {
  if (data.imports.length === 0) {
    return <p className="muted">No imports since this server started.</p>;
  }
  const nameOf = (id: string) => {
    const user = data.users?.find((candidate) => candidate.id === id);
    return user ? user.displayName || user.email : id;
  };
  return (
    <div className="cfg-table-scroll" role="region" aria-labelledby={titleId} tabIndex={0}>
      <table className="table cfg-import-table">
        <caption className="visually-hidden">Recent imports, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">By</th>
            <th scope="col">State</th>
            <th scope="col">Rows</th>
            <th scope="col">Created</th>
            <th scope="col">Updated</th>
            <th scope="col">Unchanged</th>
            <th scope="col">With errors</th>
          </tr>
        </thead>
        <tbody>
          {data.imports.map((run) => (
            <tr key={run.id}>
              <th scope="row">
                <time dateTime={run.startedAt}>{formatDateTime(run.startedAt)}</time>
              </th>
              <td>{nameOf(run.by)}</td>
              <td className="cfg-cell-text">{importStateText(run)}</td>
              <td>{formatCount(run.rows)}</td>
              <td>{formatCount(run.created)}</td>
              <td>{formatCount(run.updated)}</td>
              <td>{formatCount(run.unchanged)}</td>
              <td>{formatCount(run.failed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
