import type { Kysely, Transaction } from 'kysely';
import { type NewestFirstCursor, olderThan } from '../../db/keyset.js';
import type { Database } from '../../db/schema.js';
import { readableBy, type SqlPolicyActor } from '../sharing/sql-filter.js';
import type { EstimateTlp } from './estimates.schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** An encoded list's metadata with the names the API shows beside the ids. */
export interface ListRow {
  id: string;
  organisationId: string;
  organisationName: string;
  createdBy: string;
  createdByName: string;
  tlp: EstimateTlp;
  name: string;
  records: number;
  bits: number;
  sha256: string;
  createdAt: Date;
}

function selectLists(db: Db) {
  return db
    .selectFrom('estimate_lists as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .innerJoin('users as u', 'u.id', 'l.created_by')
    .select([
      'l.id',
      'l.organisation_id',
      'o.name as organisation_name',
      'l.created_by',
      'u.display_name as created_by_name',
      'l.tlp',
      'l.name',
      'l.records',
      'l.bits',
      'l.sha256',
      'l.created_at',
    ]);
}

type SelectedList = Awaited<ReturnType<ReturnType<typeof selectLists>['execute']>>[number];

function toListRow(row: SelectedList): ListRow {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    tlp: row.tlp as EstimateTlp,
    name: row.name,
    records: Number(row.records),
    bits: Number(row.bits),
    sha256: row.sha256,
    createdAt: new Date(row.created_at),
  };
}

