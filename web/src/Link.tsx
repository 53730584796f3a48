import type { AnchorHTMLAttributes } from 'react';
import { followLink } from './router';

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An ordinary link that switches pages without a reload. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  return (
    <a
      href={to}
      onClick={(event) => {
        onClick?.(event);
        followLink(event);
      }}
      {...rest}
    />
  );
}
