import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';

/** A migrated, empty database for one test file, and how to throw it away. */
export interface TestDatabase extends DatabaseHandle {
  /** Closes and, on PostgreSQL, drops the throwaway database. */
  drop(): Promise<void>;
}

/**
 * In-memory PGlite by default; with `DATABASE_URL` set, a fresh database on that PostgreSQL server
 * (created here, dropped by `drop()`), so test files never see each other's rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({});
    await migrateToLatest(handle.db);
    return { ...handle, drop: () => handle.close() };
  }
  const name = `jaga_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString() });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    async drop() {
      await handle.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
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

/** How many rows a table holds: what a test checks after a write that must add all or nothing. */
export async function countRows(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Runs `action` while every insert into `table` fails with "… refused by the test" (a trigger),
 * to check that a write failing part-way leaves nothing behind.
 */
export async function whileInsertsRefused<T>(
  db: Kysely<Database>,
  table: keyof Database,
  action: () => Promise<T>,
): Promise<T> {
  await sql`create function jaga_test_refuse() returns trigger language plpgsql as
    $$ begin raise exception '% refused by the test', tg_table_name; end $$`.execute(db);
  await sql`create trigger jaga_test_refuse before insert on ${sql.table(table)}
    for each row execute function jaga_test_refuse()`.execute(db);
  try {
    return await action();
  } finally {
    await sql`drop trigger jaga_test_refuse on ${sql.table(table)}`.execute(db);
    await sql`drop function jaga_test_refuse()`.execute(db);
  }
}
