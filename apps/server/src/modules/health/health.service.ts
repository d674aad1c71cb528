import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { HealthResponse } from './health.schema.js';

export interface HealthDeps {
  db: Kysely<Database>;
  databaseKind: 'pglite' | 'postgres';
  version: string;
  startedAt: number;
  now: () => number;
}

/** Checks the database answers a round trip and reports how long it took. */
export async function checkHealth(deps: HealthDeps): Promise<HealthResponse> {
  const started = deps.now();
  let error: string | undefined;
  try {
    await sql`select 1`.execute(deps.db);
  } catch (cause) {
    error = (cause as Error).message;
  }
  const latencyMs = deps.now() - started;
  return {
    status: error ? 'degraded' : 'ok',
    version: deps.version,
    database: {
      kind: deps.databaseKind,
      ok: !error,
      latencyMs,
      ...(error ? { error: 'database did not answer' } : {}),
    },
    uptimeSeconds: Math.round((deps.now() - deps.startedAt) / 1000),
  };
}
