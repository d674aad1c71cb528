import { z } from 'zod';
import { geometryProblem } from '../entities/geometry.js';
import { TLP_LEVELS } from '../sharing/tlp.js';

/** Where posts come from. A source outside this list is refused, so counts per source stay meaningful. */
export const POST_SOURCES = [
  'facebook',
  'instagram',
  'tiktok',
  'x',
  'youtube',
  'linkedin',
  'telegram',
  'whatsapp',
  'line',
  'wechat',
  'zalo',
  'viber',
  'kakaotalk',
  'jobstreet',
  'jobsdb',
  'indeed',
  'job-board',
  'classifieds',
  'website',
  'tip',
  'victim-report',
  'agency-report',
  'platform-report',
  'news',
  'demo',
] as const;

/** Longest post text accepted, in characters. */
export const MAX_POST_TEXT = 50_000;
/** Most posts in one ingestion request. */
export const MAX_INGEST_BATCH = 500;

export const tlpSchema = z.enum(TLP_LEVELS, {
  error: (issue) =>
    `must be one of ${TLP_LEVELS.join(', ')} (TLP 2.0)${issue.input === undefined ? '' : `, got ${JSON.stringify(issue.input)}`}`,
});

/** A GeoJSON Point or Polygon, checked with a message that says what is wrong. */
export const geometrySchema = z
  .unknown()
  .superRefine((value, ctx) => {
    const problem = geometryProblem(value, 'geometry');
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('GeoJSON Point or Polygon, longitude first (WGS 84)');

const countrySchema = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as KH')
  .transform((c) => c.toUpperCase());

export const selectorInputSchema = z
  .object({
    type: z.enum(['phone', 'handle', 'wallet', 'url', 'domain', 'email'], {
      error: (issue) =>
        `must be one of phone, handle, wallet, url, domain, email, got ${JSON.stringify(issue.input)}`,
    }),
    value: z.string().min(1, 'must not be empty').max(2000),
    platform: z.string().max(40).optional().describe('Platform of a handle (telegram by default)'),
    chain: z.string().max(20).optional().describe('Chain of a wallet: BTC, ETH or TRON'),
    country: z.string().max(2).optional().describe('Country a local phone number is written in'),
  })
  .strict();

/** One post to ingest. */
export const postInputSchema = z
  .object({
    source: z.enum(POST_SOURCES, {
      error: (issue) =>
        `${issue.input === undefined ? 'is required' : `${JSON.stringify(issue.input)} is not a known source`}: use one of ${POST_SOURCES.join(', ')}`,
    }),
    externalId: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(500)
      .optional()
      .describe("The source's id of the post; posts are stored once per (source, externalId)"),
    text: z
      .string({
        error: (issue) =>
          issue.input === undefined ? 'is required (the post text)' : 'must be a string',
      })
      .superRefine((t, ctx) => {
        if (t.trim().length === 0) ctx.addIssue({ code: 'custom', message: 'is empty' });
        if (t.length > MAX_POST_TEXT) {
          ctx.addIssue({
            code: 'custom',
            message: `is ${t.length.toLocaleString('en')} characters long; the limit is ${MAX_POST_TEXT.toLocaleString('en')} (split the post)`,
          });
        }
      }),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2000)
      .optional(),
    postedAt: z.iso
      .datetime({ offset: true, error: 'must be an ISO 8601 time such as 2026-11-24T10:00:00Z' })
      .optional(),
    language: z.string().max(35).optional().describe('BCP 47 hint; detected when absent'),
    location: z
      .union([
        z.string().trim().min(1, 'must not be empty').max(500),
        z
          .object({
            name: z.string().trim().max(500).optional(),
            country: countrySchema.optional(),
            geometry: geometrySchema.optional(),
          })
          .strict(),
      ])
      .optional()
      .describe(
        'A place name ("Sihanoukville, Cambodia") or { name, country, geometry }; its country reads local phone numbers',
      ),
    tlp: tlpSchema.default('AMBER'),
    groups: z
      .array(z.uuid({ error: 'must be a sharing group id (a UUID)' }))
      .max(100)
      .default([]),
    selectors: z
      .array(selectorInputSchema)
      .max(100)
      .default([])
      .describe('Selectors the source gives beside the text (a reported wallet, an account id)'),
  })
  .strict();
export type PostInput = z.infer<typeof postInputSchema>;

const ingestedSelector = z.object({
  id: z.uuid(),
  type: z.string(),
  value: z.string(),
  platform: z.string().optional(),
  chain: z.string().optional(),
  country: z.string().optional(),
});

export const ingestedItem = z.object({
  index: z.number().int().describe('Position of the post in the request'),
  id: z.uuid(),
  created: z.boolean().describe('false when the post was already stored (same source id or text)'),
  screening: z.object({
    risk: z.number(),
    decision: z.enum(['allow', 'label', 'review', 'remove']),
  }),
  selectors: z.array(ingestedSelector),
});
export type IngestedItem = z.infer<typeof ingestedItem>;

export const ingestError = z.object({
  index: z.number().int(),
  externalId: z.string().optional(),
  error: z.object({
    status: z.literal(400),
    code: z.literal('bad_request'),
    message: z.string(),
  }),
});
export type IngestError = z.infer<typeof ingestError>;

export const ingestRequest = z
  .looseObject({
    posts: z
      .array(z.unknown())
      .min(1, 'must hold at least one post')
      .max(MAX_INGEST_BATCH, `holds at most ${MAX_INGEST_BATCH} posts per request`)
      .optional(),
  })
  .describe(
    'One post `{source, externalId?, text, url?, postedAt?, language?, location?, tlp?, groups?, selectors?}` or a batch `{posts: [...]}`',
  );

export const ingestResponse = z.object({
  items: z.array(z.union([ingestedItem, ingestError])).describe('One per post, in order'),
});

const csv = <T extends string>(values: readonly [T, ...T[]], name: string) =>
  z
    .string()
    .max(500)
    .transform((text, ctx) => {
      const list = text
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      const bad = list.filter((v) => !(values as readonly string[]).includes(v));
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${bad.join(', ')} is not a ${name}; use one or more of ${values.join(', ')}, comma-separated`,
        });
        return z.NEVER;
      }
      return list as T[];
    });

export const DECISIONS = ['allow', 'label', 'review', 'remove'] as const;
export const POST_STATUSES = ['new', 'reviewed', 'actioned', 'dismissed'] as const;

export const listPostsQuery = z
  .object({
    decision: csv(DECISIONS, 'decision').optional().describe('e.g. `review,remove`'),
    status: csv(POST_STATUSES, 'status').optional(),
    language: z
      .string()
      .max(200)
      .transform((t) =>
        t
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      )
      .optional()
      .describe('Detected languages, comma-separated (en, vi, th, zh, …)'),
    source: csv(POST_SOURCES, 'source').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional().describe('`nextCursor` of the previous page'),
  })
  .strict();
export type ListPostsQuery = z.infer<typeof listPostsQuery>;

export const postParams = z.object({ id: z.uuid({ error: 'must be a post id (a UUID)' }) });

export const postSummary = z
  .object({
    id: z.uuid(),
    source: z.string(),
    externalId: z.string().nullable(),
    url: z.string().nullable(),
    excerpt: z.string().describe('The first 280 characters'),
    language: z.string(),
    location: z.string().nullable(),
    country: z.string().nullable(),
    postedAt: z.string().nullable(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    risk: z.number(),
    decision: z.enum(DECISIONS),
    status: z.string(),
    fingerprint: z.string(),
    tlp: tlpSchema,
    organisation: z.object({ id: z.uuid(), name: z.string() }).describe('The owner'),
    isDemo: z.boolean(),
  })
  .describe('A stored post');
export type PostSummary = z.infer<typeof postSummary>;

export const postPage = z.object({
  items: z.array(postSummary),
  total: z.number().int().describe('Posts you may read that match the filters'),
  nextCursor: z.string().nullable(),
});

const spanSchema = z.object({
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  field: z.string().optional(),
});

export const postDetail = postSummary.extend({
  text: z.string(),
  geometry: z.unknown().nullable().describe('GeoJSON geometry of the location'),
  screening: z.object({
    risk: z.number(),
    decision: z.enum(DECISIONS),
    language: z.string(),
    fingerprint: z.string(),
    indicators: z.array(
      z.object({
        code: z.string(),
        label: z.string(),
        weight: z.number(),
        evidence: z.array(spanSchema).describe('Where in the text the indicator was found'),
      }),
    ),
    warning: z.object({ language: z.string(), text: z.string() }).nullable(),
    extracted: z.unknown().describe('Everything the engine extracted, with spans'),
  }),
  selectors: z.array(
    z.object({
      id: z.uuid(),
      type: z.string(),
      value: z.string(),
      platform: z.string().optional(),
      chain: z.string().optional(),
      country: z.string().optional(),
      earlierSightings: z
        .array(z.object({ postId: z.uuid(), seenAt: z.string(), source: z.string() }))
        .describe('Other posts you may read that mention it, seen no later than this one'),
    }),
  ),
  nearDuplicates: z
    .array(
      z.object({
        id: z.uuid(),
        similarity: z.number(),
        source: z.string(),
        firstSeenAt: z.string(),
        risk: z.number(),
        excerpt: z.string(),
      }),
    )
    .describe('Posts of the same campaign you may read (fingerprint similarity ≥ 0.85)'),
});
export type PostDetail = z.infer<typeof postDetail>;

export const clustersQuery = z
  .object({
    minSize: z.coerce.number().int().min(2).max(1000).default(2),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

export const clustersBody = z.object({
  clusters: z.array(
    z.object({
      id: z.uuid().describe('The riskiest post of the campaign'),
      size: z.number().int(),
      excerpt: z.string(),
      maxRisk: z.number(),
      firstSeenAt: z.string(),
      lastSeenAt: z.string(),
      sources: z.record(z.string(), z.number().int()).describe('Posts per source'),
      posts: z.array(
        z.object({ id: z.uuid(), source: z.string(), risk: z.number(), firstSeenAt: z.string() }),
      ),
      sharedSelectors: z
        .array(z.object({ id: z.uuid(), type: z.string(), value: z.string(), posts: z.number() }))
        .describe('Selectors seen in two or more of its posts'),
    }),
  ),
  postsConsidered: z.number().int().describe('Readable posts clustered (the most recent 5,000)'),
  truncated: z.boolean(),
});

export const updatePostBody = z
  .object({
    status: z
      .enum(POST_STATUSES, { error: `must be one of ${POST_STATUSES.join(', ')}` })
      .optional()
      .describe('Review state of the post'),
    tlp: tlpSchema.optional(),
    groups: z
      .array(z.uuid({ error: 'must be a sharing group id (a UUID)' }))
      .max(100)
      .optional()
      .describe('The sharing groups of your organisation to release it to (replaces them)'),
  })
  .strict()
  .refine((b) => b.status !== undefined || b.tlp !== undefined || b.groups !== undefined, {
    message: 'send at least one of status, tlp, groups',
  });
export type UpdatePostBody = z.infer<typeof updatePostBody>;
