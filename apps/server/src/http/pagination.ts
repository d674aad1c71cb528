import type { NewestFirstCursor } from '../db/keyset.js';
import { AppError } from '../errors.js';

/** The error of a `cursor` the API did not hand out (or was changed on the way back). */
export const notACursor = (): AppError =>
  new AppError(
    'bad_request',
    'querystring/cursor: not a cursor from this API; pass the nextCursor of the previous page as is.',
  );

const UUID = /^[0-9a-f-]{36}$/i;

/** Whether a cursor part looks like a row id (a UUID). */
export const isUuidLike = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value);

/**
 * An opaque page cursor: the sort key of the last row of a page, as base64url JSON. Opaque so
 * callers pass it back as is rather than build one.
 *
 * @example
 * encodeCursor([row.risk, row.id]); // 'WzAuOSwiOGI…'
 */
export function encodeCursor(key: readonly (string | number | undefined)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * Reads a cursor made by {@link encodeCursor}: `read` checks its parts and returns the key, or
 * `undefined` when they are not what this list hands out; then `invalid()` is thrown (by default
 * a 400 that says to pass the previous page's `nextCursor` as is).
 *
 * @example
 * const after = decodeCursor(query.cursor, ([risk, id]) =>
 *   typeof risk === 'number' && isUuidLike(id) ? { risk, id } : undefined,
 * );
 */
export function decodeCursor<T>(
  cursor: string,
  read: (key: readonly unknown[]) => T | undefined,
  invalid: () => Error = notACursor,
): T {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const result = Array.isArray(key) ? read(key) : undefined;
  if (result === undefined) throw invalid();
  return result;
}

/** A time written into a cursor (an ISO string), or `undefined` if it is not one. */
export function cursorTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

/**
 * The cursor after a row of a newest-first list (`created_at`, `id`).
 *
 * @example
 * const nextCursor = encodeNewestFirst(lastRow);
 */
export const encodeNewestFirst = (row: NewestFirstCursor): string =>
  encodeCursor([row.createdAt.toISOString(), row.id]);

/**
 * Reads a cursor made by {@link encodeNewestFirst}, or throws `invalid()`.
 *
 * @example
 * const after = query.cursor ? decodeNewestFirst(query.cursor) : undefined;
 */
export function decodeNewestFirst(
  cursor: string,
  invalid: () => Error = notACursor,
): NewestFirstCursor {
  return decodeCursor(
    cursor,
    ([at, id]) => {
      const createdAt = cursorTime(at);
      return createdAt && isUuidLike(id) ? { createdAt, id } : undefined;
    },
    invalid,
  );
}

/**
 * Cuts a page out of `limit + 1` rows read: the extra row only says that another page follows,
 * whose cursor is made from the page's last row.
 *
 * @example
 * const rows = await listReadableTraces(db, actor, { limit: query.limit + 1, after });
 * const { page, nextCursor } = pageOf(rows, query.limit, encodeNewestFirst);
 */
export function pageOf<Row>(
  rows: readonly Row[],
  limit: number,
  encode: (last: Row) => string,
): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last !== undefined ? encode(last) : null };
}
