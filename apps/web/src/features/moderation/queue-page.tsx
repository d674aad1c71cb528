import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Kbd,
  Loader,
  Modal,
  Paper,
  Radio,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useSession } from '../auth/session.js';
import {
  type CampaignPost,
  DISMISS_REASONS,
  type DismissReason,
  LABELS_URL,
  type ModerationApi,
  moderationApi,
  type Organisation,
  type PostDetail,
  type PostSummary,
  QUEUE_VIEWS,
  type QueueScope,
  type QueueView,
} from './api.js';
import { SHORTCUTS, shortcutOf } from './highlight.js';
import { CampaignPanel, NoticeDraft, PostReview, RiskBadge } from './post-review.js';

const MODERATING_ROLES = ['admin', 'analyst', 'investigator', 'moderator', 'platform-reviewer'];

/** The keyboard shortcuts of the queue, as a small table. */
export function ShortcutList() {
  return (
    <Table withRowBorders={false} verticalSpacing={2} aria-label="Keyboard shortcuts">
      <Table.Tbody>
        {SHORTCUTS.map((s) => (
          <Table.Tr key={s.key}>
            <Table.Td w={40}>
              <Kbd>{s.key}</Kbd>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{s.action}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

type Pending = { kind: 'dismiss' | 'escalate'; ids: string[] } | null;

/**
 * The moderation queue: posts screening sent to review or removal, riskiest first; the selected
 * post with its evidence highlighted, selectors, earlier sightings and campaign; confirm, dismiss,
 * escalate one post or a campaign; keys j/k/c/d/e.
 */
export function QueuePage({ api }: { api?: ModerationApi }) {
  const { state, api: session } = useSession();
  const [client] = useState(() => api ?? moderationApi(session));
  const me = state.status === 'signed-in' ? state.me : null;
  const [view, setView] = useState<QueueView>('new');
  const [scope, setScope] = useState<QueueScope>('mine');
  const [items, setItems] = useState<PostSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [index, setIndex] = useState(0);
  const [detail, setDetail] = useState<PostDetail | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [campaign, setCampaign] = useState<CampaignPost[]>([]);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirmed, setConfirmed] = useState<PostDetail | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const [params] = useSearchParams();
  const opened = useRef<string | null>(params.get('post'));

  const selected = items?.[index];

  useEffect(() => {
    let live = true;
    setItems(null);
    setError(null);
    setIndex(0);
    client
      .queue(view, scope)
      .then(async (page) => {
        if (!live) return;
        let list = page.items;
        let at = 0;
        // A link to one post (`?post=id`, from search or a selector) opens it first, even when it
        // is not on the first page or not in this view.
        const wanted = opened.current;
        opened.current = null;
        if (wanted) {
          at = list.findIndex((p) => p.id === wanted);
          if (at < 0) {
            const post = await client.post(wanted).catch(() => null);
            if (!live) return;
            if (post) list = [post, ...list];
            at = 0;
          }
        }
        setItems(list);
        setIndex(at);
        setTotal(page.total);
        setCursor(page.nextCursor);
      })
      .catch((cause: Error) => live && setError(cause.message));
    return () => {
      live = false;
    };
  }, [client, view, scope]);

  const selectedId = selected?.id;
  useEffect(() => {
    if (!selectedId) {
      setDetail(null);
      setCampaign([]);
      return;
    }
    let live = true;
    setDetail(null);
    setDetailError(null);
    Promise.all([client.post(selectedId), client.campaign(selectedId)])
      .then(([post, group]) => {
        if (!live) return;
        setDetail(post);
        setCampaign(group.items);
        setChosen(
          new Set(
            group.items.filter((p) => p.decidable && p.status === post.status).map((p) => p.id),
          ),
        );
      })
      .catch((cause: Error) => live && setDetailError(cause.message));
    return () => {
      live = false;
    };
  }, [client, selectedId]);

  useEffect(() => {
    listRef.current
      ?.querySelector(`[data-index="${index}"]`)
      ?.scrollIntoView?.({ block: 'nearest' });
  }, [index]);

  const mayDecide =
    !!me &&
    MODERATING_ROLES.includes(me.user.role) &&
    !!detail &&
    detail.organisation.id === me.organisation.id;

  const apply = useCallback(
    async (
      ids: string[],
      run: () => Promise<{
        items: { id: string; status: string }[];
        escalatedTo?: { name: string };
      }>,
      what: string,
    ) => {
      setBusy(true);
      setMessage(null);
      try {
        const result = await run();
        const count = result.items.length;
        setMessage({
          ok: true,
          text: `${what} ${count} post${count === 1 ? '' : 's'}${result.escalatedTo ? ` to ${result.escalatedTo.name}` : ''}.`,
        });
        // Decided posts leave this view unless their new status still belongs in it.
        const inView = new Set(view.split(','));
        const status = new Map(result.items.map((i) => [i.id, i.status]));
        const gone = new Set(result.items.filter((i) => !inView.has(i.status)).map((i) => i.id));
        setItems(
          (current) =>
            current
              ?.filter((p) => !gone.has(p.id))
              .map((p) =>
                status.has(p.id) ? { ...p, status: status.get(p.id) ?? p.status } : p,
              ) ?? current,
        );
        setTotal((t) => Math.max(0, t - gone.size));
        setIndex((i) => Math.max(0, Math.min(i, (items?.length ?? 1) - 1 - gone.size)));
        return true;
      } catch (cause) {
        setMessage({ ok: false, text: (cause as Error).message });
        return false;
      } finally {
        setBusy(false);
        setPending(null);
      }
    },
    [items, view],
  );

  const confirm = useCallback(
    async (ids: string[]) => {
      const post = detail;
      const ok = await apply(
        ids,
        () => (ids.length === 1 ? client.confirm(ids[0] ?? '') : client.bulk('confirm', ids)),
        'Confirmed',
      );
      if (ok && post && ids.includes(post.id)) setConfirmed(post);
    },
    [apply, client, detail],
  );

  const dismiss = (ids: string[], reason: DismissReason) =>
    apply(
      ids,
      () =>
        ids.length === 1
          ? client.dismiss(ids[0] ?? '', reason)
          : client.bulk('dismiss', ids, { reason }),
      'Dismissed as false positive',
    );

  const escalate = (ids: string[], organisationId: string, note: string) =>
    apply(
      ids,
      () =>
        ids.length === 1
          ? client.escalate(ids[0] ?? '', organisationId, note)
          : client.bulk('escalate', ids, { organisationId, note }),
      'Escalated',
    );

  // The latest handlers, for the one key listener.
  const keys = useRef<(action: string) => void>(() => {});
  keys.current = (action) => {
    if (!items || items.length === 0 || busy || pending) return;
    if (action === 'next') setIndex((i) => Math.min(items.length - 1, i + 1));
    else if (action === 'previous') setIndex((i) => Math.max(0, i - 1));
    else if (!detail || !mayDecide) return;
    else if (action === 'confirm') void confirm([detail.id]);
    else if (action === 'dismiss') setPending({ kind: 'dismiss', ids: [detail.id] });
    else if (action === 'escalate') setPending({ kind: 'escalate', ids: [detail.id] });
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutOf(event);
      if (!action) return;
      event.preventDefault();
      keys.current(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const more = async () => {
    if (!cursor) return;
    try {
      const page = await client.queue(view, scope, cursor);
      setItems((current) => [...(current ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (cause) {
      setError((cause as Error).message);
    }
  };

  const bulkIds = useMemo(() => [...chosen], [chosen]);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Moderation queue</Title>
          <Text c="dimmed" maw={760}>
            Posts that screening sent to review or removal, riskiest first. Confirm what is
            recruitment into a scam compound, dismiss false positives (they are kept as labelled
            data for the screening evaluation), or escalate to an investigating organisation.
          </Text>
        </div>
        <Anchor href={LABELS_URL} download>
          Download labelled data (JSON Lines)
        </Anchor>
      </Group>
      <Group>
        <SegmentedControl
          aria-label="Which posts"
          value={view}
          onChange={(value) => setView(value as QueueView)}
          data={QUEUE_VIEWS.map((v) => ({ value: v.value, label: v.label }))}
        />
        <SegmentedControl
          aria-label="Whose posts"
          value={scope}
          onChange={(value) => setScope(value as QueueScope)}
          data={[
            { value: 'mine', label: 'My organisation’s' },
            { value: 'all', label: 'All I may read' },
          ]}
        />
      </Group>
      {message && (
        <Alert
          color={message.ok ? 'teal' : 'red'}
          role={message.ok ? 'status' : 'alert'}
          withCloseButton
          onClose={() => setMessage(null)}
          data-testid="queue-message"
        >
          {message.text}
        </Alert>
      )}
      {confirmed && me && (
        <NoticeDraft
          post={confirmed}
          api={client}
          notifier={{ name: me.organisation.name, email: me.user.email }}
          onDone={() => setConfirmed(null)}
        />
      )}
      {error && (
        <Alert color="red" title="Could not load the queue">
          {error}
        </Alert>
      )}
      {!items && !error && <Loader aria-label="Loading the queue" />}
      {items && items.length === 0 && (
        <Paper withBorder p="xl" data-testid="queue-empty">
          <Text fw={500}>Nothing to review</Text>
          <Text size="sm" c="dimmed">
            Posts that screening flags for review or removal will appear here, riskiest first.
          </Text>
        </Paper>
      )}
      {items && items.length > 0 && (
        <Grid>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Paper withBorder p="sm" mb="sm">
              <Text fw={600} size="sm" mb={4}>
                Keyboard shortcuts
              </Text>
              <ShortcutList />
            </Paper>
            <Text size="sm" c="dimmed" mb="xs">
              {total} post{total === 1 ? '' : 's'}
            </Text>
            <Stack
              gap={6}
              ref={listRef}
              role="list"
              aria-label="Flagged posts"
              data-testid="queue"
              style={{ maxHeight: '75vh', overflowY: 'auto', paddingRight: 4 }}
            >
              {items.map((post, i) => (
                <UnstyledButton
                  key={post.id}
                  role="listitem"
                  data-index={i}
                  aria-current={i === index ? 'true' : undefined}
                  onClick={() => setIndex(i)}
                  p="sm"
                  style={{
                    borderRadius: 8,
                    border: `2px solid ${i === index ? 'var(--mantine-color-teal-7)' : 'var(--mantine-color-gray-3)'}`,
                  }}
                >
                  <Group justify="space-between" gap="xs" mb={4}>
                    <RiskBadge risk={post.risk} decision={post.decision} />
                    <Text size="xs" c="dimmed">
                      {post.source}
                    </Text>
                  </Group>
                  <Text size="sm" lineClamp={3}>
                    {post.excerpt}
                  </Text>
                </UnstyledButton>
              ))}
              {cursor && (
                <Button variant="default" onClick={more}>
                  Load more
                </Button>
              )}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            {detailError && (
              <Alert color="red" title="Could not load the post">
                {detailError}
              </Alert>
            )}
            {!detail && !detailError && <Loader aria-label="Loading the post" />}
            {detail && (
              <Stack data-testid="post-review">
                <Group>
                  <Button
                    color="red"
                    onClick={() => confirm([detail.id])}
                    disabled={!mayDecide}
                    loading={busy}
                  >
                    Confirm (c)
                  </Button>
                  <Button
                    variant="default"
                    onClick={() => setPending({ kind: 'dismiss', ids: [detail.id] })}
                    disabled={!mayDecide || busy}
                  >
                    Dismiss as false positive (d)
                  </Button>
                  <Button
                    variant="light"
                    onClick={() => setPending({ kind: 'escalate', ids: [detail.id] })}
                    disabled={!mayDecide || busy}
                  >
                    Escalate (e)
                  </Button>
                </Group>
                {!mayDecide && (
                  <Text size="sm" c="dimmed">
                    {detail.organisation.name} submitted this post: only its reviewers decide on it.
                  </Text>
                )}
                <PostReview post={detail} />
                <div>
                  <Title order={4}>Campaign</Title>
                  <Text size="sm" c="dimmed" mb="xs">
                    Near-duplicate posts you may read. Decide on the ticked ones at once.
                  </Text>
                  <CampaignPanel
                    posts={campaign}
                    selected={chosen}
                    onToggle={(id) =>
                      setChosen((current) => {
                        const next = new Set(current);
                        if (next.has(id)) next.delete(id);
                        else next.add(id);
                        return next;
                      })
                    }
                  />
                  {campaign.length > 1 && (
                    <Group mt="sm">
                      <Button
                        color="red"
                        variant="outline"
                        disabled={bulkIds.length === 0 || busy}
                        onClick={() => confirm(bulkIds)}
                      >
                        Confirm {bulkIds.length} ticked
                      </Button>
                      <Button
                        variant="default"
                        disabled={bulkIds.length === 0 || busy}
                        onClick={() => setPending({ kind: 'dismiss', ids: bulkIds })}
                      >
                        Dismiss {bulkIds.length} ticked
                      </Button>
                      <Button
                        variant="light"
                        disabled={bulkIds.length === 0 || busy}
                        onClick={() => setPending({ kind: 'escalate', ids: bulkIds })}
                      >
                        Escalate {bulkIds.length} ticked
                      </Button>
                    </Group>
                  )}
                </div>
              </Stack>
            )}
          </Grid.Col>
        </Grid>
      )}
      <DismissModal
        ids={pending?.kind === 'dismiss' ? pending.ids : null}
        busy={busy}
        onClose={() => setPending(null)}
        onDismiss={dismiss}
      />
      <EscalateModal
        ids={pending?.kind === 'escalate' ? pending.ids : null}
        api={client}
        busy={busy}
        onClose={() => setPending(null)}
        onEscalate={escalate}
      />
    </Stack>
  );
}

function DismissModal({
  ids,
  busy,
  onClose,
  onDismiss,
}: {
  ids: string[] | null;
  busy: boolean;
  onClose: () => void;
  onDismiss: (ids: string[], reason: DismissReason) => Promise<unknown>;
}) {
  const [reason, setReason] = useState<DismissReason | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setReason(null);
    setError(null);
  }, [ids]);
  return (
    <Modal
      opened={ids !== null}
      onClose={onClose}
      title={`Dismiss ${ids && ids.length > 1 ? `${ids.length} posts` : 'the post'} as a false positive`}
    >
      <Stack>
        <Radio.Group
          label="Why was screening wrong?"
          value={reason}
          onChange={(value) => setReason(value as DismissReason)}
          error={error}
          required
        >
          <Stack gap="xs" mt="xs">
            {DISMISS_REASONS.map((r) => (
              <Radio key={r.value} value={r.value} label={r.label} />
            ))}
          </Stack>
        </Radio.Group>
        <Text size="sm" c="dimmed">
          The post is kept as labelled data and counted in the screening evaluation.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            loading={busy}
            onClick={() => {
              if (!reason) setError('Choose a reason: it is what the evaluation counts.');
              else if (ids) void onDismiss(ids, reason);
            }}
          >
            Dismiss
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function EscalateModal({
  ids,
  api,
  busy,
  onClose,
  onEscalate,
}: {
  ids: string[] | null;
  api: ModerationApi;
  busy: boolean;
  onClose: () => void;
  onEscalate: (ids: string[], organisationId: string, note: string) => Promise<unknown>;
}) {
  const [targets, setTargets] = useState<Organisation[] | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ target?: string; note?: string; load?: string }>({});
  const open = ids !== null;
  useEffect(() => {
    if (!open) return;
    setTarget(null);
    setNote('');
    setErrors({});
    let live = true;
    api
      .escalationTargets()
      .then((page) => live && setTargets(page.items))
      .catch((cause: Error) => live && setErrors({ load: cause.message }));
    return () => {
      live = false;
    };
  }, [open, api]);
  const submit = () => {
    const problems: typeof errors = {};
    if (!target) problems.target = 'Choose the organisation to escalate to.';
    if (note.trim().length < 10) {
      problems.note = 'Say why it needs investigating (at least 10 characters).';
    }
    setErrors(problems);
    if (Object.keys(problems).length === 0 && ids && target) void onEscalate(ids, target, note);
  };
  return (
    <Modal
      opened={open}
      onClose={onClose}
      title={`Escalate ${ids && ids.length > 1 ? `${ids.length} posts` : 'the post'} to an investigating organisation`}
    >
      <Stack>
        {errors.load && <Alert color="red">{errors.load}</Alert>}
        {!targets && !errors.load && <Loader size="sm" aria-label="Loading organisations" />}
        {targets && targets.length === 0 && (
          <Text c="dimmed">No law-enforcement or prosecution organisation is on this hub yet.</Text>
        )}
        {targets && targets.length > 0 && (
          <Select
            label="Organisation"
            data={targets.map((t) => ({ value: t.id, label: `${t.name} (${t.country})` }))}
            value={target}
            onChange={setTarget}
            error={errors.target}
            required
          />
        )}
        <Textarea
          label="Why it needs investigating"
          description="Sent to the organisation with the post; its investigators and analysts can then read it."
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          error={errors.note}
          autosize
          minRows={3}
          required
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={busy} onClick={submit}>
            Escalate
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
