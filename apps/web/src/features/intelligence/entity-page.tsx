import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  List,
  Loader,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { TlpBadge } from '../artefacts/tlp-badge.js';
import { useSession } from '../auth/session.js';
import { type Entity, type Graph, type IntelligenceApi, intelligenceApi } from './api.js';
import { ALL_KINDS, filterGraph, type GraphFilters, mergeGraphs, NODE_KINDS } from './graph.js';
import { LinkChart } from './link-chart.js';
import { statusColour } from './map-data.js';

/** The link chart's filters: kinds, confidence and dates. */
export function GraphFilterControls({
  filters,
  onChange,
}: {
  filters: GraphFilters;
  onChange: (next: GraphFilters) => void;
}) {
  return (
    <Stack gap="sm" data-testid="graph-filters">
      <Checkbox.Group
        label="Show"
        value={[...filters.kinds]}
        onChange={(kinds) => onChange({ ...filters, kinds: new Set(kinds) })}
      >
        <Stack gap={4} mt={4}>
          {NODE_KINDS.map((k) => (
            <Checkbox
              key={k.kind}
              value={k.kind}
              label={
                <span>
                  <span aria-hidden style={{ color: k.colour }}>
                    ●{' '}
                  </span>
                  {k.label}
                </span>
              }
            />
          ))}
        </Stack>
      </Checkbox.Group>
      <NumberInput
        label="Least confidence"
        description="0 to 1"
        min={0}
        max={1}
        step={0.1}
        decimalScale={2}
        value={filters.minConfidence}
        onChange={(value) =>
          onChange({ ...filters, minConfidence: Math.min(1, Math.max(0, Number(value) || 0)) })
        }
      />
      <TextInput
        type="date"
        label="Valid from"
        value={filters.from}
        onChange={(event) => onChange({ ...filters, from: event.currentTarget.value })}
      />
      <TextInput
        type="date"
        label="Valid to"
        value={filters.to}
        onChange={(event) => onChange({ ...filters, to: event.currentTarget.value })}
        error={
          filters.from && filters.to && filters.to < filters.from
            ? 'Ends before it starts'
            : undefined
        }
      />
    </Stack>
  );
}

/** An entity: its facts and status history, and its link chart to expand and filter. */
export function EntityPage({ api }: { api?: IntelligenceApi }) {
  const { id = '' } = useParams();
  const { api: session } = useSession();
  const [client] = useState(() => api ?? intelligenceApi(session));
  const navigate = useNavigate();
  const [entity, setEntity] = useState<Entity | null>(null);
  const [graph, setGraph] = useState<Graph | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [expandError, setExpandError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [filters, setFilters] = useState<GraphFilters>({
    kinds: ALL_KINDS,
    minConfidence: 0,
    from: '',
    to: '',
  });

  useEffect(() => {
    let live = true;
    setEntity(null);
    setGraph(null);
    setError(null);
    setExpanded(new Set([id]));
    Promise.all([client.entity(id), client.graph(id, 1)])
      .then(([e, g]) => {
        if (!live) return;
        setEntity(e);
        setGraph(g);
      })
      .catch((cause: Error) => live && setError(cause.message));
    return () => {
      live = false;
    };
  }, [client, id]);

  const expand = useCallback(
    async (nodeId: string, kind: string) => {
      if (kind === 'selector') {
        navigate(`/intelligence/selectors/${nodeId}`);
        return;
      }
      if (expanded.has(nodeId)) return;
      setExpandError(null);
      try {
        const more = await client.graph(nodeId, 1);
        setGraph((shown) => (shown ? mergeGraphs(shown, more) : more));
        setExpanded((current) => new Set([...current, nodeId]));
      } catch (cause) {
        setExpandError((cause as Error).message);
      }
    },
    [client, expanded, navigate],
  );

  const shown = useMemo(() => graph && filterGraph(graph, filters), [graph, filters]);

  if (error) {
    return (
      <Alert color="red" title="Could not load the entity">
        {error}
      </Alert>
    );
  }
  if (!entity || !graph || !shown) return <Loader aria-label="Loading the entity" />;
  const labelOf = new Map(graph.nodes.map((n) => [n.id, n]));
  // A relationship's end: its name, and the way to follow it (expand an entity, open a selector).
  const nodeCell = (nodeId: string) => {
    const node = labelOf.get(nodeId);
    if (!node) return null;
    return (
      <Group gap="xs" wrap="nowrap">
        <span>{node.label}</span>
        {node.kind === 'selector' ? (
          <Anchor component={Link} to={`/intelligence/selectors/${node.id}`} size="sm">
            open
          </Anchor>
        ) : (
          !expanded.has(node.id) && (
            <Button
              size="compact-xs"
              variant="light"
              onClick={() => expand(node.id, node.kind)}
              aria-label={`Expand ${node.label}`}
            >
              Expand
            </Button>
          )
        )}
      </Group>
    );
  };

  return (
    <Stack>
      <Group gap="sm">
        <Title order={2}>{entity.name}</Title>
        <Badge variant="outline">{entity.kind}</Badge>
        {entity.status && (
          <Badge color={statusColour(entity.status)} variant="light">
            {entity.status}
          </Badge>
        )}
        <TlpBadge tlp={entity.tlp} />
      </Group>
      <Text c="dimmed">
        {[entity.adminArea, entity.country].filter(Boolean).join(', ')}
        {entity.aliases.length > 0 && ` · also known as ${entity.aliases.join(', ')}`} · shared by{' '}
        {entity.organisation.name}
      </Text>
      {entity.description && <Text maw={820}>{entity.description}</Text>}
      {entity.relocatedTo && (
        <Text>
          Relocated to{' '}
          <Anchor component={Link} to={`/intelligence/entities/${entity.relocatedTo.id}`}>
            {entity.relocatedTo.name}
          </Anchor>
        </Text>
      )}
      {entity.history.length > 0 && (
        <Paper withBorder p="sm">
          <Text fw={600} size="sm">
            Status history
          </Text>
          <List size="sm" data-testid="history">
            {entity.history.map((h) => (
              <List.Item key={`${h.status}-${h.since}`}>
                {h.since}: {h.status}
                {h.note ? ` — ${h.note}` : ''}
              </List.Item>
            ))}
          </List>
        </Paper>
      )}
      <Title order={3}>Link chart</Title>
      <Text size="sm" c="dimmed">
        Click an entity to expand its neighbours, a selector to open it. Only records you may read
        are drawn.
      </Text>
      {graph.truncated && (
        <Alert color="yellow">
          The neighbourhood is large: only the first 500 records are shown.
        </Alert>
      )}
      {expandError && (
        <Alert color="red" title="Could not expand">
          {expandError}
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <GraphFilterControls filters={filters} onChange={setFilters} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <LinkChart graph={shown} onExpand={expand} filename={`${entity.name}-link-chart.png`} />
        </Grid.Col>
      </Grid>
      {shown.edges.length === 0 ? (
        <Text c="dimmed" data-testid="graph-empty">
          No relationship to show{graph.edges.length > 0 ? ' with these filters' : ' yet'}.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table data-testid="relationships">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>From</Table.Th>
                <Table.Th>Relationship</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>Confidence</Table.Th>
                <Table.Th>Valid</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.edges.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{nodeCell(e.source)}</Table.Td>
                  <Table.Td>{e.type}</Table.Td>
                  <Table.Td>{nodeCell(e.target)}</Table.Td>
                  <Table.Td>{Math.round(e.confidence * 100)}%</Table.Td>
                  <Table.Td>
                    {e.validFrom ?? '…'} – {e.validTo ?? '…'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
