import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  codeLabel,
  formatHours,
  type NoticesApi,
  noticesApi,
  OUTCOME_LABELS,
  type Platform,
  pathErrors,
  type TransparencyReport,
  transparencyCsvUrl,
} from './api.js';
import { PrintStyles } from './print-styles.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The default period: from 1 January of this year up to and including today (UTC). */
export function defaultPeriod(now = new Date()): { from: string; to: string } {
  const tomorrow = new Date(now.getTime() + 86_400_000);
  return { from: `${now.getUTCFullYear()}-01-01`, to: tomorrow.toISOString().slice(0, 10) };
}

/**
 * What is wrong with a report period, by field (dates as `YYYY-MM-DD`, `to` exclusive).
 *
 * @example
 * validatePeriod('2026-02-01', '2026-01-01'); // { to: 'The end must be after the start.' }
 */
export function validatePeriod(from: string, to: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!DAY.test(from) || Number.isNaN(Date.parse(from))) errors.from = 'A date such as 2026-01-01.';
  if (!DAY.test(to) || Number.isNaN(Date.parse(to))) errors.to = 'A date such as 2026-12-31.';
  if (!errors.from && !errors.to && to <= from) errors.to = 'The end must be after the start.';
  return errors;
}

const startOf = (day: string) => `${day}T00:00:00Z`;
const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);
const hours = (value: number | null) => (value === null ? '—' : formatHours(value));

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text fw={700} size="xl" data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

function CountTable({
  caption,
  counts,
  label,
  testId,
}: {
  caption: string;
  counts: Record<string, number>;
  label: (key: string) => string;
  testId: string;
}) {
  const rows = Object.entries(counts).filter(([, n]) => n > 0);
  return (
    <Table striped withTableBorder data-testid={testId} captionSide="top">
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{caption.split(' by ')[1] ?? 'Key'}</Table.Th>
          <Table.Th ta="right">Notices</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={2}>None in the period.</Table.Td>
          </Table.Tr>
        )}
        {rows.map(([key, n]) => (
          <Table.Tr key={key} data-key={key}>
            <Table.Td>{label(key)}</Table.Td>
            <Table.Td ta="right">{n}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A platform's transparency report over a period: on screen, printable, and as CSV. */
export function TransparencyReportView({ report }: { report: TransparencyReport }) {
  return (
    <Stack data-testid="transparency-report">
      <Text>
        Notices sent to <strong>{report.platform.name}</strong> from {report.from.slice(0, 10)} up
        to {report.to.slice(0, 10)} (exclusive) that you may read; generated{' '}
        {new Date(report.generatedAt).toLocaleString()}.
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }}>
        <Figure label="Notices" value={String(report.notices)} testId="report-notices" />
        <Figure label="From trusted flaggers" value={String(report.fromTrustedFlaggers)} />
        <Figure label="Decided" value={String(report.decided)} testId="report-decided" />
        <Figure label="Not yet decided" value={String(report.pending)} testId="report-pending" />
        <Figure
          label="Median time to action"
          value={hours(report.hoursToAction.median)}
          testId="report-median"
        />
        <Figure label="90th percentile time to action" value={hours(report.hoursToAction.p90)} />
        <Figure
          label="Overdue"
          value={`${report.overdue} (${percent(report.overdueShare)})`}
          testId="report-overdue"
        />
        <Figure label="Automated decisions" value={String(report.automatedDecisions)} />
        <Figure label="Appealed" value={String(report.appealed)} />
        <Figure label="Reversed on appeal" value={String(report.reversed)} />
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        Time to action runs from sending to the decision. Quantiles: {report.hoursToAction.method}.
        Overdue: decided after the due time, or still open past it.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <CountTable
          caption="Notices by outcome"
          counts={report.byOutcome}
          label={(key) => OUTCOME_LABELS[key] ?? key}
          testId="report-by-outcome"
        />
        <CountTable
          caption="Notices by category"
          counts={report.byCategory}
          label={codeLabel}
          testId="report-by-category"
        />
      </SimpleGrid>
    </Stack>
  );
}

/** Choose a platform and period; the report shows below, with CSV export and print. */
export function TransparencyPage({ api }: { api?: NoticesApi }) {
  const [client] = useState(() => api ?? noticesApi());
  const [params, setParams] = useSearchParams();
  const fallback = defaultPeriod();
  const platform = params.get('platform');
  const from = params.get('from') ?? fallback.from;
  const to = params.get('to') ?? fallback.to;
  const [platforms, setPlatforms] = useState<Platform[] | null>(null);
  const [form, setForm] = useState({ platform, from, to });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [report, setReport] = useState<TransparencyReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client
      .platforms()
      .then((answer) => {
        setPlatforms(answer.items);
        const first = answer.items[0];
        if (!platform && first) {
          setParams((current) => {
            const next = new URLSearchParams(current);
            next.set('platform', first.id);
            return next;
          });
          setForm((current) => ({ ...current, platform: first.id }));
        }
      })
      .catch((cause: Error) => {
        setPlatforms([]);
        setError(cause.message);
      });
    // Only once per client: choosing the first platform must not ask for the list again.
  }, [client]);

  useEffect(() => {
    if (!platform || Object.keys(validatePeriod(from, to)).length > 0) return;
    let live = true;
    setReport(null);
    setError(null);
    client
      .transparency(platform, startOf(from), startOf(to))
      .then((answer) => live && setReport(answer))
      .catch((cause) => {
        if (!live) return;
        setErrors(pathErrors(cause));
        setError((cause as Error).message);
      });
    return () => {
      live = false;
    };
  }, [client, platform, from, to]);

  function show(event: FormEvent) {
    event.preventDefault();
    const problems = validatePeriod(form.from, form.to);
    if (!form.platform) problems.platform = 'Choose a platform.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setParams({ platform: form.platform ?? '', from: form.from, to: form.to });
  }

  return (
    <Stack>
      <PrintStyles />
      <Anchor component={Link} to="/notices/list" size="sm" data-print="hide">
        ← Notices
      </Anchor>
      <Title order={2}>Transparency report</Title>
      <form onSubmit={show} noValidate data-print="hide">
        <Group align="flex-start">
          <Select
            label="Platform"
            data={(platforms ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={form.platform}
            onChange={(value) => setForm((current) => ({ ...current, platform: value }))}
            error={errors.platform}
            placeholder={platforms?.length === 0 ? 'No platform on this hub' : 'Choose'}
            w={260}
          />
          <TextInput
            type="date"
            label="From"
            value={form.from}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setForm((current) => ({ ...current, from: value }));
            }}
            error={errors.from}
          />
          <TextInput
            type="date"
            label="Up to (exclusive)"
            value={form.to}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setForm((current) => ({ ...current, to: value }));
            }}
            error={errors.to}
          />
          <Button type="submit" mt={25}>
            Show report
          </Button>
        </Group>
      </form>
      {platform && report && (
        <Group data-print="hide">
          <Button
            component="a"
            variant="default"
            href={transparencyCsvUrl(platform, startOf(from), startOf(to))}
            download
          >
            Export CSV
          </Button>
          <Button variant="default" onClick={() => window.print()}>
            Print
          </Button>
        </Group>
      )}
      {error && (
        <Alert color="red" title="No report">
          {error}
        </Alert>
      )}
      {platforms?.length === 0 && !error && (
        <Text data-testid="report-empty">There is no platform organisation on this hub yet.</Text>
      )}
      {platform && !report && !error && <Loader aria-label="Loading the report" />}
      {report && <TransparencyReportView report={report} />}
    </Stack>
  );
}
