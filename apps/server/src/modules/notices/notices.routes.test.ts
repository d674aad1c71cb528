import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-12-01T08:00:00.000Z');

describe('notices to platforms', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let clock = START;
  let notifier: TestActor; // organisation A, moderator
  let notifierViewer: TestActor;
  let platform: TestActor; // platform P
  let otherPlatform: TestActor; // platform Q
  let outsider: TestActor; // organisation C
  let admin: TestActor;
  let hook: Server;
  let hookUrl: string;
  const received: { body: unknown; headers: IncomingMessage['headers'] }[] = [];
  let silent: Server;
  let silentUrl: string;

  const call = (
    who: TestActor,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
  ) =>
    app.inject({
      method,
      url,
      headers: who.authHeader,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  const draft = (over: Record<string, unknown> = {}) => ({
    platformOrganisationId: platform.actor.organisationId,
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    keywords: ['KEYWORD_HUMAN_TRAFFICKING'],
    urls: ['https://jobs.example.com/post/123'],
    explanation:
      'Fake customer-service job in Sihanoukville: free flight and visa, contact on Telegram only; matches known compound recruitment.',
    notifierName: 'Anti-trafficking desk',
    notifierEmail: 'Desk@Example.org',
    goodFaith: true,
    ...over,
  });

  const createSent = async (who = notifier, over: Record<string, unknown> = {}) => {
    const created = await call(who, 'POST', '/api/v1/notices', draft(over));
    expect(created.statusCode, created.body).toBe(201);
    const sent = await call(who, 'POST', `/api/v1/notices/${created.json().id}/send`);
    expect(sent.statusCode, sent.body).toBe(200);
    return sent.json();
  };

  const decision = (over: Record<string, unknown> = {}) => ({
    contentId: 'post-123',
    visibility: ['removed'],
    ground: 'illegal-content',
    groundReference: 'Criminal Code s. 212 (trafficking in persons)',
    groundExplanation: 'Recruitment into forced criminality.',
    facts: 'Reported by a trusted flagger; matches a known recruiter handle.',
    automatedDetection: false,
    automatedDecision: 'not-automated',
    territorialScope: ['DE', 'FR'],
    ...over,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({
      db: database.db,
      databaseKind: database.kind,
      version: 'test',
      now: () => clock,
      webhookTimeoutMs: 300,
    });
    notifier = await createTestActor(database.db, {
      organisation: { name: 'Anti-trafficking NGO', type: 'ngo' },
      role: 'moderator',
    });
    notifierViewer = await createTestActor(database.db, {
      organisation: notifier.actor.organisationId,
      role: 'viewer',
    });
    platform = await createTestActor(database.db, {
      organisation: { name: 'Jobs Board P', type: 'platform', country: 'IE' },
      role: 'platform-reviewer',
    });
    otherPlatform = await createTestActor(database.db, {
      organisation: { name: 'Social Q', type: 'platform', country: 'NL' },
      role: 'platform-reviewer',
    });
    outsider = await createTestActor(database.db, {
      organisation: { name: 'Police C', type: 'law-enforcement' },
    });
    admin = await createTestActor(database.db, {
      organisation: { name: 'Hub operator', type: 'regional-body' },
      role: 'admin',
    });
    hook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ body: JSON.parse(body), headers: request.headers });
        response.writeHead(202).end();
      });
    });
    silent = createServer(() => {
      // never answers: the delivery must time out
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/jaga`;
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/jaga`;
  });

  afterAll(async () => {
    await app?.close();
    silent?.closeAllConnections();
    await new Promise((resolve) => hook?.close(resolve));
    await new Promise((resolve) => silent?.close(resolve));
    await database?.drop();
  });

  it('describes every endpoint of notices, reports, evidence requests and the dashboard in OpenAPI', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const paths = Object.keys(document.paths);
    const notices = ['send', 'acknowledge', 'decide', 'appeal', 'close', 'webhook-deliveries'];
    const requests = [
      'validate',
      'issue',
      'acknowledge',
      'open-objection-window',
      'preserve',
      'extend-preservation',
      'produce',
      'cannot-comply',
      'withdraw',
      'close',
      'artefacts',
      'custody',
    ];
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/notices',
        '/api/v1/notices/{id}',
        ...notices.map((action) => `/api/v1/notices/{id}/${action}`),
        '/api/v1/platforms',
        '/api/v1/platforms/{id}/settings',
        '/api/v1/trusted-flaggers',
        '/api/v1/trusted-flaggers/{id}',
        '/api/v1/reports/transparency',
        '/api/v1/reports/trusted-flagger',
        '/api/v1/evidence-requests',
        '/api/v1/evidence-requests/instruments',
        '/api/v1/evidence-requests/reminders',
        '/api/v1/evidence-requests/{id}',
        ...requests.map((action) => `/api/v1/evidence-requests/{id}/${action}`),
        '/api/v1/dashboard',
      ]),
    );
    const decide =
      document.paths['/api/v1/notices/{id}/decide'].post.requestBody.content['application/json']
        .schema;
    expect(decide.required).toEqual(
      expect.arrayContaining(['contentId', 'facts', 'automatedDecision', 'territorialScope']),
    );
    const list = document.paths['/api/v1/notices'].get.parameters.map(
      (p: { name: string }) => p.name,
    );
    expect(list).toEqual(expect.arrayContaining(['sla', 'status', 'platform', 'cursor', 'limit']));
  });

  it('keeps a draft from the platform and from other organisations', async () => {
    const created = await call(notifier, 'POST', '/api/v1/notices', draft());
    expect(created.statusCode, created.body).toBe(201);
    const notice = created.json();
    expect(notice).toMatchObject({
      status: 'draft',
      notifierEmail: 'desk@example.org',
      tlp: 'AMBER',
      sla: { status: 'not-sent', dueAt: null },
      actions: ['edit', 'delete', 'send'],
    });
    expect((await call(platform, 'GET', `/api/v1/notices/${notice.id}`)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/api/v1/notices/${notice.id}`)).statusCode).toBe(404);
    const colleague = await call(notifierViewer, 'GET', `/api/v1/notices/${notice.id}`);
    expect(colleague.statusCode).toBe(200);
    expect(colleague.json().actions).toEqual([]);
    expect(
      (await call(notifierViewer, 'POST', `/api/v1/notices/${notice.id}/send`)).statusCode,
    ).toBe(403);
  });

  it('answers bad input with 400s naming the field, and saves nothing', async () => {
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom('notices')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [draft({ urls: [] }), 'body/urls'],
      [draft({ urls: ['not a url'] }), 'body/urls/0'],
      [draft({ category: 'SPAM' }), 'body/category'],
      [draft({ notifierEmail: 'nobody' }), 'body/notifierEmail'],
      [draft({ explanation: '  ' }), 'body/explanation'],
      [draft({ tlp: 'RED' }), 'body/tlp'],
      [
        draft({ platformOrganisationId: outsider.actor.organisationId }),
        'body/platformOrganisationId',
      ],
    ];
    for (const [payload, where] of cases) {
      const response = await call(notifier, 'POST', '/api/v1/notices', payload);
      expect(response.statusCode, where).toBe(400);
      const error = response.json().error;
      expect(
        error.details.map((d: { where: string }) => d.where),
        where,
      ).toContain(where);
      expect(error.message).toContain(where);
    }
    expect(await count()).toBe(before);

    const created = (
      await call(notifier, 'POST', '/api/v1/notices', draft({ goodFaith: false }))
    ).json();
    const send = await call(notifier, 'POST', `/api/v1/notices/${created.id}/send`);
    expect(send.statusCode).toBe(400);
    expect(send.json().error.details[0].where).toBe('body/goodFaith');
    expect((await call(notifier, 'GET', `/api/v1/notices/${created.id}`)).json().status).toBe(
      'draft',
    );

    const badDecision = await call(
      platform,
      'POST',
      `/api/v1/notices/${(await createSent()).id}/decide`,
      decision({ ground: null, territorialScope: ['germany'] }),
    );
    expect(badDecision.statusCode).toBe(400);
    const wheres = badDecision.json().error.details.map((d: { where: string }) => d.where);
    expect(wheres).toEqual(expect.arrayContaining(['body/ground', 'body/territorialScope/0']));
  });

  it('walks draft → sent → acknowledged → decided → appealed → closed, each step by its party', async () => {
    const created = (await call(notifier, 'POST', '/api/v1/notices', draft())).json();
    const id = created.id;
    const edited = await call(notifier, 'PATCH', `/api/v1/notices/${id}`, {
      urls: ['https://jobs.example.com/post/123', 'https://jobs.example.com/post/124'],
    });
    expect(edited.json().urls).toHaveLength(2);

    clock = START;
    const sent = await call(notifier, 'POST', `/api/v1/notices/${id}/send`);
    expect(sent.json()).toMatchObject({
      status: 'sent',
      sentAt: '2026-12-01T08:00:00.000Z',
      trustedFlagger: false,
      sla: {
        status: 'on-time',
        standardHours: 24,
        dueAt: '2026-12-02T08:00:00.000Z',
        hoursLeft: 24,
      },
      webhook: null,
    });
    // Once sent, the platform reads it; other organisations still do not.
    expect((await call(platform, 'GET', `/api/v1/notices/${id}`)).json().actions).toEqual([
      'acknowledge',
      'decide',
    ]);
    expect((await call(otherPlatform, 'GET', `/api/v1/notices/${id}`)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/api/v1/notices/${id}`)).statusCode).toBe(404);

    const refused: [TestActor, string, unknown, number, string][] = [
      [notifier, 'PATCH', { urls: ['https://x.example/1'] }, 409, 'edited only when draft'],
      [notifier, 'send', undefined, 409, 'sent only when draft'],
      [notifier, 'acknowledge', undefined, 403, 'Jobs Board P'],
      [platform, 'appeal', { reason: 'x' }, 403, 'Anti-trafficking NGO'],
      [outsider, 'acknowledge', undefined, 404, 'No notice'],
      [notifier, 'DELETE', undefined, 409, 'deleted only when draft'],
    ];
    for (const [who, action, payload, status, words] of refused) {
      const response =
        action === 'PATCH' || action === 'DELETE'
          ? await call(who, action, `/api/v1/notices/${id}`, payload)
          : await call(who, 'POST', `/api/v1/notices/${id}/${action}`, payload);
      expect(response.statusCode, `${action}`).toBe(status);
      expect(response.json().error.message).toContain(words);
    }

    clock = START + 2 * HOUR;
    const acknowledged = await call(platform, 'POST', `/api/v1/notices/${id}/acknowledge`);
    expect(acknowledged.json()).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: '2026-12-01T10:00:00.000Z',
    });
    const again = await call(platform, 'POST', `/api/v1/notices/${id}/acknowledge`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe(
      `Notice ${id} is acknowledged; it can be acknowledged only when sent.`,
    );
    expect(
      (await call(notifier, 'POST', `/api/v1/notices/${id}/appeal`, { reason: 'x' })).statusCode,
    ).toBe(409);

    clock = START + 5 * HOUR;
    const decided = await call(platform, 'POST', `/api/v1/notices/${id}/decide`, decision());
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      status: 'decided',
      outcome: 'removed',
      sla: { status: 'met', hoursToAction: 5, hoursLeft: null },
      decision: {
        contentId: 'post-123',
        sourceType: 'SOURCE_ARTICLE_16',
        territorialScope: ['DE', 'FR'],
      },
    });
    expect(
      (await call(platform, 'POST', `/api/v1/notices/${id}/decide`, decision())).statusCode,
    ).toBe(409);

    const appealed = await call(notifier, 'POST', `/api/v1/notices/${id}/appeal`, {
      reason: 'A copy is still online at post 124.',
    });
    expect(appealed.json()).toMatchObject({
      status: 'appealed',
      appeal: { reason: 'A copy is still online at post 124.' },
    });
    const noOutcome = await call(platform, 'POST', `/api/v1/notices/${id}/close`, {});
    expect(noOutcome.statusCode).toBe(400);
    expect(noOutcome.json().error.details[0].where).toBe('body/appealOutcome');
    const closed = await call(platform, 'POST', `/api/v1/notices/${id}/close`, {
      appealOutcome: 'upheld',
    });
    expect(closed.json()).toMatchObject({
      status: 'closed',
      closing: { appealOutcome: 'upheld' },
      actions: [],
    });
    expect((await call(notifier, 'POST', `/api/v1/notices/${id}/close`, {})).statusCode).toBe(409);

    const leaves = await database.db
      .selectFrom('custody_log_leaves')
      .select('leaf')
      .where('subject_id', '=', id)
      .orderBy('leaf_index')
      .execute();
    expect(leaves.map((l) => JSON.parse(l.leaf).type)).toEqual([
      'notice.create',
      'notice.edit',
      'notice.send',
      'notice.acknowledge',
      'notice.decide',
      'notice.appeal',
      'notice.close',
    ]);
  });

  it('deletes a draft, with a custody leaf', async () => {
    const created = (await call(notifier, 'POST', '/api/v1/notices', draft())).json();
    expect((await call(notifier, 'DELETE', `/api/v1/notices/${created.id}`)).statusCode).toBe(204);
    expect((await call(notifier, 'GET', `/api/v1/notices/${created.id}`)).statusCode).toBe(404);
    const leaves = await database.db
      .selectFrom('custody_log_leaves')
      .select('leaf')
      .where('subject_id', '=', created.id)
      .execute();
    expect(leaves.map((l) => JSON.parse(l.leaf).type)).toEqual(['notice.create', 'notice.delete']);
  });

  it('shows an open notice as due soon, then overdue, and filters by SLA status', async () => {
    clock = START;
    const notice = await createSent(notifier, {
      platformOrganisationId: otherPlatform.actor.organisationId,
    });
    const sla = async () =>
      (await call(notifier, 'GET', `/api/v1/notices/${notice.id}`)).json().sla;
    const listed = async (filter: string) =>
      (
        await call(
          notifier,
          'GET',
          `/api/v1/notices?platform=${otherPlatform.actor.organisationId}&sla=${filter}`,
        )
      )
        .json()
        .items.map((item: { id: string }) => item.id);
    expect((await sla()).status).toBe('on-time');
    expect(await listed('on-time')).toContain(notice.id);

    clock = START + 19 * HOUR;
    expect(await sla()).toMatchObject({ status: 'due-soon', hoursLeft: 5 });
    expect(await listed('due-soon')).toContain(notice.id);
    expect(await listed('on-time')).not.toContain(notice.id);

    clock = START + 30 * HOUR;
    expect(await sla()).toMatchObject({ status: 'overdue', hoursLeft: -6 });
    expect(await listed('overdue')).toEqual([notice.id]);
    expect(await listed('due-soon')).toEqual([]);

    const late = await call(
      otherPlatform,
      'POST',
      `/api/v1/notices/${notice.id}/decide`,
      decision({ visibility: [], ground: null, groundReference: null }),
    );
    expect(late.json()).toMatchObject({
      outcome: 'no-action',
      sla: { status: 'missed', hoursToAction: 30 },
    });
    expect(await listed('missed')).toEqual([notice.id]);
    expect(await listed('overdue')).toEqual([]);
  });

  it('gives trusted flaggers the platform’s priority standard, set by administrators', async () => {
    const settings = { responseHours: 48, trustedFlaggerHours: 6, webhookUrl: null };
    const url = `/api/v1/platforms/${platform.actor.organisationId}/settings`;
    expect((await call(platform, 'PUT', url, settings)).statusCode).toBe(403);
    const bad = await call(admin, 'PUT', url, { ...settings, trustedFlaggerHours: 72 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].where).toBe('body/trustedFlaggerHours');
    expect(
      (
        await call(
          admin,
          'PUT',
          `/api/v1/platforms/${notifier.actor.organisationId}/settings`,
          settings,
        )
      ).statusCode,
    ).toBe(404);
    const set = await call(admin, 'PUT', url, settings);
    expect(set.json()).toMatchObject({
      responseHours: 48,
      trustedFlaggerHours: 6,
      isDefault: false,
    });

    clock = START;
    expect((await createSent()).sla).toMatchObject({
      standardHours: 48,
      dueAt: '2026-12-03T08:00:00.000Z',
    });

    const award = await call(
      admin,
      'PUT',
      `/api/v1/trusted-flaggers/${notifier.actor.organisationId}`,
      {
        awardedOn: '2026-06-01',
        awardedBy: 'Coimisiún na Meán',
      },
    );
    expect(award.json()).toMatchObject({ active: true, awardedOn: '2026-06-01', revokedOn: null });
    const trusted = await createSent();
    expect(trusted).toMatchObject({
      trustedFlagger: true,
      sla: { standardHours: 6, dueAt: '2026-12-01T14:00:00.000Z' },
    });
    const decided = await call(
      platform,
      'POST',
      `/api/v1/notices/${trusted.id}/decide`,
      decision(),
    );
    expect(decided.json().decision.sourceType).toBe('SOURCE_TRUSTED_FLAGGER');

    await call(admin, 'PUT', `/api/v1/trusted-flaggers/${notifier.actor.organisationId}`, {
      awardedOn: '2026-06-01',
      awardedBy: 'Coimisiún na Meán',
      revokedOn: '2026-11-30',
    });
    expect((await createSent()).trustedFlagger).toBe(false);
    const list = (await call(outsider, 'GET', '/api/v1/trusted-flaggers')).json().items;
    expect(list).toEqual([expect.objectContaining({ active: false, revokedOn: '2026-11-30' })]);
    const platforms = (await call(outsider, 'GET', '/api/v1/platforms')).json().items;
    expect(platforms.map((p: { name: string }) => p.name)).toEqual(['Jobs Board P', 'Social Q']);
    expect(platforms[1]).toMatchObject({
      responseHours: 24,
      trustedFlaggerHours: 12,
      isDefault: true,
    });
  });

  it('pushes a sent notice to the platform webhook and records every attempt', async () => {
    const url = `/api/v1/platforms/${platform.actor.organisationId}/settings`;
    await call(admin, 'PUT', url, {
      responseHours: 48,
      trustedFlaggerHours: 6,
      webhookUrl: hookUrl,
    });
    const sent = await createSent();
    expect(sent.webhook).toEqual({ ok: true, statusCode: 202, error: null });
    const last = received[received.length - 1];
    expect(last?.body).toMatchObject({
      type: 'notice.sent',
      notice: {
        id: sent.id,
        status: 'sent',
        actions: ['acknowledge', 'decide'],
        links: { decide: `/api/v1/notices/${sent.id}/decide` },
      },
    });
    expect(last?.headers['content-type']).toBe('application/json');
    // The platform sees where deliveries went; the settings hide the URL from others.
    const deliveries = (
      await call(platform, 'GET', `/api/v1/notices/${sent.id}/webhook-deliveries`)
    ).json();
    expect(deliveries.items).toEqual([
      expect.objectContaining({ ok: true, statusCode: 202, url: hookUrl }),
    ]);
    const shown = (await call(outsider, 'GET', '/api/v1/platforms')).json().items[0];
    expect(shown.webhookUrl).toBeNull();

    await call(admin, 'PUT', url, {
      responseHours: 48,
      trustedFlaggerHours: 6,
      webhookUrl: silentUrl,
    });
    const timedOut = await createSent();
    expect(timedOut.status).toBe('sent');
    expect(timedOut.webhook).toEqual({
      ok: false,
      statusCode: null,
      error: 'no answer within 300 ms',
    });
    await call(admin, 'PUT', url, {
      responseHours: 48,
      trustedFlaggerHours: 6,
      webhookUrl: hookUrl,
    });
    clock += 1000;
    const retried = await call(
      platform,
      'POST',
      `/api/v1/notices/${timedOut.id}/webhook-deliveries`,
    );
    expect(retried.json()).toEqual({ ok: true, statusCode: 202, error: null });
    const attempts = (
      await call(notifier, 'GET', `/api/v1/notices/${timedOut.id}/webhook-deliveries`)
    ).json().items;
    expect(attempts.map((a: { ok: boolean }) => a.ok)).toEqual([false, true]);
    await call(admin, 'PUT', url, { responseHours: 48, trustedFlaggerHours: 6, webhookUrl: null });
  });

  it('pages the list with a cursor and counts every match', async () => {
    const first = await call(notifier, 'GET', '/api/v1/notices?limit=2&direction=sent');
    const page = first.json();
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(4);
    const seen = new Set(page.items.map((n: { id: string }) => n.id));
    let cursor = page.nextCursor;
    while (cursor) {
      const next = (
        await call(notifier, 'GET', `/api/v1/notices?limit=2&direction=sent&cursor=${cursor}`)
      ).json();
      for (const item of next.items) seen.add(item.id);
      cursor = next.nextCursor;
    }
    expect(seen.size).toBe(page.total);
    // Most urgent first: sent notices only, by due time, across pages.
    const urgent: { id: string; sla: { dueAt: string } }[] = [];
    let next = '';
    do {
      const body = (
        await call(
          notifier,
          'GET',
          `/api/v1/notices?limit=3&direction=sent&sort=due${next ? `&cursor=${next}` : ''}`,
        )
      ).json();
      urgent.push(...body.items);
      expect(body.total).toBe(page.total - 2); // two drafts have no due time
      next = body.nextCursor ?? '';
    } while (next);
    const dues = urgent.map((n) => n.sla.dueAt);
    expect(dues).toEqual([...dues].sort());
    expect(urgent).toHaveLength(page.total - 2);
    const mixed = await call(notifier, 'GET', `/api/v1/notices?sort=due&cursor=${page.nextCursor}`);
    expect(mixed.json().error.details[0].where).toBe('querystring/cursor');
    const bad = await call(notifier, 'GET', '/api/v1/notices?cursor=nonsense');
    expect(bad.json().error.details[0].where).toBe('querystring/cursor');
    const badSla = await call(notifier, 'GET', '/api/v1/notices?sla=late');
    expect(badSla.statusCode).toBe(400);
    expect(badSla.json().error.message).toContain('querystring/sla');
    expect((await call(outsider, 'GET', '/api/v1/notices')).json()).toEqual({
      items: [],
      total: 0,
      nextCursor: null,
    });
  });
});

