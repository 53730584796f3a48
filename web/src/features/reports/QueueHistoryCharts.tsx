// The Wallboard's queue history, drawn with uPlot in the charts' chunk (ReportCharts re-exports it, so uPlot is
// fetched once for both pages): the queue length as steps (the most waiting in each minute) and the longest wait
// as a line over a duration axis ("30 s", "5 min", "1 h"). The summary beside them is their text alternative.
import { useMemo } from 'react';
import uPlot from 'uplot';
import { formatCount, formatDuration } from '../../format';
import type { QueueHistory } from '../../api/routing';
import { historySeries, type HistorySeries } from '../workspace/state/queueHistorySeries';
import { countAxisMax, DURATION_STEPS, durationAxisMax } from './chartSeries';
import { axisStyle, COUNT_STEPS } from './chartStyle';
import { UPlotChart } from './UPlotChart';

export interface QueueHistoryChartsProps {
  history: QueueHistory;
  /** The period asked for, 1–24. */
  hours: number;
  /** The period's name for the charts' labels: "hour", "6 hours". */
  periodText: string;
}

const HEIGHT = 190;
const QUEUE_COLOUR = '#2f5d8a';
const WAIT_COLOUR = '#8a5a00';
/** Time labels 5 minutes to 6 hours apart, whichever fit. */
const TIME_STEPS = [300, 600, 900, 1800, 3600, 7200, 10_800, 21_600];
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** Room for the y axis's ticks and longest value (about 7 px a character at 12 px); its title has its own. */
const axisSize = (_u: uPlot, values: string[] | null) =>
  16 + 7 * Math.max(1, ...(values ?? []).map((value) => value.length));

function timeOptions(series: HistorySeries, label: string, colour: string, yAxis: uPlot.Axis, top: number, stepped: boolean) {
  const options: Omit<uPlot.Options, 'width'> = {
    height: HEIGHT,
    scales: { x: { time: true, range: () => series.range }, y: { range: () => [0, top] } },
    axes: [
      {
        ...axisStyle(),
        incrs: TIME_STEPS,
        space: 64,
        values: (_u, splits) => splits.map((seconds) => clock.format(seconds * 1000)),
      },
      { ...yAxis, size: axisSize },
    ],
    series: [
      { label: 'Time' },
      {
        label,
        stroke: colour,
        width: 2,
        fill: `${colour}1f`,
        spanGaps: false,
        points: { size: 5, fill: colour },
        paths: stepped ? uPlot.paths.stepped!({ align: 1 }) : undefined,
      },
    ],
    cursor: { drag: { x: false, y: false, setScale: false } },
    legend: { show: false },
  };
  return options;
}

export function QueueHistoryCharts({ history, hours, periodText }: QueueHistoryChartsProps) {
  const series = useMemo(() => historySeries(history, hours), [history, hours]);
  const queue = useMemo(() => {
    const yAxis: uPlot.Axis = {
      ...axisStyle(),
      label: 'Waiting',
      incrs: COUNT_STEPS,
      values: (_u, splits) => splits.map((value) => formatCount(value)),
    };
    const top = countAxisMax(series.queueLength.filter((value): value is number => value !== null));
    return {
      options: timeOptions(series, 'Waiting', QUEUE_COLOUR, yAxis, top, true),
      // Each length holds for its minute: the last one's step runs to the minute's end.
      data: [
        [...series.x, series.range[1]],
        [...series.queueLength, series.queueLength[series.queueLength.length - 1] ?? null],
      ] as uPlot.AlignedData,
    };
  }, [series]);
  const wait = useMemo(() => {
    const yAxis: uPlot.Axis = {
      ...axisStyle(),
      label: 'Longest wait',
      incrs: DURATION_STEPS,
      values: (_u, splits) => splits.map((value) => formatDuration(value)),
    };
    return {
      options: timeOptions(series, 'Longest wait', WAIT_COLOUR, yAxis, durationAxisMax(series.longestWait), false),
      // Each wait is the longest by its minute's end, and drawn there.
      data: [series.x.map((start) => start + series.step), series.longestWait] as uPlot.AlignedData,
    };
  }, [series]);

  return (
    <div className="rp-charts">
      <figure className="rp-figure" data-testid="queue-length-chart">
        <figcaption className="rp-figcaption">Conversations waiting</figcaption>
        <UPlotChart
          options={queue.options}
          data={queue.data}
          label={`Steps of the most conversations waiting in each minute of the last ${periodText}; the summary above has the peak.`}
        />
      </figure>
      <figure className="rp-figure" data-testid="longest-wait-chart">
        <figcaption className="rp-figcaption">Longest wait</figcaption>
        <UPlotChart
          options={wait.options}
          data={wait.data}
          label={`Line of the longest wait at the end of each minute of the last ${periodText}; the summary above has the longest.`}
        />
      </figure>
    </div>
  );
}
