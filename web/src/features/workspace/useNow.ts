// One shared one-second ticker for everything that counts time (waits, offers, reply windows): components
// re-render each second only while they are mounted and only they do.
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((each) => each());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** Milliseconds since the epoch, updated every second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

/** Seconds since `iso` (0 when unknown), ticking. */
export function useSecondsSince(iso: string | null): number {
  const current = useNow();
  return iso === null ? 0 : Math.max(0, Math.floor((current - Date.parse(iso)) / 1000));
}
