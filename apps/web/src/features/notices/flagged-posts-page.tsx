import { Anchor, Badge, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { PagedListView } from '../../components/paged-list-view.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { type NoticesApi, noticesApi } from './api.js';

/**
 * Posts that screening sent to review or removal, riskiest first: open one to review its
 * indicators and draft a notice to the platform from it.
 */
export function FlaggedPostsPage({ api }: { api?: NoticesApi }) {
  const [client] = useState(() => api ?? noticesApi());
  const load = useCallback((cursor: string | null) => client.flaggedPosts(cursor), [client]);
  const list = usePagedList(load);

  return (
    <Stack>
      <Anchor component={Link} to="/notices/list" size="sm">
        ← Notices
      </Anchor>
      <Title order={2}>Flagged posts</Title>
      <Text c="dimmed">
        Posts you may read that screening sent to review or removal. Review one to draft a notice to
        its platform, with its URL and the indicators that raised the flag.
      </Text>
      <PagedListView
        list={list}
        errorTitle="Could not load flagged posts"
        loadingLabel="Loading flagged posts"
        empty={
          <>
            No flagged posts you may read. Posts arrive through screening (the API, the CLI or a
            platform feed).
          </>
        }
        emptyTestId="flagged-empty"
      >
        {(items) => (
          <>
            <Text size="sm" c="dimmed">
              {items.length} of {list.total}
            </Text>
            <Table.ScrollContainer minWidth={720}>
              <Table striped highlightOnHover data-testid="flagged-posts">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Post</Table.Th>
                    <Table.Th>Decision</Table.Th>
                    <Table.Th>Risk</Table.Th>
                    <Table.Th>Language</Table.Th>
                    <Table.Th>Source</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Action</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((post) => (
                    <Table.Tr key={post.id}>
                      <Table.Td maw={420}>
                        <Text size="sm" lineClamp={2}>
                          {post.excerpt}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={post.decision === 'remove' ? 'red.9' : 'orange.9'}>
                          {post.decision}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{post.risk.toFixed(2)}</Table.Td>
                      <Table.Td>{post.language}</Table.Td>
                      <Table.Td>{post.source}</Table.Td>
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={`/notices/new?post=${encodeURIComponent(post.id)}`}
                          aria-label={`Review and draft a notice: ${post.excerpt.slice(0, 60)}`}
                        >
                          Review and draft a notice
                        </Anchor>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
      </PagedListView>
    </Stack>
  );
}
