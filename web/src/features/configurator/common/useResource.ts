import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from './errors';

export type Resource<T> =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; data: T };

/**
 * Loads `load()` on mount; `reload()` loads again (keeping the shown data until the answer arrives) and
 * `setData` replaces the data after a write answered with the new state.
 */
export function useResource<T>(load: () => Promise<T>) {
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const loadRef = useRef(load);
  loadRef.current = load;
  const mounted = useRef(true);

  const reload = useCallback(async (): Promise<T | null> => {
    try {
      const data = await loadRef.current();
      if (mounted.current) {
        setResource({ status: 'ready', data });
      }
      return data;
    } catch (error) {
      if (mounted.current) {
        setResource({ status: 'failed', message: describeError(error) });
      }
      return null;
    }
  }, []);

  useEffect(() => {
    mounted.current = true;
    void reload();
    return () => {
      mounted.current = false;
    };
  }, [reload]);

  const setData = useCallback((update: (current: T) => T) => {
    setResource((current) => (current.status === 'ready' ? { status: 'ready', data: update(current.data) } : current));
  }, []);

  return { resource, reload, setData };
}
