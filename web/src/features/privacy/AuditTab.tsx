import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { isApiError } from '../../api/client';
import { auditExportUrl, searchAudit } from '../../api/endpoints';
import { listUsers } from '../../api/routing';
import type { AuditEntry, AuditFilter } from '../../api/types';
import { ActionError } from '../configurator/common/ActionStatus';
import { useAction } from '../configurator/common/useAction';
import { useResource } from '../configurator/common/useResource';
import { AuditFilterForm } from './AuditFilterForm';
import {
  AUDIT_PAGE_SIZE,
  auditProblems,
  auditServerError,
  auditFormFromQuery,
  auditSummary,
  checkAuditForm,
  EMPTY_AUDIT_FORM,
  firstInvalid,
  isFiltered,
  type AuditErrors,
  type AuditField,
  type AuditForm,
} from './auditFilters';
import { AuditTable } from './AuditTable';

interface Results {
  /** The filters the entries match; older pages and the downloads use them. */
  filter: AuditFilter;
  entries: AuditEntry[];
  nextBefore: number | null;
}

/** The tenant's tamper-evident audit log, newest first: filtered, a page at a time, and as a download. */
export function AuditTab() {
  const base = useId();
  // A link may open the log filtered (a contact's profile links to its trail: ?entity=contact&entityId=…).
  const [form, setForm] = useState<AuditForm>(() =>
    auditFormFromQuery(typeof window === 'undefined' ? '' : window.location.search),
  );
  const [errors, setErrors] = useState<AuditErrors>({});
  const [results, setResults] = useState<Results | null>(null);
  /** The row to focus once it is shown: the first of the older entries just loaded. */
  const [focusSeq, setFocusSeq] = useState<number | null>(null);
  const search = useAction();
  const older = useAction();
  // Each search counts up, so an older page that arrives after a new search is dropped.
  const generation = useRef(0);
  const started = useRef(false);
  // Names for user ids; DPOs may not list users, so ids are shown then.
  const { resource: usersResource } = useResource(listUsers);
  const users = usersResource.status === 'ready' ? usersResource.data : null;
  const rowId = useCallback((seq: number) => `${base}-entry-${seq}`, [base]);
  const { run: runSearch } = search;
  const { reset: resetOlder } = older;

  const load = useCallback(
    async (filter: AuditFilter) => {
      generation.current += 1;
      resetOlder();
      const page = await runSearch(
        'Loading audit entries…',
        () =>
          searchAudit(filter, { limit: AUDIT_PAGE_SIZE }).catch((error: unknown) => {
            const refused = isApiError(error) && error.code === 'validation_failed';
            throw refused ? new Error(auditServerError(error.message)) : error;
          }),
        '',
      );
      setResults(page ? { filter, entries: page.items, nextBefore: page.nextBefore } : null);
    },
    [runSearch, resetOlder],
  );

  const initialForm = useRef(form);
  useEffect(() => {
    // Once, also under StrictMode's second mount: the newest entries, filtered as the link said (if it did).
    if (!started.current) {
      started.current = true;
      const checked = checkAuditForm(initialForm.current);
      void load(checked.ok ? checked.filter : {});
    }
  }, [load]);

  useEffect(() => {
    if (focusSeq !== null) {
      document.getElementById(rowId(focusSeq))?.focus();
      setFocusSeq(null);
    }
  }, [focusSeq, rowId]);

  function edit(field: AuditField, value: string) {
    setForm((current) => ({ ...current, [field]: value }));
    // An id without an entity is the entity's problem; leaving the id out solves it too.
    setErrors((current) => ({ ...current, [field]: undefined, ...(field === 'entityId' && { entity: undefined }) }));
    search.reset();
  }

  function apply() {
    if (search.pending) {
      return;
    }
    const checked = checkAuditForm(form);
    if (!checked.ok) {
      setErrors(checked.errors);
      search.fail(auditProblems(checked.errors));
      const first = firstInvalid(checked.errors);
      if (first) {
        document.getElementById(`${base}-${first}`)?.focus();
      }
      return;
    }
    setErrors({});
    void load(checked.filter);
  }

  function clear() {
    if (search.pending) {
      return;
    }
    setForm(EMPTY_AUDIT_FORM);
    setErrors({});
    void load({});
  }

  async function loadOlder() {
    if (!results || results.nextBefore === null) {
      return;
    }
    const { filter, nextBefore } = results;
    const asked = generation.current;
    const page = await older.run(
      'Loading older entries…',
      () => searchAudit(filter, { before: nextBefore, limit: AUDIT_PAGE_SIZE }),
      '',
    );
    if (!page || asked !== generation.current) {
      return;
    }
    setResults((current) =>
      current ? { ...current, entries: [...current.entries, ...page.items], nextBefore: page.nextBefore } : current,
    );
    // The button is gone when nothing older is left: focus goes to the new entries, or to the oldest one.
    setFocusSeq(page.items[0]?.seq ?? results.entries.at(-1)?.seq ?? null);
  }

  const filtered = results ? isFiltered(results.filter) : false;
  const summary = results ? auditSummary(results.entries.length, results.nextBefore !== null, filtered) : '';

  return (
    <section aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`} tabIndex={-1}>
        Audit log
      </h2>
      <p className="page-lead">
        Every change to personal data and every privacy action, newest first. Each entry is chained to the one
        before it, so the log cannot be changed unnoticed.
      </p>
      <AuditFilterForm
        base={base}
        form={form}
        errors={errors}
        search={search}
        users={users}
        onEdit={edit}
        onApply={apply}
        onClear={clear}
      />

      <div className="privacy-audit-bar">
        <p className="privacy-summary" role="status">
          {search.pending ?? older.pending ?? summary}
        </p>
        {results && results.entries.length > 0 && (
          <div className="form-actions privacy-audit-downloads">
            <a
              className="button button-small"
              href={auditExportUrl(results.filter, 'csv')}
              download
              aria-describedby={`${base}-downloads`}
            >
              Download CSV
            </a>
            <a
              className="button button-small"
              href={auditExportUrl(results.filter, 'json')}
              download
              aria-describedby={`${base}-downloads`}
            >
              Download JSON
            </a>
            <span className="field-hint" id={`${base}-downloads`}>
              {filtered ? 'Every entry matching the filters applied' : 'Every entry'}, not only those shown.
            </span>
          </div>
        )}
      </div>
      {results && results.entries.length > 0 && (
        <AuditTable entries={results.entries} users={users} rowId={rowId} noteId={`${base}-note`} />
      )}
      {results && results.nextBefore !== null && (
        <div className="form-actions privacy-audit-more">
          <button className="button" type="button" disabled={older.pending !== null} onClick={() => void loadOlder()}>
            {older.pending ?? 'Load older entries'}
          </button>
        </div>
      )}
      <ActionError action={older} />
    </section>
  );
}
