// Every row of the report and its total: the figures behind the charts, and their text alternative.
import { Fragment } from 'react';
import type { ReportDuration, ReportGrouping, ReportRow } from '../../api/reports';
import { formatCount } from '../../format';
import { byText, formatReportDuration, GROUP_HEADINGS, isQuiet } from './reportText';

interface ReportTableProps {
  rows: readonly ReportRow[];
  /** Each row's name, in the order of `rows`. */
  labels: readonly string[];
  total: ReportRow;
  grouping: ReportGrouping;
  caption: string;
}

const TIMES = [
  { key: 'firstResponse', label: 'First response' },
  { key: 'handling', label: 'Handling time' },
  { key: 'waiting', label: 'Waiting time' },
] as const;

/** Past this many rows (a month of days) the table scrolls in a box of its own, its heads and total in sight. */
const LONG_TABLE_ROWS = 40;

export function ReportTable({ rows, labels, total, grouping, caption }: ReportTableProps) {
  const long = rows.length > LONG_TABLE_ROWS;
  return (
    <div
      className={long ? 'rp-table-scroll rp-table-long' : 'rp-table-scroll'}
      // A box that scrolls must be reachable by keyboard.
      tabIndex={long ? 0 : undefined}
      role={long ? 'region' : undefined}
      aria-label={long ? `Table ${byText(grouping).toLowerCase()}` : undefined}
    >
      <table className="table rp-table">
        <caption className="rp-caption">{caption}</caption>
        <colgroup>
          <col />
        </colgroup>
        <colgroup span={4} />
        {TIMES.map((time) => (
          <colgroup key={time.key} span={2} className="rp-time-group" />
        ))}
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {GROUP_HEADINGS[grouping]}
            </th>
            <th scope="col" rowSpan={2} className="ws-col-num">
              Received
            </th>
            <th scope="col" rowSpan={2} className="ws-col-num">
              Handled
            </th>
            <th scope="col" rowSpan={2} className="ws-col-num">
              Abandoned
            </th>
            <th scope="col" rowSpan={2} className="ws-col-num">
              Missed offers
            </th>
            {TIMES.map((time) => (
              <th key={time.key} scope="colgroup" colSpan={2} className="rp-time-head">
                {time.label}
              </th>
            ))}
          </tr>
          <tr>
            {TIMES.map((time) => (
              <Fragment key={time.key}>
                <th scope="col" className="ws-col-num rp-time-start">
                  Median
                </th>
                <th scope="col" className="ws-col-num">
                  90 %
                </th>
              </Fragment>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <Row key={row.key || '-'} row={row} label={labels[index] ?? row.label} />
          ))}
        </tbody>
        <tfoot>
          <Row row={total} label="Total" />
        </tfoot>
      </table>
    </div>
  );
}

function Row({ row, label }: { row: ReportRow; label: string }) {
  return (
    <tr className={isQuiet(row) ? 'rp-quiet' : undefined}>
      <th scope="row">{label}</th>
      <td className="ws-col-num ws-num">{formatCount(row.received)}</td>
      <td className="ws-col-num ws-num">{formatCount(row.handled)}</td>
      <td className="ws-col-num ws-num">{formatCount(row.abandoned)}</td>
      <td className="ws-col-num ws-num">{formatCount(row.missedOffers)}</td>
      {TIMES.map((time) => (
        <TimeCells key={time.key} duration={row[time.key]} />
      ))}
    </tr>
  );
}

function TimeCells({ duration }: { duration: ReportDuration }) {
  const measured = duration.count > 0;
  return (
    <>
      <td className="ws-col-num ws-num rp-time-start">{measured ? formatReportDuration(duration.medianMs) : '—'}</td>
      <td className="ws-col-num ws-num">{measured ? formatReportDuration(duration.p90Ms) : '—'}</td>
    </>
  );
}
