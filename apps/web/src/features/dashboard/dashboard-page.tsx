import {
  Alert,
  Anchor,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { type ReactNode, useEffect, useState } from 'react';
import { Link } from 'react-router';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  type Bucket,
  type Dashboard,
  type DashboardApi,
  dashboardApi,
  pivotSeries,
} from './api.js';

/** Series colours, distinguishable and dark enough to read on white. */
const PALETTE = ['#1864ab', '#c92a2a', '#2b8a3e', '#e67700', '#5f3dc4', '#0b7285', '#868e96'];

/** What a panel shows while the figures load, when they failed, and when there is nothing. */
type PanelState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready' };

function Panel({
  title,
  testId,
  state,
  empty,
  emptyText,
  summary,
  action,
  children,
}: {
  title: string;
  testId: string;
  state: PanelState;
  empty: boolean;
  emptyText: ReactNode;
  summary: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" data-testid={testId} aria-labelledby={`${testId}-title`}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id={`${testId}-title`}>
          {title}
        </Title>
        {action}
      </Group>
      {state.kind === 'loading' && <Loader aria-label={`Loading: ${title}`} />}
      {state.kind === 'error' && (
        <Alert color="red" title="Could not load">
          {state.message}
        </Alert>
      )}
      {state.kind === 'ready' && empty && (
        <Text c="dimmed" data-testid={`${testId}-empty`}>
          {emptyText}
        </Text>
      )}
      {state.kind === 'ready' && !empty && (
        <div role="img" aria-label={summary} data-testid={`${testId}-chart`}>
          <ResponsiveContainer width="100%" height={260}>
            {children as React.ReactElement}
          </ResponsiveContainer>
        </div>
      )}
    </Paper>
  );
}

/** Bars of named counts, one colour each. */
function CountBars({
  bars,
  name,
}: {
  bars: { label: string; value: number; colour: string }[];
  name: string;
}) {
  return (
    <BarChart data={bars} margin={{ top: 8, right: 16, left: 0, bottom: 8 }}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="label" interval={0} tick={{ fontSize: 12 }} />
      <YAxis allowDecimals={false} />
      <Tooltip />
      <Bar dataKey="value" name={name} isAnimationActive={false}>
        {bars.map((bar) => (
          <Cell key={bar.label} fill={bar.colour} />
        ))}
      </Bar>
    </BarChart>
  );
}

const summarise = (bars: { label: string; value: number }[]) =>
  bars.map((bar) => `${bar.label}: ${bar.value}`).join(', ');

/** The bars of the notices chart, from the dashboard's SLA counts. */
export function slaBars(bySla: Dashboard['notices']['bySla']) {
  return [
    { label: 'On time', value: bySla['on-time'], colour: '#2b8a3e' },
    { label: 'Due soon', value: bySla['due-soon'], colour: '#e67700' },
    { label: 'Overdue', value: bySla.overdue, colour: '#c92a2a' },
    { label: 'Decided in time', value: bySla.met, colour: '#1864ab' },
    { label: 'Decided late', value: bySla.missed, colour: '#862e9c' },
  ];
}

/** The bars of the evidence-request chart: open requests by their next running clock. */
export function deadlineBars(requests: Dashboard['evidenceRequests']) {
  return [
    { label: 'Overdue', value: requests.overdue, colour: '#c92a2a' },
    { label: 'Within 24 h', value: requests.within24h, colour: '#e67700' },
    { label: 'Within 7 days', value: requests.within7d, colour: '#1864ab' },
    { label: 'Later', value: requests.later, colour: '#2b8a3e' },
    { label: 'No statutory clock', value: requests.noDeadline, colour: '#868e96' },
  ];
}

