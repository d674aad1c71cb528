/**
 * A timestamp column as ISO 8601 text. The `created_at` columns of the first migration are typed
 * as a nested column type, so their selected values reach TypeScript as an opaque type; at run time
 * both drivers give a `Date`.
 *
 * @example
 * isoTime(row.created_at); // '2026-11-23T08:00:00.000Z'
 */
export function isoTime(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}
