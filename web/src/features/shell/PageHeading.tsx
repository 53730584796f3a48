import { useEffect, useRef, type ReactNode } from 'react';
import { useDocumentTitle } from '../../useDocumentTitle';

/** The page's h1; takes focus when the page opens so keyboard and screen-reader users land on it. */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  useDocumentTitle(title);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <h1 className="page-title" tabIndex={-1} ref={ref}>
      {children ?? title}
    </h1>
  );
}
