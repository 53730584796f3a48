import { useCallback, useRef, useState } from 'react';
import { describeError } from './errors';

export interface ActionState {
  /** What is running, e.g. "Saving…"; null when idle. */
  pending: string | null;
  /** The last success, for the polite live region. */
  success: string | null;
  /** The server's message for the last failure. */
  error: string | null;
}

export interface Action extends ActionState {
  /**
   * Runs one write: shows `progress` while it runs, then `success` or the server's error. Resolves to the
   * write's answer, or undefined when it failed (the caller keeps the user's input).
   */
  run<T>(progress: string, write: () => Promise<T>, success: string | ((answer: T) => string)): Promise<T | undefined>;
  /** Forgets the last success and error (e.g. when the user edits the form again). */
  reset(): void;
  /** Shows an error found before any request (client-side validation). */
  fail(message: string): void;
}

const IDLE: ActionState = { pending: null, success: null, error: null };

export function useAction(): Action {
  const [state, setState] = useState<ActionState>(IDLE);
  const running = useRef(false);

  const run = useCallback(
    async <T,>(progress: string, write: () => Promise<T>, success: string | ((answer: T) => string)) => {
      if (running.current) {
        return undefined;
      }
      running.current = true;
      setState({ pending: progress, success: null, error: null });
      try {
        const answer = await write();
        setState({ pending: null, success: typeof success === 'string' ? success : success(answer), error: null });
        return answer;
      } catch (caught) {
        setState({ pending: null, success: null, error: describeError(caught) });
        return undefined;
      } finally {
        running.current = false;
      }
    },
    [],
  );

  const reset = useCallback(() => setState((current) => (current.pending ? current : IDLE)), []);
  const fail = useCallback((message: string) => setState({ pending: null, success: null, error: message }), []);

  return { ...state, run, reset, fail };
}
