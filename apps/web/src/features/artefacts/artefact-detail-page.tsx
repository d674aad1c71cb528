import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  Loader,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  type Artefact,
  type ArtefactApi,
  artefactApi,
  bundleUrl,
  type CustodyLeaf,
  contentUrl,
  formatSize,
  type SharingGroup,
  TLP_LEVELS,
  TLP_MEANING,
  type TlpLevel,
} from './api.js';
import { TlpBadge } from './tlp-badge.js';

/** What a custody leaf records, in words. */
export function describeLeaf(leaf: CustodyLeaf['leaf']): string {
  switch (leaf.type) {
    case 'artefact.upload':
      return 'Uploaded; SHA-256 recorded';
    case 'artefact.read':
      return 'Content downloaded';
    case 'artefact.export':
      return 'Evidence bundle exported';
    case 'artefact.sharing-change': {
      const details = leaf.details ?? {};
      return details.fromTlp !== details.tlp
        ? `Sharing changed: TLP ${String(details.fromTlp)} → ${String(details.tlp)}`
        : 'Sharing changed (groups or recipients)';
    }
    default:
      return leaf.type;
  }
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text component="div">{children}</Text>
    </div>
  );
}

function SharingEditor({
  artefact,
  client,
  onChanged,
}: {
  artefact: Artefact;
  client: ArtefactApi;
  onChanged: (artefact: Artefact) => void;
}) {
  const [tlp, setTlp] = useState<TlpLevel>(artefact.tlp);
  const [groups, setGroups] = useState(artefact.groups.map((group) => group.id));
  const [recipients, setRecipients] = useState(artefact.recipients.map((r) => r.email));
  const [available, setAvailable] = useState<SharingGroup[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client
      .groups()
      .then((answer) => setAvailable(answer.items))
      .catch(() => setAvailable([]));
  }, [client]);

  async function save() {
    setBusy(true);
    setError(null);
    try {
      onChanged(await client.changeSharing(artefact.id, { tlp, groups, recipients }));
    } catch (cause) {
      setError((cause as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack maw={640}>
      <Title order={3}>Change sharing</Title>
      <Select
        label="TLP level"
        description={TLP_MEANING[tlp]}
        data={[...TLP_LEVELS]}
        value={tlp}
        onChange={(value) => value && setTlp(value as TlpLevel)}
        allowDeselect={false}
      />
      <MultiSelect
        label="Sharing groups"
        data={available.map((group) => ({ value: group.id, label: group.name }))}
        value={groups}
        onChange={setGroups}
        searchable
      />
      <TagsInput label="Named recipients" value={recipients} onChange={setRecipients} />
      {error && (
        <Alert color="red" title="Sharing not changed">
          {error}
        </Alert>
      )}
      <Button onClick={save} loading={busy} w={200}>
        Save sharing
      </Button>
    </Stack>
  );
}

/** One artefact: its metadata, downloads, sharing and custody trail. */
export function ArtefactDetailPage({ api }: { api?: ArtefactApi }) {
  const { id = '' } = useParams();
  const [client] = useState(() => api ?? artefactApi());
  const [artefact, setArtefact] = useState<Artefact | null>(null);
  const [trail, setTrail] = useState<CustodyLeaf[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  // `version` is a dependency on purpose: it reloads the trail after a download, export or change.
  useEffect(() => {
    let live = true;
    Promise.all([client.get(id), client.custody(id)])
      .then(([found, custody]) => {
        if (!live) return;
        setArtefact(found);
        setTrail(custody.items);
      })
      .catch((cause: Error) => live && setError(cause.message));
    return () => {
      live = false;
    };
  }, [client, id, version]);

  // The server logs a download when it serves it: look at the trail again a moment later.
  const refreshSoon = () => {
    setTimeout(() => setVersion((v) => v + 1), 1500);
  };

  if (error) {
    return (
      <Stack>
        <Alert color="red" title="Artefact not available">
          {error}
        </Alert>
        <Anchor component={Link} to="/evidence/artefacts">
          Back to the artefacts
        </Anchor>
      </Stack>
    );
  }
  if (!artefact) return <Loader aria-label="Loading the artefact" />;

  return (
    <Stack>
      <Anchor component={Link} to="/evidence/artefacts" size="sm">
        ← Evidence artefacts
      </Anchor>
      <Group>
        <Title order={2}>{artefact.title}</Title>
        <TlpBadge tlp={artefact.tlp} />
      </Group>
      <Group>
        <Button component="a" href={contentUrl(artefact.id)} onClick={refreshSoon}>
          Download file
        </Button>
        <Button component="a" variant="default" href={bundleUrl(artefact.id)} onClick={refreshSoon}>
          Export evidence bundle
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Downloads and exports are recorded in the custody log. Check a bundle offline with{' '}
        <Code>jaga log verify-bundle</Code>.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Field label="SHA-256">
          <Code style={{ wordBreak: 'break-all' }}>{artefact.sha256}</Code>
        </Field>
        <Field label="File">
          {artefact.filename} ({artefact.mediaType}, {formatSize(artefact.sizeBytes)})
        </Field>
        <Field label="Owning organisation">{artefact.organisation.name}</Field>
        <Field label="Uploaded by">
          {artefact.createdBy.displayName}, {new Date(artefact.createdAt).toLocaleString()}
        </Field>
        <Field label="Legal basis">{artefact.legalBasis ?? '—'}</Field>
        <Field label="Source">{artefact.source ?? '—'}</Field>
        <Field label="Acquired at">
          {artefact.acquiredAt ? new Date(artefact.acquiredAt).toLocaleString() : '—'}
        </Field>
        <Field label="Who may read it">{TLP_MEANING[artefact.tlp]}</Field>
        <Field label="Sharing groups">
          {artefact.groups.length ? artefact.groups.map((group) => group.name).join(', ') : '—'}
        </Field>
        <Field label="Named recipients">
          {artefact.recipients.length
            ? artefact.recipients.map((r) => `${r.displayName} <${r.email}>`).join(', ')
            : '—'}
        </Field>
      </SimpleGrid>

      <Title order={3}>Custody trail</Title>
      <Table striped data-testid="custody-trail">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Log index</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th>What</Table.Th>
            <Table.Th>Leaf hash</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(trail ?? []).map((entry) => (
            <Table.Tr key={entry.index}>
              <Table.Td>{entry.index}</Table.Td>
              <Table.Td>{new Date(entry.leaf.at).toLocaleString()}</Table.Td>
              <Table.Td>{describeLeaf(entry.leaf)}</Table.Td>
              <Table.Td>
                <Code>{entry.leafHash}</Code>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      {artefact.canChangeSharing && (
        <SharingEditor
          key={artefact.updatedAt}
          artefact={artefact}
          client={client}
          onChanged={(changed) => {
            setArtefact(changed);
            setVersion((v) => v + 1);
          }}
        />
      )}
    </Stack>
  );
}
