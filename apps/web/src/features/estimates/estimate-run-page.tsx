import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Loader,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { TlpBadge } from '../artefacts/tlp-badge.js';
import {
  DEFAULT_THRESHOLD,
  type EncodedList,
  ESTIMATE_METHODS,
  ESTIMATE_TLP_LEVELS,
  type EstimateMethod,
  type EstimatesApi,
  type EstimateTlp,
  estimatesApi,
  fieldErrors,
  MAX_BOOTSTRAP,
  MAX_ESTIMATE_LISTS,
  type SharingGroupRef,
} from './api.js';

/** The run form's values as typed (number inputs give '' when empty). */
export interface RunForm {
  lists: string[];
  method: EstimateMethod;
  bootstrap: number | string;
  seed: number | string;
  threshold: number | string;
}

/**
 * What is wrong with a run form, by field, in words that say how to fix it (empty when nothing).
 *
 * @example
 * validateRun({ lists: ['a'], method: 'stepwise', bootstrap: 0, seed: 1, threshold: 0.86 }, lists);
 * // { lists: 'Choose at least 2 lists: …' }
 */
export function validateRun(form: RunForm, available: readonly EncodedList[]) {
  const errors: Record<string, string> = {};
  if (form.lists.length < 2) {
    errors.lists = 'Choose at least 2 lists: an estimate needs the overlaps between lists.';
  } else if (form.lists.length > MAX_ESTIMATE_LISTS) {
    errors.lists = `Choose at most ${MAX_ESTIMATE_LISTS} lists.`;
  } else {
    const chosen = available.filter((list) => form.lists.includes(list.id));
    const bits = new Set(chosen.map((list) => list.bits));
    if (bits.size > 1) {
      errors.lists = `These lists have CLKs of different lengths (${[...bits].join(', ')} bits): lists linked together must be encoded with the same schema and secret.`;
    }
  }
  const whole = (value: number | string, low: number, high: number) =>
    typeof value === 'number' && Number.isInteger(value) && value >= low && value <= high;
  if (!whole(form.bootstrap, 0, MAX_BOOTSTRAP)) {
    errors.bootstrap = `A whole number from 0 (profile-likelihood interval) to ${MAX_BOOTSTRAP}.`;
  }
  if (!whole(form.seed, 0, 2 ** 32 - 1)) {
    errors.seed = 'A whole number from 0 to 4294967295.';
  }
  if (typeof form.threshold !== 'number' || !(form.threshold > 0 && form.threshold <= 1)) {
    errors.threshold = `A Dice similarity above 0 and at most 1 (${DEFAULT_THRESHOLD} suits the Jaga victim-list schema).`;
  }
  return errors;
}