describe('transparency report on known data', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let clock = START;
  let notifier: TestActor;
  let other: TestActor;
  let platform: TestActor;

  const call = (who: TestActor, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: who.authHeader,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  /** A notice sent at `sentAt` and, if `hours` is given, decided that many hours later. */
  async function notice(
    who: TestActor,
    sentAt: number,
    hours: number | null,
    visibility = ['removed'],
  ) {
    clock = sentAt;
    const created = await call(who, 'POST', '/api/v1/notices', {
      platformOrganisationId: platform.actor.organisationId,
      category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
      urls: ['https://social.example/p/1'],
      explanation: 'Recruitment post for a scam compound.',
      notifierName: 'Desk',
      notifierEmail: 'desk@example.org',
      goodFaith: true,
    });
    const id = created.json().id;
    await call(who, 'POST', `/api/v1/notices/${id}/send`);
    if (hours !== null) {
      clock = sentAt + hours * HOUR;
      const decided = await call(platform, 'POST', `/api/v1/notices/${id}/decide`, {
        contentId: `c-${id}`,
        visibility,
        ground: visibility.length ? 'incompatible-content' : null,
        groundReference: visibility.length ? 'Terms s. 4.2' : null,
        facts: 'Reviewed by a moderator.',
        automatedDetection: true,
        automatedDecision: hours < 2 ? 'fully' : 'not-automated',
        territorialScope: ['DE'],
      });
      expect(decided.statusCode, decided.body).toBe(200);
    }
    return id;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({
      db: database.db,
      databaseKind: database.kind,
      version: 'test',
      now: () => clock,
    });
    notifier = await createTestActor(database.db, {
      organisation: { name: 'NGO A', type: 'ngo' },
      role: 'moderator',
    });
    other = await createTestActor(database.db, { organisation: { name: 'Police C' } });
    platform = await createTestActor(database.db, {
      organisation: { name: 'Platform P', type: 'platform' },
      role: 'platform-reviewer',
    });
    // A's notices (24 h standard): decided after 1, 2, 3, 4 and 10 hours (on time), one after 30
    // hours (late), and one still open past its due time: 2 of 7 overdue.
    const day = 24 * HOUR;
    await notice(notifier, START, 1);
    await notice(notifier, START + day, 2, ['labelled']);
    await notice(notifier, START + 2 * day, 3);
    await notice(notifier, START + 3 * day, 4, []);
    await notice(notifier, START + 4 * day, 10);
    await notice(notifier, START + 5 * day, 30);
    await notice(notifier, START + 6 * day, null);
    // Before the period (October): not in the December report, but in the year's.
    await notice(notifier, START - 40 * day, 100);
    // C's notices to the same platform: A may not read them, so A's report must not count them.
    await notice(other, START + day, 500);
    await notice(other, START + day, 600);
    clock = START + 10 * day;
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const period = () =>
    `platform=${platform.actor.organisationId}&from=2026-12-01T00:00:00Z&to=2027-01-01T00:00:00Z`;

  it('computes counts, median and p90 time to action and the overdue share from readable notices', async () => {
    const response = await call(notifier, 'GET', `/api/v1/reports/transparency?${period()}`);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    // Hours to action 1, 2, 3, 4, 10, 30 → median (3 + 4) / 2 = 3.5; p90 at rank 1 + 5 × 0.9 = 5.5:
    // 10 + 0.5 × (30 − 10) = 20.
    expect(report).toMatchObject({
      notices: 7,
      decided: 6,
      pending: 1,
      byOutcome: { removed: 4, labelled: 1, 'no-action': 1, pending: 1 },
      byCategory: { STATEMENT_CATEGORY_SCAMS_AND_FRAUD: 7 },
      hoursToAction: { median: 3.5, p90: 20 },
      overdue: 2,
      overdueShare: 0.2857,
      automatedDecisions: 1,
      fromTrustedFlaggers: 0,
    });
  });

  it('counts only what the viewer may read: the platform sees every notice sent to it', async () => {
    const mine = (await call(other, 'GET', `/api/v1/reports/transparency?${period()}`)).json();
    expect(mine).toMatchObject({
      notices: 2,
      decided: 2,
      hoursToAction: { median: 550, p90: 590 },
    });
    const all = (await call(platform, 'GET', `/api/v1/reports/transparency?${period()}`)).json();
    expect(all.notices).toBe(9);
  });

  it('exports CSV', async () => {
    const response = await call(
      notifier,
      'GET',
      `/api/v1/reports/transparency?${period()}&format=csv`,
    );
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = response.body.trim().split('\r\n');
    expect(lines[0]).toBe('section,key,value');
    expect(lines).toContain('hoursToAction,median,3.5');
    expect(lines).toContain('hoursToAction,p90,20');
    expect(lines).toContain('byOutcome,removed,4');
    expect(lines).toContain('notices,overdueShare,0.2857');
  });

  it('names the bad query field', async () => {
    const bad = await call(
      notifier,
      'GET',
      `/api/v1/reports/transparency?platform=${platform.actor.organisationId}&from=2027-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].where).toBe('querystring/to');
    const notPlatform = await call(
      notifier,
      'GET',
      `/api/v1/reports/transparency?platform=${other.actor.organisationId}&from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`,
    );
    expect(notPlatform.json().error.details[0].where).toBe('querystring/platform');
  });

  it('writes the Art 22(3) annual report of the notifier', async () => {
    const report = (
      await call(notifier, 'GET', '/api/v1/reports/trusted-flagger?year=2026')
    ).json();
    expect(report).toMatchObject({
      year: 2026,
      status: null,
      notices: 8,
      byPlatform: [
        {
          platform: { name: 'Platform P' },
          notices: 8,
          decided: 7,
          medianHoursToAction: 4,
          byOutcome: { removed: 5, labelled: 1, 'no-action': 1, pending: 1 },
        },
      ],
    });
    const c = (await call(other, 'GET', '/api/v1/reports/trusted-flagger?year=2026')).json();
    expect(c.notices).toBe(2);
    expect(
      (await call(other, 'GET', '/api/v1/reports/trusted-flagger?year=1999')).json().error
        .details[0].where,
    ).toBe('querystring/year');
  });
});
