import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { campaignClusters } from '../posts/posts.clusters.js';
import { getPost, ingestPosts, listPosts } from '../posts/posts.service.js';
import { diskArtefactStore } from '../artefacts/artefact-store.js';
import { lookupSelector } from '../selectors/selectors.service.js';
import { createTrace, type TraceDeps } from '../traces/traces.service.js';
import { canRead, type ShareableRecord } from '../sharing/policy.js';
import { loadPolicyActor, loadRecordSharing } from '../sharing/sharing.repository.js';
import { TLP_LEVELS } from '../sharing/tlp.js';
import { search } from './search.service.js';

// Texts that share selectors and campaign wording, so every read path has something to leak.
const TEXTS = [
  'URGENT HIRING customer service in Sihanoukville, $1500/month, free visa. Call +855 96 812 0000, Telegram @leak_hr_desk',
  'URGENT HIRING customer service in Sihanoukville, $1600/month, free visa. Call +855 96 812 0000, Telegram @leak_hr_desk',
  'Typing job Sihanoukville, WhatsApp +855 12 345 678, wallet TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7',
  'Casino staff wanted in Poipet, Telegram @leak_hr_desk, USDT TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7',
  `Deposit fee to ETH wallet ${'0x'.padEnd(40, '0')}aa before the flight to Sihanoukville`,
];
// The seed of every trace below, also named by the last text: posts and traces share its selector.
const LEAK_WALLET = `${'0x'.padEnd(40, '0')}aa`;
const TRANSFERS = [
  'chain,asset,tx_hash,block,tx_index,log_index,timestamp,from,to,amount',
  `eth,ETH,0x${'1'.padStart(64, '0')},100,0,0,1600000000,${LEAK_WALLET},${'0x'.padEnd(40, '0')}bb,3`,
  `eth,ETH,0x${'2'.padStart(64, '0')},101,0,0,1600000060,${'0x'.padEnd(40, '0')}bb,${'0x'.padEnd(40, '0')}cc,3`,
].join('\n');
const SELECTORS = [
  { type: 'phone', value: '+855968120000' },
  { type: 'phone', value: '+85512345678' },
  { type: 'handle', value: 'leak_hr_desk' },
  { type: 'wallet', value: 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7' },
  { type: 'wallet', value: LEAK_WALLET, chain: 'ETH' },
  { type: 'wallet', value: `${'0x'.padEnd(40, '0')}cc`, chain: 'ETH' },
] as const;

describe('an unreadable post or trace never leaks through lists, selectors, search, clusters or counts', () => {
  let database: TestDatabase;
  const actors: TestActor[] = [];
  let groupId: string;
  let dataDir: string;
  let traceDeps: TraceDeps;

  beforeAll(async () => {
    database = await createTestDatabase();
    const { db } = database;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaga-leak-'));
    traceDeps = {
      db,
      now: Date.now,
      store: diskArtefactStore(dataDir),
      maxUploadBytes: 1024 * 1024,
      maxTraceFileBytes: 1024 * 1024,
    };
    const orgs = [];
    for (const name of ['Leak A', 'Leak B', 'Leak C']) {
      const first = await createTestActor(db, { organisation: { name } });
      orgs.push(first.actor.organisationId);
      actors.push(first);
    }
    actors.push(await createTestActor(db, { organisation: orgs[0] }));
    const group = await db
      .insertInto('sharing_groups')
      .values({
        name: 'leak-group',
        organisation_id: orgs[0] as string,
        created_by: actors[0]?.actor.userId as string,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    groupId = group.id;
    await db
      .insertInto('sharing_group_members')
      .values(
        [orgs[0], orgs[1]].map((org) => ({ group_id: groupId, organisation_id: org as string })),
      )
      .execute();
  });
  afterAll(async () => {
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('on random posts and traces, owners, TLP levels, groups and recipients', async () => {
    const { db } = database;
    let run = 0;
    const postArb = fc.record({
      by: fc.nat({ max: 3 }),
      text: fc.nat({ max: TEXTS.length - 1 }),
      tlp: fc.constantFrom(...TLP_LEVELS),
      grouped: fc.boolean(),
      recipient: fc.option(fc.nat({ max: 3 }), { nil: undefined }),
    });
    const traceArb = fc.record({
      by: fc.nat({ max: 3 }),
      tlp: fc.constantFrom(...TLP_LEVELS),
      grouped: fc.boolean(),
      recipient: fc.option(fc.nat({ max: 3 }), { nil: undefined }),
    });
    const share = async (recordId: string, recipient: number | undefined) => {
      if (recipient === undefined) return;
      await db
        .insertInto('record_recipients')
        .values({ record_id: recordId, user_id: actors[recipient]?.actor.userId as string })
        .execute();
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(postArb, { minLength: 1, maxLength: 5 }),
        fc.array(traceArb, { maxLength: 2 }),
        async (posts, traces) => {
          run++;
          for (const t of traces) {
            const author = actors[t.by] as TestActor;
            const grouped =
              t.grouped && author.actor.organisationId === actors[0]?.actor.organisationId;
            const trace = await createTrace(
              traceDeps,
              author.actor,
              [{ kind: 'transfers', filename: 'leak.csv', bytes: Buffer.from(TRANSFERS) }],
              {
                from: [LEAK_WALLET],
                model: 'haircut',
                maxHops: 5,
                tlp: t.tlp,
                groups: grouped ? [groupId] : [],
                // RED needs a named recipient: another organisation's user when none is drawn.
                recipients:
                  t.recipient !== undefined
                    ? [(actors[t.recipient] as TestActor).email]
                    : t.tlp === 'RED'
                      ? [(actors[(t.by + 1) % 3] as TestActor).email]
                      : [],
              },
            );
            expect(trace.summary.selectorIds.length).toBeGreaterThan(0);
          }
          for (const [i, p] of posts.entries()) {
            const author = actors[p.by] as TestActor;
            // Only org A's users may use org A's group.
            const grouped =
              p.grouped && author.actor.organisationId === actors[0]?.actor.organisationId;
            const [result] = await ingestPosts(db, author.actor, [
              {
                source: 'tip',
                externalId: `run-${run}-${i}`,
                text: `${TEXTS[p.text]} ref ${run}-${i}`,
                tlp: p.tlp,
                ...(grouped ? { groups: [groupId] } : {}),
              },
            ]);
            if (!result || 'error' in result) throw new Error(JSON.stringify(result));
            await share(result.id, p.recipient);
          }
          // The truth, from the pure policy over every stored post and trace.
          const postRows = await db
            .selectFrom('posts')
            .select(['id', 'tlp', 'organisation_id', 'created_by'])
            .execute();
          const postIds = new Set(postRows.map((r) => r.id));
          const rows = [
            ...postRows,
            ...(await db
              .selectFrom('traces')
              .select(['id', 'tlp', 'organisation_id', 'created_by'])
              .execute()),
          ];
          const sharing = await loadRecordSharing(
            db,
            rows.map((r) => r.id),
          );
          const records = rows.map((r) => ({
            id: r.id,
            tlp: r.tlp as ShareableRecord['tlp'],
            organisationId: r.organisation_id,
            createdBy: r.created_by,
            ...(sharing.get(r.id) as { sharingGroupIds: string[]; recipientIds: string[] }),
          }));
          for (const who of actors) {
            const policyActor = await loadPolicyActor(db, who.actor);
            const readable = new Set(
              records.filter((r) => canRead(policyActor, r)).map((r) => r.id),
            );
            const unreadable = records.filter((r) => !readable.has(r.id));
            const readablePosts = new Set([...readable].filter((id) => postIds.has(id)));
            const listed = await listPosts(db, who.actor, { limit: 200 });
            expect(new Set(listed.items.map((p) => p.id))).toEqual(readablePosts);
            expect(listed.total).toBe(readablePosts.size);
            for (const hidden of unreadable.filter((r) => postIds.has(r.id)).slice(0, 3)) {
              await expect(getPost(db, who.actor, hidden.id)).rejects.toThrow(/No post with id/);
            }
            for (const s of SELECTORS) {
              let view;
              try {
                view = await lookupSelector(db, who.actor, s);
              } catch {
                continue; // no post names this selector yet
              }
              const naming = new Set(
                (
                  await db
                    .selectFrom('sightings')
                    .select(['post_id', 'trace_id'])
                    .where('selector_id', '=', view.selector.id)
                    .execute()
                ).map((r) => (r.post_id ?? r.trace_id) as string),
              );
              expect(
                new Set(view.sightings.map((si) => (si.kind === 'post' ? si.postId : si.traceId))),
              ).toEqual(new Set([...naming].filter((id) => readable.has(id))));
              expect(view.totalSightings).toBe([...naming].filter((id) => readable.has(id)).length);
              // Hints: per TLP, the other organisations holding unreadable posts or traces naming it.
              const expected = new Map<string, Set<string>>();
              for (const r of unreadable) {
                if (!naming.has(r.id) || r.organisationId === who.actor.organisationId) continue;
                expected.set(r.tlp, (expected.get(r.tlp) ?? new Set()).add(r.organisationId));
              }
              expect(Object.fromEntries(view.hints.map((h) => [h.tlp, h.organisations]))).toEqual(
                Object.fromEntries([...expected].map(([tlp, orgs]) => [tlp, orgs.size])),
              );
              const text = JSON.stringify(view);
              for (const hidden of unreadable) expect(text).not.toContain(hidden.id);
            }
            const found = await search(db, who.actor, { q: 'Sihanoukville', limit: 50 });
            for (const p of found.posts) expect(readable.has(p.id)).toBe(true);
            const byWallet = await search(db, who.actor, { q: LEAK_WALLET, limit: 50 });
            const namingWallet = await db
              .selectFrom('sightings as si')
              .innerJoin('selectors as s', 's.id', 'si.selector_id')
              .select(['si.post_id', 'si.trace_id'])
              .where('s.value', '=', LEAK_WALLET)
              .execute();
            expect(byWallet.selectors.some((s) => s.value === LEAK_WALLET)).toBe(
              namingWallet.some((r) => readable.has((r.post_id ?? r.trace_id) as string)),
            );
            const clusters = await campaignClusters(db, who.actor, { minSize: 2, limit: 500 });
            for (const c of clusters.clusters) {
              for (const p of c.posts) expect(readable.has(p.id)).toBe(true);
            }
            expect(clusters.postsConsidered).toBe(readablePosts.size);
          }
        },
      ),
      { numRuns: 8 },
    );
    // The runs did exercise trace sightings, on a wallet that posts name too.
    const kinds = await db
      .selectFrom('sightings as si')
      .innerJoin('selectors as s', 's.id', 'si.selector_id')
      .select(['si.post_id', 'si.trace_id'])
      .where('s.value', '=', LEAK_WALLET)
      .execute();
    expect(kinds.some((k) => k.trace_id !== null)).toBe(true);
    expect(kinds.some((k) => k.post_id !== null)).toBe(true);
  }, 180_000);
});
