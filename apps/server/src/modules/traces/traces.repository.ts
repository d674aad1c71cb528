import type { Kysely, Transaction } from 'kysely';
import { type NewestFirstCursor, olderThan } from '../../db/keyset.js';
import type { Database } from '../../db/schema.js';
import { readableBy, type SqlPolicyActor } from '../sharing/sql-filter.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A stored trace with the names a list shows beside the ids. */
export interface TraceListRow {
  id: string;
  tlp: string;
  model: string;
  /** JSON text of `{summary, input, artefacts}` as stored when the trace ran. */
  summary: string;
  organisationId: string;
  organisationName: string;
  createdBy: string;
  createdByName: string;
  createdAt: Date;
}

/** Where a page of the newest-first list starts: after this (created_at, id). */
export type TraceCursor = NewestFirstCursor;

/**
 * A page of the traces the actor may read, newest first; the sharing policy's SQL filter decides
 * which, so an unreadable trace is never listed or counted.
 */
export async function listReadableTraces(
  db: Db,
  actor: SqlPolicyActor,
  options: { limit: number; after?: TraceCursor | undefined },
): Promise<TraceListRow[]> {
  let query = db
    .selectFrom('traces as t')
    .innerJoin('organisations as o', 'o.id', 't.organisation_id')
    .innerJoin('users as u', 'u.id', 't.created_by')
    .select([
      't.id',
      't.tlp',
      't.model',
      't.summary',
      't.organisation_id',
      'o.name as organisation_name',
      't.created_by',
      'u.display_name as created_by_name',
      't.created_at',
    ])
    .where(readableBy(actor, 't'))
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(options.limit);
  if (options.after) query = query.where(olderThan('t', options.after));
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    tlp: row.tlp,
    model: row.model,
    summary: row.summary,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    createdAt: new Date(row.created_at),
  }));
}
