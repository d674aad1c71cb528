import { type Kysely, sql, type Transaction } from 'kysely';
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

/** Sightings of a selector in posts the actor may read, newest first, and how many in all. */
export async function readableSightings(
  db: Db,
  actor: SqlPolicyActor,
  selectorId: string,
  limit: number,
): Promise<{
  rows: {
    postId: string;
    seenAt: Date;
    source: string;
    risk: number;
    decision: string;
    excerpt: string;
    tlp: string;
  }[];
  total: number;
}> {
  const base = db
    .selectFrom('sightings as si')
    .innerJoin('posts as p', 'p.id', 'si.post_id')
    .where('si.selector_id', '=', selectorId)
    .where(readableBy(actor, 'p'));
  const [rows, total] = await Promise.all([
    base
      .select(['si.post_id', 'si.seen_at', 'p.source', 'p.risk', 'p.decision', 'p.tlp'])
      .select(sql<string>`left(p.text, 200)`.as('excerpt'))
      .orderBy('si.seen_at', 'desc')
      .orderBy('si.post_id')
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((row) => ({
      postId: row.post_id,
      seenAt: new Date(row.seen_at),
      source: row.source,
      risk: Number(row.risk),
      decision: row.decision,
      excerpt: row.excerpt,
      tlp: row.tlp,
    })),
    total: Number(total.n),
  };
}

/**
 * Who else holds records about a selector that the actor may not read: (owner organisation, TLP)
 * pairs from unreadable posts and relationships, other organisations only. For counting blind-match
 * hints; never returned to the caller as such.
 */
export async function unreadableHolders(
  db: Db,
  actor: SqlPolicyActor,
  selectorId: string,
): Promise<{ organisationId: string; tlp: string }[]> {
  const [posts, relationships] = await Promise.all([
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
  for (const row of [...posts, ...relationships]) {
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
 * Other selectors linked to this one through what the actor may read: seen in the same posts, or
 * linked to the same entity. `posts` and `entities` count the shared records.
 */
export async function linkedSelectorsOf(
  db: Db,
  actor: SqlPolicyActor,
  selectorId: string,
  limit: number,
): Promise<(SelectorRow & { posts: number; entities: number })[]> {
  const [viaPosts, viaEntities] = await Promise.all([
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
  const merged = new Map<string, SelectorRow & { posts: number; entities: number }>();
  for (const row of viaPosts)
    merged.set(row.id, { ...toRow(row), posts: Number(row.n), entities: 0 });
  for (const row of viaEntities) {
    const found = merged.get(row.id) ?? { ...toRow(row), posts: 0, entities: 0 };
    found.entities = Number(row.n);
    merged.set(row.id, found);
  }
  return [...merged.values()]
    .sort((a, b) => b.posts + b.entities - (a.posts + a.entities) || a.value.localeCompare(b.value))
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

/** Whether the actor may read at least one record linked to the selector. */
export async function hasReadableLink(
  db: Db,
  actor: SqlPolicyActor,
  selectorId: string,
): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .or([
          eb.exists(
            eb
              .selectFrom('sightings as si')
              .innerJoin('posts as p', 'p.id', 'si.post_id')
              .select('si.id')
              .where('si.selector_id', '=', selectorId)
              .where(readableBy(actor, 'p')),
          ),
          eb.exists(
            eb
              .selectFrom('relationships as r')
              .innerJoin('entities as e', 'e.id', 'r.source_entity_id')
              .select('r.id')
              .where('r.target_selector_id', '=', selectorId)
              .where(readableRelationship(actor, 'r', 'e')),
          ),
        ])
        .as('found'),
    ])
    .executeTakeFirstOrThrow();
  return Boolean(row.found);
}
