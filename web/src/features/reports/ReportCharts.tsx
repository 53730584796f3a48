// The report's charts (fetched with uPlot only when the reports page shows them): by hour or day, lines over time;
// by channel, category or agent, bars side by side per group. One chart of volumes (received, handled, abandoned)
// and one of median first response and waiting times. The table under them is their text alternative.
import { useMemo } from 'react';
import uPlot from 'uplot';
import type { ReportGrouping, ReportRow } from '../../api/reports';
import { formatCount } from '../../format';
import {
  barLayout,
  countAxisMax,
  tickIndices,
  timingSeries,
  truncate,
  volumeSeries,
  type TimeUnit,
} from './chartSeries';
import { axisStyle, COUNT_STEPS, pixels } from './chartStyle';
import { isTimeGrouping } from './reportChoice';
import { GROUP_HEADINGS } from './reportText';
import { UPlotChart } from './UPlotChart';

export interface ReportChartsProps {
  /** In the table's order. */
  rows: readonly ReportRow[];
  grouping: ReportGrouping;
  /** Each row's name on the x axis (shorter: "1 Dec" for an hour starting a day). */
  axisLabels: readonly string[];
}

// Dark enough against white for graphics (WCAG 1.4.11: at least 3:1; all of these are over 5:1), told apart by
// lightness and by line style as well as hue: blue, green and orange, not red against green.
const COLOURS = {
  received: '#2f5d8a',
  handled: '#1d7447',
  abandoned: '#b9470b',
  firstResponse: '#2f5d8a',
  waiting: '#8a5a00',
} as const;
const HEIGHT = 240;
const MIN_GROUP_SLOTS = 4;

interface Line {
  label: string;
  colour: string;
  dash?: number[];
  values: (number | null)[];
}

/** The x axis: rows by index, labelled with their names (every n-th when they do not all fit). */
function xParts(props: ReportChartsProps, asBars: boolean): Pick<uPlot.Options, 'scales'> & { axis: uPlot.Axis; series: uPlot.Series } {
  const { rows, grouping, axisLabels } = props;
  const count = rows.length;
  const kind = grouping === 'day' ? 'day' : grouping === 'hour' ? 'hour' : 'group';
  const labelPx = kind === 'hour' ? 52 : kind === 'day' ? 60 : 96;
  // Fewer than four groups still get a quarter of the width each, no more: a lone agent's bars are not a wall.
  const spare = asBars ? Math.max(0, MIN_GROUP_SLOTS - count) / 2 : 0;
  const range: uPlot.Range.MinMax =
    asBars || count < 2 ? [-0.5 - spare, count - 0.5 + spare] : [0, count - 1];
  return {
    scales: { x: { time: false, range: () => range } },
    axis: {
      ...axisStyle(),
      splits: (u) => tickIndices(count, pixels(u), labelPx, kind),
      values: (u, splits) => {
        const room = Math.max(4, Math.floor(pixels(u) / Math.max(1, count) / 7.5));
        return splits.map((index) => truncate(axisLabels[index] ?? '', kind === 'group' ? room : 40));
      },
      grid: { show: !asBars, stroke: '#eef0f3', width: 1 },
    },
    series: { label: GROUP_HEADINGS[grouping] },
  };
}

function chartOptions(props: ReportChartsProps, lines: Line[], yAxis: uPlot.Axis, yRange: uPlot.Scale['range']): Omit<uPlot.Options, 'width'> {
  const asBars = !isTimeGrouping(props.grouping);
  const x = xParts(props, asBars);
  const series: uPlot.Series[] = lines.map((line, index) => {
    const common = { label: line.label, stroke: line.colour };
    if (!asBars) {
      return { ...common, width: 2, dash: line.dash, spanGaps: true, points: { size: 6, fill: line.colour } };
    }
    const { offset, size } = barLayout(index, lines.length);
    const starts = props.rows.map((_, position) => position + offset);
    return {
      ...common,
      fill: line.colour,
      width: 0,
      points: { show: false },
      paths: uPlot.paths.bars!({
        disp: {
          x0: { unit: 1, values: () => starts },
          size: { unit: 1, values: () => [size] },
        },
      }),
    };
  });
  return {
    height: HEIGHT,
    scales: { ...x.scales, y: { range: yRange } },
    axes: [x.axis, yAxis],
    series: [x.series, ...series],
    cursor: { drag: { x: false, y: false, setScale: false }, points: { show: !asBars } },
    // Names and markers only: the figures are in the table (live values would read "—" until hovered).
    legend: { live: false },
  };
}

