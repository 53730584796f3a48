import { describe, expect, it } from 'vitest';
import type { BackupStatus } from '../../../api/backups';
import { ApiError } from '../../../api/client';
import { MAX_POLL_INTERVAL_MS, POLL_INTERVAL_MS, watchBackup, type BackupWatch } from './watchBackup';

const running: BackupStatus = {
  schedule: { dailyAt: '03:00', keep: 14, keepKeyStore: 3 },
  running: true,
  nextAt: '2026-12-08T03:00:00.000Z',
  lastSuccess: null,
  lastFailure: null,
};
const done: BackupStatus = {
  ...running,
  running: false,
  lastSuccess: { at: '2026-12-07T18:29:26.118Z', bytes: 340938, tookMs: 8 },
};

/** A watch over scripted answers (an ApiError is thrown), recording every wait, update and problem. */
function scripted(answers: (BackupStatus | ApiError)[], stopAfterWaits = Infinity) {
  const log = { waits: [] as number[], loads: 0, updates: [] as BackupStatus[], problems: [] as (string | null)[] };
  const watch: BackupWatch = {
    load: async () => {
      log.loads += 1;
      const answer = answers.shift();
      if (!answer) {
        throw new Error('asked once too often');
      }
      if (answer instanceof ApiError) {
        throw answer;
      }
      return answer;
    },
    wait: async (ms) => {
      log.waits.push(ms);
    },
    isStopped: () => log.waits.length > stopAfterWaits,
    onUpdate: (status) => log.updates.push(status),
    onProblem: (message) => log.problems.push(message),
  };
  return { watch, log };
}

describe('watchBackup', () => {
  it('looks every two seconds until no backup is running', async () => {
    const { watch, log } = scripted([running, running, done]);
    expect(await watchBackup(watch)).toBe('finished');
    expect(log.waits).toEqual([POLL_INTERVAL_MS, POLL_INTERVAL_MS, POLL_INTERVAL_MS]);
    expect(POLL_INTERVAL_MS).toBe(2000);
    expect(log.updates).toEqual([running, running, done]);
    expect(log.problems).toEqual([]);
  });

  it('stops at a failed backup too', async () => {
    const failed = { ...running, running: false, lastFailure: { at: '2026-12-07T19:00:00Z', error: 'disk full' } };
    const { watch, log } = scripted([failed]);
    expect(await watchBackup(watch)).toBe('finished');
    expect(log.updates).toEqual([failed]);
  });

  it('waits longer after each failed look, says so, and clears it once a look works', async () => {
    const offline = new ApiError('network_error', 'could not reach the server: offline', 0);
    const { watch, log } = scripted([offline, offline, offline, offline, running, done]);
    expect(await watchBackup(watch)).toBe('finished');
    expect(log.waits).toEqual([2000, 4000, 8000, MAX_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS, 2000]);
    expect(log.problems[0]).toBe(
      'The backup’s progress could not be checked: could not reach the server: offline. Trying again…',
    );
    expect(log.problems.at(-1)).toBeNull();
    expect(log.problems.filter((problem) => problem === null)).toHaveLength(1);
  });

  it('gives up when the session may no longer look', async () => {
    const { watch, log } = scripted([new ApiError('unauthenticated', 'sign in again', 401)]);
    expect(await watchBackup(watch)).toBe('lost');
    expect(log.problems).toEqual(['The backup’s progress could not be checked: sign in again.']);
  });

  it('ends quietly once nobody watches', async () => {
    const { watch, log } = scripted([running, running, done], 1);
    expect(await watchBackup(watch)).toBe('stopped');
    expect(log.loads).toBe(1);
    expect(log.updates).toEqual([running]);
  });
});
