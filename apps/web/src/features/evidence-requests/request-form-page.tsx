import { useFormSubmit } from '../../lib/use-form-submit.js';
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { TLP_MEANING } from '../artefacts/api.js';
import { formatHours, type Platform, pathErrors } from '../notices/api.js';
import {
  DATA_CATEGORIES,
  type Deadline,
  type EvidenceRequestsApi,
  evidenceRequestsApi,
  type Instrument,
  isoFromInput,
  REQUEST_TLP_LEVELS,
  type RequestDraft,
  type RequestTlp,
  SELECTOR_TYPES,
  type Target,
} from './api.js';

/** The form's values as typed. */
export interface RequestFormValues {
  platformOrganisationId: string | null;
  instrument: string | null;
  dataCategories: string[];
  targets: Target[];
  legalBasis: string;
  issuingAuthority: string;
  validatingAuthority: string;
  offence: string;
  reference: string;
  emergency: boolean;
  tlp: RequestTlp;
}

const EMPTY_TARGET: Target = { selectorType: 'phone', value: '', from: '', to: '' };

/**
 * What is wrong with the request form before it is sent, by field path (`targets.0.to`), saying
 * how to fix it.
 *
 * @example
 * validateRequest({ ...values, targets: [{ selectorType: 'phone', value: '', from: '', to: '' }] });
 * // { 'targets.0.value': 'Give the selector…', 'targets.0.from': 'A date…', … }
 */
export function validateRequest(values: RequestFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.platformOrganisationId) {
    errors.platformOrganisationId = 'Choose the provider the request is addressed to.';
  }
  if (!values.instrument) errors.instrument = 'Choose the legal instrument; it sets the clocks.';
  if (values.dataCategories.length === 0) {
    errors.dataCategories = 'Choose at least one data category.';
  }
  if (values.targets.length === 0) {
    errors.targets = 'Add at least one target: a selector and the time range of the data.';
  }
  values.targets.forEach((target, i) => {
    if (target.value.trim() === '') {
      errors[`targets.${i}.value`] = 'Give the selector as the provider knows it.';
    }
    const from = isoFromInput(target.from);
    const to = isoFromInput(target.to);
    if (!from) errors[`targets.${i}.from`] = 'A date such as 2026-09-01.';
    if (!to) errors[`targets.${i}.to`] = 'A date such as 2026-11-30.';
    if (from && to && to <= from) errors[`targets.${i}.to`] = 'Must be after the start.';
  });
  if (values.legalBasis.trim() === '') {
    errors.legalBasis = 'Name the order, warrant or provision the request rests on.';
  }
  if (values.issuingAuthority.trim() === '') {
    errors.issuingAuthority = 'Name the issuing authority.';
  }
  return errors;
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** The body of `POST /api/v1/evidence-requests` from valid form values. */
export function requestDraft(values: RequestFormValues): RequestDraft {
  return {
    platformOrganisationId: values.platformOrganisationId ?? '',
    instrument: values.instrument ?? '',
    dataCategories: values.dataCategories,
    targets: values.targets.map((target) => ({
      selectorType: target.selectorType,
      value: target.value.trim(),
      from: isoFromInput(target.from) ?? target.from,
      to: isoFromInput(target.to) ?? target.to,
    })),
    legalBasis: values.legalBasis.trim(),
    issuingAuthority: values.issuingAuthority.trim(),
    validatingAuthority: orNull(values.validatingAuthority),
    offence: orNull(values.offence),
    reference: orNull(values.reference),
    emergency: values.emergency,
    tlp: values.tlp,
  };
}

