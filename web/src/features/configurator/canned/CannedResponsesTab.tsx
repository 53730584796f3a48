import { useId, useRef, useState, type FormEvent } from 'react';
import {
  createCannedResponse,
  deleteCannedResponse,
  listCannedResponses,
  updateCannedResponse,
  type CannedResponse,
} from '../../../api/routing';
import { formatDateTime } from '../../../format';
import { ActionError, ActionLive, Loading, LoadError } from '../common/ActionStatus';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useAction } from '../common/useAction';
import { useResource } from '../common/useResource';
import { checkCanned } from './cannedForm';
import { RowButton } from '../common/RowButton';

export function CannedResponsesTab() {
  const base = useId();
  const { resource, reload, setData } = useResource(listCannedResponses);
  const [editing, setEditing] = useState<CannedResponse | null>(null);
  const [shortcut, setShortcut] = useState('');
  const [text, setText] = useState('');
  const [deleting, setDeleting] = useState<CannedResponse | null>(null);
  const save = useAction();
  const remove = useAction();
  const shortcutRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const rowId = `${base}-canned-`;

  function startEdit(response: CannedResponse) {
    save.reset();
    setEditing(response);
    setShortcut(response.shortcut);
    setText(response.text);
    requestAnimationFrame(() => headingRef.current?.focus());
  }

  function clearForm() {
    setEditing(null);
    setShortcut('');
    setText('');
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkCanned(shortcut, text);
    if (!checked.ok) {
      save.fail(checked.message);
      shortcutRef.current?.focus();
      return;
    }
    const target = editing;
    const saved = await save.run(
      'Saving…',
      () => (target ? updateCannedResponse(target.id, checked.input) : createCannedResponse(checked.input)),
      (response) => `Canned response “${response.shortcut}” ${target ? 'saved' : 'added'}.`,
    );
    if (saved) {
      setData((items) => [...items.filter((item) => item.id !== saved.id), saved]);
      clearForm();
    }
  }

  async function confirmDelete() {
    if (!deleting) {
      return;
    }
    const target = deleting;
    const done = await remove.run(
      'Deleting…',
      () => deleteCannedResponse(target.id).then(() => true),
      `Canned response “${target.shortcut}” deleted.`,
    );
    if (done) {
      setDeleting(null);
      if (editing?.id === target.id) {
        clearForm();
      }
      setData((items) => items.filter((item) => item.id !== target.id));
    }
  }

  return (
    <section aria-labelledby="canned-title">
      <h2 id="canned-title" tabIndex={-1}>
        Canned responses
      </h2>
      <p className="page-lead">
        Ready-made answers agents insert in the composer by typing their shortcut.
      </p>
      <section className="config-card" aria-labelledby={`${base}-form-title`}>
        <h3 id={`${base}-form-title`} tabIndex={-1} ref={headingRef}>
          {editing ? `Edit “${editing.shortcut}”` : 'New canned response'}
        </h3>
        <form className="form" onSubmit={submit} noValidate>
          <div className="field cfg-field-narrow">
            <label htmlFor={`${base}-shortcut`}>Shortcut</label>
            <input
              id={`${base}-shortcut`}
              ref={shortcutRef}
              type="text"
              maxLength={33}
              autoCapitalize="none"
              spellCheck={false}
              required
              value={shortcut}
              aria-describedby={`${base}-shortcut-hint`}
              onChange={(event) => {
                setShortcut(event.target.value);
                save.reset();
              }}
            />
            <p className="field-hint" id={`${base}-shortcut-hint`}>
              1–32 lower-case letters, digits, “-” or “_”, e.g. thanks.
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${base}-text`}>Text</label>
            <textarea
              id={`${base}-text`}
              rows={4}
              required
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                save.reset();
              }}
            />
          </div>
          <ActionError action={save} />
          <div className="form-actions">
            <button className="button button-primary" type="submit" disabled={save.pending !== null}>
              {editing ? 'Save response' : 'Add response'}
            </button>
            {editing && (
              <button className="button" type="button" onClick={clearForm}>
                Cancel
              </button>
            )}
            <ActionLive action={save} />
          </div>
        </form>
      </section>

      <h3>All canned responses</h3>
      <p className="config-live">
        <ActionLive action={remove} />
      </p>
      {resource.status === 'loading' && <Loading what="canned responses" />}
      {resource.status === 'failed' && (
        <LoadError what="Canned responses" message={resource.message} onRetry={() => void reload()} />
      )}
      {resource.status === 'ready' &&
        (resource.data.length === 0 ? (
          <p className="muted">No canned responses yet.</p>
        ) : (
          <div className="cfg-table-scroll">
            <table className="table">
              <caption className="visually-hidden">Canned responses</caption>
              <thead>
                <tr>
                  <th scope="col">Shortcut</th>
                  <th scope="col">Text</th>
                  <th scope="col">Changed</th>
                  <th scope="col" className="table-action">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...resource.data]
                  .sort((a, b) => a.shortcut.localeCompare(b.shortcut))
                  .map((response) => (
                    <tr key={response.id}>
                      <th scope="row">
                        <code id={rowId + response.id}>{response.shortcut}</code>
                      </th>
                      <td className="cfg-cell-text">{response.text}</td>
                      <td>{formatDateTime(response.updatedAt)}</td>
                      <td className="table-action">
                        <RowButton rowTitleId={rowId + response.id} onClick={() => startEdit(response)}>
                          Edit
                        </RowButton>{' '}
                        <RowButton rowTitleId={rowId + response.id} onClick={() => {
                          remove.reset();
                          setDeleting(response);
                        }}>
                          Delete
                        </RowButton>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        ))}
      {deleting && (
        <ConfirmDialog
          title="Delete canned response"
          question={`Delete the canned response “${deleting.shortcut}”?`}
          confirmLabel="Delete response"
          action={remove}
          onConfirm={() => void confirmDelete()}
          onCancel={() => {
            remove.reset();
            setDeleting(null);
          }}
        />
      )}
    </section>
  );
}
