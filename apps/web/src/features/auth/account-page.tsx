import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError } from './api.js';
import { useSession } from './session.js';

interface Token {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');
const messageOf = (caught: unknown) =>
  caught instanceof ApiError ? caught.message : String(caught);

/** The signed-in user's own settings: password, two-step sign-in and API tokens. */
export function AccountPage() {
  const { state } = useSession();
  if (state.status !== 'signed-in') return null;
  const { user, organisation } = state.me;
  return (
    <Stack maw={900}>
      <Title order={2}>Your account</Title>
      <Text c="dimmed">
        {user.displayName} · {user.email} · {user.role} · {organisation.name}
      </Text>
      <PasswordSection />
      <TotpSection enabled={user.totpEnabled} />
      <TokensSection isAdmin={user.role === 'admin'} />
    </Stack>
  );
}

function PasswordSection() {
  const { api } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await api.post('/api/v1/me/password', { currentPassword: current, newPassword: next });
      setResult({ ok: true, text: 'Password changed; your other sessions have ended.' });
      setCurrent('');
      setNext('');
    } catch (caught) {
      setResult({ ok: false, text: messageOf(caught) });
    }
  }
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Change password">
      <Title order={4}>Password</Title>
      <Group align="end" mt="xs">
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
        />
        <PasswordInput
          label="New password"
          description="At least 12 characters"
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
        />
        <Button type="submit">Change</Button>
      </Group>
      {result && (
        <Alert mt="sm" color={result.ok ? 'teal' : 'red'}>
          {result.text}
        </Alert>
      )}
    </Paper>
  );
}

function TotpSection({ enabled }: { enabled: boolean }) {
  const { api, refresh } = useSession();
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string } | undefined>();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  async function begin() {
    setError(undefined);
    try {
      setEnrolment(await api.post<{ secret: string; uri: string }>('/api/v1/me/totp'));
    } catch (caught) {
      setError(messageOf(caught));
    }
  }
  async function finish(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      if (enabled) await api.delete('/api/v1/me/totp', { code });
      else await api.post('/api/v1/me/totp/confirm', { code });
      setEnrolment(undefined);
      setCode('');
      await refresh();
    } catch (caught) {
      setError(messageOf(caught));
    }
  }
  return (
    <Paper withBorder p="md" aria-label="Two-step sign-in">
      <Group justify="space-between">
        <Title order={4}>Two-step sign-in</Title>
        <Badge color={enabled ? 'teal' : 'gray'}>{enabled ? 'on' : 'off'}</Badge>
      </Group>
      <Text size="sm" c="dimmed" mt={4}>
        With it on, signing in also asks for the 6-digit code of an authenticator app.
      </Text>
      {!enabled && !enrolment && (
        <Button mt="sm" variant="default" onClick={begin}>
          Set up an authenticator app
        </Button>
      )}
      {enrolment && (
        <Stack gap={4} mt="sm">
          <Text size="sm">
            Add this secret to your authenticator app (or open the link on your phone):
          </Text>
          <Code data-testid="totp-secret">{enrolment.secret}</Code>
          <Code block style={{ wordBreak: 'break-all' }}>
            {enrolment.uri}
          </Code>
        </Stack>
      )}
      {(enabled || enrolment) && (
        <Group component="form" onSubmit={finish} align="end" mt="sm">
          <TextInput
            label={enabled ? 'Current code, to turn it off' : 'Code shown by the app'}
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
          />
          <Button type="submit" color={enabled ? 'red' : undefined}>
            {enabled ? 'Turn off' : 'Turn on'}
          </Button>
        </Group>
      )}
      {error && (
        <Alert mt="sm" color="red">
          {error}
        </Alert>
      )}
    </Paper>
  );
}

function TokensSection({ isAdmin }: { isAdmin: boolean }) {
  const { api } = useSession();
  const [tokens, setTokens] = useState<Token[]>([]);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read']);
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = useCallback(async () => {
    try {
      setTokens((await api.get<{ items: Token[] }>('/api/v1/tokens')).items);
    } catch (caught) {
      setError(messageOf(caught));
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const token = await api.post<Token & { token: string }>('/api/v1/tokens', {
        name,
        scopes,
        expiresInDays: Number(days),
      });
      setCreated(token.token);
      setName('');
      await load();
    } catch (caught) {
      setError(messageOf(caught));
    }
  }
  async function revoke(id: string) {
    setError(undefined);
    try {
      await api.delete(`/api/v1/tokens/${id}`);
      await load();
    } catch (caught) {
      setError(messageOf(caught));
    }
  }
  const toggle = (scope: string, on: boolean) =>
    setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  return (
    <Paper withBorder p="md" aria-label="API tokens">
      <Title order={4}>API tokens</Title>
      <Text size="sm" c="dimmed" mt={4}>
        For scripts and other systems: send as "Authorization: Bearer &lt;token&gt;".
      </Text>
      <Group component="form" onSubmit={create} align="end" mt="sm">
        <TextInput
          label="What it is for"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Group gap="xs">
          {['read', 'write', ...(isAdmin ? ['admin'] : [])].map((scope) => (
            <Checkbox
              key={scope}
              label={scope}
              checked={scopes.includes(scope)}
              onChange={(e) => toggle(scope, e.currentTarget.checked)}
            />
          ))}
        </Group>
        <TextInput
          label="Days valid"
          w={100}
          value={days}
          onChange={(e) => setDays(e.currentTarget.value)}
        />
        <Button type="submit">Create token</Button>
      </Group>
      {created && (
        <Alert mt="sm" color="yellow" title="Your new token, shown only now">
          <Code data-testid="new-token" style={{ wordBreak: 'break-all' }}>
            {created}
          </Code>
        </Alert>
      )}
      {error && (
        <Alert mt="sm" color="red">
          {error}
        </Alert>
      )}
      <Table mt="sm" data-testid="tokens">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Starts with</Table.Th>
            <Table.Th>Scopes</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((token) => (
            <Table.Tr key={token.id}>
              <Table.Td>{token.name}</Table.Td>
              <Table.Td>
                <Code>{token.prefix}…</Code>
              </Table.Td>
              <Table.Td>{token.scopes.join(', ')}</Table.Td>
              <Table.Td>{day(token.expiresAt)}</Table.Td>
              <Table.Td>{day(token.lastUsedAt)}</Table.Td>
              <Table.Td>
                {token.revokedAt ? (
                  <Badge color="gray">revoked</Badge>
                ) : (
                  <Button size="xs" variant="subtle" color="red" onClick={() => revoke(token.id)}>
                    Revoke
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
