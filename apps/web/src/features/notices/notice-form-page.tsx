import { useFormSubmit } from '../../lib/use-form-submit.js';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Loader,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { TLP_MEANING } from '../artefacts/api.js';
import { useSession } from '../auth/session.js';
import {
  NOTICE_CATEGORIES,
  NOTICE_KEYWORDS,
  NOTICE_TLP_LEVELS,
  type NoticeDraft,
  type NoticesApi,
  type NoticeTlp,
  noticesApi,
  type Platform,
  type PostDetail,
  pathErrors,
} from './api.js';

/** The form's values as typed: URLs one per line. */
export interface NoticeFormValues {
  platformOrganisationId: string | null;
  category: string;
  keywords: string[];
  urls: string;
  postId: string | null;
  explanation: string;
  notifierName: string;
  notifierEmail: string;
  goodFaith: boolean;
  tlp: NoticeTlp;
}

/** The URLs of the form, one per non-blank line. */
export const splitUrls = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * What is wrong with a notice form before it is sent, by field, saying how to fix it.
 *
 * @example
 * validateNotice({ ...values, urls: 'not a url' }); // { urls: 'Line 1 is not an exact http(s) URL…' }
 */
export function validateNotice(values: NoticeFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.platformOrganisationId) {
    errors.platformOrganisationId = 'Choose the platform the notice is addressed to.';
  }
  const urls = splitUrls(values.urls);
  if (urls.length === 0) {
    errors.urls = 'Give at least one exact URL of the content (DSA Art 16(2)(b)), one per line.';
  } else {
    const bad = urls.findIndex((url) => !/^https?:\/\/[^\s/]+\.[^\s]*$/i.test(url));
    if (bad >= 0) {
      errors.urls = `Line ${bad + 1} is not an exact http(s) URL such as https://example.com/post/123.`;
    }
  }
  if (values.explanation.trim() === '') {
    errors.explanation =
      'Explain why the content is illegal (DSA Art 16(2)(a)): what it offers and which indicators show it.';
  }
  if (values.notifierName.trim() === '') errors.notifierName = 'Give the notifier’s name.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.notifierEmail.trim())) {
    errors.notifierEmail = 'Give an e-mail address the platform can answer.';
  }
  return errors;
}

/** The server's problem with one URL, said by its line in the form. */
function urlErrors(errors: Record<string, string>): string | undefined {
  const line = Object.keys(errors)
    .map((key) => /^urls\.(\d+)$/.exec(key))
    .find(Boolean);
  if (line?.[1]) return `Line ${Number(line[1]) + 1}: ${errors[line[0]]}`;
  return errors.urls;
}

/**
 * A substantiated explanation drafted from a flagged post's screening: its decision and risk, the
 * indicators that raised the flag, and the words that show each one.
 *
 * @example
 * explanationFromPost(post); // 'Screening flagged this post for review (risk 0.91)…'
 */
export function explanationFromPost(post: PostDetail): string {
  const lines = [
    `Screening flagged this ${post.source} post for ${post.screening.decision} (risk ${post.screening.risk.toFixed(2)}): it recruits for what the indicators below show to be a scam compound, a human-trafficking offence.`,
    '',
    'Indicators:',
    ...post.screening.indicators.map((indicator) => {
      const words = indicator.evidence.map((span) => `“${span.text}”`).join(', ');
      return `- ${indicator.label}${words ? `: ${words}` : ''}`;
    }),
    '',
    `Excerpt: ${post.excerpt}`,
  ];
  return lines.join('\n');
}

const EMPTY: NoticeFormValues = {
  platformOrganisationId: null,
  category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  keywords: ['KEYWORD_HUMAN_TRAFFICKING'],
  urls: '',
  postId: null,
  explanation: '',
  notifierName: '',
  notifierEmail: '',
  goodFaith: false,
  tlp: 'AMBER',
};

