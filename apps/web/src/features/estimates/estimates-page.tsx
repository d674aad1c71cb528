import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { PagedListView } from '../../components/paged-list-view.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { TlpBadge } from '../artefacts/tlp-badge.js';
import {
  type EncodedList,
  type EstimatesApi,
  estimatesApi,
  formatCount,
  describeInterval,
} from './api.js';

/** The encoded lists and estimates the signed-in user may read, with the ways to add more. */
export function EstimatesPage({ api }: { api?: EstimatesApi }) {
  const [client] = useState(() => api ?? estimatesApi());
  const [lists, setLists] = useState<EncodedList[] | null>(null);
  const [listsError, setListsError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client
      .lists()
      .then((answer) => live && setLists(answer.items))
      .catch((cause: Error) => live && setListsError(cause.message));
    return () => {
      live = false;
    };
  }, [client]);

  const loadEstimates = useCallback((cursor: string | null) => client.estimates(cursor), [client]);
  const estimates = usePagedList(loadEstimates);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Lists and estimates</Title>
        <Group>
          <Button component={Link} to="/estimates/lists/new" variant="default">
            Upload an encoded list
          </Button>
          <Button component={Link} to="/estimates/runs/new">
            Run an estimate
          </Button>
        </Group>
      </Group>
      <Text c="dimmed" maw={820}>
        Each agency encodes its own list of victims on its own machine and uploads only the
        encodings (CLKs): the hub never receives a name. An estimate links two to six lists, counts
        how many people each combination of lists saw, and estimates how many no list saw.
      </Text>

      <Title order={3}>Encoded lists</Title>
      {listsError && (
        <Alert color="red" title="Could not load the encoded lists">
          {listsError}
        </Alert>
      )}
      {!lists && !listsError && <Loader aria-label="Loading encoded lists" />}
      {lists && lists.length === 0 && (
        <Text data-testid="lists-empty">
          No encoded lists you may read yet. Upload your agency’s, or ask partners to share theirs
          with your organisation.
        </Text>
      )}
      {lists && lists.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped data-testid="lists">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>People</Table.Th>
                <Table.Th>Bits per CLK</Table.Th>
                <Table.Th>TLP</Table.Th>
                <Table.Th>Organisation</Table.Th>
                <Table.Th>Uploaded</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lists.map((list) => (
                <Table.Tr key={list.id}>
                  <Table.Td>{list.name}</Table.Td>
                  <Table.Td>{list.records.toLocaleString('en-US')}</Table.Td>
                  <Table.Td>{list.bits}</Table.Td>
                  <Table.Td>
                    <TlpBadge tlp={list.tlp} />
                  </Table.Td>
                  <Table.Td>{list.organisation.name}</Table.Td>
                  <Table.Td>{new Date(list.createdAt).toLocaleString()}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <Title order={3}>Estimates</Title>
      <PagedListView
        list={estimates}
        errorTitle="Could not load the estimates"
        loadingLabel="Loading estimates"
        empty="No estimates you may read yet. Choose two or more encoded lists and run one."
        emptyTestId="estimates-empty"
        moreLabel="Load more estimates"
        moreWidth={200}
      >
        {(items) => (
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover data-testid="estimates">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Estimate</Table.Th>
                  <Table.Th>Interval</Table.Th>
                  <Table.Th>Observed</Table.Th>
                  <Table.Th>Lists</Table.Th>
                  <Table.Th>Method</Table.Th>
                  <Table.Th>TLP</Table.Th>
                  <Table.Th>Run</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/estimates/runs/${item.id}`} fw={600}>
                        {formatCount(item.estimate)}
                      </Anchor>
                      {item.saved && (
                        <Badge ml="xs" size="sm" variant="light">
                          report saved
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{describeInterval(item.interval)}</Table.Td>
                    <Table.Td>{formatCount(item.observed)}</Table.Td>
                    <Table.Td>{item.lists.map((list) => list.name).join(', ')}</Table.Td>
                    <Table.Td>{item.method}</Table.Td>
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
