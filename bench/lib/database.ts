/** Set-up shared by the benchmarks that run on a database: options and a throwaway database. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type DatabaseHandle, openDatabase } from '@jaga/server';
import pg from 'pg';

/**
 * A number option `--name N` of a benchmark's command line, or `fallback` when absent.
 *
 * @example
 * const runs = numberOption(process.argv.slice(2), 'runs', 30);
 */
export function numberOption(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/**
 * Opens the database at `location`: a PostgreSQL URL, or else a PGlite data folder. A location is
 * a plain string so a child process can be told where to write.
 */
export const openAt = (location: string): Promise<DatabaseHandle> =>
  location.startsWith('postgres')
    ? openDatabase({ databaseUrl: location })
    : openDatabase({ dataDir: location });

/** A fresh, empty database for one benchmark run. */
export interface BenchDatabase {
  kind: 'PostgreSQL' | 'PGlite';
  /** The database URL or data folder, for {@link openAt}. */
  location: string;
  /** Drops the database or removes the data folder. */
  cleanup(): Promise<void>;
}

/**
 * A throwaway database: on the PostgreSQL server at `serverUrl` when given (a database created
 * here with a random name), or a PGlite data folder under the system's temporary folder.
 *
 * @example
 * const bench = await benchDatabase(process.env.DATABASE_URL, 'jaga-notices-bench-');
 * const handle = await openAt(bench.location);
 * try { … } finally { await handle.close(); await bench.cleanup(); }
 */
export async function benchDatabase(
  serverUrl: string | undefined,
  folderPrefix: string,
): Promise<BenchDatabase> {
  if (!serverUrl) {
    const location = fs.mkdtempSync(path.join(os.tmpdir(), folderPrefix));
    return {
      kind: 'PGlite',
      location,
      cleanup: async () => fs.rmSync(location, { recursive: true, force: true }),
    };
  }
  const name = `jaga_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'PostgreSQL',
    location: url.toString(),
    cleanup: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
