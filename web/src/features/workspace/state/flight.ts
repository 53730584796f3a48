// How the workspace runs its fetches: one at a time per key, and a bounded number side by side.

/**
 * 'join': a call while one runs for the key gets that run's promise (one answer serves both).
 * 'again': a call while one runs gets one more run after it, shared by every such call, so the last request
 * is never lost (a refresh asked for during a refresh still happens, once).
 */
export type FlightMode = 'join' | 'again';

export type SingleFlight = (key: string, load: () => Promise<void>, mode?: FlightMode) => Promise<void>;

interface Flight {
  promise: Promise<void>;
  /** The run scheduled after this one ('again'), and the load it will call (the latest asked for). */
  next: Promise<void> | null;
  nextLoad: () => Promise<void>;
}

const ignore = () => undefined;

export function createSingleFlight(): SingleFlight {
  const flights = new Map<string, Flight>();

  const start = (key: string, load: () => Promise<void>): Promise<void> => {
    const flight: Flight = { promise: Promise.resolve(), next: null, nextLoad: load };
    flight.promise = (async () => {
      try {
        await load();
      } finally {
        if (flights.get(key) === flight && flight.next === null) {
          flights.delete(key);
        }
      }
    })();
    flights.set(key, flight);
    return flight.promise;
  };

  return (key, load, mode = 'join') => {
    const flight = flights.get(key);
    if (!flight) {
      return start(key, load);
    }
    if (mode === 'join') {
      // Once the run after this one is scheduled, a joiner waits for it: it is the freshest answer coming.
      return flight.next ?? flight.promise;
    }
    flight.nextLoad = load;
    if (flight.next === null) {
      flight.next = flight.promise.then(ignore, ignore).then(() => start(key, flight.nextLoad));
    }
    return flight.next;
  };
}

/** Calls `run` on every item, at most `limit` at a time; resolves when all have settled (failures ignored). */
export async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      try {
        await run(item);
      } catch {
        // One failure does not stop the others.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** Says yes at most once per `intervalMs` (counting from creation): for refetches on focus. */
export function createCooldown(intervalMs: number, now: () => number = () => Date.now()): () => boolean {
  let last = now();
  return () => {
    const at = now();
    if (at - last < intervalMs) {
      return false;
    }
    last = at;
    return true;
  };
}
