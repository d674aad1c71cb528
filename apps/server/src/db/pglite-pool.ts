import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * Presents one embedded PGlite instance as the pool Kysely's PostgreSQL dialect expects, so the
 * embedded and server databases share one dialect, one driver and one set of queries.
 *
 * PGlite is a single connection: a client handed out by `connect()` holds it exclusively until
 * `release()`, which keeps each transaction's statements together. Written here rather than taken
 * from a dialect package because the published PGlite dialects pin older PGlite majors and this
 * adapter is twenty lines.
 */
export function pglitePool(pglite: PGlite): PostgresPool {
  let queue: Promise<void> = Promise.resolve();
  return {
    async connect(): Promise<PostgresPoolClient> {
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const previous = queue;
      queue = previous.then(() => released);
      await previous;
      return {
        async query<R>(sql: string, parameters: ReadonlyArray<unknown>) {
          const result = await pglite.query<R>(sql, [...parameters]);
          return {
            command: (result as { command?: string }).command ?? sql.trimStart().split(/\s/, 1)[0],
            rowCount: (result as { rowCount?: number }).rowCount ?? result.affectedRows ?? 0,
            rows: result.rows,
          } as PostgresQueryResult<R>;
        },
        release,
      } as PostgresPoolClient;
    },
    async end() {
      await queue;
      await pglite.close();
    },
  };
}
