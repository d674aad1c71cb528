import {
  Alert,
  Button,
  Code,
  FileInput,
  List,
  MultiSelect,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { TLP_MEANING } from '../artefacts/api.js';
import {
  ENCODE_COMMAND,
  ESTIMATE_TLP_LEVELS,
  type EstimatesApi,
  type EstimateTlp,
  estimatesApi,
  fieldErrors,
  parseClkFile,
  type SharingGroupRef,
} from './api.js';

/** How names stay with the agency: what to run, and what the hub receives. */
export function EncodingHelp() {
  return (
    <Stack gap="xs" maw={820}>
      <Text>
        <strong>Names never leave your agency.</strong> On your own machine, encode your list with
        the linkage schema and secret all agencies share (agree them outside Jaga):
      </Text>
      <Code block data-testid="encode-command">
        {ENCODE_COMMAND}
      </Code>
      <List size="sm" c="dimmed">
        <List.Item>
          <Code>police.csv</Code> has one column per schema feature (names, date of birth, sex…); it
          stays with you.
        </List.Item>
        <List.Item>
          <Code>police.json</Code> holds only the CLKs, <Code>{'{"clks": [...]}'}</Code>: Bloom
          filters from which names cannot be read back without the secret. Choose that file below.
        </List.Item>
        <List.Item>
          The file is read in your browser and only its CLKs are sent; anything else (a CSV of
          records, a different JSON) is refused before it leaves this machine.
        </List.Item>
      </List>
    </Stack>
  );
}

/** Upload an agency's encoded (CLK) list, with its name and sharing. */
export function ListUploadPage({ api }: { api?: EstimatesApi }) {
  const [client] = useState(() => api ?? estimatesApi());
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [clks, setClks] = useState<{ clks: string[]; bits: number } | null>(null);
  const [name, setName] = useState('');
  const [tlp, setTlp] = useState<EstimateTlp>('AMBER');
  const [groups, setGroups] = useState<string[]>([]);
  const [available, setAvailable] = useState<SharingGroupRef[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client
      .groups()
      .then((answer) => setAvailable(answer.items))
      .catch(() => setAvailable([]));
  }, [client]);

  async function choose(chosen: File | null) {
    setFile(chosen);
    setClks(null);
    setErrors((current) => ({ ...current, clks: '' }));
    if (!chosen) return;
    const parsed = parseClkFile(await chosen.text());
    if (!parsed.ok) {
      setErrors((current) => ({ ...current, clks: parsed.error }));
      return;
    }
    setClks({ clks: parsed.clks, bits: parsed.bits });
    if (name.trim() === '') setName(chosen.name.replace(/\.json$/i, ''));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!file) problems.clks = 'Choose the .json file that "jaga link encode" wrote.';
    else if (!clks) problems.clks = errors.clks || 'This file holds no CLKs.';
    if (name.trim() === '') problems.name = 'Give the list a name, e.g. "Police 2026".';
    setErrors(problems);
    if (Object.keys(problems).length > 0 || !clks) return;
    setBusy(true);
    setError(null);
    try {
      await client.uploadList({ name: name.trim(), tlp, groups, clks: clks.clks });
      navigate('/estimates/runs');
    } catch (cause) {
      const byField = fieldErrors(cause);
      setErrors(byField);
      setError((cause as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={820}>
        <Title order={2}>Upload an encoded list</Title>
        <EncodingHelp />
        <FileInput
          label="Encoded list (.json from jaga link encode)"
          placeholder="Choose police.json"
          accept=".json,application/json"
          value={file}
          onChange={(chosen) => void choose(chosen)}
          error={errors.clks || undefined}
          description={
            clks
              ? `${clks.clks.length.toLocaleString('en-US')} CLKs of ${clks.bits} bits read; only these will be sent.`
              : undefined
          }
          required
        />
        <TextInput
          label="Name"
          placeholder="Police 2026"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errors.name || undefined}
          required
        />
        <Select
          label="TLP level"
          description={TLP_MEANING[tlp]}
          data={[...ESTIMATE_TLP_LEVELS]}
          value={tlp}
          onChange={(value) => value && setTlp(value as EstimateTlp)}
          allowDeselect={false}
          error={errors.tlp || undefined}
          required
        />
        <MultiSelect
          label="Sharing groups"
          description={
            tlp === 'AMBER'
              ? 'Their member organisations may use this list in their estimates.'
              : 'Sharing groups widen AMBER only; at this level they have no effect.'
          }
          data={available.map((group) => ({ value: group.id, label: group.name }))}
          value={groups}
          onChange={setGroups}
          placeholder={available.length ? 'Choose groups' : 'Your organisation is in no group'}
          error={errors.groups || undefined}
          searchable
        />
        {error && (
          <Alert color="red" title="Not uploaded" data-testid="upload-error">
            {error}
          </Alert>
        )}
        <Button type="submit" loading={busy} w={200}>
          Upload list
        </Button>
      </Stack>
    </form>
  );
}
