// Minimal history-API routing: the current path (and query string) as React state, and navigate().
import { useSyncExternalStore, type MouseEvent } from 'react';

const NAVIGATE_EVENT = 'parley:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const currentPath = () => window.location.pathname;
const currentSearch = () => window.location.search;

export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

/** The query string ("?state=queued", or ""), for pages that keep their filters in the address. */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, currentSearch);
}

/** Goes to `path`, which may end in a query string; nothing happens when that is where the page is already. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname + window.location.search) {
    return;
  }
  if (options.replace) {
    window.history.replaceState(null, '', path);
  } else {
    window.history.pushState(null, '', path);
  }
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** onClick for an <a href>: navigates in-app for plain left clicks, leaves modified clicks to the browser. */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  navigate(event.currentTarget.pathname + event.currentTarget.search);
}
