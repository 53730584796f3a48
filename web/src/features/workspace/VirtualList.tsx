// A windowed list for long timelines: renders only the rows in view plus an overscan, measures each rendered
// row, and keeps the row at the top of the view where it was when anything above it changes height. At the
// bottom it follows new rows; scrolled up it stays put and offers a "new messages" button instead. With
// `followBottom` off (a list read from the top, newest first) it opens at the top and never follows.
import {
  forwardRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ForwardedRef,
  type ReactNode,
  type Ref,
} from 'react';
import { flushSync } from 'react-dom';

export interface VirtualListHandle {
  focus(): void;
  scrollToBottom(): void;
}

interface VirtualListProps<T> {
  items: readonly T[];
  itemKey: (item: T) => string;
  estimateHeight: (item: T) => number;
  renderItem: (item: T) => ReactNode;
  /** Accessible name of the scrolling region. */
  label: string;
  overscanPx?: number;
  /** Open at the bottom and follow new rows there (a timeline); default true. */
  followBottom?: boolean;
  /** Called on scrolling within `NEAR_END_PX` of the end (to load the next page). */
  onNearEnd?: () => void;
}

const BOTTOM_SLACK_PX = 24;
const NEAR_END_PX = 400;

/** Index of the first row whose bottom is below `y` (offsets has one more entry than there are rows). */
function firstRowBelow(offsets: readonly number[], y: number): number {
  let low = 0;
  let high = offsets.length - 2;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (offsets[middle + 1] > y) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  return Math.max(0, low);
}

function VirtualListInner<T>(props: VirtualListProps<T>, ref: ForwardedRef<VirtualListHandle>) {
  const { items, itemKey, estimateHeight, renderItem, label, overscanPx = 600, followBottom = true, onNearEnd } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [measured, setMeasured] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);
  const [unseen, setUnseen] = useState(0);
  const atBottom = useRef(followBottom);
  // The row at the top of the view and how far above the view's top it starts.
  const anchor = useRef<{ key: string; above: number } | null>(null);
  const lastKey = useRef<string | null>(null);
  const count = useRef(0);

  const keys = useMemo(() => items.map(itemKey), [items, itemKey]);
  const offsets = useMemo(() => {
    const result = new Array<number>(items.length + 1);
    result[0] = 0;
    items.forEach((item, index) => {
      result[index + 1] = result[index] + (heights.current.get(keys[index]) ?? estimateHeight(item));
    });
    return result;
    // `measured` is a dependency on purpose: it changes whenever a stored height does.
  }, [items, keys, estimateHeight, measured]);
  const offsetsRef = useRef(offsets);
  offsetsRef.current = offsets;
  const keysRef = useRef(keys);
  keysRef.current = keys;

  const rememberAnchor = useCallback((top: number) => {
    const list = offsetsRef.current;
    if (keysRef.current.length === 0) {
      anchor.current = null;
      return;
    }
    const index = firstRowBelow(list, top);
    anchor.current = { key: keysRef.current[index], above: top - list[index] };
  }, []);

  const observer = useMemo(
    () =>
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => {
            let changed = false;
            for (const entry of entries) {
              const key = (entry.target as HTMLElement).dataset.key;
              const height = (entry.target as HTMLElement).offsetHeight;
              if (key !== undefined && height > 0 && heights.current.get(key) !== height) {
                heights.current.set(key, height);
                changed = true;
              }
            }
            if (changed) {
              flushSync(() => setMeasured((value) => value + 1));
            }
          }),
    [],
  );
  useEffect(() => () => observer?.disconnect(), [observer]);

  // One stable ref callback per row key, so rows are observed once while they are rendered.
  const rowRefs = useRef(new Map<string, (element: HTMLElement | null) => void>());
  const rowRef = (key: string) => {
    let callback = rowRefs.current.get(key);
    if (!callback) {
      let observed: HTMLElement | null = null;
      callback = (element) => {
        if (observed) {
          observer?.unobserve(observed);
        }
        observed = element;
        if (element) {
          observer?.observe(element);
        } else {
          rowRefs.current.delete(key);
        }
      };
      rowRefs.current.set(key, callback);
    }
    return callback;
  };

  // Viewport size.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) {
      return;
    }
    setViewport(element.clientHeight);
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    const watcher = new ResizeObserver(() => setViewport(element.clientHeight));
    watcher.observe(element);
    return () => watcher.disconnect();
  }, []);

  // After every render: follow the bottom, or keep the anchor row still; count rows added below the view.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) {
      return;
    }
    const newLast = keys.length > 0 ? keys[keys.length - 1] : null;
    const appended = newLast !== lastKey.current && keys.length > count.current ? keys.length - count.current : 0;
    lastKey.current = newLast;
    count.current = keys.length;
    if (atBottom.current) {
      element.scrollTop = element.scrollHeight;
    } else {
      const kept = anchor.current;
      const index = kept ? keys.indexOf(kept.key) : -1;
      if (kept && index >= 0) {
        const wanted = offsets[index] + kept.above;
        if (Math.abs(element.scrollTop - wanted) > 1) {
          element.scrollTop = wanted;
        }
      }
      if (appended > 0 && followBottom) {
        setUnseen((value) => value + appended);
      }
    }
    rememberAnchor(element.scrollTop);
  });

  const onScroll = () => {
    const element = scroller.current;
    if (!element) {
      return;
    }
    const below = element.scrollHeight - element.scrollTop - element.clientHeight;
    atBottom.current = followBottom && below < BOTTOM_SLACK_PX;
    if (atBottom.current) {
      setUnseen(0);
    }
    if (below < NEAR_END_PX) {
      onNearEnd?.();
    }
    rememberAnchor(element.scrollTop);
    setScrollTop(element.scrollTop);
  };

  const scrollToBottom = useCallback(() => {
    const element = scroller.current;
    atBottom.current = true;
    setUnseen(0);
    if (element) {
      element.scrollTop = element.scrollHeight;
    }
  }, []);

  useImperativeHandle(ref, () => ({ focus: () => scroller.current?.focus(), scrollToBottom }), [scrollToBottom]);

  const total = offsets[items.length];
  const start = items.length === 0 ? 0 : firstRowBelow(offsets, scrollTop - overscanPx);
  let end = start;
  while (end < items.length && offsets[end] < scrollTop + Math.max(viewport, 400) + overscanPx) {
    end += 1;
  }

  return (
    <div className="vlist">
      <div
        ref={scroller}
        className="vlist-scroller"
        role="region"
        aria-label={label}
        tabIndex={0}
        onScroll={onScroll}
      >
        <div className="vlist-spacer" style={{ height: offsets[start] }} aria-hidden="true" />
        <div role="list" className="vlist-rows">
          {items.slice(start, end).map((item, offset) => {
            const index = start + offset;
            const key = keys[index];
            return (
              <div
                key={key}
                role="listitem"
                aria-setsize={items.length}
                aria-posinset={index + 1}
                data-key={key}
                ref={rowRef(key)}
                className="vlist-row"
              >
                {renderItem(item)}
              </div>
            );
          })}
        </div>
        <div className="vlist-spacer" style={{ height: total - offsets[end] }} aria-hidden="true" />
      </div>
      {unseen > 0 && (
        <button className="button button-small vlist-new" type="button" onClick={scrollToBottom}>
          {unseen === 1 ? '1 new message' : `${unseen} new messages`} ↓
        </button>
      )}
    </div>
  );
}

export const VirtualList = forwardRef(VirtualListInner) as <T>(
  props: VirtualListProps<T> & { ref?: Ref<VirtualListHandle> },
) => ReturnType<typeof VirtualListInner>;
