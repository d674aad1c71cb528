import {
  Alert,
  Button,
  FileInput,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { TLP_MEANING } from '../artefacts/api.js';
import { fieldErrors } from '../estimates/api.js';
import {
  MAX_TRACE_HOPS,
  splitSeeds,
  TAINT_MODELS,
  type TaintModel,
  TLP_LEVELS,
  type TlpLevel,
  type TracesApi,
  tracesApi,
} from './api.js';

/** The run form's values as typed. */
export interface TraceForm {
  transfers: File[];
  seeds: string;
  maxHops: number | string;
  since: string;
  tlp: TlpLevel;
  recipients: string[];
}

/**
 * What is wrong with a trace form, by field, in words that say how to fix it (empty when nothing).
 *
 * @example
 * validateTrace({ transfers: [], seeds: '', maxHops: 5, since: '', tlp: 'AMBER', recipients: [] });
 * // { transfers: 'Choose one or more transfer files…', from: 'Give at least one seed…' }
 */
export function validateTrace(form: TraceForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (form.transfers.length === 0) {
    errors.transfers =
      'Choose one or more transfer files (canonical CSV, Etherscan-style export or TRON TRC-20 export).';
  }
  if (splitSeeds(form.seeds).length === 0) {
    errors.from = 'Give at least one seed address or transaction hash, one per line.';
  }
  const hops = form.maxHops;
  if (typeof hops !== 'number' || !Number.isInteger(hops) || hops < 1 || hops > MAX_TRACE_HOPS) {
    errors.maxHops = `A whole number from 1 to ${MAX_TRACE_HOPS}.`;
  }
  const since = form.since.trim();
  if (since !== '' && !/^\d+$/.test(since) && Number.isNaN(Date.parse(since))) {
    errors.since = 'An ISO 8601 date or time (2026-01-31 or 2026-01-31T12:00:00Z) or unix seconds.';
  }
  if (form.tlp === 'RED' && form.recipients.length === 0) {
    errors.recipients = 'A RED trace needs at least one named recipient (by e-mail).';
  }
  return errors;
}

/** Upload transfer and label files, choose seeds and the rule, and run a trace. */
export function TraceRunPage({ api }: { api?: TracesApi }) {
  const [client] = useState(() => api ?? tracesApi());
  const navigate = useNavigate();
  const [transfers, setTransfers] = useState<File[]>([]);
  const [labels, setLabels] = useState<File[]>([]);
  const [seeds, setSeeds] = useState('');
  const [model, setModel] = useState<TaintModel>('haircut');
  const [maxHops, setMaxHops] = useState<number | string>(5);
  const [since, setSince] = useState('');
  const [stopAt, setStopAt] = useState<string[]>([]);
  const [tlp, setTlp] = useState<TlpLevel>('AMBER');
  const [groups, setGroups] = useState<string[]>([]);
  const [recipients, setRecipients] = useState<string[]>([]);
  const [available, setAvailable] = useState<{ id: string; name: string }[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client
      .groups()
      .then((answer) => setAvailable(answer.items))
      .catch(() => setAvailable([]));
  }, [client]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = validateTrace({ transfers, seeds, maxHops, since, tlp, recipients });
    setErrors(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      const created = await client.run({
        transfers,
        labels,
        from: splitSeeds(seeds),
        model,
        maxHops: maxHops as number,
        since,
        stopAt,
        tlp,
        groups,
        recipients,
      });
      navigate(`/money/traces/${created.id}`);
    } catch (cause) {
      setErrors(fieldErrors(cause));
      setError((cause as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const rule = TAINT_MODELS.find((m) => m.value === model);
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={820}>
        <Title order={2}>Run a trace</Title>
        <Text c="dimmed">
          Follows tainted value forward from the seeds through the uploaded transfers, in time
          order, until it reaches a labelled exchange or service, a hub or the hop limit. The same
          files and settings always give the same report, so anyone holding them can check it.
        </Text>
        <FileInput
          label="Transfer files"
          description="Canonical CSV, Etherscan-style account export or TRON TRC-20 export; the format is detected per file"
          placeholder="Choose transfers.csv"
          accept=".csv,text/csv"
          multiple
          value={transfers}
          onChange={setTransfers}
          error={errors.transfers || undefined}
          clearable
          required
        />
        <FileInput
          label="Label files (optional)"
          description="GraphSense TagPack or ActorPack YAML, Etherscan label JSON or label CSV: they name exchanges and services"
          placeholder="Choose labels.csv"
          accept=".csv,.yaml,.yml,.json"
          multiple
          value={labels}
          onChange={setLabels}
          error={errors.labels || undefined}
          clearable
        />
        <Textarea
          label="Seeds"
          description="Scam wallet addresses or victims’ payment transaction hashes, one per line"
          placeholder={'0x…\n0x…'}
          autosize
          minRows={3}
          value={seeds}
          onChange={(event) => setSeeds(event.currentTarget.value)}
          error={errors.from || undefined}
          required
        />
        <Select
          label="Taint rule"
          description={rule?.description}
          data={TAINT_MODELS.map((m) => ({ value: m.value, label: m.label }))}
          value={model}
          onChange={(value) => value && setModel(value as TaintModel)}
          allowDeselect={false}
          error={errors.model || undefined}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label="Most hops"
            description={`Transfers from a seed, 1 to ${MAX_TRACE_HOPS}`}
            min={1}
            max={MAX_TRACE_HOPS}
            allowDecimal={false}
            value={maxHops}
            onChange={setMaxHops}
            error={errors.maxHops || undefined}
          />
          <TextInput
            label="Since (optional)"
            description="Seed outflows before this time are not tainted"
            placeholder="2026-01-31T00:00:00Z"
            value={since}
            onChange={(event) => setSince(event.currentTarget.value)}
            error={errors.since || undefined}
          />
        </SimpleGrid>
        <TagsInput
          label="Stop at categories (optional)"
          description="Label categories where taint stops; by default exchange and every service"
          placeholder="exchange, then Enter"
          value={stopAt}
          onChange={setStopAt}
          error={errors.stopAt || undefined}
        />
        <Select
          label="TLP level"
          description={TLP_MEANING[tlp]}
          data={[...TLP_LEVELS]}
          value={tlp}
          onChange={(value) => value && setTlp(value as TlpLevel)}
          allowDeselect={false}
          error={errors.tlp || undefined}
          required
        />
        <MultiSelect
          label="Sharing groups"
          description="Member organisations may read an AMBER trace and its report"
          data={available.map((group) => ({ value: group.id, label: group.name }))}
          value={groups}
          onChange={setGroups}
          placeholder={available.length ? 'Choose groups' : 'Your organisation is in no group'}
          error={errors.groups || undefined}
          searchable
        />
        <TagsInput
          label="Named recipients"
          description={
            tlp === 'RED'
              ? 'Required for RED: the e-mails of the only people who may read it besides you.'
              : 'E-mails of people who may read it whatever its level.'
          }
          placeholder="name@agency.example, then Enter"
          value={recipients}
          onChange={setRecipients}
          error={errors.recipients || undefined}
        />
        {error && (
          <Alert color="red" title="Not run" data-testid="trace-error">
            {error}
          </Alert>
        )}
        <Button type="submit" loading={busy} w={200}>
          Run trace
        </Button>
      </Stack>
    </form>
  );
}
