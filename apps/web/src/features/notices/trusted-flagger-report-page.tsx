import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  NumberInput,
  Stack,
  Table,
  Text,
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
  pathErrors,
  type TrustedFlaggerReport,
} from './api.js';
import { PrintStyles } from './print-styles.js';

const counts = (record: Record<string, number>, label: (key: string) => string) =>
  Object.entries(record)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => `${label(key)}: ${n}`)
    .join(', ') || '—';

/** The DSA Art 22(3) annual report of the user's organisation as a notifier. */
export function TrustedFlaggerReportView({ report }: { report: TrustedFlaggerReport }) {
  return (
    <Stack data-testid="trusted-flagger-report">
      <Text>
        <strong>{report.organisation.name}</strong>, {report.year}:{' '}
        <span data-testid="tf-notices">{report.notices}</span> notices sent.{' '}
        {report.status
          ? `Trusted-flagger status awarded on ${report.status.awardedOn} by ${report.status.awardedBy}${report.status.revokedOn ? `, revoked on ${report.status.revokedOn}` : ''}.`
          : 'The organisation holds no trusted-flagger status.'}
      </Text>
      <Table striped withTableBorder captionSide="top">
        <Table.Caption>Notices by provider</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Provider</Table.Th>
            <Table.Th ta="right">Notices</Table.Th>
            <Table.Th ta="right">Decided</Table.Th>
            <Table.Th>Action taken</Table.Th>
            <Table.Th ta="right">Median time to action</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.byPlatform.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5}>No notices sent in {report.year}.</Table.Td>
            </Table.Tr>
          )}
          {report.byPlatform.map((row) => (
            <Table.Tr key={row.platform.id}>
              <Table.Td>{row.platform.name}</Table.Td>
              <Table.Td ta="right">{row.notices}</Table.Td>
              <Table.Td ta="right">{row.decided}</Table.Td>
              <Table.Td>{counts(row.byOutcome, (key) => OUTCOME_LABELS[key] ?? key)}</Table.Td>
              <Table.Td ta="right">
                {row.medianHoursToAction === null ? '—' : formatHours(row.medianHoursToAction)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text>
        <strong>By type of content:</strong> {counts(report.byCategory, codeLabel)}
      </Text>
      <Text>
        <strong>By action taken:</strong>{' '}
        {counts(report.byOutcome, (key) => OUTCOME_LABELS[key] ?? key)}
      </Text>
    </Stack>
  );
}

/** Choose a year; the annual report shows below, printable. */
export function TrustedFlaggerReportPage({ api }: { api?: NoticesApi }) {
  const [client] = useState(() => api ?? noticesApi());
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year') ?? new Date().getUTCFullYear());
  const [input, setInput] = useState<number | string>(year);
  const [inputError, setInputError] = useState<string | undefined>();
  const [report, setReport] = useState<TrustedFlaggerReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setReport(null);
    setError(null);
    client
      .trustedFlaggerReport(year)
      .then((answer) => live && setReport(answer))
      .catch((cause) => {
        if (!live) return;
        setInputError(pathErrors(cause).year);
        setError((cause as Error).message);
      });
    return () => {
      live = false;
    };
  }, [client, year]);

  function show(event: FormEvent) {
    event.preventDefault();
    if (typeof input !== 'number' || !Number.isInteger(input) || input < 2000 || input > 2100) {
      setInputError('A year from 2000 to 2100.');
      return;
    }
    setInputError(undefined);
    setParams({ year: String(input) });
  }

  return (
    <Stack>
      <PrintStyles />
      <Anchor component={Link} to="/notices/list" size="sm" data-print="hide">
        ← Notices
      </Anchor>
      <Title order={2}>Trusted-flagger annual report</Title>
      <Text c="dimmed" data-print="hide">
        What DSA Art 22(3) asks a trusted flagger to publish each year: the notices it sent, by
        provider, type of content and action taken.
      </Text>
      <form onSubmit={show} noValidate data-print="hide">
        <Group align="flex-start">
          <NumberInput
            label="Year"
            value={input}
            onChange={setInput}
            allowDecimal={false}
            error={inputError}
            w={160}
          />
          <Button type="submit" mt={25}>
            Show report
          </Button>
          <Button variant="default" mt={25} onClick={() => window.print()} disabled={!report}>
            Print
          </Button>
        </Group>
      </form>
      {error && (
        <Alert color="red" title="No report">
          {error}
        </Alert>
      )}
      {!report && !error && <Loader aria-label="Loading the report" />}
      {report && <TrustedFlaggerReportView report={report} />}
    </Stack>
  );
}
