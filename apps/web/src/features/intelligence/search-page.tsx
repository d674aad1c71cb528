import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../auth/session.js';
import { type IntelligenceApi, intelligenceApi, type SearchResult, selectorText } from './api.js';

/** Search over posts, compound and organisation names, and selectors, with the query in the URL. */
export function SearchPage({ api }: { api?: IntelligenceApi }) {
  const { api: session } = useSession();
  const [client] = useState(() => api ?? intelligenceApi(session));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setTyped(q);
    if (q.trim().length < 2) {
      setResult(null);
      return;
    }
    let live = true;
    setLoading(true);
    setError(null);
    client
      .search(q.trim())
      .then((r) => live && setResult(r))
      .catch((cause: Error) => live && setError(cause.message))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [client, q]);

  const [typedError, setTypedError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed.trim().length < 2) {
      setTypedError('Type at least 2 characters.');
      return;
    }
    setTypedError(null);
    setParams({ q: typed.trim() });
  };

  const empty =
    result &&
    result.posts.length === 0 &&
    result.entities.length === 0 &&
    result.selectors.length === 0;

  return (
    <Stack>
      <Title order={2}>Search</Title>
      <form onSubmit={submit} role="search">
        <Group align="flex-end">
          <TextInput
            label="Words, a compound’s name, a phone, handle, wallet or site"
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            error={typedError}
            w={480}
            maw="100%"
          />
          <Button type="submit">Search</Button>
        </Group>
      </form>
      <Text size="sm" c="dimmed">
        Only records you may read are searched; misspellings and partial handles are found too.
      </Text>
      {error && (
        <Alert color="red" title="Search failed">
          {error}
        </Alert>
      )}
      {loading && <Loader aria-label="Searching" />}
      {empty && !loading && (
        <Paper withBorder p="lg" data-testid="search-empty">
          <Text>Nothing you may read matches “{result.query}”.</Text>
        </Paper>
      )}
      {result && !empty && !loading && (
        <Stack data-testid="search-results">
          {result.entities.length > 0 && (
            <div>
              <Title order={3}>Compounds and networks</Title>
              <Table>
                <Table.Tbody>
                  {result.entities.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/intelligence/entities/${e.id}`}>
                          {e.name}
                        </Anchor>
                        {e.aliases.length > 0 && (
                          <Text span size="sm" c="dimmed">
                            {' '}
                            ({e.aliases.join(', ')})
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="outline">{e.kind}</Badge>
                      </Table.Td>
                      <Table.Td>{[e.status, e.country].filter(Boolean).join(', ')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
          {result.selectors.length > 0 && (
            <div>
              <Title order={3}>Selectors</Title>
              <Table>
                <Table.Tbody>
                  {result.selectors.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/intelligence/selectors/${s.id}`}>
                          {selectorText(s)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="outline">{s.type}</Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
          {result.posts.length > 0 && (
            <div>
              <Title order={3}>Posts</Title>
              <Table>
                <Table.Tbody>
                  {result.posts.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/screening/queue?post=${p.id}`} size="sm">
                          {p.excerpt}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {p.source} · {new Date(p.firstSeenAt).toLocaleDateString()} · {p.decision}{' '}
                          {p.risk.toFixed(2)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
        </Stack>
      )}
    </Stack>
  );
}
