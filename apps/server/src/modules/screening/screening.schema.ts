import { z } from 'zod';

const span = {
  start: z.number().int().describe('Offset (UTF-16 code units) of the first character'),
  end: z.number().int().describe('Offset just after the last character'),
  text: z.string(),
  field: z
    .enum(['title', 'location'])
    .optional()
    .describe('Field the offsets point into, when not `text`'),
};

export const postSchema = z
  .object({
    id: z.union([z.string(), z.number()]).optional().describe('Your identifier, echoed back'),
    text: z.string().describe('The post or job-ad text'),
    title: z.string().optional(),
    location: z.string().optional(),
    url: z.string().optional(),
    lang: z.string().optional().describe('BCP 47 language hint; detected per post when absent'),
  })
  .describe('A post or job ad to screen');

const optionsSchema = z
  .object({
    thresholds: z
      .object({
        label: z.number().min(0).max(1).optional(),
        review: z.number().min(0).max(1).optional(),
        remove: z.number().min(0).max(1).optional(),
      })
      .optional()
      .describe('Risk thresholds for the decisions (label ≤ review ≤ remove)'),
    helpLine: z.string().max(500).optional().describe('Help line ending every warning label'),
  })
  .describe('Screening options');

export const MAX_BATCH = 1_000;

// One object schema (not a union) so that a bad request gets a message naming the bad field.
export const screenRequest = postSchema
  .extend({
    text: z.string().optional().describe('The post text (one post); or send `posts`'),
    posts: z.array(postSchema).min(1).max(MAX_BATCH).optional().describe(`1 to ${MAX_BATCH} posts`),
    options: optionsSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.posts === undefined && body.text === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: 'give "text" (one post) or "posts" (a batch of 1 to 1,000 posts)',
      });
    }
    if (body.posts !== undefined && body.text !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['posts'],
        message: 'give either "text" (one post) or "posts" (a batch), not both',
      });
    }
  })
  .describe('One post (`text`, …) or a batch (`posts`), with optional `options`');

const selectorsSchema = z.object({
  phones: z.array(
    z.object({
      ...span,
      e164: z.string(),
      country: z.string().nullable(),
      callingCode: z.string(),
    }),
  ),
  handles: z.array(
    z.object({
      ...span,
      platform: z.enum(['telegram', 'whatsapp', 'line', 'wechat', 'zalo', 'signal', 'viber']),
      value: z.string(),
    }),
  ),
  urls: z.array(z.object({ ...span, url: z.string(), domain: z.string() })),
  emails: z.array(z.object({ ...span, address: z.string(), domain: z.string() })),
  crypto: z.array(
    z.object({
      ...span,
      chain: z.enum(['BTC', 'ETH', 'TRON']),
      address: z.string(),
      checksumValid: z.boolean().nullable(),
    }),
  ),
  salaries: z.array(
    z.object({
      ...span,
      min: z.number(),
      max: z.number(),
      currency: z.string(),
      period: z.enum(['hour', 'day', 'week', 'month', 'year']),
      periodStated: z.boolean(),
      usdPerMonth: z.object({ min: z.number(), max: z.number() }),
    }),
  ),
  ages: z.array(z.object({ ...span, min: z.number().nullable(), max: z.number().nullable() })),
  typingSpeeds: z.array(z.object({ ...span, perMinute: z.number(), unit: z.enum(['wpm', 'cpm']) })),
  places: z.array(
    z.object({
      ...span,
      id: z.string(),
      name: z.string(),
      country: z.string(),
      kind: z.enum(['hotspot', 'city', 'country', 'transit']),
    }),
  ),
});

export const screeningResult = z
  .object({
    id: z.union([z.string(), z.number()]).nullable(),
    risk: z.number().min(0).max(1).describe('Calibrated probability of scam-centre recruitment'),
    decision: z.enum(['allow', 'label', 'review', 'remove']),
    language: z.string(),
    indicators: z.array(
      z.object({
        code: z.string(),
        label: z.string(),
        weight: z
          .number()
          .describe('Log-odds this indicator added (negative: sign of a legitimate ad)'),
        evidence: z.array(z.object(span)),
      }),
    ),
    selectors: selectorsSchema,
    warning: z.object({ language: z.string(), text: z.string() }).nullable(),
    fingerprint: z.string().describe('64-bit SimHash (16 hex digits) for campaign clustering'),
  })
  .describe('The screening of one post, with the evidence behind it');

export const screenError = z
  .object({ id: z.union([z.string(), z.number()]).nullable(), error: z.string() })
  .describe('A post that could not be screened, and why');

export const batchResponse = z.object({
  results: z
    .array(z.union([screeningResult, screenError]))
    .describe('One entry per post, in order'),
});

export const screenResponse = z.union([screeningResult, batchResponse]);
