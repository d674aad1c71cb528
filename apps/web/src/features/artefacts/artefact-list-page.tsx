import { Anchor, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { PagedListView } from '../../components/paged-list-view.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { type ArtefactApi, artefactApi, formatSize, TLP_LEVELS, type TlpLevel } from './api.js';
import { TlpBadge } from './tlp-badge.js';

/** The artefacts the signed-in user may read, newest first, with a TLP filter. */
export function ArtefactListPage({ api }: { api?: ArtefactApi }) {
  const [client] = useState(() => api ?? artefactApi());
  const [tlp, setTlp] = useState<TlpLevel | null>(null);
  const load = useCallback((cursor: string | null) => client.list(cursor, tlp), [client, tlp]);
  const list = usePagedList(load);

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
      <PagedListView
        list={list}
        errorTitle="Could not load artefacts"
        loadingLabel="Loading artefacts"
        empty={
          <>
            No artefacts you may read yet. Upload one, or ask a partner to share theirs with your
            organisation.
          </>
        }
        emptyTestId="empty-state"
      >
        {(items) => (
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
      </PagedListView>
    </Stack>
  );
}
