import { evaluateFieldLabels, parseFieldLabels, screenPost } from '@jaga/screening';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';

// The label export is the input of the screening evaluation (`npm run eval -w packages/screening
// -- --labels FILE`). This test feeds a real export through the evaluation's parser, so a change
// of format on either side fails here rather than in a moderator's hands.

const POSTS = [
  {
    externalId: 'campaign',
    text: 'URGENT HIRING customer service staff in Sihanoukville! No experience needed, salary $1,500/month, free flight, visa and accommodation. Age 18-30. Contact Telegram @sihanouk_hr_team now',
  },
  {
    externalId: 'hotel',
    text: 'Hotel in Phnom Penh hiring receptionist, salary $800/month, free accommodation, English required. Contact WhatsApp +855 12 345 678',
  },
  {
    externalId: 'kamboja',
    language: 'id',
    text: 'Lowongan kerja admin online di Kamboja, gaji 15 juta, tiket pesawat gratis, tanpa pengalaman, hubungi WhatsApp +855 96 555 0199',
  },
  {
    externalId: 'typing',
    text: 'Typing job from home, earn $2000 per week, no experience, contact WhatsApp +855 96 812 0000',
  },
];

describe('the moderation label export as read by the screening evaluation', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let reviewer: TestActor;
  let police: TestActor;
  const id: Record<string, string> = {};
  const stored: Record<string, { risk: number; decision: string; language: string }> = {};

  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: reviewer.authHeader, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({ db: database.db, databaseKind: database.kind, version: 'test' });
    reviewer = await createTestActor(database.db, {
      organisation: { name: 'Labels platform', type: 'platform' },
      role: 'platform-reviewer',
    });
    police = await createTestActor(database.db, {
      organisation: { name: 'Labels police', type: 'law-enforcement' },
      role: 'investigator',
    });
    const response = await call('POST', '/api/v1/posts', {
      posts: POSTS.map((p) => ({ source: 'facebook', tlp: 'GREEN', ...p })),
    });
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as { id: string }[];
    POSTS.forEach((p, i) => {
      id[p.externalId] = items[i]?.id ?? '';
    });
    const rows = await database.db
      .selectFrom('posts')
      .select(['id', 'risk', 'decision', 'language'])
      .execute();
    for (const row of rows) stored[row.id] = row;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('parses every exported line, with the values the hub recorded', async () => {
    const decide = async (post: string, action: string, payload: object = {}) => {
      const response = await call('POST', `/api/v1/moderation/posts/${post}/${action}`, payload);
      expect(response.statusCode, response.body).toBe(200);
    };
    await decide(id.campaign ?? '', 'confirm');
    await decide(id.hotel ?? '', 'dismiss', { reason: 'legitimate-job' });
    // Dismissed first, then confirmed: only the latest decision is exported.
    await decide(id.kamboja ?? '', 'dismiss', { reason: 'other' });
    await decide(id.kamboja ?? '', 'confirm');
    // An escalation carries no final label and is left out.
    await decide(id.typing ?? '', 'escalate', {
      organisationId: police.actor.organisationId,
      note: 'Recruiter number seen in three cases',
    });

    const exported = await call('GET', '/api/v1/moderation/labels');
    expect(exported.statusCode, exported.body).toBe(200);
    const { labels, problems } = parseFieldLabels(exported.body, 'hub.jsonl');
    expect(problems).toEqual([]);
    expect(labels.map((l) => [l.postId, l.label, l.reason, l.line])).toEqual([
      [id.campaign, 'confirmed', null, 1],
      [id.hotel, 'false-positive', 'legitimate-job', 2],
      [id.kamboja, 'confirmed', null, 3],
    ]);
    const raw = exported.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    labels.forEach((label, i) => {
      const post = POSTS.find((p) => id[p.externalId] === label.postId);
      expect(label).toMatchObject({
        text: post?.text,
        source: 'facebook',
        risk: stored[label.postId]?.risk,
        decision: stored[label.postId]?.decision,
        language: stored[label.postId]?.language,
        labelledAt: raw[i]?.labelledAt,
        leafIndex: raw[i]?.leafIndex,
        indicators: raw[i]?.indicators,
      });
      expect(label.indicators.length).toBeGreaterThan(0);
      expect(Number.isInteger(label.leafIndex)).toBe(true);
    });
    expect(labels[2]?.language).toBe('id');

    // Screening the export again counts every label once, and the decisions at the time as recorded.
    const report = await evaluateFieldLabels(labels, (post) => screenPost(post));
    expect(report.overall).toMatchObject({ confirmed: 2, dismissed: 1 });
    const flaggedThen = labels.filter((l) => l.decision !== 'allow');
    expect(report.overall.confirmedFlaggedThen + report.overall.dismissedFlaggedThen).toBe(
      flaggedThen.length,
    );
    expect(report.byLanguage.map((g) => g.group)).toEqual(
      [...new Set(labels.map((l) => l.language))].sort(),
    );
  });

  it('exports nothing the parser would skip when there are no labels', async () => {
    const none = await call('GET', '/api/v1/moderation/labels?since=2999-01-01T00:00:00Z');
    expect(none.statusCode, none.body).toBe(200);
    expect(parseFieldLabels(none.body, 'empty.jsonl')).toEqual({ labels: [], problems: [] });
  });
});
