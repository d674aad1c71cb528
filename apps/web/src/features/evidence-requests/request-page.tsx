import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  FileInput,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { type CustodyLeaf, formatSize, TLP_LEVELS, type TlpLevel } from '../artefacts/api.js';
import { describeLeaf } from '../artefacts/artefact-detail-page.js';
import { pathErrors } from '../notices/api.js';
import {
  CANNOT_COMPLY_REASONS,
  DATA_CATEGORIES,
  type EvidenceRequest,
  type EvidenceRequestsApi,
  evidenceRequestsApi,
  requestTimeline,
  SELECTOR_TYPES,
  STATUS_LABELS,
} from './api.js';
import { DeadlineBadge } from './request-list-page.js';

/** Steps that take no input, with their button text, in the order they are shown. */
const SIMPLE_STEPS: readonly { action: string; label: string; quiet?: boolean }[] = [
  { action: 'validate', label: 'Validate' },
  { action: 'issue', label: 'Issue to the provider' },
  { action: 'acknowledge', label: 'Confirm receipt' },
  { action: 'open-objection-window', label: 'Enforcing state notified' },
  { action: 'preserve', label: 'Data preserved' },
  { action: 'extend-preservation', label: 'Extend preservation', quiet: true },
  { action: 'close', label: 'Close', quiet: true },
];

