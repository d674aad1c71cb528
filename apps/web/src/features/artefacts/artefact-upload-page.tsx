import {
  Alert,
  Button,
  FileInput,
  MultiSelect,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  type ArtefactApi,
  artefactApi,
  type SharingGroup,
  TLP_LEVELS,
  TLP_MEANING,
  type TlpLevel,
} from './api.js';

/** The upload form: the file, its TLP level and whom else it goes to, and how it was obtained. */
export function ArtefactUploadPage({ api }: { api?: ArtefactApi }) {
  const [client] = useState(() => api ?? artefactApi());
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [tlp, setTlp] = useState<TlpLevel>('AMBER');
  const [groups, setGroups] = useState<string[]>([]);
  const [recipients, setRecipients] = useState<string[]>([]);
  const [title, setTitle] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [source, setSource] = useState('');
  const [acquiredAt, setAcquiredAt] = useState('');
  const [available, setAvailable] = useState<SharingGroup[]>([]);
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
    if (!file) {
      setError('Choose the evidence file first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await client.upload({
        file,
        tlp,
        title,
        legalBasis,
        source,
        acquiredAt: acquiredAt ? new Date(acquiredAt).toISOString() : undefined,
        groups,
        recipients,
      });
      navigate(`/evidence/artefacts/${created.id}`);
    } catch (cause) {
      setError((cause as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit}>
      <Stack maw={640}>
        <Title order={2}>Upload evidence</Title>
        <Text c="dimmed">
          The file’s SHA-256 is computed as it arrives and recorded in the custody log, with who
          uploaded it and when. Its title and legal basis are not written into the log.
        </Text>
        <FileInput
          label="File"
          placeholder="Choose a file"
          value={file}
          onChange={setFile}
          required
        />
        <Select
          label="TLP level"
          description={TLP_MEANING[tlp]}
          data={[...TLP_LEVELS]}
          value={tlp}
          onChange={(value) => value && setTlp(value as TlpLevel)}
          allowDeselect={false}
          required
        />
        <MultiSelect
          label="Sharing groups"
          description={
            tlp === 'AMBER'
              ? 'Their member organisations may read it.'
              : 'Sharing groups widen AMBER only; at this level they have no effect.'
          }
          data={available.map((group) => ({ value: group.id, label: group.name }))}
          value={groups}
          onChange={setGroups}
          placeholder={available.length ? 'Choose groups' : 'Your organisation is in no group'}
          searchable
        />
        <TagsInput
          label="Named recipients"
          description={
            tlp === 'RED'
              ? 'Required for RED: the e-mails of the only people who may read it besides you.'
              : 'E-mails of people who may read it whatever its level.'
          }
          value={recipients}
          onChange={setRecipients}
          placeholder="name@agency.example, then Enter"
        />
        <TextInput
          label="Title"
          placeholder="Defaults to the file name"
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <Textarea
          label="Legal basis"
          placeholder="Warrant, production order, consent…"
          value={legalBasis}
          onChange={(e) => setLegalBasis(e.currentTarget.value)}
        />
        <TextInput
          label="Source"
          placeholder="Where it came from"
          value={source}
          onChange={(e) => setSource(e.currentTarget.value)}
        />
        <TextInput
          type="datetime-local"
          label="Acquired at"
          value={acquiredAt}
          onChange={(e) => setAcquiredAt(e.currentTarget.value)}
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
