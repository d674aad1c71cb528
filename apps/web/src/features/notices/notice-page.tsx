import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  codeLabel,
  DECISION_VISIBILITY,
  type Notice,
  type NoticesApi,
  noticesApi,
  noticeTimeline,
  OUTCOME_LABELS,
  pathErrors,
} from './api.js';
import { DecideForm } from './decide-form.js';
import { SlaBadge } from './sla-badge.js';

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

const SOR_LABELS: Record<string, string> = {
  contentId: 'Content id (puid)',
  visibility: 'Restrictions of visibility',
  account: 'Account',
  monetary: 'Monetary payments',
  provision: 'Provision of the service',
  endDate: 'Restriction ends',
  ground: 'Ground',
  groundReference: 'Law provision or terms clause',
  groundExplanation: 'Why, under that ground',
  facts: 'Facts and circumstances',
  automatedDetection: 'Detected by automated means',
  automatedDecision: 'Automated decision',
  territorialScope: 'Where it applies',
  redress: 'Redress',
};

/** The API's codes in a statement of reasons, in words. */
const SOR_VALUES: Record<string, string> = {
  ...Object.fromEntries(DECISION_VISIBILITY.map((v) => [v.value, v.label])),
  suspended: 'Suspended',
  terminated: 'Terminated',
  'partial-suspension': 'Partly suspended',
  'total-suspension': 'Suspended',
  'partial-termination': 'Partly terminated',
  'total-termination': 'Terminated',
  'illegal-content': 'Illegal content',
  'incompatible-content': 'Incompatible with terms and conditions',
  fully: 'Fully automated',
  partially: 'Partly automated',
  'not-automated': 'Not automated',
};

/** A decision's statement of reasons, field by field, as the platform gave it. */
export function StatementOfReasons({ decision }: { decision: Record<string, unknown> }) {
  const word = (value: unknown) => SOR_VALUES[String(value)] ?? String(value);
  const show = (value: unknown) => {
    if (value === null || value === undefined || value === '') return '—';
    if (Array.isArray(value)) return value.length ? value.map(word).join(', ') : '—';
    if (typeof value === 'boolean') return value ? 'Yes' : 'No';
    return word(value);
  };
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} data-testid="statement-of-reasons">
      {Object.entries(SOR_LABELS).map(([key, label]) => (
        <Field key={key} label={label}>
          {show(decision[key])}
        </Field>
      ))}
    </SimpleGrid>
  );
}

