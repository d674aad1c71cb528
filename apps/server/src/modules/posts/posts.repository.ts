import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { readableBy, type SqlPolicyActor } from '../sharing/sql-filter.js';
import type { TlpLevel } from '../sharing/tlp.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A stored post with the owner's name, as the read paths use it. */
export interface PostRow {
  id: string;
  organisationId: string;
  organisationName: string;
  createdBy: string;
  tlp: TlpLevel;
  source: string;
  externalId: string | null;
  url: string | null;
  text: string;
  language: string;
  location: string | null;
  country: string | null;
  geometry: string | null;
  postedAt: Date | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  risk: number;
  decision: string;
  screening: string;
  fingerprint: string;
  status: string;
  isDemo: boolean;
}

/** Hamming distance between a stored fingerprint and a given one, in SQL (both 16 hex digits). */
export function fingerprintDistance(column: string, fingerprint: string) {
  return sql<number>`bit_count(('x' || ${sql.ref(column)})::bit(64) # ('x' || ${fingerprint})::bit(64))`;
}

/** Posts with their owner organisation's name, every column a {@link PostRow} needs. */
export function selectPosts(db: Db) {
  return db
    .selectFrom('posts as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      'p.organisation_id',
      'o.name as organisation_name',
      'p.created_by',
      'p.tlp',
      'p.source',
      'p.external_id',
      'p.url',
      'p.text',
      'p.language',
      'p.location',
      'p.country',
      'p.geometry',
      'p.posted_at',
      'p.first_seen_at',
      'p.last_seen_at',
      'p.risk',
      'p.decision',
      'p.screening',
      'p.fingerprint',
      'p.status',
      'p.is_demo',
    ]);
}

type Selected = Awaited<ReturnType<ReturnType<typeof selectPosts>['execute']>>[number];

/** A row of {@link selectPosts} as a {@link PostRow}. */
export function toPostRow(row: Selected): PostRow {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    createdBy: row.created_by,
    tlp: row.tlp as TlpLevel,
    source: row.source,
    externalId: row.external_id,
    url: row.url,
    text: row.text,
    language: row.language,
    location: row.location,
    country: row.country,
    geometry: row.geometry,
    postedAt: row.posted_at ? new Date(row.posted_at) : null,
    firstSeenAt: new Date(row.first_seen_at),
    lastSeenAt: new Date(row.last_seen_at),
    risk: Number(row.risk),
    decision: row.decision,
    screening: row.screening,
    fingerprint: row.fingerprint,
    status: row.status,
    isDemo: row.is_demo,
  };
}

/** One post the actor may read, or `undefined` (missing and unreadable look the same). */
export async function findReadablePost(
  db: Db,
  actor: SqlPolicyActor,
  id: string,
): Promise<PostRow | undefined> {
  const row = await selectPosts(db)
    .where('p.id', '=', id)
    .where(readableBy(actor, 'p'))
    .executeTakeFirst();
  return row && toPostRow(row);
}

/** Filters of the post list. */
export interface PostFilters {
  decisions?: readonly string[] | undefined;
  statuses?: readonly string[] | undefined;
  languages?: readonly string[] | undefined;
  sources?: readonly string[] | undefined;
}

/** Where a page of the riskiest-first list starts: after this (risk, id). */
export interface PostCursor {
  risk: number;
  id: string;
}

function filtered(db: Db, actor: SqlPolicyActor, filters: PostFilters) {
  let query = selectPosts(db).where(readableBy(actor, 'p'));
  if (filters.decisions?.length) query = query.where('p.decision', 'in', [...filters.decisions]);
  if (filters.statuses?.length) query = query.where('p.status', 'in', [...filters.statuses]);
  if (filters.languages?.length) query = query.where('p.language', 'in', [...filters.languages]);
  if (filters.sources?.length) query = query.where('p.source', 'in', [...filters.sources]);
  return query;
}

