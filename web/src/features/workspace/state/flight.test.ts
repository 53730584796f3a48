import { describe, expect, it } from 'vitest';
import { createCooldown, createSingleFlight, forEachLimited } from './flight';

/** A promise settled from outside. */
function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createSingleFlight', () => {
  it('gives a second caller the run in flight, whose answer it can then read', async () => {
    const run = createSingleFlight();
    const gate = deferred();
    let loads = 0;
    let stored: string | null = null;
    const load = async () => {
      loads += 1;
      await gate.promise;
      stored = 'cnv_1';
    };
    const first = run('conversation:cnv_1', load);
    let seenBySecond: string | null = 'not yet';
    const second = run('conversation:cnv_1', load).then(() => {
      seenBySecond = stored;
    });
    await tick();
    expect(seenBySecond).toBe('not yet');
    gate.resolve();
    await Promise.all([first, second]);
    expect(seenBySecond).toBe('cnv_1');
    expect(loads).toBe(1);
  });

  it('passes a failure on to every caller of that run', async () => {
    const run = createSingleFlight();
    const gate = deferred();
    const load = () => gate.promise;
    const first = run('k', load);
    const second = run('k', load);
    gate.reject(new Error('gone'));
    await expect(first).rejects.toThrow('gone');
    await expect(second).rejects.toThrow('gone');
  });

  it('runs once more after the current run when asked again, however many times', async () => {
    const run = createSingleFlight();
    const gates = [deferred(), deferred()];
    let loads = 0;
    const load = async () => {
      const gate = gates[loads];
      loads += 1;
      await gate.promise;
    };
    const first = run('queue', load, 'again');
    const second = run('queue', load, 'again');
    const third = run('queue', load, 'again');
    expect(second).toBe(third);
    await tick();
    expect(loads).toBe(1);
    gates[0].resolve();
    await first;
    await tick();
    expect(loads).toBe(2);
    gates[1].resolve();
    await Promise.all([second, third]);
    expect(loads).toBe(2);
  });

  it('runs the follow-up even when the current run fails, and starts afresh once idle', async () => {
    const run = createSingleFlight();
    let loads = 0;
    const failing = async () => {
      loads += 1;
      throw new Error('offline');
    };
    const first = run('mine', failing, 'again');
    const second = run('mine', async () => {
      loads += 1;
    }, 'again');
    await expect(first).rejects.toThrow('offline');
    await second;
    expect(loads).toBe(2);
    await run('mine', async () => {
      loads += 1;
    });
    expect(loads).toBe(3);
  });
});

describe('forEachLimited', () => {
  it('never runs more than the limit at once and visits every item despite failures', async () => {
    let running = 0;
    let most = 0;
    const visited: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7, 8, 9], 4, async (item) => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
      visited.push(item);
      if (item === 3) {
        throw new Error('not found');
      }
    });
    expect(most).toBe(4);
    expect([...visited].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('does nothing for no items', async () => {
    let calls = 0;
    await forEachLimited([], 4, async () => {
      calls += 1;
    });
    expect(calls).toBe(0);
  });
});

describe('createCooldown', () => {
  it('says yes at most once per interval, counting from its creation', () => {
    let now = 1000;
    const due = createCooldown(30_000, () => now);
    expect(due()).toBe(false);
    now += 30_000;
    expect(due()).toBe(true);
    expect(due()).toBe(false);
    now += 29_999;
    expect(due()).toBe(false);
    now += 1;
    expect(due()).toBe(true);
  });
});
