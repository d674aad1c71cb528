import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { appendLeaf } from '../log/custody-log.js';
import { selectorSecret } from '../selectors/hub-secret.js';
import {
  keyedHash,
  type NormalisedSelector,
  normaliseSelector,
  SelectorInputError,
} from '../selectors/selectors.normalise.js';
import { presentSelector } from '../selectors/selectors.presenter.js';
import { findSelector } from '../selectors/selectors.repository.js';
import { canChangeSharing } from '../sharing/policy.js';
import { replaceRecordSharing } from '../sharing/sharing.repository.js';
import type { SqlPolicyActor } from '../sharing/sql-filter.js';
import { findGroupsOfMember } from '../sharing-groups/sharing-groups.repository.js';
import {
  type EdgeRow,
  type EntityRow,
  findReadableEntity,
  listReadableEntities,
  readableCompounds,
  readableEdgesTouching,
  readableEntities,
  statusHistories,
} from './entities.repository.js';
import type {
  CreateEntityBody,
  CreateRelationshipBody,
  EntityBody,
  ListEntitiesQuery,
  UpdateEntityBody,
} from './entities.schema.js';
import { centroid, type Geometry } from './geometry.js';

/** What the entity service works with. */
export interface EntityDeps {
  db: Kysely<Database>;
  now: () => number;
}

/** Most nodes a graph answer holds. */
export const MAX_GRAPH_NODES = 500;

const entityNotFound = (id: string) => new AppError('not_found', `No entity with id ${id}.`);
const actorRef = (actor: Actor) => ({ userId: actor.userId, organisationId: actor.organisationId });
const today = (at: Date) => at.toISOString().slice(0, 10);

function requireWriter(actor: Actor): void {
  if (actor.role === 'viewer') {
    throw new AppError('forbidden', 'Viewers may read entities but not create or change them.');
  }
}

async function checkGroups(db: Kysely<Database>, actor: Actor, ids: readonly string[]) {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  const found = new Set(
    (await findGroupsOfMember(db, actor.organisationId, unique)).map((g) => g.id),
  );
  const unknown = unique.filter((id) => !found.has(id));
  if (unknown.length > 0) {
    throw new AppError(
      'bad_request',
      `groups: no sharing group of your organisation has id ${unknown.join(', ')}. See GET /api/v1/sharing-groups.`,
    );
  }
  return unique;
}

async function checkRelocation(
  db: Kysely<Database>,
  actor: Actor,
  relocatedTo: string,
  self?: string,
): Promise<void> {
  const target = await findReadableEntity(db, actor, relocatedTo);
  if (!target || target.kind !== 'compound' || target.id === self) {
    throw new AppError(
      'bad_request',
      `relocatedTo: no other compound you may read has id ${relocatedTo}.`,
    );
  }
}

const searchText = (name: string, aliases: readonly string[]) => [name, ...aliases].join(' | ');

