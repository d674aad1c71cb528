import { type Expression, type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { readableBy, type SqlPolicyActor } from '../sharing/sql-filter.js';
import type { NormalisedSelector } from './selectors.normalise.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A stored selector. */
export interface SelectorRow {
  id: string;
  type: string;
  qualifier: string;
  value: string;
  country: string | null;
  keyedHash: string;
}

const columns = ['s.id', 's.type', 's.qualifier', 's.value', 's.country', 's.keyed_hash'] as const;

function toRow(row: {
  id: string;
  type: string;
  qualifier: string;
  value: string;
  country: string | null;
  keyed_hash: string;
}): SelectorRow {
  return {
    id: row.id,
    type: row.type,
    qualifier: row.qualifier,
    value: row.value,
    country: row.country,
    keyedHash: row.keyed_hash,
  };
}

/** The stored selector with this normal form, if any record ever named it. */
export async function findSelector(
  db: Db,
  selector: Pick<NormalisedSelector, 'type' | 'qualifier' | 'value'>,
): Promise<SelectorRow | undefined> {
  const row = await db
    .selectFrom('selectors as s')
    .select(columns)
    .where('s.type', '=', selector.type)
    .where('s.qualifier', '=', selector.qualifier)
    .where('s.value', '=', selector.value)
    .executeTakeFirst();
  return row && toRow(row);
}

/** A stored selector by id. */
export async function findSelectorById(db: Db, id: string): Promise<SelectorRow | undefined> {
  const row = await db
    .selectFrom('selectors as s')
    .select(columns)
    .where('s.id', '=', id)
    .executeTakeFirst();
  return row && toRow(row);
}

/** The selector as a condition on relationships: readable, with a readable entity at its source. */
export function readableRelationship(actor: SqlPolicyActor, r: string, e: string) {
  return sql<boolean>`(${readableBy(actor, r)} and ${readableBy(actor, e)})`;
}

/** A sighting the actor may read: in a post, or in the report of a trace. */
export type ReadableSighting =
  | {
      kind: 'post';
      postId: string;
      seenAt: Date;
      source: string;
      risk: number;
      decision: string;
      excerpt: string;
      tlp: string;
    }
  | { kind: 'trace'; traceId: string; seenAt: Date; source: 'trace'; excerpt: string; tlp: string };

/**
 * Sightings of a selector in posts and traces the actor may read, newest first, and how many in
 * all. A sighting is as readable as the record it points to.
 */
export async function readableSightings(
  db: Db,
  actor: SqlPolicyActor,
  selectorId: string,
  limit: number,
): Promise<{ rows: ReadableSighting[]; total: number }> {
  const inPosts = db
    .selectFrom('sightings as si')
    .innerJoin('posts as p', 'p.id', 'si.post_id')
    .where('si.selector_id', '=', selectorId)
    .where(readableBy(actor, 'p'));
  const inTraces = db
    .selectFrom('sightings as si')
    .innerJoin('traces as t', 't.id', 'si.trace_id')
    .where('si.selector_id', '=', selectorId)
    .where(readableBy(actor, 't'));
  const [posts, traces, postTotal, traceTotal] = await Promise.all([
    inPosts
      .select(['p.id', 'si.seen_at', 'p.source', 'p.risk', 'p.decision', 'p.tlp'])
      .select(sql<string>`left(p.text, 200)`.as('excerpt'))
      .orderBy('si.seen_at', 'desc')
      .orderBy('p.id')
      .limit(limit)
      .execute(),
    inTraces
      .select(['t.id', 'si.seen_at', 't.model', 't.tlp'])
      .orderBy('si.seen_at', 'desc')
      .orderBy('t.id')
      .limit(limit)
      .execute(),
    inPosts.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    inTraces.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const rows: ReadableSighting[] = [
    ...posts.map((row) => ({
      kind: 'post' as const,
      postId: row.id,
      seenAt: new Date(row.seen_at),
      source: row.source,
      risk: Number(row.risk),
      decision: row.decision,
      excerpt: row.excerpt,
      tlp: row.tlp,
    })),
    ...traces.map((row) => ({
      kind: 'trace' as const,
      traceId: row.id,
      seenAt: new Date(row.seen_at),
      source: 'trace' as const,
      excerpt: `Found by a ${row.model} trace`,
      tlp: row.tlp,
    })),
  ];
  const idOf = (r: ReadableSighting) => (r.kind === 'post' ? r.postId : r.traceId);
  rows.sort(
    (x, y) =>
      y.seenAt.getTime() - x.seenAt.getTime() ||
      (idOf(x) < idOf(y) ? -1 : idOf(x) > idOf(y) ? 1 : 0),
  );
  return { rows: rows.slice(0, limit), total: Number(postTotal.n) + Number(traceTotal.n) };
}

/**
 * Who else holds records about a selector that the actor may not read: (owner organisation, TLP)
 * pairs from unreadable posts, traces and relationships, other organisations only. For counting blind-match
 * hints; never returned to the caller as such. Traces count like posts.
 */
export async function unreadableHolders(
  db: Db,
  actor: SqlPolicyActor,
  selectorId: string,
): Promise<{ organisationId: string; tlp: string }[]> {
  const [posts, traces, relationships] = await Promise.all([
    db
      .selectFrom('sightings as si')
      .innerJoin('posts as p', 'p.id', 'si.post_id')
      .select(['p.organisation_id', 'p.tlp'])
      .distinct()
      .where('si.selector_id', '=', selectorId)
      .where('p.organisation_id', '<>', actor.organisationId)
      .where(sql<boolean>`not ${readableBy(actor, 'p')}`)
      .execute(),
    db
      .selectFrom('sightings as si')
      .innerJoin('traces as t', 't.id', 'si.trace_id')
      .select(['t.organisation_id', 't.tlp'])
      .distinct()
      .where('si.selector_id', '=', selectorId)
      .where('t.organisation_id', '<>', actor.organisationId)
      .where(sql<boolean>`not ${readableBy(actor, 't')}`)
      .execute(),
    db
      .selectFrom('relationships as r')
      .innerJoin('entities as e', 'e.id', 'r.source_entity_id')
      .select(['r.organisation_id', 'r.tlp'])
      .distinct()
      .where('r.target_selector_id', '=', selectorId)
      .where('r.organisation_id', '<>', actor.organisationId)
      .where(sql<boolean>`not ${readableRelationship(actor, 'r', 'e')}`)
      .execute(),
  ]);
  const seen = new Map<string, { organisationId: string; tlp: string }>();
  for (const row of [...posts, ...traces, ...relationships]) {
    seen.set(`${row.organisation_id}|${row.tlp}`, {
      organisationId: row.organisation_id,
      tlp: row.tlp,
    });
  }
  return [...seen.values()];
}

/** Entities linked to a selector by relationships the actor may read. */
export async function linkedEntitiesOf(
  db: Db,
  actor: SqlPolicyActor,
  selectorId: string,
): Promise<
  {
    id: string;
    kind: string;
    name: string;
    country: string | null;
    status: string | null;
    relationship: { id: string; type: string; confidence: number };
  }[]
> {
  const rows = await db
    .selectFrom('relationships as r')
    .innerJoin('entities as e', 'e.id', 'r.source_entity_id')
    .select([
      'e.id',
      'e.kind',
      'e.name',
      'e.country',
      'e.status',
      'r.id as relationship_id',
      'r.type as relationship_type',
      'r.confidence',
    ])
    .where('r.target_selector_id', '=', selectorId)
    .where(readableRelationship(actor, 'r', 'e'))
    .orderBy('r.confidence', 'desc')
    .orderBy('e.name')
    .limit(200)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    name: row.name,
    country: row.country,
    status: row.status,
    relationship: {
      id: row.relationship_id,
      type: row.relationship_type,
      confidence: Number(row.confidence),
    },
  }));
}

