// W6: reports for admins and supervisors. A period's conversations (received, handled, abandoned, missed offers)
// and their first response, handling and waiting times, by day, hour, channel, category or agent: figures, charts,
// a table and a CSV of the same. From the server's anonymous hourly aggregates. The period and grouping live in the
// address, so a report can be bookmarked. The charts and uPlot are fetched only when this page shows them.
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { reportCsvUrl, type ConversationReport, type ReportDuration } from '../../api/reports';
import type { User } from '../../api/types';
import { formatCount } from '../../format';
import { navigate, useSearch } from '../../router';
import { LoadFailure } from '../shell/LoadFailure';
import { PageHeading } from '../shell/PageHeading';
import { orderRows } from './chartSeries';
import {
  choiceFromSearch,
  choiceToSearch,
  dayAt,
  offsetLabel,
  reportQueryOf,
  utcOffsetAt,
  type ReportChoice,
} from './reportChoice';
import { ReportControls } from './ReportControls';
import { ReportTable } from './ReportTable';
import {
  byText,
  formatReportDuration,
  isQuiet,
  p90Text,
  ReportTimes,
  rowLabel,
  shareOfClosed,
} from './reportText';
import { useReport } from './useReport';
import './reports.css';

const ReportCharts = lazy(() => import('./ReportCharts'));

const REPORTS_PATH = '/reports';
const DAY_MS = 86_400_000;

export default function ReportsPage(_props: { user: User }) {
  const search = useSearch();
  const [refreshes, setRefreshes] = useState(0);
  // Read again whenever the choice changes or Refresh is pressed: "Today" is the day it is now.
  const now = useMemo(() => new Date(), [search, refreshes]);
  const utcOffset = utcOffsetAt(now);
  const today = dayAt(now, utcOffset);
  const choice = useMemo(() => choiceFromSearch(search, today), [search, today]);
  const canonical = choiceToSearch(choice);
  const query = useMemo(() => reportQueryOf(choice, now), [choice, now]);
  const { report, loading, error, reload } = useReport(query);

  // One way to write each choice: an address with unknown or impossible parts is replaced by what applies.
  useEffect(() => {
    if (search !== canonical) {
      navigate(`${REPORTS_PATH}${canonical}`, { replace: true });
    }
  }, [search, canonical]);

  const choose = (next: ReportChoice) => navigate(`${REPORTS_PATH}${choiceToSearch(next)}`);
  const refresh = () => {
    setRefreshes((count) => count + 1);
    reload();
  };

  const status = loading ? (
    <p className="muted rp-status" role="status">
      Loading the report…
    </p>
  ) : (
    <button className="button button-small" type="button" onClick={refresh}>
      Refresh
    </button>
  );

  return (
    <section className="page ws-wide rp-page">
      <PageHeading title="Reports" />
      <p className="page-lead">
        Conversations, and how fast they were answered, from anonymous figures.
      </p>
      <ReportControls choice={choice} today={today} utcOffset={utcOffset} onChange={choose} />
      <div className="rp-results" aria-busy={loading}>
        {!report && !error && <div className="rp-status-line">{status}</div>}
        {error && (
          <p className="form-error" role="alert">
            The report could not be loaded: {error}{' '}
            <button className="button button-small" type="button" onClick={reload}>
              Try again
            </button>
          </p>
        )}
        {report && <ReportBody report={report} csvUrl={reportCsvUrl(query)} status={status} />}
      </div>
    </section>
  );
}

interface ReportBodyProps {
  report: ConversationReport;
  csvUrl: string;
  /** Loading, or the Refresh button: beside the period's heading. */
  status: ReactNode;
}

