import type { AuditEntry } from '../../api/types';
import { formatDateTime } from '../../format';
import { actorText, destroyedKeys, entityText, valueText, type DestroyedKeys, type KnownUsers } from './auditText';

interface AuditTableProps {
  entries: readonly AuditEntry[];
  /** For names of users; null when they could not be listed (ids are shown). */
  users: KnownUsers;
  /** The id of an entry's row header, which takes focus after older entries are loaded. */
  rowId: (seq: number) => string;
  /** The id for the note on values that are not shown. */
  noteId: string;
}

/** Audit entries, newest first: when, which entity, which attribute, who, and the value. */
export function AuditTable({ entries, users, rowId, noteId }: AuditTableProps) {
  const destroyed = destroyedKeys(entries);
  const noted = entries.some((entry) => entry.value === null);
  return (
    <>
      {noted && (
        <p className="field-hint privacy-audit-note" id={noteId}>
          “No value shown”: the value was cleared, or it cannot be read because its key was destroyed when the
          customer was erased or anonymised, or the user deleted. Entries that record those actions hold no value.
        </p>
      )}
      <div className="cfg-table-scroll" role="region" aria-label="Audit entries" tabIndex={0}>
        <table className="table privacy-audit-table" aria-describedby={noted ? noteId : undefined}>
          <caption className="visually-hidden">Audit entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Entity</th>
              <th scope="col">Attribute</th>
              <th scope="col">Actor</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <AuditRow key={entry.seq} entry={entry} users={users} destroyed={destroyed} id={rowId(entry.seq)} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

interface AuditRowProps {
  entry: AuditEntry;
  users: KnownUsers;
  destroyed: DestroyedKeys;
  id: string;
}

function AuditRow({ entry, users, destroyed, id }: AuditRowProps) {
  const entity = entityText(entry, users);
  const actor = actorText(entry.actor, users);
  const value = valueText(entry, destroyed);
  return (
    <tr>
      <th scope="row" id={id} tabIndex={-1} className="privacy-audit-when">
        <time dateTime={entry.at} title={entry.at}>
          {formatDateTime(entry.at)}
        </time>
      </th>
      <td>
        <Named text={entity.text} detail={entity.detail} />
      </td>
      <td>
        <code className="privacy-audit-attribute">{entry.attribute}</code>
      </td>
      <td>
        <Named text={actor.text} detail={actor.detail} />
      </td>
      <td className="privacy-audit-value">
        {value.note === null ? (
          value.text
        ) : (
          <span className="muted" title={value.note}>
            {value.text}
            <span className="visually-hidden">: {value.note}</span>
          </span>
        )}
      </td>
    </tr>
  );
}

/** A name with its id under it. */
function Named({ text, detail }: { text: string; detail: string | null }) {
  return (
    <>
      <span className="cfg-cell-title">{text}</span>
      {detail && (
        <span className="cfg-cell-details">
          <code>{detail}</code>
        </span>
      )}
    </>
  );
}