/** What a custody leaf of a request or of its produced data records, in words. */
export function describeRequestLeaf(leaf: CustodyLeaf['leaf']): string {
  if (leaf.type === 'evidence-request.create') return 'Request drafted';
  if (leaf.type === 'evidence-request.attach') return 'Produced data attached to the request';
  if (leaf.type.startsWith('evidence-request.')) {
    const step = leaf.type.slice('evidence-request.'.length).replace(/-/g, ' ');
    return `Request step: ${step}`;
  }
  return describeLeaf(leaf);
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

function UploadProduced({
  request,
  client,
  onUploaded,
}: {
  request: EvidenceRequest;
  client: EvidenceRequestsApi;
  onUploaded: (request: EvidenceRequest) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [tlp, setTlp] = useState<TlpLevel>('AMBER');
  const [title, setTitle] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setErrors({ file: 'Choose the file of produced data.' });
      return;
    }
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      onUploaded(
        await client.upload(request.id, {
          file,
          tlp,
          title,
          source: `Produced by ${request.platform.name}`,
          legalBasis: request.legalBasis,
          groups: [],
          recipients: [],
        }),
      );
      setFile(null);
      setTitle('');
    } catch (cause) {
      setErrors(pathErrors(cause));
      setError((cause as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={640}>
        <Title order={3}>Upload produced data</Title>
        <Text size="sm" c="dimmed">
          The file becomes an evidence artefact: its SHA-256 goes into the custody log with who
          uploaded it, and the requesting investigator is named as a recipient.
        </Text>
        <FileInput
          label="File"
          placeholder="Choose the file"
          value={file}
          onChange={setFile}
          error={errors.file}
          required
        />
        <Select
          label="TLP level"
          data={[...TLP_LEVELS]}
          value={tlp}
          onChange={(value) => value && setTlp(value as TlpLevel)}
          allowDeselect={false}
          error={errors.tlp}
        />
        <TextInput
          label="Title"
          placeholder="Defaults to the file name"
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          error={errors.title}
        />
        {error && (
          <Alert color="red" title="Not uploaded">
            {error}
          </Alert>
        )}
        <Button type="submit" loading={busy} w={200}>
          Upload
        </Button>
      </Stack>
    </form>
  );
}

function ProduceForm({
  request,
  run,
  busy,
}: {
  request: EvidenceRequest;
  run: (action: string, body: Record<string, unknown>) => Promise<void>;
  busy: boolean;
}) {
  const [partial, setPartial] = useState(false);
  const [note, setNote] = useState('');
  return (
    <Stack maw={640}>
      <Title order={3}>Mark the data produced</Title>
      <Text size="sm" c="dimmed">
        {request.artefacts.length} file(s) of produced data attached.
      </Text>
      <Checkbox
        label="Only part of the data was produced"
        checked={partial}
        onChange={(event) => setPartial(event.currentTarget.checked)}
      />
      <Textarea
        label="Note (optional)"
        autosize
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
      />
      <Button
        w={200}
        loading={busy}
        onClick={() => run('produce', { partial, ...(note.trim() ? { note: note.trim() } : {}) })}
      >
        Mark produced
      </Button>
    </Stack>
  );
}

function CannotComplyForm({
  run,
  busy,
}: {
  run: (action: string, body: Record<string, unknown>) => Promise<void>;
  busy: boolean;
}) {
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <Stack maw={640}>
      <Title order={3}>Cannot comply</Title>
      <Select
        label="Reason"
        description="Reg. (EU) 2023/1543 Annex III"
        data={CANNOT_COMPLY_REASONS.map((r) => ({ value: r.value, label: r.label }))}
        value={reason}
        onChange={setReason}
        error={errors.reason}
      />
      <Textarea
        label="Explanation"
        autosize
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        error={errors.note}
      />
      <Button
        w={200}
        color="red"
        variant="outline"
        loading={busy}
        onClick={() => {
          const problems: Record<string, string> = {};
          if (!reason) problems.reason = 'Choose the Annex III reason.';
          if (note.trim() === '') problems.note = 'Explain why the data cannot be produced.';
          setErrors(problems);
          if (Object.keys(problems).length === 0) {
            void run('cannot-comply', { reason, note: note.trim() });
          }
        }}
      >
        Record: cannot comply
      </Button>
    </Stack>
  );
}

/** One evidence request: its clocks, steps, produced data and their custody trail. */
export function RequestPage({ api }: { api?: EvidenceRequestsApi }) {
  const { id = '' } = useParams();
  const [client] = useState(() => api ?? evidenceRequestsApi());
  const navigate = useNavigate();
  const [request, setRequest] = useState<EvidenceRequest | null>(null);
  const [trail, setTrail] = useState<CustodyLeaf[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const loadTrail = useCallback(() => {
    client
      .custody(id)
      .then((answer) => setTrail(answer.items))
      .catch(() => setTrail([]));
  }, [client, id]);

  useEffect(() => {
    let live = true;
    client
      .get(id)
      .then((found) => live && setRequest(found))
      .catch((cause: Error) => live && setError(cause.message));
    loadTrail();
    return () => {
      live = false;
    };
  }, [client, id, loadTrail]);

  const run = useCallback(
    async (action: string, body: Record<string, unknown> = {}) => {
      setBusy(action);
      setActionError(null);
      try {
        if (action === 'delete') {
          await client.remove(id);
          navigate('/evidence/requests');
          return;
        }
        setRequest(await client.step(id, action, body));
        loadTrail();
      } catch (cause) {
        const fields = pathErrors(cause);
        const named = Object.entries(fields)
          .filter(([key]) => !key.includes('.'))
          .map(([key, message]) => `${key}: ${message}`);
        setActionError(named.length ? named.join('; ') : (cause as Error).message);
      } finally {
        setBusy(null);
      }
    },
    [client, id, loadTrail, navigate],
  );

  if (error) {
    return (
      <Stack>
        <Alert color="red" title="Evidence request not available">
          {error}
        </Alert>
        <Anchor component={Link} to="/evidence/requests">
          Back to the evidence requests
        </Anchor>
      </Stack>
    );
  }
  if (!request) return <Loader aria-label="Loading the evidence request" />;

  const can = (action: string) => request.actions.includes(action);
  const overdue = request.deadlines.filter((deadline) => deadline.overdue);
  return (
    <Stack>
      <Anchor component={Link} to="/evidence/requests" size="sm">
        ← Evidence requests
      </Anchor>
      <Group>
        <Title order={2}>{request.reference ?? 'Evidence request'}</Title>
        <Badge color="gray.8" data-testid="request-status">
          {STATUS_LABELS[request.status]}
        </Badge>
        {request.emergency && <Badge color="red.9">Emergency</Badge>}
      </Group>
      <Text c="dimmed">
        {request.instrumentLabel} — from {request.issuingOrganisation.name} to{' '}
        {request.platform.name}
      </Text>
      {overdue.length > 0 && (
        <Alert color="red" title="Overdue">
          {overdue.map((deadline) => deadline.label).join('; ')}
        </Alert>
      )}
      <Group>
        {SIMPLE_STEPS.filter((step) => can(step.action)).map((step) => (
          <Button
            key={step.action}
            variant={step.quiet ? 'default' : 'filled'}
            loading={busy === step.action}
            onClick={() => run(step.action)}
          >
            {step.label}
          </Button>
        ))}
        {can('withdraw') && (
          <Button
            color="red"
            variant="outline"
            loading={busy === 'withdraw'}
            onClick={() => run('withdraw')}
          >
            Withdraw
          </Button>
        )}
        {can('delete') && (
          <Button
            color="red"
            variant="subtle"
            loading={busy === 'delete'}
            onClick={() => run('delete')}
          >
            Delete draft
          </Button>
        )}
      </Group>
      {actionError && (
        <Alert color="red" title="Not done" data-testid="action-error">
          {actionError}
        </Alert>
      )}

      <Title order={3}>Deadlines</Title>
      {request.deadlines.length === 0 ? (
        <Text>This instrument sets no statutory clock.</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="deadlines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Clock</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {request.deadlines.map((deadline) => (
                <Table.Tr key={deadline.rule}>
                  <Table.Td>{deadline.label}</Table.Td>
                  <Table.Td>{deadline.source}</Table.Td>
                  <Table.Td>
                    {deadline.due ? new Date(deadline.due).toLocaleString() : 'Starts when issued'}
                  </Table.Td>
                  <Table.Td>
                    {deadline.live ? <DeadlineBadge due={deadline.due} /> : 'Not running'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Field label="Data categories">
          {request.dataCategories
            .map((value) => DATA_CATEGORIES.find((c) => c.value === value)?.label ?? value)
            .join(', ')}
        </Field>
        <Field label="Legal basis">{request.legalBasis}</Field>
        <Field label="Issuing authority">{request.issuingAuthority}</Field>
        <Field label="Validating authority">{request.validatingAuthority ?? '—'}</Field>
        <Field label="Offence">{request.offence ?? '—'}</Field>
        <Field label="Drafted by">
          {request.createdBy.displayName}, {new Date(request.createdAt).toLocaleString()}
        </Field>
        {request.cannotComplyReason && (
          <Field label="Cannot comply">
            {CANNOT_COMPLY_REASONS.find((r) => r.value === request.cannotComplyReason)?.label ??
              request.cannotComplyReason}
          </Field>
        )}
        {request.note && <Field label="Note">{request.note}</Field>}
      </SimpleGrid>

      <Title order={3}>Targets</Title>
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Type</Table.Th>
              <Table.Th>Selector</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>To</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {request.targets.map((target, i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  {SELECTOR_TYPES.find((s) => s.value === target.selectorType)?.label ??
                    target.selectorType}
                </Table.Td>
                <Table.Td>
                  <Code>{target.value}</Code>
                </Table.Td>
                <Table.Td>{target.from.slice(0, 10)}</Table.Td>
                <Table.Td>{target.to.slice(0, 10)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <Title order={3}>Timeline</Title>
      <Timeline active={requestTimeline(request).length - 1} bulletSize={18}>
        {requestTimeline(request).map((step) => (
          <Timeline.Item key={`${step.label}-${step.at}`} title={step.label}>
            <Text size="sm" c="dimmed">
              {new Date(step.at).toLocaleString()}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>

      <Title order={3}>Produced data</Title>
      {request.artefacts.length === 0 ? (
        <Text data-testid="produced-empty">No data produced yet.</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped data-testid="produced">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>File</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>SHA-256</Table.Th>
                <Table.Th>Added</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {request.artefacts.map((artefact) => (
                <Table.Tr key={artefact.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/evidence/artefacts/${artefact.id}`}>
                      {artefact.filename}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatSize(artefact.sizeBytes)}</Table.Td>
                  <Table.Td>
                    <Code style={{ wordBreak: 'break-all' }}>{artefact.sha256}</Code>
                  </Table.Td>
                  <Table.Td>{new Date(artefact.addedAt).toLocaleString()}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {can('attach') && (
        <Paper withBorder p="md">
          <UploadProduced
            request={request}
            client={client}
            onUploaded={(changed) => {
              setRequest(changed);
              loadTrail();
            }}
          />
        </Paper>
      )}
      {can('produce') && (
        <Paper withBorder p="md">
          <ProduceForm request={request} run={run} busy={busy === 'produce'} />
        </Paper>
      )}
      {can('cannot-comply') && (
        <Paper withBorder p="md">
          <CannotComplyForm run={run} busy={busy === 'cannot-comply'} />
        </Paper>
      )}

      <Title order={3}>Custody trail</Title>
      <Text size="sm" c="dimmed">
        Every step of the request and every upload, download and export of its produced data, as
        recorded in the tamper-evident log.
      </Text>
      {!trail && <Loader aria-label="Loading the custody trail" />}
      {trail && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="request-custody-trail">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Log index</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Leaf hash</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {trail.map((entry) => (
                <Table.Tr key={entry.index}>
                  <Table.Td>{entry.index}</Table.Td>
                  <Table.Td>{new Date(entry.leaf.at).toLocaleString()}</Table.Td>
                  <Table.Td>{describeRequestLeaf(entry.leaf)}</Table.Td>
                  <Table.Td>
                    <Code>{entry.leafHash}</Code>
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
