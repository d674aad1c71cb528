import { z } from 'zod';

export const healthResponse = z
  .object({
    status: z.enum(['ok', 'degraded']).describe('`ok` when every check passed'),
    version: z.string(),
    database: z.object({
      kind: z.enum(['pglite', 'postgres']),
      ok: z.boolean(),
      latencyMs: z.number().describe('Round-trip time of a trivial query'),
      error: z.string().optional(),
    }),
    uptimeSeconds: z.number(),
  })
  .describe('Liveness and readiness of this Jaga node');

export type HealthResponse = z.infer<typeof healthResponse>;