async function present(
  db: Kysely<Database>,
  actor: SqlPolicyActor,
  rows: readonly EntityRow[],
): Promise<EntityBody[]> {
  const histories = await statusHistories(
    db,
    rows.map((r) => r.id),
  );
  const targets = new Map(
    (
      await readableEntities(
        db,
        actor,
        rows.flatMap((r) => (r.relocatedTo ? [r.relocatedTo] : [])),
      )
    ).map((e) => [e.id, e]),
  );
  return rows.map((row) => {
    const target = row.relocatedTo ? targets.get(row.relocatedTo) : undefined;
    return {
      id: row.id,
      kind: row.kind as EntityBody['kind'],
      name: row.name,
      aliases: row.aliases,
      description: row.description,
      country: row.country,
      adminArea: row.adminArea,
      geometry: row.geometry ? (JSON.parse(row.geometry) as unknown) : null,
      status: row.status,
      history: histories.get(row.id) ?? [],
      relocatedTo: target ? { id: target.id, name: target.name } : null,
      supply: JSON.parse(row.supply) as EntityBody['supply'],
      sources: row.sources,
      tlp: row.tlp,
      organisation: { id: row.organisationId, name: row.organisationName },
      isDemo: row.isDemo,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  });
}

/**
 * One entity the actor may read, with its status history; 404 otherwise.
 *
 * @example
 * await getEntity(deps, actor, id);
 */
export async function getEntity(
  deps: EntityDeps,
  actor: SqlPolicyActor,
  id: string,
): Promise<EntityBody> {
  const row = await findReadableEntity(deps.db, actor, id);
  if (!row) throw entityNotFound(id);
  const [body] = await present(deps.db, actor, [row]);
  return body as EntityBody;
}

/**
 * Creates a compound, criminal organisation or persona with its sharing, first status (compounds)
 * and `entity.create` custody leaf in one transaction.
 *
 * @example
 * await createEntity(deps, actor, { kind: 'compound', name: 'KK Park', … });
 */
export async function createEntity(
  deps: EntityDeps,
  actor: Actor,
  body: CreateEntityBody,
  options: { demo?: boolean } = {},
): Promise<EntityBody> {
  requireWriter(actor);
  const groupIds = await checkGroups(deps.db, actor, body.groups);
  if (body.relocatedTo) await checkRelocation(deps.db, actor, body.relocatedTo);
  const at = new Date(deps.now());
  const status = body.kind === 'compound' ? (body.status ?? 'active') : null;
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('entities')
      .values({
        organisation_id: actor.organisationId,
        created_by: actor.userId,
        tlp: body.tlp,
        kind: body.kind,
        name: body.name,
        aliases: body.aliases,
        description: body.description ?? null,
        country: body.country ?? null,
        admin_area: body.adminArea ?? null,
        geometry: body.geometry === undefined ? null : JSON.stringify(body.geometry),
        status,
        relocated_to: body.relocatedTo ?? null,
        supply: JSON.stringify(body.supply),
        sources: body.sources,
        search_text: searchText(body.name, body.aliases),
        is_demo: options.demo ?? false,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (groupIds.length > 0) await replaceRecordSharing(trx, row.id, { sharingGroupIds: groupIds });
    if (status) {
      await trx
        .insertInto('entity_status_history')
        .values({
          entity_id: row.id,
          status,
          since: body.statusSince ?? today(at),
          recorded_by: actor.userId,
          recorded_at: at,
          source: body.sources[0] ?? null,
        })
        .execute();
    }
    await appendLeaf(trx, {
      type: 'entity.create',
      actor: actorRef(actor),
      subject: { kind: 'entity', id: row.id },
      at: at.toISOString(),
      details: { kind: body.kind, tlp: body.tlp, groupIds: [...groupIds].sort() },
    });
    return row.id;
  });
  return getEntity(deps, actor, id);
}

/**
 * Changes an entity: fields, sharing, or a compound's status (appended to its dated history). The
 * actor must be its creator or of its owning organisation (RED: its creator only).
 *
 * @example
 * await updateEntity(deps, actor, id, { status: 'raided', statusSince: '2025-02-21' });
 */
export async function updateEntity(
  deps: EntityDeps,
  actor: Actor,
  id: string,
  body: UpdateEntityBody,
): Promise<EntityBody> {
  const row = await findReadableEntity(deps.db, actor, id);
  if (!row) throw entityNotFound(id);
  if (!canChangeSharing(actor, row)) {
    throw new AppError(
      'forbidden',
      row.tlp === 'RED'
        ? 'Only the user who created a RED entity may change it.'
        : `Only users of ${row.organisationName}, which owns this entity, may change it.`,
    );
  }
  requireWriter(actor);
  if (row.kind !== 'compound') {
    for (const field of ['status', 'statusSince', 'relocatedTo', 'supply'] as const) {
      if (body[field] !== undefined) {
        throw new AppError('bad_request', `${field}: only compounds have it.`);
      }
    }
  }
  const groupIds = body.groups && (await checkGroups(deps.db, actor, body.groups));
  if (body.relocatedTo) await checkRelocation(deps.db, actor, body.relocatedTo, id);
  const at = new Date(deps.now());
  const name = body.name ?? row.name;
  const aliases = body.aliases ?? row.aliases;
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('entities')
      .set({
        updated_at: at,
        ...(body.name !== undefined || body.aliases !== undefined
          ? { name, aliases, search_text: searchText(name, aliases) }
          : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.country !== undefined ? { country: body.country } : {}),
        ...(body.adminArea !== undefined ? { admin_area: body.adminArea } : {}),
        ...(body.geometry !== undefined
          ? { geometry: body.geometry === null ? null : JSON.stringify(body.geometry) }
          : {}),
        ...(body.status !== undefined ? { status: body.status } : {}),
        ...(body.relocatedTo !== undefined ? { relocated_to: body.relocatedTo } : {}),
        ...(body.supply !== undefined ? { supply: JSON.stringify(body.supply) } : {}),
        ...(body.sources !== undefined ? { sources: body.sources } : {}),
        ...(body.tlp !== undefined ? { tlp: body.tlp } : {}),
      })
      .where('id', '=', id)
      .execute();
    if (groupIds) await replaceRecordSharing(trx, id, { sharingGroupIds: groupIds });
    if (body.status !== undefined) {
      await trx
        .insertInto('entity_status_history')
        .values({
          entity_id: id,
          status: body.status,
          since: body.statusSince ?? today(at),
          note: body.statusNote ?? null,
          source: body.statusSource ?? null,
          recorded_by: actor.userId,
          recorded_at: at,
        })
        .execute();
    }
    await appendLeaf(trx, {
      type: body.status !== undefined ? 'entity.status-change' : 'entity.update',
      actor: actorRef(actor),
      subject: { kind: 'entity', id },
      at: at.toISOString(),
      details: {
        fields: Object.keys(body).sort(),
        fromTlp: row.tlp,
        tlp: body.tlp ?? row.tlp,
        ...(body.status !== undefined ? { status: body.status } : {}),
        ...(groupIds ? { groupIds: [...groupIds].sort() } : {}),
      },
    });
  });
  return getEntity(deps, actor, id);
}

