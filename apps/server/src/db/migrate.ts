import { type Kysely, type MigrationResult, Migrator } from 'kysely';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

/** Outcome of bringing the schema up to date. */
export interface MigrateOutcome {
  /** Names of the migrations applied by this call, in order. */
  applied: string[];
}

/**
 * Applies every pending migration. On PostgreSQL (and PGlite) Kysely runs them in one transaction
 * under an advisory lock, so a crash mid-way leaves the schema as it was and concurrent starts wait.
 *
 * @example
 * const { applied } = await migrateToLatest(db);
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrateOutcome> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result: MigrationResult) => result.status === 'Error');
    const where = failed ? ` in migration ${failed.migrationName}` : '';
    throw new Error(`Database migration failed${where}: ${describe(error)}`, { cause: error });
  }
  return {
    applied: (results ?? [])
      .filter((result) => result.status === 'Success')
      .map((result) => result.migrationName),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