function AppealForm({
  notice,
  client,
  onDone,
}: {
  notice: Notice;
  client: NoticesApi;
  onDone: (notice: Notice) => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim() === '') {
      setError('Say why the decision should be reviewed.');
      return;
    }
    setBusy(true);
    try {
      onDone(await client.appeal(notice.id, reason.trim()));
    } catch (cause) {
      setError(pathErrors(cause).reason ?? (cause as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={640}>
        <Title order={3}>Appeal the decision</Title>
        <Textarea
          label="Why the decision should be reviewed"
          description="A complaint under DSA Art 20"
          autosize
          minRows={3}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={error}
          required
        />
        <Button type="submit" variant="default" loading={busy} w={200}>
          Appeal
        </Button>
      </Stack>
    </form>
  );
}

function CloseForm({
  notice,
  client,
  onDone,
}: {
  notice: Notice;
  client: NoticesApi;
  onDone: (notice: Notice) => void;
}) {
  const appealed = notice.status === 'appealed';
  const [outcome, setOutcome] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (appealed && !outcome) {
      setErrors({ appealOutcome: 'Say whether the appealed decision was upheld or reversed.' });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      onDone(
        await client.close(notice.id, {
          ...(appealed && outcome ? { appealOutcome: outcome as 'upheld' | 'reversed' } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        }),
      );
    } catch (cause) {
      const found = pathErrors(cause);
      setErrors(Object.keys(found).length ? found : { note: (cause as Error).message });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={640}>
        <Title order={3}>Close the notice</Title>
        {appealed && (
          <Select
            label="Outcome of the appeal"
            data={[
              { value: 'upheld', label: 'Decision upheld' },
              { value: 'reversed', label: 'Decision reversed' },
            ]}
            value={outcome}
            onChange={setOutcome}
            error={errors.appealOutcome}
            required
          />
        )}
        <Textarea
          label="Note (optional)"
          autosize
          minRows={2}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          error={errors.note}
        />
        <Button type="submit" variant="default" loading={busy} w={200}>
          Close notice
        </Button>
      </Stack>
    </form>
  );
}

/** One notice: its Art 16 content, clock, timeline, and the steps open to the viewer. */
export function NoticePage({ api }: { api?: NoticesApi }) {
  const { id = '' } = useParams();
  const [client] = useState(() => api ?? noticesApi());
  const navigate = useNavigate();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setNotice(null);
    client
      .get(id)
      .then((found) => live && setNotice(found))
      .catch((cause: Error) => live && setError(cause.message));
    return () => {
      live = false;
    };
  }, [client, id]);

  async function act(name: string, run: () => Promise<Notice | void>) {
    setBusy(name);
    setActionError(null);
    setMessage(null);
    try {
      const changed = await run();
      if (changed) setNotice(changed);
    } catch (cause) {
      setActionError((cause as Error).message);
    } finally {
      setBusy(null);
    }
  }

  if (error) {
    return (
      <Stack>
        <Alert color="red" title="Notice not available">
          {error}
        </Alert>
        <Anchor component={Link} to="/notices/list">
          Back to the notices
        </Anchor>
      </Stack>
    );
  }
  if (!notice) return <Loader aria-label="Loading the notice" />;

  const can = (action: Notice['actions'][number]) => notice.actions.includes(action);
  return (
    <Stack>
      <Anchor component={Link} to="/notices/list" size="sm">
        ← Notices
      </Anchor>
      <Group>
        <Title order={2}>Notice to {notice.platform.name}</Title>
        <Badge color="gray.8" data-testid="notice-status">
          {notice.status}
        </Badge>
        <SlaBadge sla={notice.sla} />
        {notice.trustedFlagger && <Badge color="indigo.9">Trusted flagger</Badge>}
      </Group>
      {notice.sla.status === 'overdue' && (
        <Alert color="red" title="Overdue" data-testid="overdue-alert">
          The platform’s decision was due {new Date(notice.sla.dueAt ?? '').toLocaleString()} and
          has not been given.
        </Alert>
      )}
      {(can('send') || can('acknowledge') || can('edit') || can('delete')) && (
        <Group>
          {can('send') && (
            <Button
              loading={busy === 'send'}
              onClick={() =>
                act('send', async () => {
                  const sent = await client.send(notice.id);
                  if (sent.webhook && !sent.webhook.ok) {
                    setMessage(
                      `Sent. The platform’s webhook did not accept it (${sent.webhook.error ?? 'no answer'}); the platform still sees it here.`,
                    );
                  }
                  return sent;
                })
              }
            >
              Send to {notice.platform.name}
            </Button>
          )}
          {can('acknowledge') && (
            <Button
              loading={busy === 'acknowledge'}
              onClick={() => act('acknowledge', () => client.acknowledge(notice.id))}
            >
              Confirm receipt
            </Button>
          )}
          {can('edit') && (
            <Button component={Link} to={`/notices/${notice.id}/edit`} variant="default">
              Edit draft
            </Button>
          )}
          {can('delete') && (
            <Button
              color="red"
              variant="outline"
              loading={busy === 'delete'}
              onClick={() =>
                act('delete', async () => {
                  await client.remove(notice.id);
                  navigate('/notices/list');
                })
              }
            >
              Delete draft
            </Button>
          )}
        </Group>
      )}
      {can('send') && !notice.goodFaith && (
        <Text size="sm" c="dimmed">
          To send it, edit the draft and confirm your statement of good faith.
        </Text>
      )}
      {actionError && (
        <Alert color="red" title="Not done" data-testid="action-error">
          {actionError}
        </Alert>
      )}
      {message && <Alert color="yellow">{message}</Alert>}

      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Field label="Exact URLs">
          {notice.urls.map((url) => (
            <div key={url}>
              <Code style={{ overflowWrap: 'anywhere' }}>{url}</Code>
            </div>
          ))}
        </Field>
        <Field label="Category and keywords">
          {codeLabel(notice.category)}
          {notice.keywords.length ? ` · ${notice.keywords.map(codeLabel).join(', ')}` : ''}
        </Field>
        <Field label="Notifier">
          {notice.notifierName} &lt;{notice.notifierEmail}&gt;, {notice.notifierOrganisation.name}
        </Field>
        <Field label="Good-faith statement">{notice.goodFaith ? 'Given' : 'Not given yet'}</Field>
        <Field label="Response time">
          {notice.sla.standardHours !== null
            ? `${notice.sla.standardHours} h, due ${new Date(notice.sla.dueAt ?? '').toLocaleString()}`
            : 'Starts when sent'}
        </Field>
        <Field label="Outcome">
          {notice.outcome ? (OUTCOME_LABELS[notice.outcome] ?? notice.outcome) : '—'}
        </Field>
      </SimpleGrid>
      <Field label="Why the content is illegal">{notice.explanation}</Field>

      <Title order={3}>Timeline</Title>
      <Timeline
        active={noticeTimeline(notice).length - 1}
        bulletSize={18}
        data-testid="notice-timeline"
      >
        {noticeTimeline(notice).map((step) => (
          <Timeline.Item key={step.status} title={step.label}>
            <Text size="sm" c="dimmed">
              {new Date(step.at).toLocaleString()}
            </Text>
            {step.detail && <Text size="sm">{step.detail}</Text>}
          </Timeline.Item>
        ))}
      </Timeline>

      {notice.decision && (
        <Paper withBorder p="md">
          <Title order={3} mb="sm">
            Statement of reasons
          </Title>
          <StatementOfReasons decision={notice.decision} />
        </Paper>
      )}
      {can('decide') && (
        <Paper withBorder p="md">
          <DecideForm notice={notice} client={client} onDecided={setNotice} />
        </Paper>
      )}
      {can('appeal') && (
        <Paper withBorder p="md">
          <AppealForm notice={notice} client={client} onDone={setNotice} />
        </Paper>
      )}
      {can('close') && (
        <Paper withBorder p="md">
          <CloseForm key={notice.status} notice={notice} client={client} onDone={setNotice} />
        </Paper>
      )}
    </Stack>
  );
}
