import type { LiveState } from './LiveClient';

const LABELS: Record<LiveState, string> = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  stopped: 'Offline',
};

const HINTS: Record<LiveState, string> = {
  connecting: 'Opening the live connection to the server',
  open: 'Updates arrive as they happen',
  reconnecting: 'The live connection dropped; trying again',
  stopped: 'No live connection',
};

export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span className={`live-indicator live-${state}`} role="status" title={HINTS[state]} data-state={state}>
      <span className="live-dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
