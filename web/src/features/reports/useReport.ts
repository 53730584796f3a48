// Loads the report for a query; a newer query's answer always wins over an older one's.
import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError } from '../../api/client';
import { getConversationReport, type ConversationReport, type ReportQuery } from '../../api/reports';

export interface ReportLoad {
  /** The last report that arrived (kept on screen while the next one loads; none after a failure). */
  report: ConversationReport | null;
  loading: boolean;
  error: string | null;
  reload: () => void;
}

export function useReport(query: ReportQuery | null): ReportLoad {
  const [report, setReport] = useState<ConversationReport | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  const key = query ? JSON.stringify(query) : '';

  useEffect(() => {
    if (!query) {
      return;
    }
    const ticket = ++latest.current;
    setLoading(true);
    setError(null);
    getConversationReport(query).then(
      (answer) => {
        if (ticket === latest.current) {
          setReport(answer);
          setLoading(false);
        }
      },
      (failure: unknown) => {
        if (ticket === latest.current) {
          setError(isApiError(failure) ? failure.message : String(failure));
          setReport(null);
          setLoading(false);
        }
      },
    );
    // `key` stands for the query: a new object with the same values is the same query.
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((count) => count + 1), []);
  return { report, loading, error, reload };
}
