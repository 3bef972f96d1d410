/**
 * A server-paged list for a virtualised view: the total comes with the first page; other pages load when
 * rows of theirs become visible. A new `key` (search or filter changed) starts over; answers for an old key
 * are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../../../server/admin/contract';

export const PAGE_SIZE = 100;

export interface PagedList<T> {
  total: number | null;
  /** The item at `index`, or undefined while its page loads. */
  item(index: number): T | undefined;
  /** Asks for the pages covering rows `from..to` (inclusive). */
  ensureRange(from: number, to: number): void;
  error: unknown;
  reload(): void;
}

export function usePagedList<T>(
  fetchPage: (offset: number, limit: number, signal: AbortSignal) => Promise<Page<T>>,
  key: string,
): PagedList<T> {
  const [pages, setPages] = useState<ReadonlyMap<number, T[]>>(new Map());
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [generation, setGeneration] = useState(0);
  const requested = useRef(new Set<number>());
  const controller = useRef<AbortController | null>(null);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback((pageIndex: number) => {
    if (requested.current.has(pageIndex) || !controller.current) return;
    requested.current.add(pageIndex);
    const signal = controller.current.signal;
    fetchRef.current(pageIndex * PAGE_SIZE, PAGE_SIZE, signal).then(
      (page) => {
        if (signal.aborted) return;
        setTotal(page.total);
        setPages((previous) => new Map(previous).set(pageIndex, page.items));
      },
      (failure: unknown) => {
        if (signal.aborted) return;
        requested.current.delete(pageIndex);
        setError(failure);
      },
    );
  }, []);

  useEffect(() => {
    controller.current?.abort();
    controller.current = new AbortController();
    requested.current = new Set();
    setPages(new Map());
    setError(undefined);
    load(0);
    return () => controller.current?.abort();
  }, [key, generation, load]);

  // Keep the old total until the new first page arrives, so the list does not collapse while typing.
  const ensureRange = useCallback(
    (from: number, to: number) => {
      for (let page = Math.floor(from / PAGE_SIZE); page <= Math.floor(to / PAGE_SIZE); page += 1) load(page);
    },
    [load],
  );

  const item = useCallback((index: number) => pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], [pages]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  return { total, item, ensureRange, error, reload };
}