/** The clocks the chosen instrument would start if the request were issued now. */
function DeadlinePreview({
  client,
  instrument,
  dataCategories,
  emergency,
}: {
  client: EvidenceRequestsApi;
  instrument: string | null;
  dataCategories: string[];
  emergency: boolean;
}) {
  const [deadlines, setDeadlines] = useState<Deadline[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = dataCategories.join(',');
  useEffect(() => {
    if (!instrument) return;
    let live = true;
    setDeadlines(null);
    setError(null);
    client
      .preview({ instrument, dataCategories: key ? key.split(',') : [], emergency })
      .then((answer) => live && setDeadlines(answer.deadlines))
      .catch((cause: Error) => live && setError(cause.message));
    return () => {
      live = false;
    };
  }, [client, instrument, key, emergency]);

  return (
    <Paper withBorder p="md" data-testid="deadline-preview" aria-live="polite">
      <Text fw={600}>Deadlines if issued now</Text>
      {!instrument && (
        <Text size="sm" c="dimmed">
          Choose an instrument to see the clocks it starts.
        </Text>
      )}
      {error && (
        <Text size="sm" c="red.8">
          {error}
        </Text>
      )}
      {instrument && !deadlines && !error && (
        <Text size="sm" c="dimmed">
          Computing the deadlines…
        </Text>
      )}
      {deadlines && deadlines.length === 0 && (
        <Text size="sm">This instrument sets no statutory clock.</Text>
      )}
      {deadlines && deadlines.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Clock</Table.Th>
              <Table.Th>Runs</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>Source</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {deadlines.map((deadline) => (
              <Table.Tr key={deadline.rule}>
                <Table.Td>{deadline.label}</Table.Td>
                <Table.Td>{formatHours(deadline.hours)}</Table.Td>
                <Table.Td>{deadline.due ? new Date(deadline.due).toLocaleString() : '—'}</Table.Td>
                <Table.Td>{deadline.source}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

/** Write an evidence request: instrument, data, targets with time ranges, legal basis; a draft. */
export function RequestFormPage({ api }: { api?: EvidenceRequestsApi }) {
  const [client] = useState(() => api ?? evidenceRequestsApi());
  const navigate = useNavigate();
  const [values, setValues] = useState<RequestFormValues>({
    platformOrganisationId: null,
    instrument: null,
    dataCategories: [],
    targets: [{ ...EMPTY_TARGET }],
    legalBasis: '',
    issuingAuthority: '',
    validatingAuthority: '',
    offence: '',
    reference: '',
    emergency: false,
    tlp: 'AMBER',
  });
  const [platforms, setPlatforms] = useState<Platform[] | null>(null);
  const [instruments, setInstruments] = useState<Instrument[]>([]);
  const { errors, error, setError, busy, submit: submitWith } = useFormSubmit(pathErrors);

  const set = <K extends keyof RequestFormValues>(key: K, value: RequestFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const setTarget = (index: number, change: Partial<Target>) =>
    setValues((current) => ({
      ...current,
      targets: current.targets.map((target, i) =>
        i === index ? { ...target, ...change } : target,
      ),
    }));

  useEffect(() => {
    client
      .instruments()
      .then((answer) => setInstruments(answer.items))
      .catch((cause: Error) => setError(cause.message));
    client
      .platforms()
      .then((answer) => {
        setPlatforms(answer.items);
        const [only, second] = answer.items;
        if (only && !second) set('platformOrganisationId', only.id);
      })
      .catch((cause: Error) => {
        setPlatforms([]);
        setError(cause.message);
      });
  }, [client]);

  function submit(event: FormEvent) {
    return submitWith(
      event,
      () => validateRequest(values),
      async () => {
        const created = await client.create(requestDraft(values));
        navigate(`/evidence/requests/${created.id}`);
      },
    );
  }

  const instrument = instruments.find((item) => item.id === values.instrument);
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={900}>
        <Anchor component={Link} to="/evidence/requests" size="sm">
          ← Evidence requests
        </Anchor>
        <Title order={2}>New evidence request</Title>
        <Text c="dimmed">
          Saved as a draft of your organisation. Validate it (Jaga checks it is complete for its
          instrument), then issue it: only then does the provider see it and its clocks start.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Provider"
            placeholder={platforms?.length === 0 ? 'No provider on this hub' : 'Choose a provider'}
            data={(platforms ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={values.platformOrganisationId}
            onChange={(value) => set('platformOrganisationId', value)}
            error={errors.platformOrganisationId}
            required
          />
          <Select
            label="Legal instrument"
            placeholder="Choose an instrument"
            data={instruments.map((item) => ({ value: item.id, label: item.label }))}
            value={values.instrument}
            onChange={(value) => set('instrument', value)}
            error={errors.instrument}
            searchable
            required
          />
        </SimpleGrid>
        {instrument && instrument.clocks.length > 0 && (
          <Text size="sm" c="dimmed">
            Clocks of this instrument:{' '}
            {instrument.clocks.map((clock) => `${clock.label} (${clock.when})`).join('; ')}.
          </Text>
        )}
        <Checkbox.Group
          label="Data categories"
          description="Reg. (EU) 2023/1543 Art 3"
          value={values.dataCategories}
          onChange={(value) => set('dataCategories', value)}
          error={errors.dataCategories}
          required
        >
          <Group mt="xs">
            {DATA_CATEGORIES.map((category) => (
              <Checkbox key={category.value} value={category.value} label={category.label} />
            ))}
          </Group>
        </Checkbox.Group>
        <Switch
          label="Emergency: imminent threat to life or safety"
          description="The emergency clocks apply (an EU production order: 8 hours)"
          checked={values.emergency}
          onChange={(event) => set('emergency', event.currentTarget.checked)}
        />
        <DeadlinePreview
          client={client}
          instrument={values.instrument}
          dataCategories={values.dataCategories}
          emergency={values.emergency}
        />

        <Stack gap="xs" data-testid="targets">
          <Text fw={500}>Targets</Text>
          <Text size="sm" c="dimmed">
            Each selector as the provider knows it, with the time range of the data sought.
          </Text>
          {errors.targets && !Object.keys(errors).some((key) => key.startsWith('targets.')) && (
            <Text size="sm" c="red.8" role="alert">
              {errors.targets}
            </Text>
          )}
          {values.targets.map((target, i) => (
            <Paper key={i} withBorder p="sm">
              <Group align="flex-start" wrap="wrap">
                <Select
                  label={`Target ${i + 1}: type`}
                  data={SELECTOR_TYPES.map((s) => ({ value: s.value, label: s.label }))}
                  value={target.selectorType}
                  onChange={(value) => value && setTarget(i, { selectorType: value })}
                  allowDeselect={false}
                  error={errors[`targets.${i}.selectorType`]}
                  w={180}
                />
                <TextInput
                  label={`Target ${i + 1}: selector`}
                  placeholder="+855 12 345 678"
                  value={target.value}
                  onChange={(event) => setTarget(i, { value: event.currentTarget.value })}
                  error={errors[`targets.${i}.value`]}
                  style={{ flex: 1, minWidth: 200 }}
                />
                <TextInput
                  type="date"
                  label={`Target ${i + 1}: from`}
                  value={target.from}
                  onChange={(event) => setTarget(i, { from: event.currentTarget.value })}
                  error={errors[`targets.${i}.from`]}
                />
                <TextInput
                  type="date"
                  label={`Target ${i + 1}: to`}
                  value={target.to}
                  onChange={(event) => setTarget(i, { to: event.currentTarget.value })}
                  error={errors[`targets.${i}.to`]}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={28}
                  aria-label={`Remove target ${i + 1}`}
                  disabled={values.targets.length === 1}
                  onClick={() =>
                    set(
                      'targets',
                      values.targets.filter((_, j) => j !== i),
                    )
                  }
                >
                  ✕
                </ActionIcon>
              </Group>
            </Paper>
          ))}
          <Button
            variant="default"
            w={160}
            onClick={() => set('targets', [...values.targets, { ...EMPTY_TARGET }])}
          >
            Add a target
          </Button>
        </Stack>

        <Textarea
          label="Legal basis"
          description="The order, warrant or provision the request rests on"
          autosize
          minRows={2}
          value={values.legalBasis}
          onChange={(event) => set('legalBasis', event.currentTarget.value)}
          error={errors.legalBasis}
          required
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Issuing authority"
            value={values.issuingAuthority}
            onChange={(event) => set('issuingAuthority', event.currentTarget.value)}
            error={errors.issuingAuthority}
            required
          />
          <TextInput
            label="Validating authority"
            description="Judge, court or prosecutor; needed for EU orders"
            value={values.validatingAuthority}
            onChange={(event) => set('validatingAuthority', event.currentTarget.value)}
            error={errors.validatingAuthority}
          />
        </SimpleGrid>
        <Textarea
          label="Offence"
          description="With its maximum penalty; needed for traffic or content data under an EU production order"
          autosize
          value={values.offence}
          onChange={(event) => set('offence', event.currentTarget.value)}
          error={errors.offence}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Your reference"
            placeholder="Case or file number"
            value={values.reference}
            onChange={(event) => set('reference', event.currentTarget.value)}
            error={errors.reference}
          />
          <Select
            label="TLP level"
            description={`${TLP_MEANING[values.tlp]}; once issued, the provider reads it too`}
            data={[...REQUEST_TLP_LEVELS]}
            value={values.tlp}
            onChange={(value) => value && set('tlp', value as RequestTlp)}
            allowDeselect={false}
            error={errors.tlp}
          />
        </SimpleGrid>
        {error && (
          <Alert color="red" title="Not saved" data-testid="request-form-error">
            {error}
          </Alert>
        )}
        <Button type="submit" loading={busy} w={200}>
          Save draft
        </Button>
      </Stack>
    </form>
  );
}
