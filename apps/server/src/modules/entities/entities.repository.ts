import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { readableBy, type SqlPolicyActor } from '../sharing/sql-filter.js';
import type { TlpLevel } from '../sharing/tlp.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A stored entity with its owner's name. */
export interface EntityRow {
  id: string;
  organisationId: string;
  organisationName: string;
  createdBy: string;
  tlp: TlpLevel;
  kind: string;
  name: string;
  aliases: string[];
  description: string | null;
  country: string | null;
  adminArea: string | null;
  geometry: string | null;
  status: string | null;
  relocatedTo: string | null;
  supply: string;
  sources: string[];
  isDemo: boolean;
  createdAt: Date;
  updatedAt: Date;
}

function selectEntities(db: Db) {
  return db
    .selectFrom('entities as e')
    .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
    .select([
      'e.id',
      'e.organisation_id',
      'o.name as organisation_name',
      'e.created_by',
      'e.tlp',
      'e.kind',
      'e.name',
      'e.aliases',
      'e.description',
      'e.country',
      'e.admin_area',
      'e.geometry',
      'e.status',
      'e.relocated_to',
      'e.supply',
      'e.sources',
      'e.is_demo',
      'e.created_at',
      'e.updated_at',
    ]);
}

type Selected = Awaited<ReturnType<ReturnType<typeof selectEntities>['execute']>>[number];

function toRow(row: Selected): EntityRow {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    createdBy: row.created_by,
    tlp: row.tlp as TlpLevel,
    kind: row.kind,
    name: row.name,
    aliases: row.aliases,
    description: row.description,
    country: row.country,
    adminArea: row.admin_area,
    geometry: row.geometry,
    status: row.status,
    relocatedTo: row.relocated_to,
    supply: row.supply,
    sources: row.sources,
    isDemo: row.is_demo,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** One entity the actor may read, or `undefined` (missing and unreadable look the same). */
export async function findReadableEntity(
  db: Db,
  actor: SqlPolicyActor,
  id: string,
): Promise<EntityRow | undefined> {
  const row = await selectEntities(db)
    .where('e.id', '=', id)
    .where(readableBy(actor, 'e'))
    .executeTakeFirst();
  return row && toRow(row);
}

/** Readable entities by id (unreadable ones are left out). */
export async function readableEntities(
  db: Db,
  actor: SqlPolicyActor,
  ids: readonly string[],
): Promise<EntityRow[]> {
  if (ids.length === 0) return [];
  const rows = await selectEntities(db)
    .where('e.id', 'in', [...ids])
    .where(readableBy(actor, 'e'))
    .execute();
  return rows.map(toRow);
}

/** A page of readable entities by name, optionally of one kind and matching words (trigram). */
export async function listReadableEntities(
  db: Db,
  actor: SqlPolicyActor,
  options: {
    kind?: string | undefined;
    q?: string | undefined;
    limit: number;
    after?: { name: string; id: string } | undefined;
  },
): Promise<EntityRow[]> {
  let query = selectEntities(db)
    .where(readableBy(actor, 'e'))
    .orderBy('e.name')
    .orderBy('e.id')
    .limit(options.limit);
  if (options.kind) query = query.where('e.kind', '=', options.kind);
  if (options.q) {
    const pattern = `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(
      sql<boolean>`(e.search_text ilike ${pattern} or e.search_text %> ${options.q})`,
    );
  }
  if (options.after) {
    query = query.where(
      sql<boolean>`(e.name, e.id) > (${options.after.name}, ${options.after.id}::uuid)`,
    );
  }
  return (await query.execute()).map(toRow);
}

/** Readable compounds, for the map. */
export async function readableCompounds(
  db: Db,
  actor: SqlPolicyActor,
  filters: { status?: string | undefined; country?: string | undefined },
): Promise<EntityRow[]> {
  let query = selectEntities(db)
    .where('e.kind', '=', 'compound')
    .where('e.geometry', 'is not', null)
    .where(readableBy(actor, 'e'))
    .orderBy('e.name')
    .limit(5000);
  if (filters.status) query = query.where('e.status', '=', filters.status);
  if (filters.country) query = query.where('e.country', '=', filters.country);
  return (await query.execute()).map(toRow);
}

/** The dated status histories of some entities, oldest first. */
export async function statusHistories(
  db: Db,
  entityIds: readonly string[],
): Promise<
  Map<string, { status: string; since: string; note: string | null; source: string | null }[]>
> {
  const result = new Map<
    string,
    { status: string; since: string; note: string | null; source: string | null }[]
  >();
  if (entityIds.length === 0) return result;
  const rows = await db
    .selectFrom('entity_status_history')
    .select([
      'entity_id',
      'status',
      sql<string>`to_char(since, 'YYYY-MM-DD')`.as('since'),
      'note',
      'source',
    ])
    .where('entity_id', 'in', [...entityIds])
    .orderBy('since')
    .orderBy('recorded_at')
    .execute();
  for (const row of rows) {
    const list = result.get(row.entity_id) ?? [];
    list.push({ status: row.status, since: row.since, note: row.note, source: row.source });
    result.set(row.entity_id, list);
  }
  return result;
}

/** A readable relationship as the graph uses it. */
export interface EdgeRow {
  id: string;
  type: string;
  sourceEntityId: string;
  targetEntityId: string | null;
  targetSelectorId: string | null;
  confidence: number;
  provenance: string | null;
  validFrom: string | null;
  validTo: string | null;
  tlp: string;
}

/**
 * Relationships the actor may read that touch these entities or selectors: readable themselves,
 * with a readable source entity and, when they point to one, a readable target entity.
 */
export async function readableEdgesTouching(
  db: Db,
  actor: SqlPolicyActor,
  entityIds: readonly string[],
  selectorIds: readonly string[],
  limit: number,
): Promise<EdgeRow[]> {
  if (entityIds.length === 0 && selectorIds.length === 0) return [];
  const rows = await db
    .selectFrom('relationships as r')
    .innerJoin('entities as src', 'src.id', 'r.source_entity_id')
    .leftJoin('entities as dst', 'dst.id', 'r.target_entity_id')
    .select([
      'r.id',
      'r.type',
      'r.source_entity_id',
      'r.target_entity_id',
      'r.target_selector_id',
      'r.confidence',
      'r.source',
      sql<string | null>`to_char(r.valid_from, 'YYYY-MM-DD')`.as('valid_from'),
      sql<string | null>`to_char(r.valid_to, 'YYYY-MM-DD')`.as('valid_to'),
      'r.tlp',
    ])
    .where((eb) => {
      const touching = [];
      if (entityIds.length > 0) {
        touching.push(eb('r.source_entity_id', 'in', [...entityIds]));
        touching.push(eb('r.target_entity_id', 'in', [...entityIds]));
      }
      if (selectorIds.length > 0) touching.push(eb('r.target_selector_id', 'in', [...selectorIds]));
      return eb.or(touching);
    })
    .where(readableBy(actor, 'r'))
    .where(readableBy(actor, 'src'))
    .where(sql<boolean>`(r.target_entity_id is null or ${readableBy(actor, 'dst')})`)
    .orderBy('r.confidence', 'desc')
    .orderBy('r.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    sourceEntityId: row.source_entity_id,
    targetEntityId: row.target_entity_id,
    targetSelectorId: row.target_selector_id,
    confidence: Number(row.confidence),
    provenance: row.source,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    tlp: row.tlp,
  }));
}
