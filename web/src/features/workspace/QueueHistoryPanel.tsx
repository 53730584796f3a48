// The Wallboard's queue history (issue 15 item 6): queue length and longest wait minute by minute over the last
// 1, 6, 12 or 24 hours, as two charts and a summary in words. The charts come with the charts' chunk (uPlot), fetched
// when the panel first has something to draw, so the first load does not carry them. The series is fetched again
// every minute while the page is visible, and after a `queue.changed` at most every 30 s.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { getQueueHistory, type QueueHistory } from '../../api/routing';
import { useLiveEvent } from '../../live/LiveEvents';
import {
  DEFAULT_HISTORY_HOURS,
  HISTORY_HOURS,
  historySummary,
  historyTimeFormatter,
  lastHoursText,
  type HistoryHours,
} from './state/queueHistory';
import { createThrottle } from './state/store';
import { describeError } from './WorkspaceProvider';

// Code that could not be fetched (the server went away, or was updated meanwhile) leaves the summary standing.
const QueueHistoryCharts = lazy(() =>
  import('../reports/ReportCharts').then(
    (module) => ({ default: module.QueueHistoryCharts }),
    () => ({ default: () => <p className="muted">The charts could not be loaded; reload the page to try again.</p> }),
  ),
);

const REFRESH_MS = 60_000;
const LIVE_REFRESH_MS = 30_000;

function useQueueHistory(hours: HistoryHours) {
  const [loaded, setLoaded] = useState<{ hours: HistoryHours; history: QueueHistory } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(0);

  const load = useCallback(async () => {
    const request = ++asked.current;
    try {
      const history = await getQueueHistory(hours);
      if (request === asked.current) {
        setLoaded({ hours, history });
        setError(null);
      }
    } catch (failure) {
      if (request === asked.current) {
        setError(describeError(failure));
      }
    }
  }, [hours]);

  // Hidden tabs skip refreshes; one is made on return when any was skipped.
  const latest = useRef(load);
  latest.current = load;
  const missed = useRef(false);
  const refresh = useCallback(() => {
    if (document.visibilityState === 'visible') {
      void latest.current();
    } else {
      missed.current = true;
    }
  }, []);
  const throttle = useMemo(() => createThrottle(refresh, LIVE_REFRESH_MS), [refresh]);

  useEffect(() => {
    void load();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, refresh]);
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible' && missed.current) {
        missed.current = false;
        refresh();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      throttle.cancel();
    };
  }, [refresh, throttle]);
  useLiveEvent((event) => {
    if (event.type === 'queue.changed') {
      throttle.call();
    } else if (event.type === 'resync') {
      refresh();
    }
  });

  return { loaded, error };
}

export function QueueHistoryPanel() {
  const [hours, setHours] = useState<HistoryHours>(DEFAULT_HISTORY_HOURS);
  const { loaded, error } = useQueueHistory(hours);
  // A period just chosen keeps the last one's charts until its own series arrives.
  const shown = loaded?.hours ?? hours;
  const summary = useMemo(() => {
    if (!loaded) {
      return null;
    }
    return historySummary(loaded.history, loaded.hours, historyTimeFormatter(Date.now()));
  }, [loaded]);

  return (
    <section className="ws-history" aria-labelledby="wb-history" aria-busy={loaded !== null && loaded.hours !== hours}>
      <div className="ws-history-head">
        <h2 id="wb-history" className="ws-section-title">
          Queue over the last {lastHoursText(shown)}
        </h2>
        <div className="ws-history-period">
          <label htmlFor="wb-history-hours">Period</label>
          <select
            id="wb-history-hours"
            className="ws-select"
            value={hours}
            onChange={(event) => setHours(Number(event.target.value) as HistoryHours)}
          >
            {HISTORY_HOURS.map((each) => (
              <option key={each} value={each}>
                Last {lastHoursText(each)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && (
        <p className="form-error" role="alert">
          The queue history could not be loaded ({error}); it is tried again every minute.
        </p>
      )}
      {!loaded && !error && <p className="muted">Loading the queue history…</p>}
      {loaded && summary === null && (
        <p className="muted ws-history-empty">No history yet: the series starts when the server does.</p>
      )}
      {loaded && summary !== null && (
        <>
          <p className="ws-history-summary" data-testid="queue-history-summary">
            {summary}
          </p>
          <Suspense fallback={<p className="muted ws-history-loading">Loading the charts…</p>}>
            <QueueHistoryCharts history={loaded.history} hours={loaded.hours} periodText={lastHoursText(shown)} />
          </Suspense>
        </>
      )}
    </section>
  );
}
