import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { campaignClusters } from '../posts/posts.clusters.js';
import { getPost, ingestPosts, listPosts } from '../posts/posts.service.js';
import { lookupSelector } from '../selectors/selectors.service.js';
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
];
const SELECTORS = [
  { type: 'phone', value: '+855968120000' },
  { type: 'phone', value: '+85512345678' },
  { type: 'handle', value: 'leak_hr_desk' },
  { type: 'wallet', value: 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7' },
] as const;

describe('an unreadable post never leaks through lists, selectors, search, clusters or counts', () => {
  let database: TestDatabase;
  const actors: TestActor[] = [];
  let groupId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const { db } = database;
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
  });

  it('on random posts, owners, TLP levels, groups and recipients', async () => {
    const { db } = database;
    let run = 0;
    const postArb = fc.record({
      by: fc.nat({ max: 3 }),
      text: fc.nat({ max: TEXTS.length - 1 }),
      tlp: fc.constantFrom(...TLP_LEVELS),
      grouped: fc.boolean(),
      recipient: fc.option(fc.nat({ max: 3 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(postArb, { minLength: 1, maxLength: 5 }), async (posts) => {
        run++;
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
          if (p.recipient !== undefined) {
            await db
              .insertInto('record_recipients')
              .values({
                record_id: result.id,
                user_id: actors[p.recipient]?.actor.userId as string,
              })
              .execute();
          }
        }
        // The truth, from the pure policy over every stored post.
        const rows = await db
          .selectFrom('posts')
          .select(['id', 'tlp', 'organisation_id', 'created_by'])
          .execute();
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
          const readable = new Set(records.filter((r) => canRead(policyActor, r)).map((r) => r.id));
          const unreadable = records.filter((r) => !readable.has(r.id));
          const listed = await listPosts(db, who.actor, { limit: 200 });
          expect(new Set(listed.items.map((p) => p.id))).toEqual(readable);
          expect(listed.total).toBe(readable.size);
          for (const hidden of unreadable.slice(0, 3)) {
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
                  .select('post_id')
                  .where('selector_id', '=', view.selector.id)
                  .execute()
              ).map((r) => r.post_id),
            );
            expect(new Set(view.sightings.map((si) => si.postId))).toEqual(
              new Set([...naming].filter((id) => readable.has(id))),
            );
            expect(view.totalSightings).toBe([...naming].filter((id) => readable.has(id)).length);
            // Hints: per TLP, the other organisations holding unreadable posts that name it.
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
          const clusters = await campaignClusters(db, who.actor, { minSize: 2, limit: 500 });
          for (const c of clusters.clusters) {
            for (const p of c.posts) expect(readable.has(p.id)).toBe(true);
          }
          expect(clusters.postsConsidered).toBe(readable.size);
        }
      }),
      { numRuns: 8 },
    );
  }, 180_000);
});
