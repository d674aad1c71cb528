import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { TlpBadge } from '../artefacts/tlp-badge.js';
import type { CampaignPost, ModerationApi, Platform, PostDetail } from './api.js';
import { highlightSegments } from './highlight.js';

const DECISION_COLOUR: Record<string, string> = {
  remove: 'red',
  review: 'orange',
  label: 'yellow',
  allow: 'gray',
};

/** A risk score as a badge, coloured by the engine's decision. */
export function RiskBadge({ risk, decision }: { risk: number; decision: string }) {
  return (
    <Badge color={DECISION_COLOUR[decision] ?? 'gray'} variant="light">
      {decision} · {risk.toFixed(2)}
    </Badge>
  );
}

/**
 * The post's text with every evidence span in a `<mark>` titled with its indicators, and the
 * indicators' names also spoken to screen readers after the marked words.
 */
export function PostEvidence({ post }: { post: Pick<PostDetail, 'text' | 'screening'> }) {
  const segments = highlightSegments(post.text, post.screening.indicators);
  return (
    <Text
      component="div"
      style={{ whiteSpace: 'pre-wrap', lineHeight: 1.7 }}
      data-testid="post-text"
      lang={post.screening.language === 'und' ? undefined : post.screening.language}
    >
      {segments.map((segment) => {
        if (segment.indicators.length === 0) return <span key={segment.start}>{segment.text}</span>;
        const labels = segment.indicators.map((i) => i.label).join('; ');
        return (
          <mark
            key={segment.start}
            title={labels}
            data-indicators={segment.indicators.map((i) => i.code).join(' ')}
            style={{ background: '#ffe066', color: '#1a1b1e', padding: '0 2px', borderRadius: 3 }}
          >
            {segment.text}
            <VisuallyHidden> (flag: {labels})</VisuallyHidden>
          </mark>
        );
      })}
    </Text>
  );
}