function ReportBody({ report, csvUrl, status }: ReportBodyProps) {
  const grouping = report.groupBy;
  const view = useMemo(() => {
    const times = new ReportTimes(report.utcOffset);
    const rows = orderRows(report.rows, report.groupBy);
    const severalDays = Date.parse(report.until) - Date.parse(report.from) > DAY_MS;
    const labels = rows.map((row) => rowLabel(row, report.groupBy, times, severalDays));
    const axisLabels =
      report.groupBy === 'hour'
        ? rows.map((row) => (severalDays && times.startsDay(row.key) ? times.dayOfHour(row.key) : times.hourLabel(row.key, false)))
        : report.groupBy === 'day'
          ? rows.map((row) => times.dayLabel(row.key, true))
          : labels;
    return { rows, labels, axisLabels, period: times.periodLabel(report.from, report.until) };
  }, [report]);

  const heading = (
    <div className="rp-summary-head">
      <h2 id="rp-summary-title" className="ws-section-title">
        {view.period}
      </h2>
      {status}
    </div>
  );
  if (isQuiet(report.total)) {
    return (
      <section aria-labelledby="rp-summary-title">
        {heading}
        <div className="empty-state rp-empty">
        <p className="empty-title">No conversations in this period</p>
        <p>
          Nothing arrived, was closed or was offered to an agent in {view.period}. Choose another period, or a longer
          one.
        </p>
        </div>
      </section>
    );
  }

  const { total } = report;
  return (
    <>
      <section aria-labelledby="rp-summary-title">
        {heading}
        <div className="rp-tiles">
          <div className="rp-tile-group">
            <h3 className="ws-group-title">Conversations</h3>
            <dl className="ws-figures">
              <Tile label="Received" value={formatCount(total.received)} testId="tile-received" />
              <Tile
                label="Handled"
                value={formatCount(total.handled)}
                detail={closedShare(total.handled, total)}
                testId="tile-handled"
              />
              <Tile
                label="Abandoned"
                value={formatCount(total.abandoned)}
                detail={closedShare(total.abandoned, total)}
                testId="tile-abandoned"
              />
              <Tile label="Missed offers" value={formatCount(total.missedOffers)} testId="tile-missed" />
            </dl>
          </div>
          <div className="rp-tile-group">
            <h3 className="ws-group-title">Median times</h3>
            <dl className="ws-figures">
              <TimeTile label="First response" duration={total.firstResponse} testId="tile-first-response" />
              <TimeTile label="Handling" duration={total.handling} testId="tile-handling" />
              <TimeTile label="Waiting" duration={total.waiting} testId="tile-waiting" />
            </dl>
          </div>
        </div>
      </section>

      <section aria-labelledby="rp-charts-title">
        <h2 id="rp-charts-title" className="visually-hidden">
          Charts
        </h2>
        <LoadFailure message="The charts could not be loaded; the table below has the same figures.">
          <Suspense
            fallback={
              <p className="muted rp-charts-loading" role="status">
                Loading charts…
              </p>
            }
          >
            <ReportCharts rows={view.rows} grouping={grouping} axisLabels={view.axisLabels} />
          </Suspense>
        </LoadFailure>
      </section>

      <section aria-labelledby="rp-table-title">
        <div className="rp-table-head">
          <h2 id="rp-table-title" className="ws-section-title">
            {byText(grouping)}
          </h2>
          <a className="button button-small" href={csvUrl} download>
            Download CSV
          </a>
        </div>
        <ReportTable
          rows={view.rows}
          labels={view.labels}
          total={total}
          grouping={grouping}
          caption={`Conversations ${byText(grouping).toLowerCase()}, ${view.period} (days from midnight ${offsetLabel(report.utcOffset)}). Times are medians and the time within which 90 % were done, each within 10 %.`}
        />
      </section>
    </>
  );
}

/** "25 % of closed", or nothing when none closed. */
function closedShare(part: number, total: ConversationReport['total']): string | undefined {
  const share = shareOfClosed(part, total);
  return share === null ? undefined : `${share} of closed`;
}

function Tile({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <div className="ws-figure rp-tile">
      <dt className="ws-figure-label">{label}</dt>
      <dd className="ws-figure-value ws-num" data-testid={testId}>
        {value}
      </dd>
      {detail && <dd className="rp-tile-detail">{detail}</dd>}
    </div>
  );
}

function TimeTile({ label, duration, testId }: { label: string; duration: ReportDuration; testId: string }) {
  const measured = duration.count > 0;
  return (
    <Tile
      label={label}
      value={measured ? formatReportDuration(duration.medianMs) : '—'}
      detail={measured ? p90Text(duration) : 'None measured'}
      testId={testId}
    />
  );
}