function encodeCursor(row: EntityRow): string {
  return Buffer.from(JSON.stringify([row.name, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof name === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) {
      return { name, id };
    }
  } catch {
    // fall through
  }
  throw new AppError(
    'bad_request',
    'querystring/cursor: not a cursor from this API; pass the nextCursor of the previous page as is.',
  );
}

/**
 * A page of the entities the actor may read, by name.
 *
 * @example
 * await listEntities(deps, actor, { kind: 'compound', limit: 50 });
 */
export async function listEntities(
  deps: EntityDeps,
  actor: SqlPolicyActor,
  query: ListEntitiesQuery,
): Promise<{ items: EntityBody[]; nextCursor: string | null }> {
  const rows = await listReadableEntities(deps.db, actor, {
    kind: query.kind,
    q: query.q,
    limit: query.limit + 1,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: await present(deps.db, actor, page),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}

function presentEdge(edge: EdgeRow) {
  return {
    id: edge.id,
    source: edge.sourceEntityId,
    target: (edge.targetEntityId ?? edge.targetSelectorId) as string,
    targetKind: edge.targetEntityId ? ('entity' as const) : ('selector' as const),
    type: edge.type,
    confidence: edge.confidence,
    provenance: edge.provenance,
    validFrom: edge.validFrom,
    validTo: edge.validTo,
    tlp: edge.tlp as EntityBody['tlp'],
  };
}

/**
 * Links an entity the actor may read to another readable entity or to a selector (normalised,
 * created when new), with confidence, provenance, validity dates and its own sharing; logged.
 *
 * @example
 * await createRelationship(deps, actor, compoundId, { type: 'uses', targetSelector: { type: 'phone', value: '+855…' }, confidence: 0.8 });
 */
export async function createRelationship(
  deps: EntityDeps,
  actor: Actor,
  sourceId: string,
  body: CreateRelationshipBody,
  options: { demo?: boolean } = {},
) {
  requireWriter(actor);
  const source = await findReadableEntity(deps.db, actor, sourceId);
  if (!source) throw entityNotFound(sourceId);
  if (body.targetEntityId !== undefined) {
    const target = await findReadableEntity(deps.db, actor, body.targetEntityId);
    if (!target || target.id === sourceId) {
      throw new AppError(
        'bad_request',
        `targetEntityId: no other entity you may read has id ${body.targetEntityId}.`,
      );
    }
  }
  let selector: NormalisedSelector | undefined;
  if (body.targetSelector) {
    try {
      selector = normaliseSelector(body.targetSelector);
    } catch (error) {
      if (error instanceof SelectorInputError) {
        throw new AppError('bad_request', `targetSelector: ${error.message}`);
      }
      throw error;
    }
  }
  const groupIds = await checkGroups(deps.db, actor, body.groups);
  const secret = selector ? await selectorSecret(deps.db) : undefined;
  const at = new Date(deps.now());
  const edge = await deps.db.transaction().execute(async (trx: Transaction<Database>) => {
    let targetSelectorId: string | null = null;
    if (selector && secret) {
      await trx
        .insertInto('selectors')
        .values({ ...selector, keyed_hash: keyedHash(secret, selector) })
        .onConflict((oc) => oc.columns(['type', 'qualifier', 'value']).doNothing())
        .execute();
      targetSelectorId = (await findSelector(trx, selector))?.id ?? null;
    }
    const row = await trx
      .insertInto('relationships')
      .values({
        organisation_id: actor.organisationId,
        created_by: actor.userId,
        tlp: body.tlp,
        type: body.type,
        source_entity_id: sourceId,
        target_entity_id: body.targetEntityId ?? null,
        target_selector_id: targetSelectorId,
        confidence: body.confidence,
        source: body.source ?? null,
        valid_from: body.validFrom ?? null,
        valid_to: body.validTo ?? null,
        is_demo: options.demo ?? false,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (groupIds.length > 0) await replaceRecordSharing(trx, row.id, { sharingGroupIds: groupIds });
    await appendLeaf(trx, {
      type: 'relationship.create',
      actor: actorRef(actor),
      subject: { kind: 'relationship', id: row.id },
      at: at.toISOString(),
      details: {
        type: body.type,
        sourceEntityId: sourceId,
        ...(body.targetEntityId ? { targetEntityId: body.targetEntityId } : {}),
        ...(targetSelectorId ? { targetSelectorId } : {}),
        tlp: body.tlp,
        groupIds: [...groupIds].sort(),
      },
    });
    return row.id;
  });
  const [stored] = await readableEdgesTouching(deps.db, actor, [sourceId], [], 10_000).then(
    (edges) => edges.filter((e) => e.id === edge),
  );
  if (!stored) throw new Error('A new relationship is not readable by its creator');
  return presentEdge(stored);
}

/**
 * The neighbourhood of an entity up to `depth` hops over relationships the actor may read
 * (entities and selectors as nodes, relationships as edges), at most {@link MAX_GRAPH_NODES} nodes.
 * Unreadable entities, relationships and the selectors only they lead to never appear.
 *
 * @example
 * const { nodes, edges } = await entityGraph(deps, actor, id, 2);
 */
export async function entityGraph(
  deps: EntityDeps,
  actor: SqlPolicyActor,
  id: string,
  depth: number,
) {
  const root = await findReadableEntity(deps.db, actor, id);
  if (!root) throw entityNotFound(id);
  const entityIds = new Set([id]);
  const selectorIds = new Set<string>();
  const edges = new Map<string, EdgeRow>();
  let frontierEntities = [id];
  let frontierSelectors: string[] = [];
  let truncated = false;
  for (let hop = 0; hop < depth; hop++) {
    const found = await readableEdgesTouching(
      deps.db,
      actor,
      frontierEntities,
      frontierSelectors,
      MAX_GRAPH_NODES * 4,
    );
    const nextEntities: string[] = [];
    const nextSelectors: string[] = [];
    for (const edge of found) {
      if (edges.has(edge.id)) continue;
      const ends = [edge.sourceEntityId, edge.targetEntityId, edge.targetSelectorId];
      const fresh = ends.filter(
        (end): end is string => end !== null && !entityIds.has(end) && !selectorIds.has(end),
      );
      if (entityIds.size + selectorIds.size + fresh.length > MAX_GRAPH_NODES) {
        truncated = true;
        continue;
      }
      edges.set(edge.id, edge);
      for (const end of [edge.sourceEntityId, edge.targetEntityId]) {
        if (end && !entityIds.has(end)) {
          entityIds.add(end);
          nextEntities.push(end);
        }
      }
      if (edge.targetSelectorId && !selectorIds.has(edge.targetSelectorId)) {
        selectorIds.add(edge.targetSelectorId);
        nextSelectors.push(edge.targetSelectorId);
      }
    }
    frontierEntities = nextEntities;
    frontierSelectors = nextSelectors;
    if (frontierEntities.length === 0 && frontierSelectors.length === 0) break;
  }
  const [entities, selectors] = await Promise.all([
    readableEntities(deps.db, actor, [...entityIds]),
    selectorIds.size === 0
      ? Promise.resolve([])
      : deps.db
          .selectFrom('selectors')
          .select(['id', 'type', 'qualifier', 'value', 'country', 'keyed_hash'])
          .where('id', 'in', [...selectorIds])
          .execute(),
  ]);
  const nodes = [
    ...entities.map((e) => ({
      id: e.id,
      kind: e.kind,
      label: e.name,
      country: e.country,
      status: e.status,
      tlp: e.tlp,
      root: e.id === id,
    })),
    ...selectors.map((s) => {
      const shown = presentSelector({ ...s, keyedHash: s.keyed_hash });
      return {
        id: s.id,
        kind: 'selector',
        label: `${s.qualifier ? `${s.qualifier}:` : ''}${s.value}`,
        selectorType: shown.type,
        value: shown.value,
      };
    }),
  ];
  const shown = new Set(nodes.map((n) => n.id));
  return {
    nodes,
    edges: [...edges.values()]
      .filter(
        (e) =>
          shown.has(e.sourceEntityId) &&
          shown.has((e.targetEntityId ?? e.targetSelectorId) as string),
      )
      .map((e) => {
        const { targetKind: _kind, provenance: _p, tlp: _t, ...edge } = presentEdge(e);
        return edge;
      }),
    truncated,
  };
}

/**
 * The compounds the actor may read that have a location, as a GeoJSON FeatureCollection for the
 * map: status, dated history, where it relocated to (when readable) and supply notes.
 *
 * @example
 * await compoundsGeoJson(deps, actor, { status: 'active' });
 */
export async function compoundsGeoJson(
  deps: EntityDeps,
  actor: SqlPolicyActor,
  filters: { status?: string | undefined; country?: string | undefined },
) {
  const rows = await readableCompounds(deps.db, actor, filters);
  const bodies = await present(deps.db, actor, rows);
  const byId = new Map(bodies.map((b) => [b.id, b]));
  const targets = new Map(
    (
      await readableEntities(
        deps.db,
        actor,
        rows.flatMap((r) => (r.relocatedTo ? [r.relocatedTo] : [])),
      )
    ).map((e) => [e.id, e]),
  );
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((row) => {
      const body = byId.get(row.id) as EntityBody;
      const target = row.relocatedTo ? targets.get(row.relocatedTo) : undefined;
      const targetGeometry = target?.geometry
        ? (JSON.parse(target.geometry) as Geometry)
        : undefined;
      return {
        type: 'Feature' as const,
        id: row.id,
        geometry: body.geometry,
        properties: {
          id: row.id,
          name: row.name,
          aliases: row.aliases,
          status: row.status,
          country: row.country,
          adminArea: row.adminArea,
          history: body.history,
          relocatedTo: target
            ? {
                id: target.id,
                name: target.name,
                point: targetGeometry ? centroid(targetGeometry) : null,
              }
            : null,
          supply: body.supply,
          sources: row.sources,
          tlp: row.tlp,
          organisation: row.organisationName,
          isDemo: row.isDemo,
        },
      };
    }),
  };
}
