import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  List,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { contentUrl, formatSize } from '../artefacts/api.js';
import { TlpBadge } from '../artefacts/tlp-badge.js';
import {
  shortAddress,
  type Trace,
  type TraceHop,
  type TraceReport,
  type TracesApi,
  tracesApi,
} from './api.js';
import { FlowChart } from './flow-chart.js';
import { traceFlows } from './flows.js';

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text fw={700} fz="lg" ff="monospace">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

const RECIPIENT: Readonly<Record<TraceHop['recipient'], string>> = {
  traced: 'traced on',
  endpoint: 'endpoint',
  hub: 'hub (stop)',
  'hop-limit': 'hop limit',
  seed: 'back to a seed',
  clean: 'no taint',
};

/** Rows of the per-hop table shown at once; the CSV artefact has every one. */
export const HOP_PAGE = 200;

/** Every outflow of a tainted address with its arithmetic, a page at a time. */
export function HopTable({ hops, asset }: { hops: readonly TraceHop[]; asset: string }) {
  const [shown, setShown] = useState(HOP_PAGE);
  if (hops.length === 0) {
    return <Text c="dimmed">No tainted address sent anything within the data.</Text>;
  }
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={1100}>
        <Table striped withTableBorder fz="xs" data-testid="hops">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Step</Table.Th>
              <Table.Th>Hop</Table.Th>
              <Table.Th>Time</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>To</Table.Th>
              <Table.Th ta="right">Amount ({asset})</Table.Th>
              <Table.Th ta="right">Tainted</Table.Th>
              <Table.Th>Arithmetic</Table.Th>
              <Table.Th>Recipient</Table.Th>
              <Table.Th>Transaction</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {hops.slice(0, shown).map((hop) => (
              <Table.Tr key={`${hop.step}-${hop.txHash}`}>
                <Table.Td>{hop.step}</Table.Td>
                <Table.Td>{hop.hop}</Table.Td>
                <Table.Td>{hop.time}</Table.Td>
                <Table.Td ff="monospace" title={hop.from}>
                  {shortAddress(hop.from)}
                </Table.Td>
                <Table.Td ff="monospace" title={hop.to}>
                  {shortAddress(hop.to)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {hop.amount}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {hop.taint}
                </Table.Td>
                <Table.Td ff="monospace">{hop.arithmetic}</Table.Td>
                <Table.Td>{RECIPIENT[hop.recipient] ?? hop.recipient}</Table.Td>
                <Table.Td ff="monospace" title={`${hop.txHash} (${hop.source})`}>
                  {shortAddress(hop.txHash)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {hops.length > shown && (
        <Group>
          <Text size="sm" c="dimmed">
            Showing {shown.toLocaleString('en-US')} of {hops.length.toLocaleString('en-US')} hops.
          </Text>
          <Button variant="default" size="xs" onClick={() => setShown(shown + HOP_PAGE)}>
            Show {Math.min(HOP_PAGE, hops.length - shown)} more
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** The trace's summary: totals, endpoints, inputs and its report artefacts. */
export function TraceSummaryView({ trace }: { trace: Trace }) {
  const { summary, input } = trace;
  const { totals } = summary;
  const asset = summary.asset;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>
            Trace of {asset} on {summary.chain.toUpperCase()}, {trace.model} rule
          </Title>
          <Text size="sm">{summary.rule}</Text>
          <Text size="sm" c="dimmed">
            Run {new Date(trace.createdAt).toLocaleString()}; {summary.seeds} seed
            {summary.seeds === 1 ? '' : 's'}, at most {summary.maxHops} hops
            {summary.since ? `, since ${summary.since}` : ''}; stops at{' '}
            {summary.stopCategories.join(', ')}.
          </Text>
        </Stack>
        <TlpBadge tlp={trace.tlp} />
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="totals">
        <Figure label={`Seeded (${asset})`} value={totals.seeded} hint="Taint put in" />
        <Figure
          label="Reached endpoints"
          value={totals.reachedEndpoints}
          hint="At exchanges and services"
        />
        <Figure label="Still held" value={totals.held} hint="By traced addresses at the end" />
        <Figure
          label="Unresolved"
          value={totals.unresolved}
          hint="Hubs, hop limit, back to seeds"
        />
      </SimpleGrid>
      {totals.conserved === true && (
        <Text size="sm" c="teal">
          The totals add up: seeded = reached endpoints + held + unresolved.
        </Text>
      )}
      {totals.conserved === false && (
        <Alert color="red" title="The totals do not add up">
          Seeded differs from reached endpoints + held + unresolved; check the notes of the report.
        </Alert>
      )}
      {totals.conserved === null && (
        <Text size="sm" c="dimmed">
          The poison rule does not conserve taint: its figures show exposure, not amounts.
        </Text>
      )}
      {summary.seedsNotFound.length > 0 && (
        <Alert color="yellow" title="Seeds not in the data">
          {summary.seedsNotFound.map((seed) => (
            <Code key={seed} mr={4}>
              {seed}
            </Code>
          ))}
        </Alert>
      )}

      <Title order={3}>Endpoints</Title>
      {summary.endpoints.length === 0 ? (
        <Text c="dimmed" data-testid="endpoints-empty">
          The taint reached no labelled exchange or service. Add label files to name them.
        </Text>
      ) : (
        <Table striped withTableBorder data-testid="endpoints">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Label</Table.Th>
              <Table.Th>Category</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th ta="right">Tainted amount ({asset})</Table.Th>
              <Table.Th ta="right">Fewest hops</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {summary.endpoints.map((endpoint) => (
              <Table.Tr key={endpoint.address}>
                <Table.Td>
                  {endpoint.label}
                  {endpoint.attribution === 'inferred-deposit' && (
                    <Badge ml="xs" size="xs" color="yellow" variant="light">
                      probable deposit address
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{endpoint.category}</Table.Td>
                <Table.Td ff="monospace">{endpoint.address}</Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {endpoint.amount}
                </Table.Td>
                <Table.Td ta="right">{endpoint.hops}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <Title order={3}>Report artefacts</Title>
      <List data-testid="trace-artefacts">
        {trace.artefacts.map((artefact) => (
          <List.Item key={artefact.id}>
            <Anchor component={Link} to={`/evidence/artefacts/${artefact.id}`}>
              {artefact.kind === 'report' ? 'Report (JSON)' : 'Per-hop arithmetic (CSV)'}
            </Anchor>{' '}
            ·{' '}
            <Anchor href={contentUrl(artefact.id)} download={artefact.filename}>
              download {artefact.filename}
            </Anchor>{' '}
            <Text span size="xs" c="dimmed" ff="monospace">
              SHA-256 {artefact.sha256.slice(0, 16)}…
            </Text>
          </List.Item>
        ))}
      </List>

      <Title order={3}>Inputs</Title>
      <Text size="sm">
        {input.transfers.toLocaleString('en-US')} transfers loaded,{' '}
        {input.labelledAddresses.toLocaleString('en-US')} labelled addresses, from:
      </Text>
      <List size="sm">
        {input.files.map((file) => (
          <List.Item key={`${file.kind}-${file.filename}-${file.sha256}`}>
            {file.kind === 'transfers' ? 'Transfers' : 'Labels'} <Code>{file.filename}</Code> (
            {formatSize(file.bytes)}, SHA-256 <Code>{file.sha256.slice(0, 16)}…</Code>)
          </List.Item>
        ))}
      </List>
      {input.rejectedTotal > 0 && (
        <Alert
          color="yellow"
          title={`${input.rejectedTotal} rows rejected, never skipped silently`}
        >
          <List size="sm">
            {input.rejected.slice(0, 20).map((row) => (
              <List.Item key={`${row.file}:${row.line}`}>
                {row.file}, line {row.line}: {row.reason}
              </List.Item>
            ))}
          </List>
          {input.rejectedTotal > 20 && (
            <Text size="sm" mt="xs">
              The report artefact lists all {input.rejectedTotal}.
            </Text>
          )}
        </Alert>
      )}
      {input.notes.length > 0 && (
        <List size="sm" c="dimmed">
          {input.notes.map((note) => (
            <List.Item key={note}>{note}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** The flow and per-hop arithmetic, drawn from the stored report. */
export function TraceFlowView({ report }: { report: TraceReport }) {
  const flows = useMemo(() => traceFlows(report), [report]);
  return (
    <Stack>
      <Title order={3}>Flow</Title>
      <FlowChart flows={flows} asset={report.asset} />
      <Title order={3}>Per-hop arithmetic</Title>
      <Text size="sm" c="dimmed">
        Each outflow of a tainted address, with the figures the rule used: re-add them by hand or in
        a spreadsheet (the CSV artefact).
      </Text>
      <HopTable hops={report.hops} asset={report.asset} />
    </Stack>
  );
}

/** The page of one trace. */
export function TracePage({ api }: { api?: TracesApi }) {
  const [client] = useState(() => api ?? tracesApi());
  const { id = '' } = useParams();
  const [trace, setTrace] = useState<Trace | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<TraceReport | null>(null);
  const [reportError, setReportError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setTrace(null);
    setError(null);
    setReport(null);
    setReportError(null);
    client
      .get(id)
      .then(async (answer) => {
        if (!live) return;
        setTrace(answer);
        const artefact = answer.artefacts.find((a) => a.kind === 'report');
        if (!artefact) {
          setReportError('This trace has no report artefact.');
          return;
        }
        try {
          const loaded = await client.report(artefact.id);
          if (live) setReport(loaded);
        } catch (cause) {
          if (live) setReportError((cause as Error).message);
        }
      })
      .catch((cause: Error) => live && setError(cause.message));
    return () => {
      live = false;
    };
  }, [client, id]);

  if (error) {
    return (
      <Stack>
        <Alert color="red" title="Could not load the trace">
          {error}
        </Alert>
        <Anchor component={Link} to="/money/traces">
          Back to traces
        </Anchor>
      </Stack>
    );
  }
  if (!trace) return <Loader aria-label="Loading the trace" />;
  return (
    <Stack>
      <TraceSummaryView trace={trace} />
      {reportError && (
        <Alert color="red" title="Could not load the report for the flow and hops">
          {reportError}
        </Alert>
      )}
      {!report && !reportError && (
        <Group>
          <Loader size="sm" aria-label="Loading the report" />
          <Text size="sm" c="dimmed">
            Loading the report artefact (its download is recorded in the custody log)…
          </Text>
        </Group>
      )}
      {report && <TraceFlowView report={report} />}
    </Stack>
  );
}