/**
 * Other selectors linked to this one through what the actor may read: seen in the same posts or
 * traces, or linked to the same entity. `posts`, `traces` and `entities` count the shared records.
 */
export async function linkedSelectorsOf(
  db: Db,
  actor: SqlPolicyActor,
  selectorId: string,
  limit: number,
): Promise<(SelectorRow & { posts: number; traces: number; entities: number })[]> {
  const [viaPosts, viaTraces, viaEntities] = await Promise.all([
    db
      .selectFrom('sightings as mine')
      .innerJoin('posts as p', 'p.id', 'mine.post_id')
      .innerJoin('sightings as other', 'other.post_id', 'mine.post_id')
      .innerJoin('selectors as s', 's.id', 'other.selector_id')
      .select(columns)
      .select((eb) => eb.fn.count<number>('p.id').distinct().as('n'))
      .where('mine.selector_id', '=', selectorId)
      .where('other.selector_id', '<>', selectorId)
      .where(readableBy(actor, 'p'))
      .groupBy(['s.id', 's.type', 's.qualifier', 's.value', 's.country', 's.keyed_hash'])
      .orderBy('n', 'desc')
      .orderBy('s.value')
      .limit(limit)
      .execute(),
    db
      .selectFrom('sightings as mine')
      .innerJoin('traces as t', 't.id', 'mine.trace_id')
      .innerJoin('sightings as other', 'other.trace_id', 'mine.trace_id')
      .innerJoin('selectors as s', 's.id', 'other.selector_id')
      .select(columns)
      .select((eb) => eb.fn.count<number>('t.id').distinct().as('n'))
      .where('mine.selector_id', '=', selectorId)
      .where('other.selector_id', '<>', selectorId)
      // Said outright so the planner reads the partial index of trace sightings instead of every
      // sighting: it does not infer `other.trace_id is not null` from the join.
      .where('other.trace_id', 'is not', null)
      .where(readableBy(actor, 't'))
      .groupBy(['s.id', 's.type', 's.qualifier', 's.value', 's.country', 's.keyed_hash'])
      .orderBy('n', 'desc')
      .orderBy('s.value')
      .limit(limit)
      .execute(),
    db
      .selectFrom('relationships as r1')
      .innerJoin('entities as e', 'e.id', 'r1.source_entity_id')
      .innerJoin('relationships as r2', 'r2.source_entity_id', 'e.id')
      .innerJoin('selectors as s', 's.id', 'r2.target_selector_id')
      .select(columns)
      .select((eb) => eb.fn.count<number>('e.id').distinct().as('n'))
      .where('r1.target_selector_id', '=', selectorId)
      .where('r2.target_selector_id', '<>', selectorId)
      .where(readableRelationship(actor, 'r1', 'e'))
      .where(readableBy(actor, 'r2'))
      .groupBy(['s.id', 's.type', 's.qualifier', 's.value', 's.country', 's.keyed_hash'])
      .orderBy('n', 'desc')
      .limit(limit)
      .execute(),
  ]);
  type Linked = SelectorRow & { posts: number; traces: number; entities: number };
  const merged = new Map<string, Linked>();
  const add = (row: (typeof viaPosts)[number], field: 'posts' | 'traces' | 'entities') => {
    const found = merged.get(row.id) ?? { ...toRow(row), posts: 0, traces: 0, entities: 0 };
    found[field] = Number(row.n);
    merged.set(row.id, found);
  };
  for (const row of viaPosts) add(row, 'posts');
  for (const row of viaTraces) add(row, 'traces');
  for (const row of viaEntities) add(row, 'entities');
  const weight = (x: Linked) => x.posts + x.traces + x.entities;
  return [...merged.values()]
    .sort((a, b) => weight(b) - weight(a) || a.value.localeCompare(b.value))
    .slice(0, limit);
}

