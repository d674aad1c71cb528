import { z } from 'zod';

export const searchQuery = z
  .object({
    q: z
      .string()
      .trim()
      .min(2, 'must have at least 2 characters')
      .max(200, 'must have at most 200 characters'),
    limit: z.coerce.number().int().min(1).max(50).default(20).describe('Per kind of result'),
  })
  .strict();

export const searchBody = z.object({
  query: z.string(),
  posts: z.array(
    z.object({
      id: z.uuid(),
      source: z.string(),
      excerpt: z.string().describe('Text around the match'),
      risk: z.number(),
      decision: z.string(),
      firstSeenAt: z.string(),
      score: z.number(),
    }),
  ),
  entities: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      name: z.string(),
      aliases: z.array(z.string()),
      country: z.string().nullable(),
      status: z.string().nullable(),
      score: z.number(),
    }),
  ),
  selectors: z.array(
    z.object({
      id: z.uuid(),
      type: z.string(),
      value: z.string(),
      platform: z.string().optional(),
      chain: z.string().optional(),
      country: z.string().optional(),
      score: z.number(),
    }),
  ),
});