/** The flagged post a notice is drafted from: its text, risk and indicators with their words. */
export function PostReview({ post }: { post: PostDetail }) {
  return (
    <Paper withBorder p="md" data-testid="post-review">
      <Group justify="space-between">
        <Text fw={600}>Flagged post</Text>
        <Group gap="xs">
          <Badge color={post.decision === 'remove' ? 'red.9' : 'orange.9'}>{post.decision}</Badge>
          <Badge color="gray.7">risk {post.risk.toFixed(2)}</Badge>
          <Badge color="gray.7">{post.language}</Badge>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {post.source}
        {post.url ? ` · ${post.url}` : ''}
      </Text>
      <Text mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
        {post.text}
      </Text>
      {post.screening.indicators.length > 0 && (
        <List size="sm" mt="xs">
          {post.screening.indicators.map((indicator) => (
            <List.Item key={indicator.code}>
              {indicator.label}
              {indicator.evidence.length > 0 &&
                `: ${indicator.evidence.map((span) => `“${span.text}”`).join(', ')}`}
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}

/**
 * Write a DSA Art 16 notice (new, from a flagged post with `?post=`, or a draft with `:id/edit`);
 * problems are shown next to their fields, and nothing is saved until every field is right.
 */
export function NoticeFormPage({ api }: { api?: NoticesApi }) {
  const [client] = useState(() => api ?? noticesApi());
  const navigate = useNavigate();
  const { id: editing } = useParams();
  const [params] = useSearchParams();
  const postParam = params.get('post');
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.me : null;
  const [values, setValues] = useState<NoticeFormValues>(EMPTY);
  const [platforms, setPlatforms] = useState<Platform[] | null>(null);
  const [post, setPost] = useState<PostDetail | null>(null);
  const [loading, setLoading] = useState(Boolean(postParam || editing));
  const { errors, error, setError, busy, submit: submitWith } = useFormSubmit(pathErrors);

  const set = <K extends keyof NoticeFormValues>(key: K, value: NoticeFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  useEffect(() => {
    client
      .platforms()
      .then((answer) => {
        setPlatforms(answer.items);
        // One platform on the hub: it is the only possible addressee.
        if (answer.items.length === 1 && answer.items[0]) {
          const only = answer.items[0].id;
          setValues((current) => ({
            ...current,
            platformOrganisationId: current.platformOrganisationId ?? only,
          }));
        }
      })
      .catch((cause: Error) => {
        setPlatforms([]);
        setError(cause.message);
      });
  }, [client]);

  // The notifier is the signed-in user unless they change it.
  useEffect(() => {
    if (!me || editing) return;
    setValues((current) => ({
      ...current,
      notifierName: current.notifierName || me.user.displayName,
      notifierEmail: current.notifierEmail || me.user.email,
    }));
  }, [me, editing]);

  useEffect(() => {
    if (!postParam) return;
    client
      .post(postParam)
      .then((found) => {
        setPost(found);
        setValues((current) => ({
          ...current,
          postId: found.id,
          urls: found.url ?? current.urls,
          explanation: explanationFromPost(found),
        }));
      })
      .catch((cause: Error) => setError(`The flagged post could not be loaded: ${cause.message}`))
      .finally(() => setLoading(false));
  }, [client, postParam]);

  useEffect(() => {
    if (!editing) return;
    client
      .get(editing)
      .then((notice) =>
        setValues({
          platformOrganisationId: notice.platform.id,
          category: notice.category,
          keywords: notice.keywords,
          urls: notice.urls.join('\n'),
          postId: notice.postId,
          explanation: notice.explanation,
          notifierName: notice.notifierName,
          notifierEmail: notice.notifierEmail,
          goodFaith: notice.goodFaith,
          tlp: (NOTICE_TLP_LEVELS as readonly string[]).includes(notice.tlp)
            ? (notice.tlp as NoticeTlp)
            : 'AMBER',
        }),
      )
      .catch((cause: Error) => setError(cause.message))
      .finally(() => setLoading(false));
  }, [client, editing]);

  function submit(event: FormEvent) {
    return submitWith(
      event,
      () => validateNotice(values),
      async () => {
        const draft: NoticeDraft = {
          platformOrganisationId: values.platformOrganisationId ?? '',
          category: values.category,
          keywords: values.keywords,
          urls: splitUrls(values.urls),
          postId: values.postId,
          explanation: values.explanation.trim(),
          notifierName: values.notifierName.trim(),
          notifierEmail: values.notifierEmail.trim(),
          goodFaith: values.goodFaith,
          tlp: values.tlp,
        };
        const saved = editing ? await client.update(editing, draft) : await client.create(draft);
        navigate(`/notices/${saved.id}`);
      },
    );
  }

  if (loading) return <Loader aria-label="Loading the notice" />;
  const platform = platforms?.find((p) => p.id === values.platformOrganisationId);
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={820}>
        <Anchor component={Link} to="/notices/list" size="sm">
          ← Notices
        </Anchor>
        <Title order={2}>{editing ? 'Change the draft notice' : 'New notice to a platform'}</Title>
        <Text c="dimmed">
          A notice under DSA Art 16: the exact URLs, a substantiated explanation of why the content
          is illegal, who you are, and your statement of good faith. It is saved as a draft; the
          platform sees it only once you send it.
        </Text>
        {post && <PostReview post={post} />}
        <Select
          label="Platform"
          description={
            platform
              ? `Decides within ${platform.responseHours} h (${platform.trustedFlaggerHours} h for trusted flaggers)`
              : 'The platform organisation the notice is addressed to'
          }
          placeholder={platforms?.length === 0 ? 'No platform on this hub' : 'Choose a platform'}
          data={(platforms ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={values.platformOrganisationId}
          onChange={(value) => set('platformOrganisationId', value)}
          error={errors.platformOrganisationId}
          required
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Category"
            description="DSA Transparency Database category"
            data={NOTICE_CATEGORIES.map((c) => ({ value: c.value, label: c.label }))}
            value={values.category}
            onChange={(value) => value && set('category', value)}
            allowDeselect={false}
            error={errors.category}
            required
          />
          <MultiSelect
            label="Keywords"
            data={NOTICE_KEYWORDS.map((k) => ({ value: k.value, label: k.label }))}
            value={values.keywords}
            onChange={(value) => set('keywords', value)}
            error={errors.keywords}
          />
        </SimpleGrid>
        <Textarea
          label="Exact URLs of the content"
          description={
            post && !post.url
              ? 'The flagged post has no URL on record: paste the address where it appears on the platform, one per line (DSA Art 16(2)(b))'
              : 'One per line (DSA Art 16(2)(b))'
          }
          placeholder="https://jobs.example/post/123"
          autosize
          minRows={2}
          value={values.urls}
          onChange={(event) => set('urls', event.currentTarget.value)}
          error={urlErrors(errors)}
          required
        />
        <Textarea
          label="Why the content is illegal"
          description="A substantiated explanation (DSA Art 16(2)(a))"
          autosize
          minRows={5}
          value={values.explanation}
          onChange={(event) => set('explanation', event.currentTarget.value)}
          error={errors.explanation}
          required
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Notifier’s name"
            description="DSA Art 16(2)(c)"
            value={values.notifierName}
            onChange={(event) => set('notifierName', event.currentTarget.value)}
            error={errors.notifierName}
            required
          />
          <TextInput
            label="Notifier’s e-mail"
            type="email"
            value={values.notifierEmail}
            onChange={(event) => set('notifierEmail', event.currentTarget.value)}
            error={errors.notifierEmail}
            required
          />
        </SimpleGrid>
        <Select
          label="TLP level"
          description={`${TLP_MEANING[values.tlp]}; once sent, the platform reads it too`}
          data={[...NOTICE_TLP_LEVELS]}
          value={values.tlp}
          onChange={(value) => value && set('tlp', value as NoticeTlp)}
          allowDeselect={false}
          error={errors.tlp}
        />
        <Checkbox
          label="I confirm in good faith that the information and allegations in this notice are accurate and complete (DSA Art 16(2)(d))"
          description="Needed to send the notice; a draft can be saved without it"
          checked={values.goodFaith}
          onChange={(event) => set('goodFaith', event.currentTarget.checked)}
          error={errors.goodFaith}
        />
        {error && (
          <Alert color="red" title="Not saved" data-testid="notice-form-error">
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            {editing ? 'Save changes' : 'Save draft'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
