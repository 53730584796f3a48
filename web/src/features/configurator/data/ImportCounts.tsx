import { formatCount } from '../../../format';
import type { ImportFigure } from './importText';

/** A preview's or a run's figures, each under its label. */
export function ImportCounts({ figures }: { figures: readonly ImportFigure[] }) {
  return (
    <dl className="cfg-import-counts">
      {figures.map((figure) => (
        <div key={figure.label}>
          <dt>{figure.label}</dt>
          <dd>{formatCount(figure.value)}</dd>
        </div>
      ))}
    </dl>
  );
}
