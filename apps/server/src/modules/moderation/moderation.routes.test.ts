import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';

const CAMPAIGN =
  'URGENT HIRING customer service staff in Sihanoukville! No experience needed, salary $1,500/month, free flight, visa and accommodation. Age 18-30. Contact Telegram @sihanouk_hr_team now';

describe('/api/v1/moderation', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let reviewer: TestActor;
  let colleague: TestActor;
  let viewer: TestActor;
  let police: TestActor;
  let outsider: TestActor;
  const ids: string[] = [];
  let amber: string;

  const call = (who: TestActor, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: who.authHeader, ...(payload ? { payload } : {}) });

  const leaves = async (subject: string) =>
    (
      await database.db
        .selectFrom('custody_log_leaves')
        .select('leaf')
        .where('subject_id', '=', subject)
        .orderBy('leaf_index')
        .execute()
    ).map((row) => JSON.parse(row.leaf) as { type: string; details?: Record<string, unknown> });

  const status = async (id: string) =>
    (
      await database.db
        .selectFrom('posts')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).status;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({ db: database.db, databaseKind: database.kind, version: 'test' });
    reviewer = await createTestActor(database.db, {
      organisation: { name: 'Moderation platform', type: 'platform' },
      role: 'platform-reviewer',
    });
    colleague = await createTestActor(database.db, {
      organisation: reviewer.actor.organisationId,
      role: 'platform-reviewer',
    });
    viewer = await createTestActor(database.db, {
      organisation: reviewer.actor.organisationId,
      role: 'viewer',
    });
    police = await createTestActor(database.db, {
      organisation: { name: 'Moderation police', type: 'law-enforcement' },
      role: 'investigator',
    });
    outsider = await createTestActor(database.db, {
      organisation: { name: 'Moderation NGO', type: 'ngo' },
      role: 'moderator',
    });
    const response = await call(reviewer, 'POST', '/api/v1/posts', {
      posts: [
        { source: 'facebook', externalId: '1', tlp: 'GREEN', text: CAMPAIGN },
        {
          source: 'facebook',
          externalId: '2',
          tlp: 'GREEN',
          text: CAMPAIGN.replace('$1,500', '$1,600').replace('URGENT ', ''),
        },
        {
          source: 'facebook',
          externalId: '3',
          tlp: 'GREEN',
          text: CAMPAIGN.replace('$1,500', '$1,700'),
        },
        {
          source: 'jobstreet',
          externalId: '4',
          tlp: 'GREEN',
          text: 'Typing job from home, earn $2000 per week, no experience, contact WhatsApp +855 96 812 0000',
        },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    ids.push(...response.json().items.map((i: { id: string }) => i.id));
    const hidden = await call(reviewer, 'POST', '/api/v1/posts', {
      source: 'telegram',
      tlp: 'AMBER',
      text: `${CAMPAIGN} (repost)`,
    });
    amber = hidden.json().items[0].id;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('queues the organisation’s flagged posts riskiest first, or every readable one', async () => {
    const mine = await call(reviewer, 'GET', '/api/v1/moderation/queue?limit=2');
    expect(mine.statusCode, mine.body).toBe(200);
    const first = mine.json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const rest = (
      await call(
        reviewer,
        'GET',
        `/api/v1/moderation/queue?limit=50&cursor=${encodeURIComponent(first.nextCursor)}`,
      )
    ).json();
    const all = [...first.items, ...rest.items] as { id: string; risk: number; decision: string }[];
    expect(all).toHaveLength(first.total);
    expect(all.map((p) => p.risk)).toEqual([...all.map((p) => p.risk)].sort((x, y) => y - x));
    expect(all.every((p) => ['review', 'remove'].includes(p.decision))).toBe(true);
    expect(all.map((p) => p.id)).toContain(amber);
    // The NGO owns none of them: its own queue is empty, the wider view shows the GREEN ones only.
    const theirs = (await call(outsider, 'GET', '/api/v1/moderation/queue')).json();
    expect(theirs).toMatchObject({ items: [], total: 0, nextCursor: null });
    const wide = (await call(outsider, 'GET', '/api/v1/moderation/queue?scope=all')).json();
    expect(wide.items.map((p: { id: string }) => p.id)).toContain(ids[0]);
    expect(wide.items.map((p: { id: string }) => p.id)).not.toContain(amber);
    const bad = await call(reviewer, 'GET', '/api/v1/moderation/queue?status=open');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/open is not a status/);
  });

  it('dismisses a false positive with its reason: status, custody leaf and labelled export', async () => {
    const response = await call(reviewer, 'POST', `/api/v1/moderation/posts/${ids[3]}/dismiss`, {
      reason: 'legitimate-job',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items).toEqual([
      { id: ids[3], status: 'dismissed', label: 'false-positive', previousStatus: 'new' },
    ]);
    expect(await status(ids[3] ?? '')).toBe('dismissed');
    const leaf = (await leaves(ids[3] ?? '')).at(-1);
    expect(leaf).toMatchObject({
      type: 'moderation.dismiss',
      details: { label: 'false-positive', reason: 'legitimate-job', previousStatus: 'new' },
    });
    const exported = await call(reviewer, 'GET', '/api/v1/moderation/labels');
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = exported.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      postId: ids[3],
      label: 'false-positive',
      reason: 'legitimate-job',
      source: 'jobstreet',
      labelledBy: { organisationId: reviewer.actor.organisationId },
    });
    expect(lines[0].text).toContain('Typing job');
    expect(lines[0].indicators.length).toBeGreaterThan(0);
    // The export is itself in the log.
    const exportLeaf = await database.db
      .selectFrom('custody_log_leaves')
      .select('leaf')
      .where(({ eb, fn }) => eb(fn('strpos', ['leaf', eb.val('moderation.labels-export')]), '>', 0))
      .executeTakeFirst();
    expect(JSON.parse(exportLeaf?.leaf ?? '{}').details.count).toBe(1);
  });

  it('refuses a dismissal without a reason, naming the field and the choices', async () => {
    const response = await call(reviewer, 'POST', `/api/v1/moderation/posts/${ids[0]}/dismiss`, {
      reason: 'meh',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/reason.*"meh" is not a reason.*legitimate-job/);
    expect(await status(ids[0] ?? '')).toBe('new');
  });

  it('lists a post’s campaign with owner, status and whether one may decide on each', async () => {
    const mine = await call(reviewer, 'GET', `/api/v1/moderation/posts/${ids[0]}/campaign`);
    expect(mine.statusCode, mine.body).toBe(200);
    const items = mine.json().items as { id: string; similarity: number; decidable: boolean }[];
    expect(items[0]).toMatchObject({ id: ids[0], similarity: 1, decidable: true });
    expect(items.map((i) => i.id).sort()).toEqual([ids[0], ids[1], ids[2], amber].sort());
    expect(items.map((i) => i.id)).not.toContain(ids[3]);
    const theirs = await call(outsider, 'GET', `/api/v1/moderation/posts/${ids[0]}/campaign`);
    const forOutsider = theirs.json().items as { id: string; decidable: boolean }[];
    expect(forOutsider.map((i) => i.id)).not.toContain(amber);
    expect(forOutsider.every((i) => !i.decidable)).toBe(true);
    expect(
      (await call(outsider, 'GET', `/api/v1/moderation/posts/${amber}/campaign`)).statusCode,
    ).toBe(404);
  });

  it('confirms a whole campaign in one bulk decision, all or nothing', async () => {
    // One post the NGO may not decide on… it may read these GREEN posts but does not own them.
    const foreign = await call(outsider, 'POST', '/api/v1/moderation/bulk', {
      action: 'confirm',
      postIds: [ids[0], ids[1]],
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.message).toMatch(
      /belongs to Moderation platform.*Nothing was changed/,
    );
    // An id the outsider cannot read sinks the whole batch with a 404, and changes nothing.
    const mixed = await call(outsider, 'POST', '/api/v1/moderation/bulk', {
      action: 'confirm',
      postIds: [amber],
    });
    expect(mixed.statusCode).toBe(404);
    const missing = await call(reviewer, 'POST', '/api/v1/moderation/bulk', {
      action: 'confirm',
      postIds: [ids[0], '00000000-0000-4000-8000-000000000000'],
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toContain('00000000-0000-4000-8000-000000000000');
    expect(await status(ids[0] ?? '')).toBe('new');

    const response = await call(colleague, 'POST', '/api/v1/moderation/bulk', {
      action: 'confirm',
      postIds: [ids[0], ids[1], amber],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items.map((i: { status: string }) => i.status)).toEqual([
      'actioned',
      'actioned',
      'actioned',
    ]);
    expect((await leaves(amber)).at(-1)).toMatchObject({
      type: 'moderation.confirm',
      details: { label: 'confirmed', bulk: 3 },
    });
    const confirmed = await call(reviewer, 'GET', '/api/v1/moderation/labels?label=confirmed');
    const lines = confirmed.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l: { postId: string }) => l.postId).sort()).toEqual(
      [ids[0], ids[1], amber].sort(),
    );
    // The NGO's export holds only what it may read: the two GREEN posts, never the AMBER one.
    const forOutsider = await call(outsider, 'GET', '/api/v1/moderation/labels');
    const theirs = forOutsider.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).postId);
    expect(theirs).not.toContain(amber);
    expect(theirs).toContain(ids[0]);
  });

  it('checks the bulk body: reason to dismiss, organisation and note to escalate', async () => {
    const noReason = await call(reviewer, 'POST', '/api/v1/moderation/bulk', {
      action: 'dismiss',
      postIds: [ids[2]],
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toMatch(/reason.*is required to dismiss/);
    const noTarget = await call(reviewer, 'POST', '/api/v1/moderation/bulk', {
      action: 'escalate',
      postIds: [ids[2]],
    });
    expect(noTarget.statusCode).toBe(400);
    expect(noTarget.json().error.message).toMatch(/organisationId.*is required to escalate/);
    const empty = await call(reviewer, 'POST', '/api/v1/moderation/bulk', {
      action: 'confirm',
      postIds: [],
    });
    expect(empty.statusCode).toBe(400);
  });

  it('escalates to an investigating organisation, whose investigators can then read the post', async () => {
    expect((await call(police, 'GET', `/api/v1/posts/${amber}`)).statusCode).toBe(404);
    const targets = await call(reviewer, 'GET', '/api/v1/moderation/escalation-targets');
    expect(targets.json().items.map((o: { name: string }) => o.name)).toContain(
      'Moderation police',
    );
    expect(targets.json().items.map((o: { name: string }) => o.name)).not.toContain(
      'Moderation NGO',
    );
    const toNgo = await call(reviewer, 'POST', `/api/v1/moderation/posts/${amber}/escalate`, {
      organisationId: outsider.actor.organisationId,
      note: 'Same Telegram handle as our case',
    });
    expect(toNgo.statusCode).toBe(400);
    expect(toNgo.json().error.message).toMatch(/no other investigating organisation/);
    const response = await call(reviewer, 'POST', `/api/v1/moderation/posts/${amber}/escalate`, {
      organisationId: police.actor.organisationId,
      note: 'Same Telegram handle as three confirmed posts',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      items: [{ id: amber, status: 'reviewed', label: null, previousStatus: 'actioned' }],
      escalatedTo: { id: police.actor.organisationId, recipients: 1 },
    });
    expect((await call(police, 'GET', `/api/v1/posts/${amber}`)).statusCode).toBe(200);
    const types = (await leaves(amber)).map((l) => l.type);
    expect(types.slice(-2)).toEqual(['post.sharing-change', 'moderation.escalate']);
    const notes = (await call(police, 'GET', '/api/v1/notifications')).json();
    expect(JSON.stringify(notes)).toContain('Same Telegram handle as three confirmed posts');
    // An escalation is not a final label: the post leaves the labelled export.
    const labels = await call(reviewer, 'GET', '/api/v1/moderation/labels');
    expect(labels.body).not.toContain(amber);
  });

  it('filters the labels export by time, and names a bad time', async () => {
    const future = await call(
      reviewer,
      'GET',
      '/api/v1/moderation/labels?since=2999-01-01T00:00:00Z',
    );
    expect(future.statusCode).toBe(200);
    expect(future.body).toBe('');
    expect(future.headers['x-jaga-count']).toBe('0');
    const past = await call(
      reviewer,
      'GET',
      '/api/v1/moderation/labels?since=2000-01-01T00:00:00Z',
    );
    expect(past.body.trim().split('\n').length).toBeGreaterThan(0);
    const bad = await call(reviewer, 'GET', '/api/v1/moderation/labels?since=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/since.*ISO 8601/);
  });

  it('drops a label once the post’s status is changed by other means', async () => {
    const confirmed = await call(reviewer, 'POST', `/api/v1/moderation/posts/${ids[2]}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await call(reviewer, 'GET', '/api/v1/moderation/labels')).body).toContain(ids[2]);
    const reopened = await app.inject({
      method: 'PATCH',
      url: `/api/v1/posts/${ids[2]}`,
      headers: reviewer.authHeader,
      payload: { status: 'dismissed' },
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    // Dismissed without a moderation decision: no reason, so neither label stands.
    expect((await call(reviewer, 'GET', '/api/v1/moderation/labels')).body).not.toContain(ids[2]);
  });

  it('describes every moderation endpoint in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/moderation/'));
    expect(paths.sort()).toEqual(
      [
        '/api/v1/moderation/bulk',
        '/api/v1/moderation/escalation-targets',
        '/api/v1/moderation/labels',
        '/api/v1/moderation/posts/{id}/campaign',
        '/api/v1/moderation/posts/{id}/confirm',
        '/api/v1/moderation/posts/{id}/dismiss',
        '/api/v1/moderation/posts/{id}/escalate',
        '/api/v1/moderation/queue',
      ].sort(),
    );
    for (const path of paths) {
      for (const operation of Object.values(doc.paths[path]) as { summary?: string }[]) {
        expect(operation.summary, path).toMatch(/\w/);
      }
    }
  });

  it('lets viewers read but not decide, and answers 404 for a post one may not read', async () => {
    const before = await status(ids[2] ?? '');
    const byViewer = await call(viewer, 'POST', `/api/v1/moderation/posts/${ids[2]}/confirm`);
    expect(byViewer.statusCode).toBe(403);
    expect(byViewer.json().error.message).toMatch(/viewer/);
    const hidden = await call(outsider, 'POST', `/api/v1/moderation/posts/${amber}/dismiss`, {
      reason: 'other',
    });
    expect(hidden.statusCode).toBe(404);
    expect(await status(ids[2] ?? '')).toBe(before);
  });
});
