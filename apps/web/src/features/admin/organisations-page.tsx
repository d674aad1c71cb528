import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError, ORGANISATION_TYPES, type Organisation } from '../auth/api.js';
import { useSession } from '../auth/session.js';

/** Administrators: the organisations of this hub, and a form to add one. */
export function OrganisationsPage() {
  const { api } = useSession();
  const [items, setItems] = useState<Organisation[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [name, setName] = useState('');
  const [type, setType] = useState<string | null>('law-enforcement');
  const [country, setCountry] = useState('');
  const [notice, setNotice] = useState<string | undefined>();

  const load = useCallback(async () => {
    try {
      setItems((await api.get<{ items: Organisation[] }>('/api/v1/organisations')).items);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setNotice(undefined);
    try {
      const created = await api.post<Organisation>('/api/v1/organisations', {
        name,
        type,
        country: country.toUpperCase(),
      });
      setNotice(`Created ${created.name}.`);
      setName('');
      setCountry('');
      await load();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  }

  return (
    <Stack maw={960}>
      <Title order={2}>Organisations</Title>
      <Paper withBorder p="md" component="form" onSubmit={create} aria-label="New organisation">
        <Group align="end">
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Select
            label="Type"
            data={[...ORGANISATION_TYPES]}
            value={type}
            onChange={setType}
            allowDeselect={false}
          />
          <TextInput
            label="Country"
            description="ISO code, e.g. TH"
            required
            maxLength={2}
            w={110}
            value={country}
            onChange={(e) => setCountry(e.currentTarget.value)}
          />
          <Button type="submit">Add organisation</Button>
        </Group>
      </Paper>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {notice && <Alert color="teal">{notice}</Alert>}
      {items === undefined ? (
        <Text c="dimmed">Loading…</Text>
      ) : (
        <Table striped data-testid="organisations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Country</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((org) => (
              <Table.Tr key={org.id}>
                <Table.Td>
                  {org.name}{' '}
                  {org.isDemo && (
                    <Badge size="xs" color="gray">
                      demo
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{org.type}</Table.Td>
                <Table.Td>{org.country}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