/** A page of the posts the actor may read, riskiest first, and how many match in all. */
export async function listReadablePosts(
  db: Db,
  actor: SqlPolicyActor,
  filters: PostFilters,
  page: { limit: number; after?: PostCursor | undefined },
): Promise<{ rows: PostRow[]; total: number }> {
  let query = filtered(db, actor, filters)
    .orderBy('p.risk', 'desc')
    .orderBy('p.id', 'desc')
    .limit(page.limit);
  if (page.after) {
    query = query.where(
      sql<boolean>`(p.risk, p.id) < (${page.after.risk}::double precision, ${page.after.id}::uuid)`,
    );
  }
  const [rows, total] = await Promise.all([
    query.execute(),
    filtered(db, actor, filters)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toPostRow), total: Number(total.n) };
}

/** Posts the actor may read whose fingerprint is within `maxDistance` bits of `fingerprint`. */
export async function nearDuplicatePosts(
  db: Db,
  actor: SqlPolicyActor,
  fingerprint: string,
  options: { maxDistance: number; excludeId?: string; limit: number },
): Promise<(PostRow & { distance: number })[]> {
  let query = selectPosts(db)
    .select(fingerprintDistance('p.fingerprint', fingerprint).as('distance'))
    .where(readableBy(actor, 'p'))
    .where(fingerprintDistance('p.fingerprint', fingerprint), '<=', options.maxDistance)
    .orderBy('distance')
    .orderBy('p.first_seen_at', 'desc')
    .limit(options.limit);
  if (options.excludeId) query = query.where('p.id', '<>', options.excludeId);
  const rows = await query.execute();
  return rows.map((row) => ({ ...toPostRow(row), distance: Number(row.distance) }));
}

/** Readable posts' ids, fingerprints and first lines, newest first, for clustering. */
export async function readableFingerprints(
  db: Db,
  actor: SqlPolicyActor,
  limit: number,
): Promise<
  {
    id: string;
    fingerprint: string;
    source: string;
    text: string;
    risk: number;
    firstSeenAt: Date;
  }[]
> {
  const rows = await db
    .selectFrom('posts as p')
    .select(['p.id', 'p.fingerprint', 'p.source', 'p.risk', 'p.first_seen_at'])
    .select(sql<string>`left(p.text, 300)`.as('text'))
    .where(readableBy(actor, 'p'))
    .orderBy('p.first_seen_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    fingerprint: row.fingerprint,
    source: row.source,
    text: row.text,
    risk: Number(row.risk),
    firstSeenAt: new Date(row.first_seen_at),
  }));
}

/** Readable sightings of some selectors in other posts, seen no later than `before`, per selector. */
export async function earlierSightings(
  db: Db,
  actor: SqlPolicyActor,
  selectorIds: readonly string[],
  options: { excludePostId: string; before: Date; perSelector: number },
): Promise<Map<string, { postId: string; seenAt: Date; source: string }[]>> {
  const result = new Map<string, { postId: string; seenAt: Date; source: string }[]>();
  if (selectorIds.length === 0) return result;
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('sightings as si')
        .innerJoin('posts as p', 'p.id', 'si.post_id')
        .select(['si.selector_id', 'si.seen_at', 'p.source'])
        // Inner-joined to its post: a sighting in a post, never one in a trace.
        .select(sql<string>`si.post_id`.as('post_id'))
        .select(
          sql<number>`row_number() over (partition by si.selector_id order by si.seen_at desc, si.post_id)`.as(
            'rank',
          ),
        )
        .where('si.selector_id', 'in', [...selectorIds])
        .where('si.post_id', '<>', options.excludePostId)
        .where('si.seen_at', '<=', options.before)
        .where(readableBy(actor, 'p'))
        .as('ranked'),
    )
    .selectAll()
    .where('rank', '<=', options.perSelector)
    .orderBy('seen_at', 'desc')
    .execute();
  for (const row of rows) {
    const list = result.get(row.selector_id) ?? [];
    list.push({ postId: row.post_id, seenAt: new Date(row.seen_at), source: row.source });
    result.set(row.selector_id, list);
  }
  return result;
}
