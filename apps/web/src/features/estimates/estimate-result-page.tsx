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
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { contentUrl } from '../artefacts/api.js';
import { TlpBadge } from '../artefacts/tlp-badge.js';
import {
  describeInterval,
  type Estimate,
  type EstimatesApi,
  estimatesApi,
  formatCount,
  publishedCount,
} from './api.js';
import { EstimateChart } from './estimate-chart.js';

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text fw={700} fz="xl">
        {value}
      </Text>
      {hint && (
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

const INTERVAL_KIND = {
  bca: 'BCa bootstrap',
  profile: 'profile likelihood',
  wald: 'Wald',
} as const;

/** An estimate report: the figures, model, warnings, capture histories and chart. */
export function EstimateView({
  report,
  saveSlot,
}: {
  report: Estimate;
  /** The save-report control, or the saved report's links. */
  saveSlot?: React.ReactNode;
}) {
  const { interval } = report;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>Estimate: {report.lists.map((list) => list.name).join(', ')}</Title>
          <Text c="dimmed" size="sm">
            Run {new Date(report.createdAt).toLocaleString()} by {report.createdBy.displayName} (
            {report.organisation.name})
          </Text>
        </Stack>
        <TlpBadge tlp={report.tlp} />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Figure
          label="Estimated total"
          value={formatCount(report.estimate)}
          hint="People on the lists and those no list saw"
        />
        <Figure
          label={`${Math.round(interval.level * 100)}% interval (${INTERVAL_KIND[interval.kind]})`}
          value={`${formatCount(interval.low)} – ${interval.high === null ? '∞' : formatCount(interval.high)}`}
          hint={
            interval.high === null
              ? 'The data set no finite upper limit'
              : describeInterval(interval)
          }
        />
        <Figure
          label="Seen on at least one list"
          value={formatCount(report.observed)}
          hint={`${report.lists.length} lists linked at Dice ≥ ${report.linkage.threshold}`}
        />
      </SimpleGrid>

      <Title order={3}>Model</Title>
      <Text>
        Method <Code>{report.method}</Code>; model <Code data-testid="model">{report.model}</Code>
        {report.terms.length === 0 ? (
          <> — no interactions: the lists are taken as independent.</>
        ) : (
          <>
            {' '}
            — interactions{' '}
            {report.terms.map((term) => (
              <Badge key={term} variant="light" mr={4}>
                {term}
              </Badge>
            ))}
          </>
        )}
      </Text>
      {report.bootstrap && (
        <Text size="sm" c="dimmed">
          Bootstrap: {report.bootstrap.replicates} replicates, seed {report.bootstrap.seed}
          {report.bootstrap.failed > 0 ? `, ${report.bootstrap.failed} failed to fit` : ''}.
        </Text>
      )}
      {report.warnings.length > 0 && (
        <Alert color="yellow" title="Warnings" data-testid="warnings">
          <List size="sm">
            {report.warnings.map((warning) => (
              <List.Item key={warning}>{warning}</List.Item>
            ))}
          </List>
        </Alert>
      )}

      <Title order={3}>Observed and estimated</Title>
      <EstimateChart report={report} />

      <Title order={3}>Capture histories</Title>
      <Text size="sm" c="dimmed">
        How many people each combination of lists saw (✓ = on that list). Cells below{' '}
        {report.minimumCellSize} people are shown as “&lt; {report.minimumCellSize}”, never exactly.
      </Text>
      <Table striped withTableBorder maw={720} data-testid="histories">
        <Table.Thead>
          <Table.Tr>
            {report.lists.map((list) => (
              <Table.Th key={list.id} title={list.name}>
                {list.code} · {list.name}
                {list.records !== null && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    ({list.records.toLocaleString('en-US')})
                  </Text>
                )}
              </Table.Th>
            ))}
            <Table.Th ta="right">People</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.histories.map((row) => (
            <Table.Tr key={row.history.join('')}>
              {row.history.map((bit, i) => (
                <Table.Td
                  key={report.lists[i]?.id ?? i}
                  aria-label={bit ? 'on the list' : 'not on'}
                >
                  {bit ? '✓' : '·'}
                </Table.Td>
              ))}
              <Table.Td ta="right" ff="monospace">
                {publishedCount(row.count)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {saveSlot}
    </Stack>
  );
}

/** Saves the report as evidence artefacts, or links the saved ones. */
function SaveReport({
  report,
  client,
  onSaved,
}: {
  report: Estimate;
  client: EstimatesApi;
  onSaved: (report: Estimate) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (report.savedReport) {
    return (
      <Paper withBorder p="md" radius="md" data-testid="saved-report">
        <Text fw={600}>
          Report saved {new Date(report.savedReport.savedAt).toLocaleString()} by{' '}
          {report.savedReport.savedBy.displayName}
        </Text>
        <List size="sm" mt="xs">
          {report.savedReport.artefacts.map((artefact) => (
            <List.Item key={artefact.id}>
              <Anchor component={Link} to={`/evidence/artefacts/${artefact.id}`}>
                {artefact.kind === 'report' ? 'Report (JSON)' : 'Capture histories (CSV)'}
              </Anchor>{' '}
              ·{' '}
              <Anchor href={contentUrl(artefact.id)} download={artefact.filename}>
                download {artefact.filename}
              </Anchor>
            </List.Item>
          ))}
        </List>
      </Paper>
    );
  }
  async function save() {
    setBusy(true);
    setError(null);
    try {
      onSaved(await client.saveReport(report.id));
    } catch (cause) {
      setError((cause as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Saving stores the report (JSON) and its published capture-history table (CSV) as evidence
        artefacts with this estimate’s sharing, each recorded in the custody log.
      </Text>
      <Button onClick={save} loading={busy} w={200}>
        Save report
      </Button>
      {error && (
        <Alert color="red" title="Not saved" data-testid="save-error">
          {error}
        </Alert>
      )}
    </Stack>
  );
}

/** The page of one estimate. */
export function EstimateResultPage({ api }: { api?: EstimatesApi }) {
  const [client] = useState(() => api ?? estimatesApi());
  const { id = '' } = useParams();
  const [report, setReport] = useState<Estimate | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setReport(null);
    setError(null);
    client
      .get(id)
      .then((answer) => live && setReport(answer))
      .catch((cause: Error) => live && setError(cause.message));
    return () => {
      live = false;
    };
  }, [client, id]);

  if (error) {
    return (
      <Stack>
        <Alert color="red" title="Could not load the estimate">
          {error}
        </Alert>
        <Anchor component={Link} to="/estimates/runs">
          Back to lists and estimates
        </Anchor>
      </Stack>
    );
  }
  if (!report) return <Loader aria-label="Loading the estimate" />;
  return (
    <EstimateView
      report={report}
      saveSlot={<SaveReport report={report} client={client} onSaved={setReport} />}
    />
  );
}
