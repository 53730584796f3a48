import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client';
import type { ContactImport } from '../../../api/types';
import { IMPORT_FORGOTTEN } from './importText';
import { MAX_POLL_INTERVAL_MS, POLL_INTERVAL_MS, watchImport, type ImportWatch } from './watchImport';

const running: ContactImport = {
  id: 'imp_1',
  state: 'running',
  rows: 3,
  processed: 1,
  created: 1,
  updated: 0,
  unchanged: 0,
  failed: 0,
  errors: [],
  startedAt: '2026-12-07T06:00:00Z',
  finishedAt: null,
  by: 'usr_1',
};
const done: ContactImport = { ...running, state: 'done', processed: 3, created: 2, unchanged: 1, finishedAt: '2026-12-07T06:00:02Z' };

/** A watch over scripted answers (an ApiError is thrown), recording every wait, update and problem. */
function scripted(answers: (ContactImport | ApiError)[], stopAfterWaits = Infinity) {
  const log = { waits: [] as number[], loads: [] as string[], updates: [] as ContactImport[], problems: [] as (string | null)[] };
  const watch: ImportWatch = {
    load: async (id) => {
      log.loads.push(id);
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
    onUpdate: (run) => log.updates.push(run),
    onProblem: (message) => log.problems.push(message),
  };
  return { watch, log };
}

describe('watchImport', () => {
  it('looks every second until the import is no longer running', async () => {
    const { watch, log } = scripted([running, { ...running, processed: 2 }, done]);
    expect(await watchImport('imp_1', watch)).toBe('finished');
    expect(log.waits).toEqual([POLL_INTERVAL_MS, POLL_INTERVAL_MS, POLL_INTERVAL_MS]);
    expect(log.loads).toEqual(['imp_1', 'imp_1', 'imp_1']);
    expect(log.updates.map((run) => [run.state, run.processed])).toEqual([
      ['running', 1],
      ['running', 2],
      ['done', 3],
    ]);
    expect(log.problems).toEqual([]);
  });

  it('stops at a failed import too', async () => {
    const { watch, log } = scripted([{ ...running, state: 'failed', failure: 'the disk is full' }]);
    expect(await watchImport('imp_1', watch)).toBe('finished');
    expect(log.updates).toHaveLength(1);
  });

  it('waits longer after each failed look, says so, and clears it once a look works', async () => {
    const offline = new ApiError('network_error', 'could not reach the server: offline', 0);
    const { watch, log } = scripted([offline, offline, offline, offline, offline, running, done]);
    expect(await watchImport('imp_1', watch)).toBe('finished');
    expect(log.waits).toEqual([1000, 2000, 4000, 8000, MAX_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS, 1000]);
    expect(log.problems.slice(0, 1)).toEqual([
      'The import’s progress could not be checked: could not reach the server: offline. Trying again…',
    ]);
    expect(log.problems.at(-1)).toBeNull();
    expect(log.problems.filter((problem) => problem === null)).toHaveLength(1);
  });

  it('gives up on an import the server forgot (a restart), saying that importing again is safe', async () => {
    const { watch, log } = scripted([running, new ApiError('not_found', 'no such import', 404)]);
    expect(await watchImport('imp_1', watch)).toBe('lost');
    expect(log.problems).toEqual([IMPORT_FORGOTTEN]);
    expect(IMPORT_FORGOTTEN).toMatch(/importing the same file again is safe/);
  });

  it('gives up without retrying when the session may no longer look', async () => {
    const { watch, log } = scripted([new ApiError('forbidden', 'admins only', 403)]);
    expect(await watchImport('imp_1', watch)).toBe('lost');
    expect(log.problems).toEqual(['The import’s progress could not be checked: admins only.']);
  });

  it('ends quietly once nobody watches', async () => {
    const { watch, log } = scripted([running, running, running], 2);
    expect(await watchImport('imp_1', watch)).toBe('stopped');
    expect(log.loads).toHaveLength(2);
    expect(log.updates).toHaveLength(2);
  });
});
