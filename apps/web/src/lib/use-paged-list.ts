import { useCallback, useEffect, useState } from 'react';

/** One page of a cursor-paginated list, as the API's list endpoints answer. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** How many items the whole list holds, when the endpoint counts them. */
  total?: number;
}

/** A cursor-paginated list as a page shows it: `items` is `null` until the first page arrives. */
export interface PagedList<T> {
  items: T[] | null;
  /** The list's total as the first page gave it, or 0 when the endpoint does not count. */
  total: number;
  cursor: string | null;
  error: string | null;
  loadingMore: boolean;
  /** Appends the next page; a failure shows as `error` and keeps the items already shown. */
  more: () => Promise<void>;
}

/**
 * Loads the first page of a list, and the next ones on demand. `load` must be stable between
 * renders (wrap it in `useCallback`): when it changes, as when a filter it closes over changes,
 * the list starts again from its first page, and an answer to the earlier request is dropped.
 *
 * @example
 * const load = useCallback((cursor: string | null) => client.list(cursor, tlp), [client, tlp]);
 * const list = usePagedList(load);
 */
export function usePagedList<T>(load: (cursor: string | null) => Promise<Page<T>>): PagedList<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    let live = true;
    setItems(null);
    setError(null);
    load(null)
      .then((page) => {
        if (!live) return;
        setItems(page.items);
        setTotal(page.total ?? 0);
        setCursor(page.nextCursor);
      })
      .catch((cause: Error) => live && setError(cause.message));
    return () => {
      live = false;
    };
  }, [load]);

  const more = useCallback(async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await load(cursor);
      setItems((current) => [...(current ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (cause) {
      setError((cause as Error).message);
    } finally {
      setLoadingMore(false);
    }
  }, [load, cursor]);

  return { items, total, cursor, error, loadingMore, more };
}
