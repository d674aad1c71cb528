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
  Textarea,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useSession } from '../auth/session.js';
import { type IntelligenceApi, intelligenceApi, type SelectorView, selectorText } from './api.js';

function AccessHint({ hint, api }: { hint: SelectorView['hints'][number]; api: IntelligenceApi }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    if (reason.trim().length < 10) {
      setError('Say why you need access (at least 10 characters): the owners decide on it.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.requestAccess(hint.hintId, reason.trim());
      setSent(true);
    } catch (cause) {
      setError((cause as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="sm">
      <Text size="sm">{hint.message}</Text>
      {sent ? (
        <Text size="sm" c="teal" role="status">
          Access requested: the holders decide, and you will be notified.
        </Text>
      ) : open ? (
        <Stack gap="xs" mt="xs">
          <Textarea
            label="Why you need access"
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={error}
            autosize
            minRows={2}
          />
          <Group>
            <Button size="xs" onClick={send} loading={busy}>
              Send request
            </Button>
            <Button size="xs" variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </Group>
        </Stack>
      ) : (
        <Button size="xs" variant="light" mt="xs" onClick={() => setOpen(true)}>
          Request access
        </Button>
      )}
    </Paper>
  );
}

/** A selector: the posts that mention it, what it links to, and hints of records one may not read. */
export function SelectorPage({ api }: { api?: IntelligenceApi }) {
  const { id = '' } = useParams();
  const { api: session } = useSession();
  const [client] = useState(() => api ?? intelligenceApi(session));
  const [view, setView] = useState<SelectorView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setView(null);
    setError(null);
    client
      .selector(id)
      .then((v) => live && setView(v))
      .catch((cause: Error) => live && setError(cause.message));
    return () => {
      live = false;
    };
  }, [client, id]);

  if (error) {
    return (
      <Alert color="red" title="Could not load the selector">
        {error}
      </Alert>
    );
  }
  if (!view) return <Loader aria-label="Loading the selector" />;
  const s = view.selector;
  return (
    <Stack>
      <Group gap="sm">
        <Title order={2} style={{ wordBreak: 'break-all' }}>
          {selectorText(s)}
        </Title>
        <Badge variant="outline">{s.type}</Badge>
        {s.country && <Badge variant="outline">{s.country}</Badge>}
      </Group>
      <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
        Keyed hash {s.keyedHash}
      </Text>
      {view.hints.length > 0 && (
        <Stack gap="xs">
          <Title order={4}>Records you may not read</Title>
          {view.hints.map((hint) => (
            <AccessHint key={hint.hintId} hint={hint} api={client} />
          ))}
        </Stack>
      )}
      <Title order={3}>Linked entities</Title>
      {view.linkedEntities.length === 0 ? (
        <Text c="dimmed">No compound, organisation or persona you may read is linked to it.</Text>
      ) : (
        <Table data-testid="linked-entities">
          <Table.Tbody>
            {view.linkedEntities.map((e) => (
              <Table.Tr key={e.relationship.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/intelligence/entities/${e.id}`}>
                    {e.name}
                  </Anchor>{' '}
                  <Text span size="sm" c="dimmed">
                    {e.kind}
                    {e.country ? `, ${e.country}` : ''}
                    {e.status ? `, ${e.status}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {e.relationship.type} ({Math.round(e.relationship.confidence * 100)}%)
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={3}>
        Sightings ({view.totalSightings}
        {view.totalSightings > view.sightings.length ? `, newest ${view.sightings.length}` : ''})
      </Title>
      {view.sightings.length === 0 ? (
        <Text c="dimmed">No post or trace you may read mentions it.</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="sightings">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Seen</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>Risk</Table.Th>
                <Table.Th>Post or trace</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view.sightings.map((p) => (
                <Table.Tr key={p.kind === 'post' ? p.postId : p.traceId}>
                  <Table.Td>{new Date(p.seenAt).toLocaleDateString()}</Table.Td>
                  <Table.Td>{p.source}</Table.Td>
                  <Table.Td>
                    {p.kind === 'post' ? `${p.decision} · ${p.risk.toFixed(2)}` : '—'}
                  </Table.Td>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={
                        p.kind === 'post'
                          ? `/screening/queue?post=${p.postId}`
                          : `/money/traces/${p.traceId}`
                      }
                      size="sm"
                      lineClamp={2}
                    >
                      {p.excerpt}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Title order={3}>Seen with</Title>
      {view.linkedSelectors.length === 0 ? (
        <Text c="dimmed">No other selector appears with it in records you may read.</Text>
      ) : (
        <Table data-testid="linked-selectors">
          <Table.Tbody>
            {view.linkedSelectors.map((other) => (
              <Table.Tr key={other.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/intelligence/selectors/${other.id}`}>
                    {selectorText(other)}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {other.posts} post{other.posts === 1 ? '' : 's'},{' '}
                  {other.traces > 0
                    ? `${other.traces} trace${other.traces === 1 ? '' : 's'}, `
                    : ''}
                  {other.entities} entit
                  {other.entities === 1 ? 'y' : 'ies'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
