import {
  Alert,
  Badge,
  Button,
  Code,
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
import { ApiError, type Organisation, USER_ROLES, type User } from '../auth/api.js';
import { useSession } from '../auth/session.js';

/** Administrators: users of the hub, adding one, changing roles, disabling and unlocking. */
export function UsersPage() {
  const { api, state } = useSession();
  const myId = state.status === 'signed-in' ? state.me.user.id : undefined;
  const [users, setUsers] = useState<User[] | undefined>();
  const [organisations, setOrganisations] = useState<Organisation[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [password, setPassword] = useState<{ email: string; value: string } | undefined>();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>('analyst');

  const report = (caught: unknown) =>
    setError(caught instanceof ApiError ? caught.message : String(caught));

  const load = useCallback(async () => {
    try {
      const [userList, orgList] = await Promise.all([
        api.get<{ items: User[] }>('/api/v1/users'),
        api.get<{ items: Organisation[] }>('/api/v1/organisations'),
      ]);
      setUsers(userList.items);
      setOrganisations(orgList.items);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);

  const orgName = (id: string) => organisations.find((org) => org.id === id)?.name ?? id;

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setNotice(undefined);
    setPassword(undefined);
    try {
      const created = await api.post<User & { generatedPassword?: string }>('/api/v1/users', {
        email,
        role,
        organisationId,
        ...(displayName ? { displayName } : {}),
      });
      if (created.generatedPassword) {
        setPassword({ email: created.email, value: created.generatedPassword });
      }
      setEmail('');
      setDisplayName('');
      await load();
    } catch (caught) {
      report(caught);
    }
  }

  async function change(user: User, body: Record<string, unknown>, done: string) {
    setError(undefined);
    setNotice(undefined);
    try {
      await api.patch(`/api/v1/users/${user.id}`, body);
      setNotice(done);
      await load();
    } catch (caught) {
      report(caught);
    }
  }

  async function unlock(user: User) {
    setError(undefined);
    try {
      await api.post(`/api/v1/users/${user.id}/unlock`);
      setNotice(`${user.email} may sign in again.`);
    } catch (caught) {
      report(caught);
    }
  }

  return (
    <Stack maw={1100}>
      <Title order={2}>Users</Title>
      <Paper withBorder p="md" component="form" onSubmit={create} aria-label="New user">
        <Group align="end">
          <TextInput
            label="E-mail"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <TextInput
            label="Name"
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
          />
          <Select
            label="Organisation"
            required
            searchable
            data={organisations.map((org) => ({ value: org.id, label: org.name }))}
            value={organisationId}
            onChange={setOrganisationId}
          />
          <Select
            label="Role"
            data={[...USER_ROLES]}
            value={role}
            onChange={setRole}
            allowDeselect={false}
          />
          <Button type="submit">Add user</Button>
        </Group>
        <Text size="xs" c="dimmed" mt="xs">
          A strong password is generated and shown once; hand it over safely.
        </Text>
      </Paper>
      {password && (
        <Alert color="yellow" title={`Password for ${password.email}, shown only now`}>
          <Code data-testid="generated-password">{password.value}</Code>
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {notice && <Alert color="teal">{notice}</Alert>}
      {users === undefined ? (
        <Text c="dimmed">Loading…</Text>
      ) : (
        <Table striped data-testid="users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th>Organisation</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td>
                  <Text size="sm">{user.displayName}</Text>
                  <Text size="xs" c="dimmed">
                    {user.email}
                  </Text>
                </Table.Td>
                <Table.Td>{orgName(user.organisationId)}</Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`Role of ${user.email}`}
                    data={[...USER_ROLES]}
                    value={user.role}
                    allowDeselect={false}
                    onChange={(value) =>
                      value &&
                      value !== user.role &&
                      change(user, { role: value }, `${user.email} is now ${value}.`)
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {user.disabled ? (
                      <Badge color="red">disabled</Badge>
                    ) : (
                      <Badge color="teal">active</Badge>
                    )}
                    {user.totpEnabled && <Badge color="blue">TOTP</Badge>}
                    {user.isDemo && <Badge color="gray">demo</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {user.id !== myId && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() =>
                          change(
                            user,
                            { disabled: !user.disabled },
                            `${user.email} is ${user.disabled ? 'enabled' : 'disabled'}.`,
                          )
                        }
                      >
                        {user.disabled ? 'Enable' : 'Disable'}
                      </Button>
                    )}
                    <Button size="xs" variant="subtle" onClick={() => unlock(user)}>
                      Unlock
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
