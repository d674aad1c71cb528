import { Alert, Button, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { PagedList } from '../lib/use-paged-list.js';

/**
 * The states every paged list page shows around its table: an error alert, a loader until the
 * first page arrives, a sentence when the list is empty, the items, and a "Load more" button while
 * there are further pages. The caller draws the items (usually a table) with `children`.
 *
 * @example
 * <PagedListView
 *   list={list}
 *   errorTitle="Could not load traces"
 *   loadingLabel="Loading traces"
 *   empty="No traces you may read yet."
 *   emptyTestId="traces-empty"
 * >
 *   {(items) => <TraceTable items={items} />}
 * </PagedListView>
 */
export function PagedListView<T>({
  list,
  errorTitle,
  loadingLabel,
  empty,
  emptyTestId,
  moreLabel = 'Load more',
  moreWidth = 160,
  children,
}: {
  list: PagedList<T>;
  /** The alert's title when a page fails to load; the API's message is its body. */
  errorTitle: string;
  /** The loader's accessible name. */
  loadingLabel: string;
  /** What to say when the user may read no items (yet). */
  empty: ReactNode;
  emptyTestId: string;
  moreLabel?: string;
  moreWidth?: number;
  /** Draws the items; called only when there is at least one. */
  children: (items: T[]) => ReactNode;
}) {
  const { items, error, cursor, loadingMore, more } = list;
  return (
    <>
      {error && (
        <Alert color="red" title={errorTitle}>
          {error}
        </Alert>
      )}
      {!items && !error && <Loader aria-label={loadingLabel} />}
      {items && items.length === 0 && <Text data-testid={emptyTestId}>{empty}</Text>}
      {items && items.length > 0 && children(items)}
      {cursor && (
        <Button variant="default" onClick={more} loading={loadingMore} w={moreWidth}>
          {moreLabel}
        </Button>
      )}
    </>
  );
}
