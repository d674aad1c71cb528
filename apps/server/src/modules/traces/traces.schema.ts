import { z } from 'zod';
import { nextCursor, pageCursor, pageLimit } from '../../http/schema-fragments.js';
import { TLP_LEVELS } from '../sharing/tlp.js';

/** Longest path a trace on the hub may follow, in transfers from a seed. */
export const MAX_TRACE_HOPS = 10;
/** Most files (transfers and labels together) one trace request may upload. */
export const MAX_TRACE_FILES = 20;
/** 50 MB: the default limit on each uploaded file of a trace. */
export const DEFAULT_MAX_TRACE_FILE_BYTES = 50 * 1024 * 1024;
/** Rejected rows listed in the response and summary; the report artefact lists all of them. */
export const MAX_LISTED_REJECTS = 1000;

const tlp = z.enum(TLP_LEVELS, {
  error: (issue) =>
    `must be one of ${TLP_LEVELS.join(', ')} (TLP 2.0)${issue.input === undefined ? '' : `, got ${JSON.stringify(issue.input)}`}`,
});

/** The form fields of `POST /api/v1/traces`, after repeatable fields are gathered into lists. */
export const traceFields = z
  .object({
    from: z
      .array(z.string().trim().min(1))
      .min(1, 'give at least one seed address or transaction hash')
      .max(10_000),
    model: z
      .enum(['haircut', 'fifo', 'lifo', 'poison', 'clean-first', 'libr', 'dirty-first'], {
        error: 'must be one of haircut, fifo, lifo, poison, clean-first (= libr), dirty-first',
      })
      .default('haircut'),
    maxHops: z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_TRACE_HOPS, `must be at most ${MAX_TRACE_HOPS} on the hub`)
      .default(5),
    since: z.string().trim().min(1).optional(),
    stopAt: z.array(z.string().trim().toLowerCase().min(1)).max(50).optional(),
    tlp,
    groups: z
      .array(z.uuid({ error: 'must be a sharing group id (a UUID)' }))
      .max(100)
      .default([]),
    recipients: z
      .array(
        z.email({ error: 'must be the e-mail of a Jaga user' }).transform((e) => e.toLowerCase()),
      )
      .max(100)
      .default([]),
  })
  .strict();
export type TraceFields = z.infer<typeof traceFields>;

/** Field names a trace request accepts besides the files. */
export const TRACE_FIELD_NAMES = [
  'from',
  'model',
  'maxHops',
  'since',
  'stopAt',
  'tlp',
  'groups',
  'recipients',
] as const;

/** Fields that may be repeated, or sent once as a JSON array or comma-separated. */
export const TRACE_LIST_FIELDS = new Set(['from', 'stopAt', 'groups', 'recipients']);

export const traceParams = z.object({ id: z.uuid({ error: 'must be a trace id (a UUID)' }) });

const rejectedRow = z.object({ file: z.string(), line: z.number().int(), reason: z.string() });
const amount = z.string().describe('Decimal amount of the traced asset');

export const traceBody = z
  .object({
    id: z.uuid(),
    tlp,
    model: z.string(),
    createdAt: z.string(),
    summary: z.object({
      rule: z.string(),
      chain: z.string(),
      asset: z.string(),
      maxHops: z.number().int(),
      since: z.string().nullable(),
      stopCategories: z.array(z.string()),
      seeds: z.number().int(),
      seedsNotFound: z.array(z.string()),
      endpoints: z.array(
        z.object({
          address: z.string(),
          label: z.string(),
          category: z.string(),
          attribution: z
            .enum(['label', 'inferred-deposit'])
            .describe(
              'A label file, or a probable deposit address of that exchange (low confidence)',
            ),
          amount,
          hops: z.number().int(),
        }),
      ),
      totals: z.object({
        seeded: amount,
        reachedEndpoints: amount,
        held: amount,
        unresolved: amount,
        conserved: z.boolean().nullable(),
      }),
      hubs: z.number().int(),
      hops: z.number().int(),
      selectorIds: z
        .array(z.uuid())
        .describe(
          'The wallet selectors the trace created or matched: its seeds, endpoints, probable deposit addresses and hubs (GET /api/v1/selectors/{id})',
        ),
    }),
    input: z.object({
      files: z.array(
        z.object({
          kind: z.enum(['transfers', 'labels']),
          filename: z.string(),
          sha256: z.string(),
          bytes: z.number().int(),
        }),
      ),
      transfers: z.number().int(),
      labelledAddresses: z.number().int(),
      rejectedTotal: z.number().int().describe('Rows rejected by the importers, seeds included'),
      rejected: z
        .array(rejectedRow)
        .describe(
          `Rejected rows with file and line (the first ${MAX_LISTED_REJECTS}; the report artefact lists all)`,
        ),
      notes: z.array(z.string()),
    }),
    artefacts: z.array(
      z.object({
        id: z.uuid(),
        kind: z.enum(['report', 'hops']),
        filename: z.string(),
        sha256: z.string(),
      }),
    ),
  })
  .describe('A trace run on the hub: its summary, inputs and the artefacts holding its report');
export type TraceBody = z.infer<typeof traceBody>;

export const listTracesQuery = z
  .object({
    limit: pageLimit,
    cursor: pageCursor,
  })
  .strict();
export type ListTracesQuery = z.infer<typeof listTracesQuery>;

export const traceListItem = z
  .object({
    id: z.uuid(),
    tlp,
    model: z.string(),
    chain: z.string(),
    asset: z.string(),
    seeds: z.number().int(),
    endpoints: z.number().int().describe('Endpoints (exchanges and services) the taint reached'),
    seeded: amount,
    reachedEndpoints: amount,
    conserved: z.boolean().nullable(),
    organisation: z.object({ id: z.uuid(), name: z.string() }),
    createdBy: z.object({ id: z.uuid(), displayName: z.string() }),
    createdAt: z.string(),
  })
  .describe('One trace in a list: what it followed and where the money went, in numbers');
export type TraceListItem = z.infer<typeof traceListItem>;

export const tracePage = z.object({
  items: z.array(traceListItem),
  nextCursor,
});
export type TracePage = z.infer<typeof tracePage>;
