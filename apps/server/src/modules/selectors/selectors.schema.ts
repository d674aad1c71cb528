import { z } from 'zod';
import { SELECTOR_TYPES } from './selectors.normalise.js';

export const selectorBody = z
  .object({
    id: z.uuid(),
    type: z.enum(SELECTOR_TYPES),
    value: z.string().describe('Normalised: E.164 phone, lower-case handle, checked wallet, …'),
    platform: z.string().optional().describe('Platform of a handle'),
    chain: z.string().optional().describe('Chain of a wallet'),
    country: z.string().optional().describe('Country of a phone number'),
    keyedHash: z
      .string()
      .describe('HMAC-SHA-256 of the selector under the hub secret, for blind matching'),
  })
  .describe('A normalised selector');
export type SelectorBody = z.infer<typeof selectorBody>;

export const selectorQuery = z
  .object({
    type: z.enum(SELECTOR_TYPES, {
      error: `must be one of ${SELECTOR_TYPES.join(', ')}`,
    }),
    value: z.string().trim().min(1, 'must not be empty').max(2000),
    platform: z.string().max(40).optional().describe('Platform of a handle (telegram by default)'),
    chain: z.string().max(20).optional().describe('Chain of a wallet (recognised when absent)'),
    country: z
      .string()
      .max(2)
      .optional()
      .describe('Country a phone number without + is written in (ISO 3166-1 alpha-2)'),
  })
  .strict();
export type SelectorQuery = z.infer<typeof selectorQuery>;

export const selectorParams = z.object({ id: z.uuid({ error: 'must be a selector id (a UUID)' }) });

export const accessHint = z
  .object({
    hintId: z.string().describe('Send as `hintId` to POST /api/v1/access-requests'),
    tlp: z.string(),
    organisations: z.number().int().describe('How many other organisations hold such records'),
    message: z.string(),
  })
  .describe('Records you may not read exist: who and what stay hidden until the owner grants');

export const selectorView = z.object({
  selector: selectorBody,
  sightings: z
    .array(
      z.discriminatedUnion('kind', [
        z.object({
          kind: z.literal('post'),
          postId: z.uuid(),
          seenAt: z.string(),
          source: z.string(),
          risk: z.number(),
          decision: z.string(),
          tlp: z.string(),
          excerpt: z.string(),
        }),
        z.object({
          kind: z.literal('trace'),
          traceId: z.uuid().describe('GET /api/v1/traces/{traceId}'),
          seenAt: z.string().describe('When the trace ran'),
          source: z.literal('trace'),
          tlp: z.string(),
          excerpt: z.string(),
        }),
      ]),
    )
    .describe(
      'Posts and traces you may read that mention the selector, newest first (at most 200)',
    ),
  totalSightings: z.number().int().describe('All sightings you may read'),
  linkedEntities: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      name: z.string(),
      country: z.string().nullable(),
      status: z.string().nullable(),
      relationship: z.object({ id: z.uuid(), type: z.string(), confidence: z.number() }),
    }),
  ),
  linkedSelectors: z
    .array(
      selectorBody.extend({
        posts: z.number().int().describe('Readable posts that mention both'),
        traces: z.number().int().describe('Readable traces that found both'),
        entities: z.number().int().describe('Readable entities linked to both'),
      }),
    )
    .describe('Other selectors seen with it'),
  hints: z.array(accessHint),
});
export type SelectorView = z.infer<typeof selectorView>;
