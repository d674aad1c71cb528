import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { PagedListView } from '../../components/paged-list-view.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { TlpBadge } from '../artefacts/tlp-badge.js';
import { type TracesApi, tracesApi } from './api.js';

/** The traces the signed-in user may read, newest first. */
export function TraceListPage({ api }: { api?: TracesApi }) {
  const [client] = useState(() => api ?? tracesApi());
  const load = useCallback((cursor: string | null) => client.list(cursor), [client]);
  const list = usePagedList(load);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Traces</Title>
        <Button component={Link} to="/money/traces/new">
          Run a trace
        </Button>
      </Group>
      <Text c="dimmed" maw={820}>
        Each trace follows tainted funds from seed addresses or victims’ payments through exported
        transfers to exchanges and services, under a named taint rule. Its report and per-hop
        arithmetic are kept as evidence artefacts.
      </Text>
      <PagedListView
        list={list}
        errorTitle="Could not load traces"
        loadingLabel="Loading traces"
        empty={
          <>
            No traces you may read yet. Run one over a transfer export, or ask a partner to share
            theirs with your organisation.
          </>
        }
        emptyTestId="traces-empty"
      >
        {(items) => (
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover data-testid="traces">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Trace</Table.Th>
                  <Table.Th>Rule</Table.Th>
                  <Table.Th ta="right">Seeded</Table.Th>
                  <Table.Th ta="right">Reached endpoints</Table.Th>
                  <Table.Th ta="right">Endpoints</Table.Th>
                  <Table.Th>TLP</Table.Th>
                  <Table.Th>Run</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/money/traces/${item.id}`} fw={600}>
                        {item.chain.toUpperCase()} {item.asset}, {item.seeds} seed
                        {item.seeds === 1 ? '' : 's'}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {item.model}
                      {item.conserved === false && (
                        <Badge ml="xs" color="red" size="sm">
                          not conserved
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {item.seeded}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {item.reachedEndpoints}
                    </Table.Td>
                    <Table.Td ta="right">{item.endpoints}</Table.Td>
                    <Table.Td>
                      <TlpBadge tlp={item.tlp} />
                    </Table.Td>
                    <Table.Td>
                      {new Date(item.createdAt).toLocaleString()} by {item.createdBy.displayName} (
                      {item.organisation.name})
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </PagedListView>
    </Stack>
  );
}
