import { useCallback, useEffect, useState } from 'react';
import { isApiError } from '../../api/client';
import { listMySessions, revokeMySession } from '../../api/endpoints';
import type { Session } from '../../api/types';
import { describeUserAgent, formatDateTime } from '../../format';
import { PageHeading } from '../shell/PageHeading';
import './account.css';

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; items: Session[] };

const describeError = (error: unknown) => (isApiError(error) ? error.message : String(error));

export function SessionsPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [revoking, setRevoking] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  /** Reloads the list; returns it, or null when loading failed. */
  const refresh = useCallback(async (): Promise<Session[] | null> => {
    try {
      const items = await listMySessions();
      setLoad({ status: 'ready', items });
      return items;
    } catch (error) {
      setLoad({ status: 'failed', message: describeError(error) });
      return null;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function revoke(session: Session) {
    setRevoking(session.id);
    setActionError(null);
    let failure: unknown = null;
    try {
      await revokeMySession(session.id);
    } catch (error) {
      failure = error;
    }
    const items = await refresh();
    const stillThere = items?.some((item) => item.id === session.id) ?? false;
    // A 404 for a session that is gone meanwhile is success; one that is still listed is not.
    const goneMeanwhile = isApiError(failure) && failure.code === 'not_found' && !stillThere;
    if (failure !== null && !goneMeanwhile) {
      setActionError(`Revoking failed: ${describeError(failure)}`);
    }
    setRevoking(null);
  }

  return (
    <section className="page">
      <PageHeading title="Sessions" />
      <p className="page-lead">
        Where you are signed in. Revoke a session you do not recognise or no longer use; it is signed out at once.
      </p>
      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
      {load.status === 'loading' && <p className="muted">Loading sessions…</p>}
      {load.status === 'failed' && (
        <div className="form-error" role="alert">
          Sessions could not be loaded: {load.message}{' '}
          <button className="button button-small" type="button" onClick={() => void refresh()}>
            Try again
          </button>
        </div>
      )}
      {load.status === 'ready' && load.items.length === 0 && <p className="muted">No sessions.</p>}
      {load.status === 'ready' && load.items.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">Your sessions</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last active</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {load.items.map((session) => (
              <tr key={session.id}>
                <td title={session.userAgent}>{describeUserAgent(session.userAgent)}</td>
                <td>{formatDateTime(session.createdAt)}</td>
                <td>{formatDateTime(session.lastSeenAt)}</td>
                <td>{formatDateTime(session.expiresAt)}</td>
                <td className="table-action">
                  {session.current ? (
                    <span className="badge">This session</span>
                  ) : (
                    <button
                      className="button button-small"
                      type="button"
                      disabled={revoking !== null}
                      onClick={() => void revoke(session)}
                      aria-label={`Revoke session ${describeUserAgent(session.userAgent)}, signed in ${formatDateTime(session.createdAt)}`}
                    >
                      {revoking === session.id ? 'Revoking…' : 'Revoke'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
