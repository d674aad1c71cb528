import {
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { formatHours } from '../notices/api.js';
import { PagedListView } from '../../components/paged-list-view.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import {
  byDeadline,
  type EvidenceRequestsApi,
  evidenceRequestsApi,
  type Reminder,
  REQUEST_STATUSES,
  type RequestStatus,
  STATUS_LABELS,
} from './api.js';

/** A clock's due time as a badge: overdue in red with by how much, otherwise how long is left. */
export function DeadlineBadge({
  due,
  now = Date.now(),
}: {
  due: string | null | undefined;
  now?: number;
}) {
  if (!due) return <Text size="sm">—</Text>;
  const hours = (Date.parse(due) - now) / 3_600_000;
  if (hours < 0) {
    return (
      <Badge color="red.9" tt="none" data-testid="deadline-badge" data-overdue="true">
        {`Overdue by ${formatHours(hours)}`}
      </Badge>
    );
  }
  return (
    <Badge color={hours < 24 ? 'orange.9' : 'teal.9'} tt="none" data-testid="deadline-badge">
      {`Due in ${formatHours(hours)}`}
    </Badge>
  );
}

function Reminders({ items }: { items: Reminder[] }) {
  if (items.length === 0) return null;
  return (
    <Paper withBorder p="md" data-testid="reminders">
      <Text fw={600}>Clocks overdue or due within 72 hours</Text>
      <List size="sm" mt="xs">
        {items.map((item) => (
          <List.Item key={`${item.request.id}-${item.deadline.rule}`}>
            <Anchor component={Link} to={`/evidence/requests/${item.request.id}`}>
              {item.request.reference ?? item.request.platform.name}
            </Anchor>
            : {item.deadline.label} —{' '}
            {item.hoursLeft < 0
              ? `overdue by ${formatHours(item.hoursLeft)}`
              : `due in ${formatHours(item.hoursLeft)}`}
            {item.request.emergency ? ' (emergency)' : ''}
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}

/** The evidence requests the user may read, the next clock to run out first, with reminders. */
export function RequestListPage({ api }: { api?: EvidenceRequestsApi }) {
  const [client] = useState(() => api ?? evidenceRequestsApi());
  const [status, setStatus] = useState<RequestStatus | null>(null);
  const [reminders, setReminders] = useState<Reminder[]>([]);

  useEffect(() => {
    client
      .reminders()
      .then((answer) => setReminders(answer.items))
      .catch(() => setReminders([]));
  }, [client]);

  const load = useCallback(
    (cursor: string | null) => client.list(cursor, status),
    [client, status],
  );
  const list = usePagedList(load);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Evidence requests</Title>
        <Button component={Link} to="/evidence/requests/new">
          New evidence request
        </Button>
      </Group>
      <Text c="dimmed">
        Requests to service providers under a legal instrument, with the clocks it starts; the data
        produced is kept as evidence artefacts in the custody log.
      </Text>
      <Reminders items={reminders} />
      <Select
        label="Status"
        placeholder="Any status"
        data={REQUEST_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] }))}
        value={status}
        onChange={(value) => setStatus(value as RequestStatus | null)}
        clearable
        w={240}
      />
      <PagedListView
        list={list}
        errorTitle="Could not load evidence requests"
        loadingLabel="Loading evidence requests"
        empty={
          status
            ? 'No evidence requests in this status.'
            : 'No evidence requests yet. Write one to a provider; it stays a draft until issued.'
        }
        emptyTestId="requests-empty"
      >
        {(items) => (
          <>
            <Text size="sm" c="dimmed">
              {items.length} of {list.total}, the next deadline first
            </Text>
            <Table.ScrollContainer minWidth={760}>
              <Table striped highlightOnHover data-testid="requests">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Request</Table.Th>
                    <Table.Th>Provider</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Next deadline</Table.Th>
                    <Table.Th>Due</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {byDeadline(items).map((item) => (
                    <Table.Tr key={item.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/evidence/requests/${item.id}`}>
                          {item.reference ?? item.instrumentLabel}
                        </Anchor>
                        {item.emergency && (
                          <Badge color="red.9" ml="xs" size="sm">
                            Emergency
                          </Badge>
                        )}
                        <Text size="xs" c="dimmed">
                          {item.instrumentLabel}
                        </Text>
                      </Table.Td>
                      <Table.Td>{item.platform.name}</Table.Td>
                      <Table.Td>{STATUS_LABELS[item.status]}</Table.Td>
                      <Table.Td>{item.nextDeadline?.label ?? '—'}</Table.Td>
                      <Table.Td>
                        <DeadlineBadge due={item.nextDeadline?.due} />
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
