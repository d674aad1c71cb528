import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import {
  type Artefact,
  type ArtefactApi,
  artefactApi,
  formatSize,
  TLP_LEVELS,
  type TlpLevel,
} from './api.js';
import { TlpBadge } from './tlp-badge.js';

/** The artefacts the signed-in user may read, newest first, with a TLP filter. */
export function ArtefactListPage({ api }: { api?: ArtefactApi }) {
  const [client] = useState(() => api ?? artefactApi());
  const [items, setItems] = useState<Artefact[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [tlp, setTlp] = useState<TlpLevel | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    let live = true;
    setItems(null);
    setError(null);
    client
      .list(null, tlp)
      .then((page) => {
        if (!live) return;
        setItems(page.items);
        setCursor(page.nextCursor);
      })
      .catch((cause: Error) => live && setError(cause.message));
    return () => {
      live = false;
    };
  }, [client, tlp]);

  const more = useCallback(async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await client.list(cursor, tlp);
      setItems((current) => [...(current ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (cause) {
      setError((cause as Error).message);
    } finally {
      setLoadingMore(false);
    }
  }, [client, cursor, tlp]);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Evidence artefacts</Title>
        <Button component={Link} to="/evidence/artefacts/new">
          Upload evidence
        </Button>
      </Group>
      <Text c="dimmed">
        Files you may read under their TLP level, sharing groups and named recipients. Every
        download and every change of sharing is recorded in the custody log.
      </Text>
      <Select
        label="TLP level"
        placeholder="All levels"
        data={[...TLP_LEVELS]}
        value={tlp}
        onChange={(value) => setTlp(value as TlpLevel | null)}
        clearable
        w={220}
      />
      {error && (
        <Alert color="red" title="Could not load artefacts">
          {error}
        </Alert>
      )}
      {!items && !error && <Loader aria-label="Loading artefacts" />}
      {items && items.length === 0 && (
        <Text data-testid="empty-state">
          No artefacts you may read yet. Upload one, or ask a partner to share theirs with your
          organisation.
        </Text>
      )}
      {items && items.length > 0 && (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Title</Table.Th>
              <Table.Th>TLP</Table.Th>
              <Table.Th>Organisation</Table.Th>
              <Table.Th>Size</Table.Th>
              <Table.Th>Uploaded</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/evidence/artefacts/${item.id}`}>
                    {item.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <TlpBadge tlp={item.tlp} />
                </Table.Td>
                <Table.Td>{item.organisation.name}</Table.Td>
                <Table.Td>{formatSize(item.sizeBytes)}</Table.Td>
                <Table.Td>{new Date(item.createdAt).toLocaleString()}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {cursor && (
        <Button variant="default" onClick={more} loading={loadingMore} w={160}>
          Load more
        </Button>
      )}
    </Stack>
  );
}
