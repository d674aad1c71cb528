import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SqlPolicyActor } from '../sharing/sql-filter.js';
import { excerpt } from './posts.presenter.js';
import { readableFingerprints } from './posts.repository.js';
import { CAMPAIGN_MAX_DISTANCE } from './posts.service.js';

/** Most recent posts considered for clustering in one request. */
export const MAX_CLUSTERED_POSTS = 5000;

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * Groups fingerprints into campaigns: two posts within `maxDistance` bits are linked, and a
 * campaign is a connected group (single linkage), found with union–find. Exact, O(n²) over at
 * most {@link MAX_CLUSTERED_POSTS} posts: two 32-bit XORs and popcounts per pair.
 *
 * @example
 * clusterFingerprints(['0f0f0f0f0f0f0f0f', '0f0f0f0f0f0f0f0e', 'ffffffff00000000'], 9); // [[0, 1]]
 */
export function clusterFingerprints(
  fingerprints: readonly string[],
  maxDistance: number,
): number[][] {
  const n = fingerprints.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  fingerprints.forEach((f, i) => {
    hi[i] = Number.parseInt(f.slice(0, 8), 16) >>> 0;
    lo[i] = Number.parseInt(f.slice(8), 16) >>> 0;
  });
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    let node = i;
    while (parent[node] !== root) {
      const next = parent[node] as number;
      parent[node] = root;
      node = next;
    }
    return root;
  };
  for (let i = 0; i < n; i++) {
    const hiI = hi[i] as number;
    const loI = lo[i] as number;
    for (let j = i + 1; j < n; j++) {
      const d =
        popcount((hiI ^ (hi[j] as number)) >>> 0) + popcount((loI ^ (lo[j] as number)) >>> 0);
      if (d <= maxDistance) {
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    const list = groups.get(root) ?? [];
    list.push(i);
    groups.set(root, list);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/**
 * Campaign clusters among the most recent posts the actor may read: posts with near-identical
 * fingerprints (within {@link CAMPAIGN_MAX_DISTANCE} bits), largest first, with the selectors
 * shared by two or more of their posts.
 *
 * @example
 * const { clusters } = await campaignClusters(db, actor, { minSize: 2, limit: 50 });
 */
export async function campaignClusters(
  db: Kysely<Database>,
  actor: SqlPolicyActor,
  options: { minSize: number; limit: number },
) {
  const posts = await readableFingerprints(db, actor, MAX_CLUSTERED_POSTS + 1);
  const truncated = posts.length > MAX_CLUSTERED_POSTS;
  const considered = posts.slice(0, MAX_CLUSTERED_POSTS);
  const groups = clusterFingerprints(
    considered.map((p) => p.fingerprint),
    CAMPAIGN_MAX_DISTANCE,
  )
    .filter((g) => g.length >= options.minSize)
    .map((g) => g.map((i) => considered[i] as (typeof considered)[number]))
    .sort(
      (a, b) =>
        b.length - a.length ||
        Math.max(...b.map((p) => p.risk)) - Math.max(...a.map((p) => p.risk)),
    )
    .slice(0, options.limit);
  const clusteredIds = groups.flat().map((p) => p.id);
  const sightings =
    clusteredIds.length === 0
      ? []
      : await db
          .selectFrom('sightings as si')
          .innerJoin('selectors as s', 's.id', 'si.selector_id')
          .select(['si.post_id', 's.id', 's.type', 's.qualifier', 's.value'])
          .where('si.post_id', 'in', clusteredIds)
          .$narrowType<{ post_id: string }>()
          .execute();
  const selectorsByPost = new Map<string, typeof sightings>();
  for (const row of sightings) {
    const list = selectorsByPost.get(row.post_id) ?? [];
    list.push(row);
    selectorsByPost.set(row.post_id, list);
  }
  return {
    clusters: groups.map((group) => {
      const counts = new Map<string, { row: (typeof sightings)[number]; posts: number }>();
      for (const post of group) {
        for (const row of selectorsByPost.get(post.id) ?? []) {
          const entry = counts.get(row.id) ?? { row, posts: 0 };
          entry.posts++;
          counts.set(row.id, entry);
        }
      }
      const sources: Record<string, number> = {};
      for (const post of group) sources[post.source] = (sources[post.source] ?? 0) + 1;
      const times = group.map((p) => p.firstSeenAt.getTime());
      const representative = [...group].sort(
        (a, b) => b.risk - a.risk,
      )[0] as (typeof group)[number];
      return {
        id: representative.id,
        size: group.length,
        excerpt: excerpt(representative.text, 200),
        maxRisk: Math.max(...group.map((p) => p.risk)),
        firstSeenAt: new Date(Math.min(...times)).toISOString(),
        lastSeenAt: new Date(Math.max(...times)).toISOString(),
        sources,
        posts: group.map((p) => ({
          id: p.id,
          source: p.source,
          risk: p.risk,
          firstSeenAt: p.firstSeenAt.toISOString(),
        })),
        sharedSelectors: [...counts.values()]
          .filter((c) => c.posts >= 2)
          .sort((a, b) => b.posts - a.posts || a.row.value.localeCompare(b.row.value))
          .slice(0, 20)
          .map((c) => ({
            id: c.row.id,
            type: c.row.type,
            value: c.row.qualifier ? `${c.row.qualifier}:${c.row.value}` : c.row.value,
            posts: c.posts,
          })),
      };
    }),
    postsConsidered: considered.length,
    truncated,
  };
}
