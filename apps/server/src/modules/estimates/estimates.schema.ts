import { MAX_LISTS } from '@jaga/estimation';
import { z } from 'zod';
import { nextCursor, pageCursor, pageLimit } from '../../http/schema-fragments.js';

/** TLP levels a list or estimate may carry; RED is left out (see the description below). */
export const ESTIMATE_TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'] as const;
export type EstimateTlp = (typeof ESTIMATE_TLP_LEVELS)[number];

/** Most CLKs in one uploaded list. */
export const MAX_LIST_RECORDS = 20_000;
/** Most lists in one estimate. */
export const MAX_ESTIMATE_LISTS = Math.min(MAX_LISTS, 6);
/**
 * Most record pairs one estimate may link (the sum over list pairs of their sizes' product): at
 * 20 million Dice comparisons per second (the acceptance floor; about 100 million are measured)
 * that is at most 25 s.
 */
export const MAX_PAIR_COMPARISONS = 500_000_000;
/** Most bootstrap replicates in one request, which keeps its time bounded. */
export const MAX_BOOTSTRAP = 1000;
/** Dice threshold documented for the Jaga victim-list schema (docs/estimation.md, "Linkage benchmark"). */
export const DEFAULT_THRESHOLD = 0.86;
/** Capture-history cells below this many people are never published exactly. */
export const DEFAULT_MIN_CELL_SIZE = 5;

const tlp = z.enum(ESTIMATE_TLP_LEVELS, {
  error: (issue) =>
    `must be one of ${ESTIMATE_TLP_LEVELS.join(', ')} (TLP 2.0; RED is not offered: use AMBER+STRICT to keep it in your organisation)${issue.input === undefined ? '' : `, got ${JSON.stringify(issue.input)}`}`,
});

const groupIds = z
  .array(z.uuid({ error: 'must be a sharing group id (a UUID)' }))
  .max(100)
  .describe('Sharing groups of your organisation to release it to; they widen AMBER only');

export const uploadListBody = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200).describe('e.g. "Police 2026"'),
    tlp,
    groups: groupIds.default([]),
    clks: z
      .array(z.string({ error: 'must be a base64 CLK string' }))
      .min(1, 'must hold at least one CLK')
      .max(MAX_LIST_RECORDS, `must hold at most ${MAX_LIST_RECORDS} CLKs`)
      .describe(
        'The CLKs exactly as `jaga link encode` (or clkhash) writes them: standard base64, one per person, all of the same length (128 to 8,192 bits). Names, dates of birth or any other plain field are refused.',
      ),
  })
  .strict()
  .describe(
    'An encoded list: the `{"clks": […]}` output of `jaga link encode`, with a name and its sharing',
  );
export type UploadListBody = z.infer<typeof uploadListBody>;

const ref = z.object({ id: z.uuid(), name: z.string() });

export const listBody = z
  .object({
    id: z.uuid(),
    name: z.string(),
    records: z.number().int().describe('Number of CLKs (people on the list)'),
    bits: z.number().int().describe('Bits per CLK'),
    sha256: z.string().describe('Lower-case hex SHA-256 of the CLK bytes, back to back'),
    tlp,
    organisation: ref,
    createdBy: z.object({ id: z.uuid(), displayName: z.string() }),
    createdAt: z.string(),
  })
  .describe('An encoded list (its CLKs are never sent back)');
export type ListBody = z.infer<typeof listBody>;

export const listPage = z.object({ items: z.array(listBody) });

export const ESTIMATE_METHODS = ['stepwise', 'bic', 'aic-stepwise', 'main'] as const;

export const createEstimateBody = z
  .object({
    lists: z
      .array(z.uuid({ error: 'must be a list id (a UUID)' }))
      .min(2, 'an estimate needs at least 2 lists')
      .max(MAX_ESTIMATE_LISTS, `at most ${MAX_ESTIMATE_LISTS} lists per estimate`)
      .refine((ids) => new Set(ids).size === ids.length, 'must not name a list twice')
      .describe('Ids of 2 to 6 encoded lists you may read'),
    threshold: z
      .number()
      .gt(0, 'must be above 0')
      .lte(1, 'must be at most 1')
      .default(DEFAULT_THRESHOLD)
      .describe(`Minimum Dice similarity of a link (default ${DEFAULT_THRESHOLD})`),
    method: z
      .enum(ESTIMATE_METHODS, {
        error: `must be one of ${ESTIMATE_METHODS.join(', ')}`,
      })
      .default('stepwise')
      .describe('Model selection (default stepwise, p < 0.02)'),
    bootstrap: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(MAX_BOOTSTRAP, `must be at most ${MAX_BOOTSTRAP}, which keeps a request's time bounded`)
      .default(0)
      .describe(
        `Bootstrap replicates for a BCa interval: 0 (profile-likelihood interval) to ${MAX_BOOTSTRAP}`,
      ),
    seed: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(2 ** 32 - 1)
      .default(1234)
      .describe('Seed of the bootstrap, for a reproducible interval'),
    tlp: tlp
      .optional()
      .describe('Default: the most restrictive level of its lists; it may not be less restrictive'),
    groups: groupIds.default([]),
  })
  .strict()
  .describe('Link encoded lists and estimate the hidden total');
