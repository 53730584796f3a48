// A uPlot chart as a React component: drawn into a box as wide as its container, redrawn at the new width when the
// container is resized, and made again when its options or data change (a report's charts change only when the
// report does). uPlot and its CSS come with this module, which only the charts' chunk imports (ReportCharts: the
// reports page's charts and the Wallboard's queue history).
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';

/** Narrower than this the axes leave no room for a plot; the box scrolls instead. */
const MIN_WIDTH = 280;

export interface UPlotChartProps {
  /** Everything but the width, which follows the container. */
  options: Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
  /** What the chart shows, for assistive technology (the chart itself is an image to them). */
  label: string;
}

export function UPlotChart({ options, data, label }: UPlotChartProps) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) {
      return undefined;
    }
    const widthOf = () => Math.max(MIN_WIDTH, Math.floor(element.clientWidth));
    let width = widthOf();
    const chart = new uPlot({ ...options, width }, data, element);
    // The box's width comes from the page, never from the chart, so resizing the chart cannot resize the box again.
    const observer = new ResizeObserver(() => {
      const next = widthOf();
      if (next !== width) {
        width = next;
        chart.setSize({ width, height: options.height });
      }
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [options, data]);

  return <div className="rp-chart" ref={box} role="img" aria-label={label} />;
}
