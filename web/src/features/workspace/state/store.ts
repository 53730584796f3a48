// A tiny synchronous store around the pure reducer: the provider reads the current clock before a fetch starts
// (React's own dispatch would only apply actions at the next render), components read it through
// useSyncExternalStore.
import { initialState, workspaceReducer, type WorkspaceAction, type WorkspaceState } from './workspaceState';

export interface WorkspaceStore {
  getState(): WorkspaceState;
  dispatch(action: WorkspaceAction): void;
  subscribe(listener: () => void): () => void;
}

export function createWorkspaceStore(userId: string): WorkspaceStore {
  let state = initialState(userId);
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = workspaceReducer(state, action);
      if (next !== state) {
        state = next;
        listeners.forEach((listener) => listener());
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Calls `run` at most once per `intervalMs`: at once when idle, otherwise once more at the end of the interval
 * (so the last request is never lost). `cancel` drops a pending call.
 */
export function createThrottle(
  run: () => void,
  intervalMs: number,
  timers: { now: () => number; set: (callback: () => void, ms: number) => unknown; clear: (handle: unknown) => void } = {
    now: () => Date.now(),
    set: (callback, ms) => setTimeout(callback, ms),
    clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  },
): { call: () => void; cancel: () => void } {
  let last = -Infinity;
  let pending: unknown = null;
  const fire = () => {
    pending = null;
    last = timers.now();
    run();
  };
  return {
    call() {
      if (pending !== null) {
        return;
      }
      const wait = last + intervalMs - timers.now();
      if (wait <= 0) {
        fire();
      } else {
        pending = timers.set(fire, wait);
      }
    },
    cancel() {
      if (pending !== null) {
        timers.clear(pending);
        pending = null;
      }
    },
  };
}
