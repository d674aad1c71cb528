import { type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import { type NewestFirstCursor, olderThan } from '../../db/keyset.js';
import type { Database } from '../../db/schema.js';
import { addressedReadableBy } from '../notices/notices.policy.js';
import { readableBy, type SqlPolicyActor } from '../sharing/sql-filter.js';
import type { TlpLevel } from '../sharing/tlp.js';
import type { DataCategory, Instrument } from './deadlines.js';
import type { RequestStatus, Target } from './evidence-requests.schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** An evidence request row with the names the API shows beside the ids. */
export interface RequestRow {
  id: string;
  organisationId: string;
  organisationName: string;
  createdBy: string;
  createdByName: string;
  tlp: TlpLevel;
  platformOrganisationId: string;
  platformName: string;
  status: RequestStatus;
  instrument: Instrument;
  dataCategories: DataCategory[];
  targets: Target[];
  legalBasis: string;
  issuingAuthority: string;
  validatingAuthority: string | null;
  offence: string | null;
  reference: string | null;
  emergency: boolean;
  validatedAt: Date | null;
  issuedAt: Date | null;
  dueAt: Date | null;
  acknowledgedAt: Date | null;
  objectionWindowAt: Date | null;
  preservedAt: Date | null;
  preservationExtendedAt: Date | null;
  producedAt: Date | null;
  cannotComplyAt: Date | null;
  cannotComplyReason: string | null;
  withdrawnAt: Date | null;
  closedAt: Date | null;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Statuses in which the provider sees the request: once it is issued. */
export const UNDELIVERED_STATUSES = ['draft', 'validated'] as const;

/** The evidence requests `actor` may read, as an SQL condition on alias `r`. */
export const requestReadableBy = (actor: SqlPolicyActor) =>
  addressedReadableBy(actor, 'r', sql<SqlBool>`r.status not in ('draft', 'validated')`);

function selectRequests(db: Db) {
  return db
    .selectFrom('evidence_requests as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .innerJoin('organisations as p', 'p.id', 'r.platform_organisation_id')
    .innerJoin('users as u', 'u.id', 'r.created_by')
    .selectAll('r')
    .select([
      'o.name as organisation_name',
      'p.name as platform_name',
      'u.display_name as creator_name',
    ]);
}

type Selected = Awaited<ReturnType<ReturnType<typeof selectRequests>['execute']>>[number];
const time = (value: Date | string | null) => (value === null ? null : new Date(value));

function toRow(row: Selected): RequestRow {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    createdBy: row.created_by,
    createdByName: row.creator_name,
    tlp: row.tlp as TlpLevel,
    platformOrganisationId: row.platform_organisation_id,
    platformName: row.platform_name,
    status: row.status as RequestStatus,
    instrument: row.instrument as Instrument,
    dataCategories: row.data_categories as DataCategory[],
    targets: JSON.parse(row.targets) as Target[],
    legalBasis: row.legal_basis,
    issuingAuthority: row.issuing_authority,
    validatingAuthority: row.validating_authority,
    offence: row.offence,
    reference: row.reference,
    emergency: row.emergency,
    validatedAt: time(row.validated_at),
    issuedAt: time(row.issued_at),
    dueAt: time(row.due_at),
    acknowledgedAt: time(row.acknowledged_at),
    objectionWindowAt: time(row.objection_window_at),
    preservedAt: time(row.preserved_at),
    preservationExtendedAt: time(row.preservation_extended_at),
    producedAt: time(row.produced_at),
    cannotComplyAt: time(row.cannot_comply_at),
    cannotComplyReason: row.cannot_comply_reason,
    withdrawnAt: time(row.withdrawn_at),
    closedAt: time(row.closed_at),
    note: row.note,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** One request the actor may read (locked for update when asked), or `undefined`. */
export async function findReadableRequest(
  db: Db,
  actor: SqlPolicyActor,
  id: string,
  forUpdate = false,
): Promise<RequestRow | undefined> {
  let query = selectRequests(db).where('r.id', '=', id).where(requestReadableBy(actor));
  if (forUpdate) query = query.forUpdate('r');
  const row = await query.executeTakeFirst();
  return row && toRow(row);
}

/** Filters of the request list. */
export interface RequestFilters {
  status?: RequestStatus | undefined;
  statuses?: readonly RequestStatus[] | undefined;
  platform?: string | undefined;
  direction?: 'sent' | 'received' | undefined;
}

function filtered(db: Db, actor: SqlPolicyActor, filters: RequestFilters) {
  let query = db.selectFrom('evidence_requests as r').where(requestReadableBy(actor));
  if (filters.status) query = query.where('r.status', '=', filters.status);
  if (filters.statuses) query = query.where('r.status', 'in', [...filters.statuses]);
  if (filters.platform) query = query.where('r.platform_organisation_id', '=', filters.platform);
  if (filters.direction === 'sent') {
    query = query.where('r.organisation_id', '=', actor.organisationId);
  }
  if (filters.direction === 'received') {
    query = query.where('r.platform_organisation_id', '=', actor.organisationId);
  }
  return query;
}

/** Where a page of the newest-first list starts. */
export type RequestCursor = NewestFirstCursor;

/** A page of the requests the actor may read, newest first. */
export async function listReadableRequests(
  db: Db,
  actor: SqlPolicyActor,
  filters: RequestFilters,
  options: { limit: number; after?: RequestCursor | undefined },
): Promise<RequestRow[]> {
  let ids = filtered(db, actor, filters)
    .select('r.id')
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(options.limit);
  if (options.after) ids = ids.where(olderThan('r', options.after));
  const page = (await ids.execute()).map((row) => row.id);
  if (page.length === 0) return [];
  const rows = await selectRequests(db).where('r.id', 'in', page).execute();
  const byId = new Map(rows.map((row) => [row.id, toRow(row)]));
  return page.map((id) => byId.get(id)).filter((row): row is RequestRow => row !== undefined);
}

/** Every readable request in some statuses (open requests are few: reminders, dashboard). */
export async function listAllReadableRequests(
  db: Db,
  actor: SqlPolicyActor,
  statuses: readonly RequestStatus[],
): Promise<RequestRow[]> {
  const rows = await selectRequests(db)
    .where(requestReadableBy(actor))
    .where('r.status', 'in', [...statuses])
    .orderBy('r.due_at')
    .limit(10_000)
    .execute();
  return rows.map(toRow);
}

/** How many requests the actor may read match the filters. */
export async function countReadableRequests(
  db: Db,
  actor: SqlPolicyActor,
  filters: RequestFilters,
): Promise<number> {
  const row = await filtered(db, actor, filters)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The attached artefacts of some requests that `actor` may read, by request id. */
export async function readableAttachments(db: Db, actor: SqlPolicyActor, requestIds: string[]) {
  const result = new Map<
    string,
    { id: string; filename: string; sha256: string; sizeBytes: number; addedAt: string }[]
  >();
  if (requestIds.length === 0) return result;
  const rows = await db
    .selectFrom('evidence_request_artefacts as l')
    .innerJoin('artefacts as a', 'a.id', 'l.artefact_id')
    .select(['l.request_id', 'a.id', 'a.filename', 'a.sha256', 'a.size_bytes', 'l.added_at'])
    .where('l.request_id', 'in', requestIds)
    .where(readableBy(actor, 'a'))
    .orderBy('l.added_at')
    .execute();
  for (const row of rows) {
    const list = result.get(row.request_id) ?? [];
    list.push({
      id: row.id,
      filename: row.filename,
      sha256: row.sha256,
      sizeBytes: Number(row.size_bytes),
      addedAt: new Date(row.added_at).toISOString(),
    });
    result.set(row.request_id, list);
  }
  return result;
}

/** How many artefacts are attached to each of some requests (whoever may read them). */
export async function countAttachmentsOf(
  db: Db,
  requestIds: string[],
): Promise<Map<string, number>> {
  if (requestIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('evidence_request_artefacts')
    .select(['request_id', (eb) => eb.fn.countAll<string>().as('count')])
    .where('request_id', 'in', requestIds)
    .groupBy('request_id')
    .execute();
  return new Map(rows.map((row) => [row.request_id, Number(row.count)]));
}

/** How many artefacts are attached to a request (whoever may read them). */
export async function countAttachments(db: Db, requestId: string): Promise<number> {
  const row = await db
    .selectFrom('evidence_request_artefacts')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('request_id', '=', requestId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
