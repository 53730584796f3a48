import type { ActionState } from './useAction';

/** A write's error (the server's message), shown next to its form as an alert. */
export function ActionError({ action, id }: { action: ActionState; id?: string }) {
  if (!action.error) {
    return null;
  }
  return (
    <p className="form-error" role="alert" id={id}>
      {action.error}
    </p>
  );
}

/**
 * A write's progress and success in a polite live region; always rendered (empty when idle) so screen
 * readers notice the change.
 */
export function ActionLive({ action }: { action: ActionState }) {
  return (
    <span className={action.pending ? 'config-status config-status-pending' : 'config-status'} role="status">
      {action.pending ?? action.success ?? ''}
    </span>
  );
}

/** A failed load, with a retry button. */
export function LoadError({ what, message, onRetry }: { what: string; message: string; onRetry: () => void }) {
  return (
    <div className="form-error" role="alert">
      {what} could not be loaded: {message}{' '}
      <button className="button button-small" type="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <p className="muted">Loading {what}…</p>;
}
