import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import {
  codeLabel,
  NOTICE_STATUSES,
  type NoticeFilters,
  type NoticePage,
  type NoticesApi,
  noticesApi,
  type Platform,
  SLA_LABELS,
  SLA_STATUSES,
} from './api.js';
import { SlaBadge } from './sla-badge.js';

/** Notices per page of the list. */
export const NOTICE_PAGE_SIZE = 25;

const STATUS_WORDS: Record<string, string> = {
  draft: 'Draft',
  sent: 'Sent',
  acknowledged: 'Acknowledged',
  decided: 'Decided',
  appealed: 'Appealed',
  closed: 'Closed',
};

/** The notices the user may read, newest first, with SLA badges, filters and server-side pages. */
export function NoticeListPage({ api }: { api?: NoticesApi }) {
  const [client] = useState(() => api ?? noticesApi());
  const [filters, setFilters] = useState<NoticeFilters>({});
  // Cursors of the pages seen so far: the server pages forward, so going back re-asks a kept cursor.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<NoticePage | null>(null);
  const [platforms, setPlatforms] = useState<Platform[]>([]);
  const [error, setError] = useState<string | null>(null);

  const index = cursors.length - 1;
  const cursor = cursors[index] ?? null;

  useEffect(() => {
    client
      .platforms()
      .then((answer) => setPlatforms(answer.items))
      .catch(() => setPlatforms([]));
  }, [client]);

  useEffect(() => {
    let live = true;
    setPage(null);
    setError(null);
    client
      .list(filters, cursor, NOTICE_PAGE_SIZE)
      .then((answer) => live && setPage(answer))
      .catch((cause: Error) => live && setError(cause.message));
    return () => {
      live = false;
    };
  }, [client, filters, cursor]);

  const filter = (change: NoticeFilters) => {
    setFilters((current) => ({ ...current, ...change }));
    setCursors([null]);
  };

  const first = index * NOTICE_PAGE_SIZE + 1;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Notices to platforms</Title>
        <Group>
          <Button component={Link} to="/notices/flagged" variant="default">
            Flagged posts
          </Button>
          <Button component={Link} to="/notices/new">
            New notice
          </Button>
        </Group>
      </Group>
      <Text c="dimmed">
        DSA Art 16 notices your organisation sent, or, for a platform, received; each with its
        response-time clock. Reports:{' '}
        <Anchor component={Link} to="/notices/reports/transparency">
          transparency report
        </Anchor>
        ,{' '}
        <Anchor component={Link} to="/notices/reports/trusted-flagger">
          trusted-flagger annual report
        </Anchor>
        .
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }}>
        <Select
          label="Status"
          placeholder="Any status"
          data={NOTICE_STATUSES.map((value) => ({ value, label: STATUS_WORDS[value] ?? value }))}
          value={filters.status ?? null}
          onChange={(value) => filter({ status: value as NoticeFilters['status'] })}
          clearable
        />
        <Select
          label="Response time"
          placeholder="Any"
          data={SLA_STATUSES.map((value) => ({ value, label: SLA_LABELS[value] }))}
          value={filters.sla ?? null}
          onChange={(value) => filter({ sla: value as NoticeFilters['sla'] })}
          clearable
        />
        <Select
          label="Platform"
          placeholder="Any platform"
          data={platforms.map((platform) => ({ value: platform.id, label: platform.name }))}
          value={filters.platform ?? null}
          onChange={(value) => filter({ platform: value })}
          clearable
          searchable
        />
        <Select
          label="Direction"
          placeholder="Sent and received"
          data={[
            { value: 'sent', label: 'Sent by my organisation' },
            { value: 'received', label: 'Received by my organisation' },
          ]}
          value={filters.direction ?? null}
          onChange={(value) => filter({ direction: value as NoticeFilters['direction'] })}
          clearable
        />
        <Select
          label="Order"
          data={[
            { value: 'newest', label: 'Newest first' },
            { value: 'due', label: 'Most urgent first (sent only)' },
          ]}
          value={filters.sort ?? 'newest'}
          onChange={(value) => filter({ sort: value === 'due' ? 'due' : null })}
          allowDeselect={false}
        />
      </SimpleGrid>
      {error && (
        <Alert color="red" title="Could not load notices">
          {error}
        </Alert>
      )}
      {!page && !error && <Loader aria-label="Loading notices" />}
      {page && page.items.length === 0 && (
        <Text data-testid="notices-empty">
          {Object.entries(filters).some(([key, value]) => key !== 'sort' && value)
            ? 'No notices match these filters.'
            : 'No notices yet. Draft one from a flagged post, or write a new notice.'}
        </Text>
      )}
      {page && page.items.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover data-testid="notices">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Content</Table.Th>
                <Table.Th>Platform</Table.Th>
                <Table.Th>Notifier</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Response time</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.items.map((notice) => (
                <Table.Tr key={notice.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/notices/${notice.id}`}>
                      {codeLabel(notice.category)}: {notice.urls[0] ?? ''}
                      {notice.urls.length > 1 ? ` (+${notice.urls.length - 1})` : ''}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{notice.platform.name}</Table.Td>
                  <Table.Td>
                    {notice.notifierOrganisation.name}
                    {notice.trustedFlagger ? ' (trusted flagger)' : ''}
                  </Table.Td>
                  <Table.Td>{STATUS_WORDS[notice.status] ?? notice.status}</Table.Td>
                  <Table.Td>
                    <SlaBadge sla={notice.sla} />
                  </Table.Td>
                  <Table.Td>{new Date(notice.createdAt).toLocaleString()}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {page && page.total > 0 && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed" data-testid="notices-range">
            {first}–{first + page.items.length - 1} of {page.total}
          </Text>
          <Group>
            <Button
              variant="default"
              disabled={index === 0}
              onClick={() => setCursors((current) => current.slice(0, -1))}
            >
              Previous page
            </Button>
            <Button
              variant="default"
              disabled={!page.nextCursor}
              onClick={() => setCursors((current) => [...current, page.nextCursor])}
            >
              Next page
            </Button>
          </Group>
        </Group>
      )}
    </Stack>
  );
}