/** The parts of a post a reviewer decides on: evidence, indicators, selectors and sightings. */
export function PostReview({ post }: { post: PostDetail }) {
  const indicators = [...post.screening.indicators].sort((a, b) => b.weight - a.weight);
  return (
    <Stack gap="md">
      <Group gap="xs" wrap="wrap">
        <RiskBadge risk={post.risk} decision={post.decision} />
        <Badge variant="outline">{post.source}</Badge>
        <Badge variant="outline">{post.language}</Badge>
        <TlpBadge tlp={post.tlp} />
        <Badge variant="dot" color={post.status === 'new' ? 'blue' : 'gray'}>
          {post.status}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        From {post.organisation.name}, first seen {new Date(post.firstSeenAt).toLocaleString()}
        {post.location ? ` · ${post.location}` : ''}
        {post.url && (
          <>
            {' · '}
            <Anchor href={post.url} target="_blank" rel="noreferrer noopener">
              original
            </Anchor>
          </>
        )}
      </Text>
      <Paper withBorder p="md">
        <PostEvidence post={post} />
      </Paper>
      {post.screening.warning && (
        <Alert color="yellow" title="Warning label for readers">
          {post.screening.warning.text}
        </Alert>
      )}
      <div>
        <Title order={4}>Why it was flagged</Title>
        {indicators.length === 0 ? (
          <Text c="dimmed">No indicator fired.</Text>
        ) : (
          <List data-testid="indicators">
            {indicators.map((i) => (
              <List.Item key={i.code}>
                <Text span fw={600}>
                  {i.label}
                </Text>{' '}
                <Text span c="dimmed" size="sm">
                  weight {i.weight.toFixed(2)}: {i.evidence.map((e) => `“${e.text}”`).join(', ')}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </div>
      <div>
        <Title order={4}>Selectors</Title>
        {post.selectors.length === 0 ? (
          <Text c="dimmed">No phone, handle, wallet, URL or e-mail was found.</Text>
        ) : (
          <Table data-testid="selectors">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Selector</Table.Th>
                <Table.Th>Earlier sightings</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {post.selectors.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/intelligence/selectors/${s.id}`}>
                      {s.type} {s.platform ? `${s.platform}:` : ''}
                      {s.chain ? `${s.chain}:` : ''}
                      {s.value}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {s.earlierSightings.length === 0
                      ? 'None before this post'
                      : s.earlierSightings.slice(0, 5).map((e) => (
                          <div key={e.postId}>
                            {new Date(e.seenAt).toLocaleDateString()} on {e.source}
                          </div>
                        ))}
                    {s.earlierSightings.length > 5 && (
                      <Text size="sm" c="dimmed">
                        and {s.earlierSightings.length - 5} more
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </div>
    </Stack>
  );
}

/**
 * The post's campaign (near-duplicates), with the posts a bulk decision would cover ticked: those
 * the user's organisation submitted and that are still to review.
 */
export function CampaignPanel({
  posts,
  selected,
  onToggle,
}: {
  posts: CampaignPost[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
}) {
  if (posts.length <= 1) {
    return (
      <Text c="dimmed">No near-duplicate posts: this post is not part of a known campaign.</Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table data-testid="campaign">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>
              <VisuallyHidden>Include</VisuallyHidden>
            </Table.Th>
            <Table.Th>Post</Table.Th>
            <Table.Th>Similarity</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {posts.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <Checkbox
                  aria-label={`Include post ${p.excerpt.slice(0, 40)}`}
                  checked={selected.has(p.id)}
                  disabled={!p.decidable}
                  onChange={() => onToggle(p.id)}
                />
              </Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={2}>
                  {p.excerpt}
                </Text>
                <Text size="xs" c="dimmed">
                  {p.source} · {p.organisation.name}
                  {!p.decidable && ' · not yours to decide'}
                </Text>
              </Table.Td>
              <Table.Td>{Math.round(p.similarity * 100)}%</Table.Td>
              <Table.Td>{p.status}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The explanation a drafted notice starts with, from the post's screening. */
export function noticeExplanation(post: Pick<PostDetail, 'risk' | 'screening' | 'source'>): string {
  const reasons = post.screening.indicators
    .map((i) => i.label)
    .slice(0, 6)
    .join('; ');
  return `This ${post.source} post recruits for work that matches the pattern of trafficking into online scam compounds (risk ${post.risk.toFixed(2)}). Indicators: ${reasons || 'none recorded'}. A reviewer confirmed it after reading the post.`;
}

/** After a confirmation: draft a DSA Art 16 notice about the post to a platform. */
export function NoticeDraft({
  post,
  api,
  notifier,
  onDone,
}: {
  post: PostDetail;
  api: ModerationApi;
  notifier: { name: string; email: string };
  onDone: () => void;
}) {
  const [platforms, setPlatforms] = useState<Platform[] | null>(null);
  const [platform, setPlatform] = useState<string | null>(null);
  const [explanation, setExplanation] = useState(() => noticeExplanation(post));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .platforms()
      .then((page) => {
        if (!live) return;
        setPlatforms(page.items);
        if (page.items.length === 1) setPlatform(page.items[0]?.id ?? null);
      })
      .catch((cause: Error) => live && setError(cause.message));
    return () => {
      live = false;
    };
  }, [api]);

  if (!post.url) {
    return (
      <Alert color="blue" title="Confirmed" data-testid="notice-draft">
        A notice needs the exact URL of the content (DSA Art 16(2)(b)), and this post came without
        one.{' '}
        <Button variant="subtle" onClick={onDone}>
          Continue
        </Button>
      </Alert>
    );
  }
  if (saved) {
    return (
      <Alert color="teal" title="Draft notice saved" data-testid="notice-draft">
        <Group>
          <Text>Review and send it from the Notices area.</Text>
          <Anchor component={Link} to={`/notices/${saved}`}>
            Open the draft notice
          </Anchor>
          <Button variant="subtle" onClick={onDone}>
            Continue reviewing
          </Button>
        </Group>
      </Alert>
    );
  }
  const submit = async () => {
    if (!platform) {
      setError('Choose the platform the notice goes to.');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const notice = await api.draftNotice({
        platformOrganisationId: platform,
        urls: [post.url ?? ''],
        postId: post.id,
        explanation,
        notifierName: notifier.name,
        notifierEmail: notifier.email,
      });
      setSaved(notice.id);
    } catch (cause) {
      setError((cause as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Paper withBorder p="md" data-testid="notice-draft">
      <Stack gap="sm">
        <Title order={4}>Confirmed: draft a notice to the platform?</Title>
        {!platforms && !error && <Loader size="sm" aria-label="Loading platforms" />}
        {platforms && (
          <Select
            label="Platform"
            placeholder={platforms.length === 0 ? 'No platform on this hub' : 'Choose a platform'}
            data={platforms.map((p) => ({ value: p.id, label: p.name }))}
            value={platform}
            onChange={setPlatform}
            required
          />
        )}
        <TextInput label="Content URL" value={post.url} readOnly />
        <Textarea
          label="Why the content is illegal"
          autosize
          minRows={3}
          value={explanation}
          onChange={(event) => setExplanation(event.currentTarget.value)}
          required
        />
        {error && (
          <Alert color="red" title="Could not draft the notice">
            {error}
          </Alert>
        )}
        <Group>
          <Button onClick={submit} loading={saving}>
            Draft notice
          </Button>
          <Button variant="default" onClick={onDone}>
            Skip
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