/** Four charts: flagged posts over time, notices by SLA, open evidence requests, compounds. */
export function DashboardPage({ api, heading = true }: { api?: DashboardApi; heading?: boolean }) {
  const [client] = useState(() => api ?? dashboardApi());
  const [bucket, setBucket] = useState<Bucket>('week');
  const [by, setBy] = useState<'language' | 'country'>('language');
  const [data, setData] = useState<Dashboard | null>(null);
  const [state, setState] = useState<PanelState>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    client
      .get(bucket)
      .then((answer) => {
        if (!live) return;
        setData(answer);
        setState({ kind: 'ready' });
      })
      .catch((cause: Error) => live && setState({ kind: 'error', message: cause.message }));
    return () => {
      live = false;
    };
  }, [client, bucket]);

  const posts = data?.flaggedPosts;
  const series = pivotSeries(
    by === 'language'
      ? (posts?.byLanguage ?? []).map((row) => ({
          period: row.period,
          key: row.language,
          count: row.count,
        }))
      : (posts?.byCountry ?? []).map((row) => ({
          period: row.period,
          key: row.country,
          count: row.count,
        })),
  );
  const sla = data ? slaBars(data.notices.bySla) : [];
  const deadlines = data ? deadlineBars(data.evidenceRequests) : [];
  const compounds = Object.entries(data?.compounds.byStatus ?? {}).map(([label, value], i) => ({
    label,
    value,
    colour: PALETTE[i % PALETTE.length] ?? '#1864ab',
  }));

  return (
    <Stack data-testid="dashboard">
      {heading && <Title order={2}>Dashboard</Title>}
      <Text c="dimmed" size="sm">
        Every figure counts only what you may read.
        {data && ` Updated ${new Date(data.generatedAt).toLocaleString()}.`}
      </Text>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Panel
          title="Flagged posts over time"
          testId="chart-flagged-posts"
          state={state}
          empty={(posts?.total ?? 0) === 0}
          emptyText="No flagged posts you may read in this period."
          summary={`${posts?.total ?? 0} flagged posts from ${posts?.from.slice(0, 10) ?? ''} by ${by === 'language' ? 'language' : 'destination country'}: ${series.keys.join(', ')}`}
          action={
            <Group gap="xs">
              <SegmentedControl
                size="xs"
                aria-label="Group flagged posts by"
                value={by}
                onChange={(value) => setBy(value as 'language' | 'country')}
                data={[
                  { value: 'language', label: 'Language' },
                  { value: 'country', label: 'Destination country' },
                ]}
              />
              <Select
                size="xs"
                aria-label="Period of each bar"
                w={110}
                value={bucket}
                onChange={(value) => value && setBucket(value as Bucket)}
                allowDeselect={false}
                data={[
                  { value: 'day', label: 'Daily' },
                  { value: 'week', label: 'Weekly' },
                  { value: 'month', label: 'Monthly' },
                ]}
              />
            </Group>
          }
        >
          <BarChart data={series.rows} margin={{ top: 8, right: 16, left: 0, bottom: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="period" tickFormatter={(period: string) => period.slice(0, 10)} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            {series.keys.map((key, i) => (
              <Bar
                key={key}
                dataKey={key}
                stackId="posts"
                fill={PALETTE[i % PALETTE.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </Panel>
        <Panel
          title="Notices by response time"
          testId="chart-notices"
          state={state}
          empty={sla.every((bar) => bar.value === 0)}
          emptyText={
            <>
              No sent notices you may read yet.{' '}
              <Anchor component={Link} to="/notices/list">
                Notices
              </Anchor>
            </>
          }
          summary={`Notices: ${summarise(sla)}`}
        >
          <CountBars bars={sla} name="Notices" />
        </Panel>
        <Panel
          title="Open evidence requests by deadline"
          testId="chart-evidence"
          state={state}
          empty={(data?.evidenceRequests.open ?? 0) === 0}
          emptyText={
            <>
              No open evidence requests you may read.{' '}
              <Anchor component={Link} to="/evidence/requests">
                Evidence requests
              </Anchor>
            </>
          }
          summary={`Open evidence requests: ${summarise(deadlines)}`}
        >
          <CountBars bars={deadlines} name="Requests" />
        </Panel>
        <Panel
          title="Compounds by status"
          testId="chart-compounds"
          state={state}
          empty={(data?.compounds.total ?? 0) === 0}
          emptyText="No compounds you may read yet."
          summary={`Compounds: ${summarise(compounds)}`}
        >
          <CountBars bars={compounds} name="Compounds" />
        </Panel>
      </SimpleGrid>
    </Stack>
  );
}