/** Choose lists, the model selection and the interval, and run an estimate. */
export function EstimateRunPage({ api }: { api?: EstimatesApi }) {
  const [client] = useState(() => api ?? estimatesApi());
  const navigate = useNavigate();
  const [available, setAvailable] = useState<EncodedList[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [groupsAvailable, setGroupsAvailable] = useState<SharingGroupRef[]>([]);
  const [form, setForm] = useState<RunForm>({
    lists: [],
    method: 'stepwise',
    bootstrap: 0,
    seed: 1234,
    threshold: DEFAULT_THRESHOLD,
  });
  const [tlp, setTlp] = useState<EstimateTlp | null>(null);
  const [groups, setGroups] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    client
      .lists()
      .then((answer) => live && setAvailable(answer.items))
      .catch((cause: Error) => live && setLoadError(cause.message));
    client
      .groups()
      .then((answer) => live && setGroupsAvailable(answer.items))
      .catch(() => live && setGroupsAvailable([]));
    return () => {
      live = false;
    };
  }, [client]);

  const set = <K extends keyof RunForm>(key: K, value: RunForm[K]) =>
    setForm((current) => ({ ...current, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = validateRun(form, available ?? []);
    setErrors(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      const created = await client.run({
        lists: form.lists,
        method: form.method,
        bootstrap: form.bootstrap as number,
        seed: form.seed as number,
        threshold: form.threshold as number,
        ...(tlp ? { tlp } : {}),
        groups,
      });
      navigate(`/estimates/runs/${created.id}`);
    } catch (cause) {
      setErrors(fieldErrors(cause));
      setError((cause as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const method = ESTIMATE_METHODS.find((m) => m.value === form.method);
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={820}>
        <Title order={2}>Run an estimate</Title>
        <Text c="dimmed">
          The hub links the chosen lists one-to-one by Dice similarity of their CLKs, counts the
          people each combination of lists saw and fits a log-linear model to estimate those no list
          saw. Capture-history cells below the minimum cell size are never published exactly.
        </Text>
        {loadError && (
          <Alert color="red" title="Could not load the encoded lists">
            {loadError}
          </Alert>
        )}
        {!available && !loadError && <Loader aria-label="Loading encoded lists" />}
        {available && available.length < 2 && (
          <Text data-testid="too-few-lists">
            An estimate needs at least two encoded lists you may read; there{' '}
            {available.length === 1 ? 'is one' : 'are none'}.{' '}
            <Anchor component={Link} to="/estimates/lists/new">
              Upload an encoded list
            </Anchor>
            .
          </Text>
        )}
        {available && available.length > 0 && (
          <Checkbox.Group
            label={`Lists (2 to ${MAX_ESTIMATE_LISTS}, coded A, B, C… in the order chosen)`}
            value={form.lists}
            onChange={(value) => set('lists', value)}
            error={errors.lists || undefined}
            required
          >
            <Stack gap="xs" mt="xs">
              {available.map((list) => (
                <Group key={list.id} gap="sm" wrap="nowrap">
                  <Checkbox
                    value={list.id}
                    label={`${list.name} — ${list.records.toLocaleString('en-US')} people, ${list.organisation.name}`}
                  />
                  <TlpBadge tlp={list.tlp} />
                </Group>
              ))}
            </Stack>
          </Checkbox.Group>
        )}
        <Select
          label="Model selection"
          description={method?.description}
          data={ESTIMATE_METHODS.map((m) => ({ value: m.value, label: m.label }))}
          value={form.method}
          onChange={(value) => value && set('method', value as EstimateMethod)}
          allowDeselect={false}
          error={errors.method || undefined}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label="Bootstrap replicates"
            description="0 gives a profile-likelihood interval; 200 to 1,000 give a BCa interval"
            min={0}
            max={MAX_BOOTSTRAP}
            allowDecimal={false}
            value={form.bootstrap}
            onChange={(value) => set('bootstrap', value)}
            error={errors.bootstrap || undefined}
          />
          <NumberInput
            label="Seed"
            description="The same seed gives the same bootstrap interval"
            min={0}
            allowDecimal={false}
            value={form.seed}
            onChange={(value) => set('seed', value)}
            error={errors.seed || undefined}
          />
          <NumberInput
            label="Link threshold (Dice)"
            description={`Default ${DEFAULT_THRESHOLD}, documented for the Jaga victim-list schema`}
            min={0.01}
            max={1}
            step={0.01}
            decimalScale={3}
            value={form.threshold}
            onChange={(value) => set('threshold', value)}
            error={errors.threshold || undefined}
          />
        </SimpleGrid>
        <Select
          label="TLP level of the report"
          description="By default the most restrictive level of its lists; it may not be less restrictive."
          placeholder="Most restrictive of its lists"
          data={[...ESTIMATE_TLP_LEVELS]}
          value={tlp}
          onChange={(value) => setTlp(value as EstimateTlp | null)}
          clearable
          error={errors.tlp || undefined}
        />
        <MultiSelect
          label="Sharing groups"
          description="Member organisations may read an AMBER report."
          data={groupsAvailable.map((group) => ({ value: group.id, label: group.name }))}
          value={groups}
          onChange={setGroups}
          placeholder={
            groupsAvailable.length ? 'Choose groups' : 'Your organisation is in no group'
          }
          error={errors.groups || undefined}
          searchable
        />
        {error && (
          <Alert color="red" title="Not run" data-testid="run-error">
            {error}
          </Alert>
        )}
        <Button type="submit" loading={busy} w={200}>
          Run estimate
        </Button>
      </Stack>
    </form>
  );
}
