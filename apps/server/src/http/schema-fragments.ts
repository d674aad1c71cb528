import { z } from 'zod';

/**
 * One of a fixed list of values; the error names them all and what was given instead.
 *
 * @example
 * const status = choice(['draft', 'sent'] as const); // "must be one of draft, sent, got "x""
 */
export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    error: (issue) =>
      `must be one of ${values.join(', ')}${issue.input === undefined ? '' : `, got ${JSON.stringify(issue.input)}`}`,
  });

/**
 * Trimmed, non-empty text of at most `max` characters.
 *
 * @example
 * const body = z.object({ explanation: text(10_000) });
 */
export const text = (max: number) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

/** An ISO 8601 time with its offset (`Z` or `+07:00`). */
export const isoTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 time such as 2026-12-01T10:00:00Z',
});

/** `limit` of a list query: 1 to 200 rows a page, 50 when not given. */
export const pageLimit = z.coerce
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(200, 'must be at most 200')
  .default(50);

/** `cursor` of a list query: the previous page's `nextCursor`, passed back as is. */
export const pageCursor = z
  .string()
  .max(500)
  .optional()
  .describe('`nextCursor` of the previous page');

/** `nextCursor` of a page answer. */
export const nextCursor = z
  .string()
  .nullable()
  .describe('Pass as `cursor` for the next page; null at the end');
