import {
  Alert,
  Anchor,
  Badge,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../auth/session.js';
import { type CompoundCollection, type IntelligenceApi, intelligenceApi } from './api.js';
import { CompoundMap, MapLegend, statusLine } from './compound-map.js';
import { STATUS_COLOURS, statusColour } from './map-data.js';

/** The compounds the user may read on a map, with a table of the same for keyboard and reader. */
export function MapPage({ api }: { api?: IntelligenceApi }) {
  const { api: session } = useSession();
  const [client] = useState(() => api ?? intelligenceApi(session));
  const navigate = useNavigate();
  const [collection, setCollection] = useState<CompoundCollection | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('all');

  useEffect(() => {
    let live = true;
    client
      .compounds()
      .then((fc) => live && setCollection(fc))
      .catch((cause: Error) => live && setError(cause.message));
    return () => {
      live = false;
    };
  }, [client]);

  const shown = useMemo<CompoundCollection | null>(
    () =>
      collection && {
        ...collection,
        features: collection.features.filter(
          (f) => status === 'all' || f.properties.status === status,
        ),
      },
    [collection, status],
  );

  return (
    <Stack>
      <Title order={2}>Compounds</Title>
      <Text c="dimmed" maw={820}>
        Scam compounds you may read, coloured by status, with arrows from a raided or relocated
        compound to where it moved. Click a marker for its history; open it for its link chart. The
        map is drawn from bundled country shapes: nothing is fetched from outside the hub.
      </Text>
      {error && (
        <Alert color="red" title="Could not load the compounds">
          {error}
        </Alert>
      )}
      {!collection && !error && <Loader aria-label="Loading compounds" />}
      {shown && collection && (
        <>
          <Group justify="space-between">
            <SegmentedControl
              aria-label="Status"
              value={status}
              onChange={setStatus}
              data={[
                { value: 'all', label: 'All' },
                ...STATUS_COLOURS.map((s) => ({ value: s.status, label: s.label })),
              ]}
            />
            <MapLegend />
          </Group>
          {collection.features.length === 0 ? (
            <Paper withBorder p="xl" data-testid="map-empty">
              <Text fw={500}>No compound to show</Text>
              <Text size="sm" c="dimmed">
                Compounds with a location that your organisation or a partner shares with you will
                appear here.
              </Text>
            </Paper>
          ) : (
            <CompoundMap
              collection={shown}
              onOpen={(id) => navigate(`/intelligence/entities/${id}`)}
            />
          )}
          {shown.features.length > 0 && (
            <Table.ScrollContainer minWidth={640}>
              <Table striped data-testid="compounds">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Compound</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Where</Table.Th>
                    <Table.Th>Relocated to</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.features.map(({ properties: p }) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/intelligence/entities/${p.id}`}>
                          {p.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={statusColour(p.status)} variant="light">
                          {statusLine(p)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{[p.adminArea, p.country].filter(Boolean).join(', ')}</Table.Td>
                      <Table.Td>
                        {p.relocatedTo ? (
                          <Anchor
                            component={Link}
                            to={`/intelligence/entities/${p.relocatedTo.id}`}
                          >
                            {p.relocatedTo.name}
                          </Anchor>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
    </Stack>
  );
}