/** The encoded lists the actor may read, newest first (metadata only). */
export async function listReadableLists(db: Db, actor: SqlPolicyActor): Promise<ListRow[]> {
  const rows = await selectLists(db)
    .where(readableBy(actor, 'l'))
    .orderBy('l.created_at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(1000)
    .execute();
  return rows.map(toListRow);
}

/** Those of the given lists the actor may read, with their CLK bytes; the others are absent. */
export async function findReadableListsWithClks(
  db: Db,
  actor: SqlPolicyActor,
  ids: readonly string[],
): Promise<Map<string, ListRow & { clks: Uint8Array }>> {
  if (ids.length === 0) return new Map();
  const rows = await selectLists(db)
    .select('l.clks')
    .where('l.id', 'in', ids)
    .where(readableBy(actor, 'l'))
    .execute();
  return new Map(rows.map((row) => [row.id, { ...toListRow(row), clks: row.clks }]));
}

/** One list the actor may read (metadata only), or `undefined`. */
export async function findReadableList(
  db: Db,
  actor: SqlPolicyActor,
  id: string,
): Promise<ListRow | undefined> {
  const row = await selectLists(db)
    .where('l.id', '=', id)
    .where(readableBy(actor, 'l'))
    .executeTakeFirst();
  return row && toListRow(row);
}

/** Inserts an encoded list; returns its id. */
export async function insertList(
  db: Db,
  list: {
    organisationId: string;
    createdBy: string;
    tlp: EstimateTlp;
    name: string;
    records: number;
    bits: number;
    clks: Uint8Array;
    sha256: string;
    at: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('estimate_lists')
    .values({
      organisation_id: list.organisationId,
      created_by: list.createdBy,
      tlp: list.tlp,
      name: list.name,
      records: list.records,
      bits: list.bits,
      clks: list.clks,
      sha256: list.sha256,
      created_at: list.at,
      updated_at: list.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A stored estimate with the names the API shows beside the ids. */
export interface EstimateRow {
  id: string;
  organisationId: string;
  organisationName: string;
  createdBy: string;
  createdByName: string;
  tlp: EstimateTlp;
  /** JSON text of the report (small cells already suppressed). */
  report: string;
  createdAt: Date;
}

function selectEstimates(db: Db) {
  return db
    .selectFrom('estimates as e')
    .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
    .innerJoin('users as u', 'u.id', 'e.created_by')
    .select([
      'e.id',
      'e.organisation_id',
      'o.name as organisation_name',
      'e.created_by',
      'u.display_name as created_by_name',
      'e.tlp',
      'e.report',
      'e.created_at',
    ]);
}

type SelectedEstimate = Awaited<ReturnType<ReturnType<typeof selectEstimates>['execute']>>[number];

function toEstimateRow(row: SelectedEstimate): EstimateRow {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    tlp: row.tlp as EstimateTlp,
    report: row.report,
    createdAt: new Date(row.created_at),
  };
}

/** One estimate the actor may read, or `undefined` (missing and unreadable look the same). */
export async function findReadableEstimate(
  db: Db,
  actor: SqlPolicyActor,
  id: string,
): Promise<EstimateRow | undefined> {
  const row = await selectEstimates(db)
    .where('e.id', '=', id)
    .where(readableBy(actor, 'e'))
    .executeTakeFirst();
  return row && toEstimateRow(row);
}

/** Inserts an estimate; returns its id. */
export async function insertEstimate(
  db: Db,
  estimate: {
    id: string;
    organisationId: string;
    createdBy: string;
    tlp: EstimateTlp;
    listIds: readonly string[];
    report: string;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('estimates')
    .values({
      id: estimate.id,
      organisation_id: estimate.organisationId,
      created_by: estimate.createdBy,
      tlp: estimate.tlp,
      list_ids: [...estimate.listIds],
      report: estimate.report,
      created_at: estimate.at,
      updated_at: estimate.at,
    })
    .execute();
}

/** Where a page of the newest-first list starts: after this (created_at, id). */
export type EstimateCursor = NewestFirstCursor;

/** A page of the estimates the actor may read, newest first, with whether each report is saved. */
export async function listReadableEstimates(
  db: Db,
  actor: SqlPolicyActor,
  options: { limit: number; after?: EstimateCursor | undefined },
): Promise<(EstimateRow & { saved: boolean })[]> {
  let query = selectEstimates(db)
    .leftJoin('estimate_reports as r', 'r.estimate_id', 'e.id')
    .select('r.estimate_id as saved_id')
    .where(readableBy(actor, 'e'))
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(options.limit);
  if (options.after) query = query.where(olderThan('e', options.after));
  const rows = await query.execute();
  return rows.map((row) => ({ ...toEstimateRow(row), saved: row.saved_id !== null }));
}

/** The saved report of an estimate (its artefact ids), or `undefined` when not saved yet. */
export async function findEstimateReport(
  db: Db,
  estimateId: string,
): Promise<
  | {
      reportArtefactId: string;
      tableArtefactId: string;
      savedBy: string;
      savedByName: string;
      savedAt: Date;
    }
  | undefined
> {
  const row = await db
    .selectFrom('estimate_reports as r')
    .innerJoin('users as u', 'u.id', 'r.saved_by')
    .select([
      'r.report_artefact_id',
      'r.table_artefact_id',
      'r.saved_by',
      'u.display_name as saved_by_name',
      'r.saved_at',
    ])
    .where('r.estimate_id', '=', estimateId)
    .executeTakeFirst();
  return (
    row && {
      reportArtefactId: row.report_artefact_id,
      tableArtefactId: row.table_artefact_id,
      savedBy: row.saved_by,
      savedByName: row.saved_by_name,
      savedAt: new Date(row.saved_at),
    }
  );
}

/**
 * Records an estimate's saved report; `false` when another request saved it first (the estimate
 * keeps that one).
 */
export async function insertEstimateReport(
  db: Db,
  report: {
    estimateId: string;
    reportArtefactId: string;
    tableArtefactId: string;
    savedBy: string;
    at: Date;
  },
): Promise<boolean> {
  const rows = await db
    .insertInto('estimate_reports')
    .values({
      estimate_id: report.estimateId,
      report_artefact_id: report.reportArtefactId,
      table_artefact_id: report.tableArtefactId,
      saved_by: report.savedBy,
      saved_at: report.at,
    })
    .onConflict((oc) => oc.column('estimate_id').doNothing())
    .returning('estimate_id')
    .execute();
  return rows.length === 1;
}
