import { describe, expect, it } from 'vitest';
import { createThrottle, createWorkspaceStore } from './store';

function fakeTimers() {
  let now = 0;
  const queue: { at: number; callback: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => now,
    set: (callback: () => void, ms: number) => {
      const id = nextId++;
      queue.push({ at: now + ms, callback, id });
      return id;
    },
    clear: (handle: unknown) => {
      const index = queue.findIndex((item) => item.id === handle);
      if (index >= 0) {
        queue.splice(index, 1);
      }
    },
    advance(ms: number) {
      now += ms;
      for (const item of queue.filter((entry) => entry.at <= now)) {
        queue.splice(queue.indexOf(item), 1);
        item.callback();
      }
    },
  };
}

describe('createThrottle', () => {
  it('runs at once, then once more at the end of the interval however often it is called', () => {
    const timers = fakeTimers();
    let runs = 0;
    const throttle = createThrottle(() => (runs += 1), 1000, timers);
    throttle.call();
    expect(runs).toBe(1);
    throttle.call();
    throttle.call();
    timers.advance(500);
    throttle.call();
    expect(runs).toBe(1);
    timers.advance(500);
    expect(runs).toBe(2);
    timers.advance(5000);
    expect(runs).toBe(2);
    throttle.call();
    expect(runs).toBe(3);
  });

  it('drops a pending call when cancelled', () => {
    const timers = fakeTimers();
    let runs = 0;
    const throttle = createThrottle(() => (runs += 1), 1000, timers);
    throttle.call();
    throttle.call();
    throttle.cancel();
    timers.advance(2000);
    expect(runs).toBe(1);
  });
});

describe('createWorkspaceStore', () => {
  it('applies actions synchronously and tells subscribers only about real changes', () => {
    const store = createWorkspaceStore('usr_me');
    let calls = 0;
    store.subscribe(() => (calls += 1));
    store.dispatch({ type: 'live', event: { type: 'resync', cursor: 'e.1' } });
    expect(store.getState().generation).toBe(1);
    expect(store.getState().clock).toBe(1);
    store.dispatch({ type: 'live', event: { type: 'broadcast', text: 'hi' } });
    expect(calls).toBe(1);
  });
});