function volumeChart(props: ReportChartsProps) {
  const volumes = volumeSeries(props.rows);
  const lines: Line[] = [
    { label: 'Received', colour: COLOURS.received, values: volumes.received },
    { label: 'Handled', colour: COLOURS.handled, dash: [7, 4], values: volumes.handled },
    { label: 'Abandoned', colour: COLOURS.abandoned, dash: [2, 3], values: volumes.abandoned },
  ];
  const top = countAxisMax([...volumes.received, ...volumes.handled, ...volumes.abandoned]);
  const yAxis: uPlot.Axis = {
    ...axisStyle(),
    label: 'Conversations',
    incrs: COUNT_STEPS,
    values: (_u, splits) => splits.map((value) => formatCount(value)),
  };
  const options = chartOptions(props, lines, yAxis, () => [0, top]);
  return { options, data: [volumes.x, ...lines.map((line) => line.values)] as uPlot.AlignedData };
}

function timingChart(props: ReportChartsProps, unit: TimeUnit, firstResponse: (number | null)[], waiting: (number | null)[]) {
  const lines: Line[] = [
    { label: 'First response', colour: COLOURS.firstResponse, values: firstResponse },
    { label: 'Waiting', colour: COLOURS.waiting, dash: [7, 4], values: waiting },
  ];
  const measured = [...firstResponse, ...waiting].filter((value): value is number => value !== null);
  const top = Math.max(1, ...measured) * 1.1;
  const yAxis: uPlot.Axis = {
    ...axisStyle(),
    label: `Median (${unit.symbol})`,
    values: (_u, splits) => splits.map((value) => String(Math.round(value * 10) / 10)),
  };
  const options = chartOptions(props, lines, yAxis, () => [0, top]);
  return { options, data: [firstResponse.map((_, index) => index), ...lines.map((line) => line.values)] as uPlot.AlignedData };
}

// The Wallboard's queue history is drawn in this chunk too: one chunk holds every chart and uPlot once.
export { QueueHistoryCharts } from './QueueHistoryCharts';

export default function ReportCharts({ rows, grouping, axisLabels }: ReportChartsProps) {
  // The charts are made again only when the report changes, not whenever the page renders.
  const props = useMemo(() => ({ rows, grouping, axisLabels }), [rows, grouping, axisLabels]);
  const by = GROUP_HEADINGS[grouping].toLowerCase();
  const volumes = useMemo(() => volumeChart(props), [props]);
  const timing = useMemo(() => timingSeries(rows), [rows]);
  const timingPlot = useMemo(
    () => (timing.measured ? timingChart(props, timing.unit, timing.firstResponse, timing.waiting) : null),
    [props, timing],
  );
  const shape = isTimeGrouping(grouping) ? 'Lines' : 'Bars';

  return (
    <div className="rp-charts">
      <figure className="rp-figure" data-testid="volume-chart">
        <figcaption className="rp-figcaption">Conversations by {by}</figcaption>
        <UPlotChart
          options={volumes.options}
          data={volumes.data}
          label={`${shape} of conversations received, handled and abandoned by ${by}; the table below has the figures.`}
        />
      </figure>
      <figure className="rp-figure" data-testid="timing-chart">
        <figcaption className="rp-figcaption">Median first response and waiting time by {by}</figcaption>
        {timingPlot ? (
          <UPlotChart
            options={timingPlot.options}
            data={timingPlot.data}
            label={`${shape} of the median first response and waiting time by ${by}, in ${timing.unit.symbol === 's' ? 'seconds' : timing.unit.symbol === 'min' ? 'minutes' : 'hours'}; the table below has the figures.`}
          />
        ) : (
          <p className="muted rp-no-chart">No first response or wait was measured in this period.</p>
        )}
      </figure>
    </div>
  );
}
