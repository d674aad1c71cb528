import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { type DatabaseHandle, openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { DEMO_LOGINS, type DemoLogin, seedDemoData } from './db/seed.js';
import { StartupError } from './errors.js';

/** The version in apps/server/package.json, reported by `/health` and the API document. */
export const VERSION: string = JSON.parse(
  fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;

/** The built web app beside this package in the repository. */
const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** A running Jaga node. */
export interface RunningServer {
  readonly url: string;
  readonly database: Pick<DatabaseHandle, 'kind' | 'location'>;
  /** Demo logins when the demo dataset is present, to print for the newcomer. */
  readonly demoLogins: readonly DemoLogin[];
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Folder of the built web app; defaults to the repository's `apps/web/dist`. */
  webDir?: string;
}

/**
 * The composition root: opens the database, migrates, seeds the demo data when asked, builds the
 * app and listens. Every startup problem is a one-line {@link StartupError}.
 *
 * @example
 * const server = await startServer(loadConfig(process.env));
 * console.log(`Jaga at ${server.url}`);
 */
export async function startServer(
  config: Config,
  options: StartOptions = {},
): Promise<RunningServer> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    if (config.demo) await seedDemoData(handle.db);
    const app = await createApp({
      db: handle.db,
      databaseKind: handle.kind,
      version: VERSION,
      dataDir: config.dataDir,
      trustProxy: config.trustProxy,
      maxUploadBytes: config.maxUploadBytes,
      minCellSize: config.minCellSize,
      webDir: options.webDir ?? DEFAULT_WEB_DIR,
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    });
    await listen(app, config);
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    return {
      url: `http://${shownHost}:${port}`,
      database: { kind: handle.kind, location: handle.location },
      demoLogins: config.demo ? DEMO_LOGINS : [],
      app,
      async close() {
        await app.close();
        await handle.close();
      },
    };
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}

async function listen(app: FastifyInstance, config: Config): Promise<void> {
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new StartupError(
        `Port ${config.port} on ${config.host} is already in use. Stop the other program or choose another port with --port or PORT.`,
        { cause: error },
      );
    }
    if (code === 'EACCES') {
      throw new StartupError(
        `Not allowed to listen on port ${config.port}. Use a port above 1024 with --port or PORT.`,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Applies pending migrations to the configured database and closes it (`jaga db migrate`).
 *
 * @returns the names of the migrations applied.
 */
export async function migrateDatabase(config: Config): Promise<string[]> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return (await migrateToLatest(handle.db)).applied;
  } finally {
    await handle.close();
  }
}