export type CreateEstimateBody = z.infer<typeof createEstimateBody>;

export const estimateParams = z.object({
  id: z.uuid({ error: 'must be an estimate id (a UUID)' }),
});

const cellCount = z.union([z.number().int(), z.string()]);

const savedReport = z.object({
  savedAt: z.string(),
  savedBy: z.object({ id: z.uuid(), displayName: z.string() }),
  artefacts: z
    .array(
      z.object({
        id: z.uuid(),
        kind: z.enum(['report', 'table']),
        filename: z.string(),
        sha256: z.string(),
      }),
    )
    .describe(
      'The report (JSON) and its published capture-history table (CSV); only those you may read',
    ),
});

export const estimateBody = z
  .object({
    id: z.uuid(),
    lists: z
      .array(
        z.object({
          id: z.uuid(),
          code: z.string(),
          name: z.string(),
          records: z.number().int().nullable(),
        }),
      )
      .describe('The lists in order; `code` is the name used in histories and terms'),
    observed: z.number().int().describe('People seen on at least one list'),
    method: z.string(),
    terms: z.array(z.string()).describe('Interaction terms of the chosen model, e.g. `A:B`'),
    model: z.string(),
    estimate: z.number().describe('Estimated total, observed and unobserved'),
    interval: z.object({
      level: z.number(),
      low: z.number(),
      high: z.number().nullable().describe('null when the data set no finite upper limit'),
      kind: z.enum(['bca', 'profile', 'wald']),
    }),
    warnings: z.array(z.string()),
    histories: z
      .array(
        z.object({
          history: z.array(z.number().int()),
          lists: z.array(z.string()).describe('Codes of the lists this history is on'),
          count: cellCount.describe(
            'People with this history, or `"<5"` (the minimum cell size) when fewer: small cells are never shown exactly; `"suppressed"` hides one more cell when only one was small, so it cannot be worked out from the total',
          ),
        }),
      )
      .describe('The capture-history table, with small cells suppressed'),
    minimumCellSize: z.number().int(),
    linkage: z.object({
      threshold: z.number(),
      comparisons: z.number().int().describe('Dice similarities computed'),
    }),
    bootstrap: z
      .object({ replicates: z.number().int(), seed: z.number().int(), failed: z.number().int() })
      .nullable(),
    tlp,
    organisation: ref,
    createdBy: z.object({ id: z.uuid(), displayName: z.string() }),
    createdAt: z.string(),
    savedReport: savedReport
      .nullable()
      .describe('The report saved as evidence artefacts, or null until someone saves it'),
  })
  .describe('A stored estimate report');
export type EstimateBody = z.infer<typeof estimateBody>;

export const listEstimatesQuery = z
  .object({
    limit: pageLimit,
    cursor: pageCursor,
  })
  .strict();
export type ListEstimatesQuery = z.infer<typeof listEstimatesQuery>;

export const estimateListItem = z
  .object({
    id: z.uuid(),
    lists: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string() })),
    observed: z.number().int(),
    method: z.string(),
    estimate: z.number(),
    interval: estimateBody.shape.interval,
    tlp,
    saved: z.boolean().describe('Whether the report is saved as evidence artefacts'),
    organisation: ref,
    createdBy: z.object({ id: z.uuid(), displayName: z.string() }),
    createdAt: z.string(),
  })
  .describe('One estimate in a list: its lists, estimate and interval');
export type EstimateListItem = z.infer<typeof estimateListItem>;

export const estimatePage = z.object({
  items: z.array(estimateListItem),
  nextCursor,
});
export type EstimatePage = z.infer<typeof estimatePage>;
