import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { appendLeaf } from '../log/custody-log.js';
import { selectorSecret } from '../selectors/hub-secret.js';
import {
  findSelectorById,
  readableRelationship,
  unreadableHolders,
} from '../selectors/selectors.repository.js';
import { readHintId } from '../selectors/selectors.service.js';
import { canChangeSharing } from '../sharing/policy.js';
import { readableBy } from '../sharing/sql-filter.js';
import type { TlpLevel } from '../sharing/tlp.js';
import type { AccessRequestBody, CreateAccessRequestBody } from './access-requests.schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What the access-request service works with. */
export interface AccessRequestDeps {
  db: Kysely<Database>;
  now: () => number;
}

const actorRef = (actor: Actor) => ({ userId: actor.userId, organisationId: actor.organisationId });

const notFound = (id: string) => new AppError('not_found', `No access request with id ${id}.`);

function requireWriter(actor: Actor, what: string): void {
  if (actor.role === 'viewer') throw new AppError('forbidden', `Viewers may not ${what}.`);
}

function selectRequests(db: Db) {
  return db
    .selectFrom('access_requests as ar')
    .innerJoin('selectors as s', 's.id', 'ar.selector_id')
    .innerJoin('users as u', 'u.id', 'ar.requester_id')
    .innerJoin('organisations as ro', 'ro.id', 'ar.requester_organisation_id')
    .innerJoin('organisations as oo', 'oo.id', 'ar.owner_organisation_id')
    .select([
      'ar.id',
      'ar.status',
      'ar.reason',
      'ar.decision_note',
      'ar.granted_records',
      'ar.created_at',
      'ar.decided_at',
      'ar.requester_organisation_id',
      'ar.owner_organisation_id',
      's.id as selector_id',
      's.type as selector_type',
      's.qualifier as selector_qualifier',
      's.value as selector_value',
      'u.id as requester_id',
      'u.display_name as requester_name',
      'ro.name as requester_organisation_name',
      'oo.name as owner_organisation_name',
    ]);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof selectRequests>['execute']>>[number];

/** A request as one viewer sees it: the requester learns the owner only once it grants. */
function present(row: RequestRow, viewer: Actor): AccessRequestBody {
  const isOwner = viewer.organisationId === row.owner_organisation_id;
  return {
    id: row.id,
    status: row.status as AccessRequestBody['status'],
    selector: {
      id: row.selector_id,
      type: row.selector_type,
      value: row.selector_qualifier
        ? `${row.selector_qualifier}:${row.selector_value}`
        : row.selector_value,
    },
    reason: row.reason,
    requester: {
      id: row.requester_id,
      displayName: row.requester_name,
      organisation: { id: row.requester_organisation_id, name: row.requester_organisation_name },
    },
    owner:
      isOwner || row.status === 'granted'
        ? { id: row.owner_organisation_id, name: row.owner_organisation_name }
        : null,
    decisionNote: row.decision_note,
    grantedRecords: Number(row.granted_records),
    createdAt: new Date(row.created_at).toISOString(),
    decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
  };
}

/** A request the actor's organisation made or received, or `undefined`. */
async function findVisible(db: Db, actor: Actor, id: string): Promise<RequestRow | undefined> {
  return selectRequests(db)
    .where('ar.id', '=', id)
    .where((eb) =>
      eb.or([
        eb('ar.requester_organisation_id', '=', actor.organisationId),
        eb('ar.owner_organisation_id', '=', actor.organisationId),
      ]),
    )
    .executeTakeFirst();
}

async function notify(
  db: Db,
  to: { organisationId?: string; userId?: string },
  kind: string,
  message: string,
  subjectId: string,
  at: Date,
): Promise<void> {
  await db
    .insertInto('notifications')
    .values({
      organisation_id: to.organisationId ?? null,
      user_id: to.userId ?? null,
      kind,
      message,
      subject_id: subjectId,
      created_at: at,
    })
    .execute();
}

const selectorText = (s: { type: string; qualifier: string; value: string }) =>
  `${s.type} ${s.qualifier ? `${s.qualifier}:` : ''}${s.value}`;

/**
 * Asks every organisation that holds records about a selector which the actor may not read (at
 * the hint's TLP level when a hint is given) to share them. Each owner gets one request and a
 * notification; the requester learns neither who they are nor what they hold. A pending request
 * of the same user to the same owner is answered again rather than repeated.
 *
 * @example
 * await createAccessRequests(deps, actor, { hintId, reason: 'Same phone in our trafficking case 2026/114' });
 */
export async function createAccessRequests(
  deps: AccessRequestDeps,
  actor: Actor,
  body: CreateAccessRequestBody,
): Promise<{ items: AccessRequestBody[] }> {
  requireWriter(actor, 'request access');
  let selectorId = body.selectorId;
  let tlp: TlpLevel | undefined;
  if (body.hintId !== undefined) {
    ({ selectorId, tlp } = readHintId(await selectorSecret(deps.db), body.hintId));
  }
  const selector = await findSelectorById(deps.db, selectorId as string);
  if (!selector) throw new AppError('not_found', `No selector with id ${selectorId}.`);
  const holders = (await unreadableHolders(deps.db, actor, selector.id)).filter(
    (h) => tlp === undefined || h.tlp === tlp,
  );
  const owners = [...new Set(holders.map((h) => h.organisationId))].sort();
  if (owners.length === 0) {
    throw new AppError(
      'bad_request',
      `Nothing to request: no other organisation holds records about ${selectorText(selector)} that you cannot read${tlp ? ` at TLP:${tlp}` : ''}.`,
    );
  }
  const at = new Date(deps.now());
  const ids = await deps.db.transaction().execute(async (trx) => {
    const made: string[] = [];
    for (const owner of owners) {
      const pending = await trx
        .selectFrom('access_requests')
        .select('id')
        .where('requester_id', '=', actor.userId)
        .where('selector_id', '=', selector.id)
        .where('owner_organisation_id', '=', owner)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (pending) {
        made.push(pending.id);
        continue;
      }
      const row = await trx
        .insertInto('access_requests')
        .values({
          selector_id: selector.id,
          requester_id: actor.userId,
          requester_organisation_id: actor.organisationId,
          owner_organisation_id: owner,
          reason: body.reason,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const requester = await trx
        .selectFrom('organisations')
        .select('name')
        .where('id', '=', actor.organisationId)
        .executeTakeFirstOrThrow();
      await notify(
        trx,
        { organisationId: owner },
        'access-request.created',
        `${requester.name} asks to read your records about ${selectorText(selector)}: "${body.reason}"`,
        row.id,
        at,
      );
      await appendLeaf(trx, {
        type: 'access-request.create',
        actor: actorRef(actor),
        subject: { kind: 'access-request', id: row.id },
        at: at.toISOString(),
        details: { selectorId: selector.id, ownerOrganisationId: owner },
      });
      made.push(row.id);
    }
    return made;
  });
  const rows = await selectRequests(deps.db).where('ar.id', 'in', ids).orderBy('ar.id').execute();
  return { items: rows.map((row) => present(row, actor)) };
}

/**
 * The requests the actor's organisation made (`requester`) or received (`owner`), newest first.
 *
 * @example
 * await listAccessRequests(deps, actor, { role: 'owner', status: 'pending', limit: 50 });
 */
export async function listAccessRequests(
  deps: AccessRequestDeps,
  actor: Actor,
  query: { role: 'requester' | 'owner'; status?: string | undefined; limit: number },
): Promise<{ items: AccessRequestBody[] }> {
  let q = selectRequests(deps.db)
    .where(
      query.role === 'owner' ? 'ar.owner_organisation_id' : 'ar.requester_organisation_id',
      '=',
      actor.organisationId,
    )
    .orderBy('ar.created_at', 'desc')
    .orderBy('ar.id', 'desc')
    .limit(query.limit);
  if (query.status) q = q.where('ar.status', '=', query.status);
  return { items: (await q.execute()).map((row) => present(row, actor)) };
}

/** One request the actor's organisation made or received; 404 otherwise. */
export async function getAccessRequest(
  deps: AccessRequestDeps,
  actor: Actor,
  id: string,
): Promise<AccessRequestBody> {
  const row = await findVisible(deps.db, actor, id);
  if (!row) throw notFound(id);
  return present(row, actor);
}

interface Shareable {
  kind: 'post' | 'trace' | 'relationship' | 'entity';
  id: string;
  tlp: TlpLevel;
  organisationId: string;
  createdBy: string;
}

/** The owner's records about a selector that the requester cannot read yet. */
async function recordsToShare(
  trx: Transaction<Database>,
  requester: { userId: string; organisationId: string },
  selectorId: string,
  ownerOrganisationId: string,
): Promise<Shareable[]> {
  const posts = await trx
    .selectFrom('sightings as si')
    .innerJoin('posts as p', 'p.id', 'si.post_id')
    .select(['p.id', 'p.tlp', 'p.organisation_id', 'p.created_by'])
    .distinct()
    .where('si.selector_id', '=', selectorId)
    .where('p.organisation_id', '=', ownerOrganisationId)
    .where(sql<boolean>`not ${readableBy(requester, 'p')}`)
    .execute();
  // Traces whose reports found the selector (its wallets), shared like posts.
  const traces = await trx
    .selectFrom('sightings as si')
    .innerJoin('traces as t', 't.id', 'si.trace_id')
    .select(['t.id', 't.tlp', 't.organisation_id', 't.created_by'])
    .distinct()
    .where('si.selector_id', '=', selectorId)
    .where('t.organisation_id', '=', ownerOrganisationId)
    .where(sql<boolean>`not ${readableBy(requester, 't')}`)
    .execute();
  const relationships = await trx
    .selectFrom('relationships as r')
    .innerJoin('entities as e', 'e.id', 'r.source_entity_id')
    .select([
      'r.id',
      'r.tlp',
      'r.organisation_id',
      'r.created_by',
      'e.id as entity_id',
      'e.tlp as entity_tlp',
      'e.organisation_id as entity_organisation_id',
      'e.created_by as entity_created_by',
      sql<boolean>`${readableBy(requester, 'r')}`.as('relationship_readable'),
      sql<boolean>`${readableBy(requester, 'e')}`.as('entity_readable'),
    ])
    .where('r.target_selector_id', '=', selectorId)
    .where('r.organisation_id', '=', ownerOrganisationId)
    .where(sql<boolean>`not ${readableRelationship(requester, 'r', 'e')}`)
    .execute();
  const records: Shareable[] = [
    ...posts.map((p) => ({ kind: 'post' as const, ...p })),
    ...traces.map((t) => ({ kind: 'trace' as const, ...t })),
  ].map((r) => ({
    kind: r.kind,
    id: r.id,
    tlp: r.tlp as TlpLevel,
    organisationId: r.organisation_id,
    createdBy: r.created_by,
  }));
  const entities = new Map<string, Shareable>();
  for (const r of relationships) {
    if (!r.relationship_readable) {
      records.push({
        kind: 'relationship',
        id: r.id,
        tlp: r.tlp as TlpLevel,
        organisationId: r.organisation_id,
        createdBy: r.created_by,
      });
    }
    // The entity the link starts from, when the same owner holds it: without it the link is blind.
    if (!r.entity_readable && r.entity_organisation_id === ownerOrganisationId) {
      entities.set(r.entity_id, {
        kind: 'entity',
        id: r.entity_id,
        tlp: r.entity_tlp as TlpLevel,
        organisationId: r.entity_organisation_id,
        createdBy: r.entity_created_by,
      });
    }
  }
  return [...records, ...entities.values()];
}

async function lockPending(
  trx: Transaction<Database>,
  actor: Actor,
  id: string,
): Promise<{ selectorId: string; requesterId: string; requesterOrganisationId: string }> {
  const row = await trx
    .selectFrom('access_requests')
    .select([
      'id',
      'status',
      'selector_id',
      'requester_id',
      'requester_organisation_id',
      'owner_organisation_id',
    ])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (
    !row ||
    (row.owner_organisation_id !== actor.organisationId &&
      row.requester_organisation_id !== actor.organisationId)
  ) {
    throw notFound(id);
  }
  if (row.owner_organisation_id !== actor.organisationId) {
    throw new AppError('forbidden', 'Only the organisation asked may grant or deny this request.');
  }
  if (row.status !== 'pending') {
    throw new AppError('conflict', `This request was already ${row.status}.`);
  }
  return {
    selectorId: row.selector_id,
    requesterId: row.requester_id,
    requesterOrganisationId: row.requester_organisation_id,
  };
}

/**
 * Grants a request: the requester becomes a named recipient of each of the owner's records about
 * the selector that they could not read and that the granting user may re-share (the sharing
 * policy's `canChangeSharing`: RED records only by their creator). Each shared record gets its
 * sharing-change custody leaf, the request its grant leaf, and the requester a notification, all
 * in one transaction.
 *
 * @example
 * await grantAccessRequest(deps, owner, id, { note: 'Shared for case 2026/114' });
 */
export async function grantAccessRequest(
  deps: AccessRequestDeps,
  actor: Actor,
  id: string,
  note: string | undefined,
): Promise<AccessRequestBody> {
  requireWriter(actor, 'grant access');
  const at = new Date(deps.now());
  await deps.db.transaction().execute(async (trx) => {
    const request = await lockPending(trx, actor, id);
    const requester = {
      userId: request.requesterId,
      organisationId: request.requesterOrganisationId,
    };
    const records = await recordsToShare(trx, requester, request.selectorId, actor.organisationId);
    const shareable = records.filter((r) => canChangeSharing(actor, r));
    if (records.length > 0 && shareable.length === 0) {
      throw new AppError(
        'forbidden',
        'The records asked for are RED: only the users who created them may share them.',
      );
    }
    if (shareable.length > 0) {
      await trx
        .insertInto('record_recipients')
        .values(shareable.map((r) => ({ record_id: r.id, user_id: request.requesterId })))
        .onConflict((oc) => oc.columns(['record_id', 'user_id']).doNothing())
        .execute();
    }
    await trx
      .updateTable('access_requests')
      .set({
        status: 'granted',
        decided_by: actor.userId,
        decided_at: at,
        decision_note: note ?? null,
        granted_records: shareable.length,
      })
      .where('id', '=', id)
      .execute();
    await notify(
      trx,
      { userId: request.requesterId },
      'access-request.granted',
      `Your access request was granted: ${shareable.length} record${shareable.length === 1 ? '' : 's'} shared with you.${note ? ` Note: "${note}"` : ''}`,
      id,
      at,
    );
    for (const record of shareable) {
      await appendLeaf(trx, {
        type: `${record.kind}.sharing-change`,
        actor: actorRef(actor),
        subject: { kind: record.kind, id: record.id },
        at: at.toISOString(),
        details: { accessRequestId: id, addedRecipientIds: [request.requesterId] },
      });
    }
    await appendLeaf(trx, {
      type: 'access-request.grant',
      actor: actorRef(actor),
      subject: { kind: 'access-request', id },
      at: at.toISOString(),
      details: { records: shareable.map((r) => r.id).sort() },
    });
  });
  return getAccessRequest(deps, actor, id);
}

/**
 * Denies a request; the requester is told, with the note if given.
 *
 * @example
 * await denyAccessRequest(deps, owner, id, 'Not releasable while the operation runs');
 */
export async function denyAccessRequest(
  deps: AccessRequestDeps,
  actor: Actor,
  id: string,
  note: string | undefined,
): Promise<AccessRequestBody> {
  requireWriter(actor, 'deny access');
  const at = new Date(deps.now());
  await deps.db.transaction().execute(async (trx) => {
    const request = await lockPending(trx, actor, id);
    await trx
      .updateTable('access_requests')
      .set({
        status: 'denied',
        decided_by: actor.userId,
        decided_at: at,
        decision_note: note ?? null,
      })
      .where('id', '=', id)
      .execute();
    await notify(
      trx,
      { userId: request.requesterId },
      'access-request.denied',
      `Your access request was denied.${note ? ` Note: "${note}"` : ''}`,
      id,
      at,
    );
    await appendLeaf(trx, {
      type: 'access-request.deny',
      actor: actorRef(actor),
      subject: { kind: 'access-request', id },
      at: at.toISOString(),
    });
  });
  return getAccessRequest(deps, actor, id);
}

/**
 * The notifications of a user: their own and their organisation's, newest first.
 *
 * @example
 * const { items, unread } = await listNotifications(deps.db, actor);
 */
export async function listNotifications(
  db: Db,
  actor: Actor,
  limit = 100,
): Promise<{
  items: {
    id: string;
    kind: string;
    message: string;
    subjectId: string | null;
    createdAt: string;
    read: boolean;
  }[];
  unread: number;
}> {
  const mine = sql<boolean>`(n.user_id = ${actor.userId} or n.organisation_id = ${actor.organisationId})`;
  const base = () => db.selectFrom('notifications as n');
  const [rows, unread] = await Promise.all([
    base()
      .select(['n.id', 'n.kind', 'n.message', 'n.subject_id', 'n.created_at', 'n.read_at'])
      .where(mine)
      .orderBy('n.created_at', 'desc')
      .orderBy('n.id', 'desc')
      .limit(limit)
      .execute(),
    base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(mine)
      .where('n.read_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      message: row.message,
      subjectId: row.subject_id,
      createdAt: new Date(row.created_at).toISOString(),
      read: row.read_at !== null,
    })),
    unread: Number(unread.n),
  };
}

/**
 * Marks one of the user's (or their organisation's) notifications read; 404 for any other.
 *
 * @example
 * await markNotificationRead(deps, actor, id);
 */
export async function markNotificationRead(
  deps: AccessRequestDeps,
  actor: Actor,
  id: string,
): Promise<void> {
  const result = await deps.db
    .updateTable('notifications')
    .set({ read_at: new Date(deps.now()) })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('user_id', '=', actor.userId), eb('organisation_id', '=', actor.organisationId)]),
    )
    .where('read_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    const exists = await deps.db
      .selectFrom('notifications')
      .select('id')
      .where('id', '=', id)
      .where((eb) =>
        eb.or([eb('user_id', '=', actor.userId), eb('organisation_id', '=', actor.organisationId)]),
      )
      .executeTakeFirst();
    if (!exists) throw new AppError('not_found', `No notification with id ${id}.`);
  }
}
