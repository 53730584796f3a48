import type { ReactNode } from 'react';

/** A small button in a table row, described by the row's title cell so "Edit" says which row it edits. */
export function RowButton({ rowTitleId, onClick, children }: { rowTitleId: string; onClick: () => void; children: ReactNode }) {
  return (
    <button className="button button-small" type="button" aria-describedby={rowTitleId} onClick={onClick}>
      {children}
    </button>
  );
}