/** The selectors seen in one post, in a stable order. */
export async function selectorsOfPost(db: Db, postId: string): Promise<SelectorRow[]> {
  const rows = await db
    .selectFrom('sightings as si')
    .innerJoin('selectors as s', 's.id', 'si.selector_id')
    .select(columns)
    .where('si.post_id', '=', postId)
    .orderBy('s.type')
    .orderBy('s.value')
    .execute();
  return rows.map(toRow);
}

/**
 * SQL that holds when the actor may read at least one record linked to the selector: a post or a
 * trace that saw it, or an entity's relationship to it. `selector` is its id as a value or a column.
 *
 * @example
 * db.selectFrom('selectors as s').selectAll().where(readableLinkTo(actor, sql.ref('s.id')));
 */
export function readableLinkTo(actor: SqlPolicyActor, selector: Expression<string>) {
  return sql<SqlBool>`(
    exists (select 1 from sightings as link_si join posts as link_p on link_p.id = link_si.post_id
            where link_si.selector_id = ${selector} and ${readableBy(actor, 'link_p')})
    or exists (select 1 from sightings as link_si join traces as link_t on link_t.id = link_si.trace_id
               where link_si.selector_id = ${selector} and ${readableBy(actor, 'link_t')})
    or exists (select 1 from relationships as link_r
               join entities as link_e on link_e.id = link_r.source_entity_id
               where link_r.target_selector_id = ${selector}
                 and ${readableRelationship(actor, 'link_r', 'link_e')})
  )`;
}
