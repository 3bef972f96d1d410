/**
 * A virtualised, keyboard-navigable list of links (50,000 rows stay smooth: only visible rows exist).
 * Arrow keys, Page Up/Down, Home and End move between rows; Enter opens one.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface VirtualListProps<T> {
  count: number;
  item(index: number): T | undefined;
  ensureRange(from: number, to: number): void;
  rowHeight: number;
  /** Accessible name of the list. */
  label: string;
  rowHref(item: T): string;
  renderRow(item: T): ReactNode;
  rowKey(item: T): string;
  testId?: string;
}

export function VirtualList<T>({
  count,
  item,
  ensureRange,
  rowHeight,
  label,
  rowHref,
  renderRow,
  rowKey,
  testId,
}: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Set by a key press; focused once its row has rendered (never on mouse scrolling, which would fight it).
  const [pendingFocus, setPendingFocus] = useState<number | null>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index;
  const last = rows[rows.length - 1]?.index;

  useEffect(() => {
    if (first !== undefined && last !== undefined) ensureRange(first, last);
  }, [first, last, ensureRange]);

  // Runs after every render on purpose: the row to focus may only appear once the virtualizer renders it.
  // It settles: the state is cleared as soon as the row is found.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (pendingFocus === null) return;
    const link = scrollRef.current?.querySelector<HTMLAnchorElement>(`[data-index="${pendingFocus}"] a`);
    if (link) {
      link.focus({ preventScroll: true });
      setPendingFocus(null);
    }
  });

  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = Number(
      (document.activeElement?.closest('[data-index]') as HTMLElement | null)?.dataset.index ?? -1,
    );
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight) / rowHeight) - 1);
    const targets: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + pageRows,
      PageUp: current - pageRows,
      Home: 0,
      End: count - 1,
    };
    const target = targets[event.key];
    if (target === undefined || count === 0) return;
    event.preventDefault();
    const index = Math.min(count - 1, Math.max(0, target));
    virtualizer.scrollToIndex(index, { align: 'auto' });
    setPendingFocus(index);
  };

  return (
    <div ref={scrollRef} className="virtual-scroll" onKeyDown={move} data-testid={testId}>
      <ul aria-label={label} className="virtual-inner" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const value = item(row.index);
          return (
            <li
              key={value ? rowKey(value) : `loading-${row.index}`}
              data-index={row.index}
              className="virtual-row"
              style={{ height: row.size, transform: `translateY(${row.start}px)` }}
              aria-setsize={count}
              aria-posinset={row.index + 1}
            >
              {value ? (
                <a href={rowHref(value)} className="row-link">
                  {renderRow(value)}
                </a>
              ) : (
                <span className="row-link muted">Loading…</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
