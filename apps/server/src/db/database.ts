import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { redactUrl } from '../config.js';
import { StartupError } from '../errors.js';
import { acquireDataLock, type DataLock } from './data-lock.js';
import { pglitePool } from './pglite-pool.js';
import type { Database } from './schema.js';

/** An open database and how to close it. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  /** `pglite` (embedded, in the data folder) or `postgres` (a server via DATABASE_URL). */
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, safe to print (no password). */
  readonly location: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; PGlite under `dataDir` when absent. */
  databaseUrl?: string | undefined;
  /** Data folder for PGlite; `undefined` with no URL means an in-memory PGlite (tests). */
  dataDir?: string | undefined;
}

// PostgreSQL int8 (counts, sums) as a JS number, as PGlite returns it, so both backends agree.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * Opens the configured database and checks it answers. Problems (unreachable server, folder not
 * writable, folder in use by another Jaga process) become a one-line {@link StartupError}.
 *
 * @example
 * const { db, close } = await openDatabase({ dataDir: '.jaga/data' });
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.dataDir);
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const shown = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypes });
  // An idle client's network error must not crash the process; queries still report their own.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new StartupError(
      `Cannot connect to PostgreSQL at ${shown}: ${(error as Error).message}. Check DATABASE_URL, or unset it to use the embedded database.`,
      { cause: error },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', location: shown, close: () => db.destroy() };
}

async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  let lock: DataLock | undefined;
  let pgDir: string | undefined;
  if (dataDir) {
    ensureWritableFolder(dataDir);
    lock = acquireDataLock(dataDir);
    pgDir = path.join(dataDir, 'pg');
  }
  let pglite: PGlite;
  try {
    // pg_trgm backs trigram search over posts, names and handles (PostgreSQL ships it in contrib).
    pglite = await PGlite.create({ ...(pgDir ? { dataDir: pgDir } : {}), extensions: { pg_trgm } });
  } catch (error) {
    lock?.release();
    throw new StartupError(
      `Cannot open the embedded database in ${pgDir}: ${(error as Error).message}. If the folder is damaged, move it aside and start again.`,
      { cause: error },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(pglite) }) });
  return {
    db,
    kind: 'pglite',
    location: pgDir ?? 'memory',
    async close() {
      await db.destroy();
      lock?.release();
    },
  };
}

function ensureWritableFolder(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK);
  } catch (error) {
    throw new StartupError(
      `Data folder ${dataDir} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Choose another with --data or JAGA_DATA, or fix its permissions.`,
      { cause: error },
    );
  }
}
