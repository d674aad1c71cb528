import { type RawBuilder, type SqlBool, sql } from 'kysely';

/** Where a page of a newest-first list starts: after this (`created_at`, `id`). */
export interface NewestFirstCursor {
  createdAt: Date;
  id: string;
}

/**
 * The rows that come after a (time, id) key in a list ordered by `column` then `id`, both in
 * `order`, as an SQL condition on table alias `alias`. Comparing the pair as a row value keeps
 * pages stable when many rows share a time, and lets PostgreSQL use an index on (`column`, `id`).
 *
 * @example
 * query
 *   .orderBy('n.due_at', 'asc')
 *   .orderBy('n.id', 'asc')
 *   .where(keysetAfter('n', { at: cursor.at, id: cursor.id }, { column: 'due_at', order: 'asc' }));
 */
export function keysetAfter(
  alias: string,
  after: { at: Date; id: string },
  { column = 'created_at', order = 'desc' }: { column?: string; order?: 'asc' | 'desc' } = {},
): RawBuilder<SqlBool> {
  const key = sql`(${sql.ref(`${alias}.${column}`)}, ${sql.ref(`${alias}.id`)})`;
  const cursor = sql`(${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`;
  return order === 'desc' ? sql<SqlBool>`${key} < ${cursor}` : sql<SqlBool>`${key} > ${cursor}`;
}

/**
 * The rows older than a cursor in a list ordered by `created_at` then `id`, newest first: the
 * order of every record list (artefacts, traces, estimates, requests, notices).
 *
 * @example
 * let query = db.selectFrom('artefacts as a').selectAll('a')
 *   .orderBy('a.created_at', 'desc').orderBy('a.id', 'desc');
 * if (after) query = query.where(olderThan('a', after));
 */
export function olderThan(alias: string, after: NewestFirstCursor): RawBuilder<SqlBool> {
  return keysetAfter(alias, { at: after.createdAt, id: after.id });
}
