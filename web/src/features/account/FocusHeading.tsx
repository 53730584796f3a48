import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A step's heading that takes focus when the step appears, so that keyboard and screen-reader users start reading
 * there (as PageHeading does for a page).
 */
export function FocusHeading({ level, children, id }: { level: 2 | 3; children: ReactNode; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  const Tag = level === 2 ? 'h2' : 'h3';
  return (
    <Tag className="tfa-heading" id={id} tabIndex={-1} ref={ref}>
      {children}
    </Tag>
  );
}
