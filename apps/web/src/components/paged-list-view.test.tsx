import { MantineProvider } from '@mantine/core';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PagedList } from '../lib/use-paged-list.js';
import { PagedListView } from './paged-list-view.js';

function render(list: Partial<PagedList<string>>, moreLabel?: string): string {
  const full: PagedList<string> = {
    items: null,
    total: 0,
    cursor: null,
    error: null,
    loadingMore: false,
    more: async () => {},
    ...list,
  };
  return renderToString(
    <MantineProvider>
      <PagedListView
        list={full}
        errorTitle="Could not load things"
        loadingLabel="Loading things"
        empty="No things yet."
        emptyTestId="things-empty"
        {...(moreLabel ? { moreLabel } : {})}
      >
        {(items) => (
          <ul data-testid="things">
            {items.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        )}
      </PagedListView>
    </MantineProvider>,
  );
}

describe('PagedListView', () => {
  it('shows a loader until the first page arrives', () => {
    const html = render({});
    expect(html).toContain('aria-label="Loading things"');
    expect(html).not.toContain('things-empty');
    expect(html).not.toContain('Load more');
  });

  it('shows the error with its title instead of the loader', () => {
    const html = render({ error: 'The server is unreachable.' });
    expect(html).toContain('Could not load things');
    expect(html).toContain('The server is unreachable.');
    expect(html).not.toContain('Loading things');
  });

  it('says so when the list is empty, and draws nothing else', () => {
    const html = render({ items: [] });
    expect(html).toContain('data-testid="things-empty"');
    expect(html).toContain('No things yet.');
    expect(html).not.toContain('data-testid="things"');
  });

  it('draws the items and offers the next page only while there is one', () => {
    const last = render({ items: ['a', 'b'] });
    expect(last).toContain('<li>a</li><li>b</li>');
    expect(last).not.toContain('Load more');
    const more = render({ items: ['a'], cursor: 'c2' }, 'Load more things');
    expect(more).toContain('Load more things');
  });

  it('keeps the items already shown when a later page fails', () => {
    const html = render({ items: ['a'], cursor: 'c2', error: 'Timed out.' });
    expect(html).toContain('<li>a</li>');
    expect(html).toContain('Timed out.');
  });
});
