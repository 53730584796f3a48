// The routing decision log of the open conversation, for admins and supervisors: folded away until asked for, then
// loaded (GET /conversations/{id}/decisions) and worded (state/decisions.ts), newest last as the server keeps it.
import { useId, useState } from 'react';
import { listDecisions, type Decision } from '../../api/routing';
import { describeDecision, type DecisionContext } from './state/decisions';
import { describeError } from './WorkspaceProvider';

type Load = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; items: Decision[] } | { status: 'failed'; error: string };

export function RoutingDecisions({ conversationId, context }: { conversationId: string; context: DecisionContext }) {
  const [load, setLoad] = useState<Load>({ status: 'idle' });
  const headingId = useId();

  async function fetchDecisions() {
    setLoad({ status: 'loading' });
    try {
      setLoad({ status: 'ready', items: await listDecisions(conversationId) });
    } catch (error) {
      setLoad({ status: 'failed', error: describeError(error) });
    }
  }

  return (
    <details
      className="ws-decisions"
      onToggle={(event) => {
        if (event.currentTarget.open && load.status !== 'loading') {
          void fetchDecisions();
        }
      }}
    >
      <summary id={headingId}>Routing decisions</summary>
      {/* Scrolls when long: focusable, so the keyboard can scroll it too. */}
      <div role="region" aria-labelledby={headingId} tabIndex={0}>
        {load.status === 'loading' && (
          <p className="muted" role="status">
            Loading the decisions…
          </p>
        )}
        {load.status === 'failed' && (
          <p className="form-error" role="alert">
            Decisions could not be loaded: {load.error}{' '}
            <button className="button button-small" type="button" onClick={() => void fetchDecisions()}>
              Try again
            </button>
          </p>
        )}
        {load.status === 'ready' && <DecisionList decisions={load.items} context={context} labelledBy={headingId} />}
      </div>
    </details>
  );
}

/** The decisions, oldest first, each with when, what, to whom and why. */
export function DecisionList({
  decisions,
  context,
  labelledBy,
}: {
  decisions: readonly Decision[];
  context: DecisionContext;
  labelledBy?: string;
}) {
  if (decisions.length === 0) {
    return <p className="muted">No routing decisions yet.</p>;
  }
  return (
    <ol className="ws-decision-list" aria-labelledby={labelledBy}>
      {decisions.map((decision) => {
        const worded = describeDecision(decision, context);
        return (
          <li key={worded.key} className="ws-decision">
            <p className="ws-decision-head">
              <time dateTime={decision.at} className="ws-num">
                {worded.at}
              </time>{' '}
              <strong>{worded.headline}</strong>
            </p>
            {worded.reasons.length > 0 && (
              <ul className="ws-decision-reasons">
                {worded.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            )}
            {worded.skipped && <p className="field-hint">Passed over: {worded.skipped}</p>}
          </li>
        );
      })}
    </ol>
  );
}
