// What every uPlot chart of ours shares: the font, the axes' look and the steps a count axis is labelled at. Only
// the charts' chunk imports it (with uPlot), never the first load.
import uPlot from 'uplot';

export const FONT =
  "12px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, sans-serif";
export const LABEL_FONT = `600 ${FONT}`;
export const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];

/** The plot's width in CSS pixels. */
export const pixels = (u: uPlot) => u.bbox.width / (uPlot.pxRatio || 1);

export function axisStyle(): uPlot.Axis {
  return {
    stroke: '#5a6474',
    font: FONT,
    labelFont: LABEL_FONT,
    grid: { stroke: '#e3e7ec', width: 1 },
    ticks: { stroke: '#d8dde4', width: 1, size: 4 },
  };
}
