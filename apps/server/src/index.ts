export { type AppDeps, createApp } from './app.js';
export { type Config, ConfigError, type ConfigOverrides, loadConfig } from './config.js';
export { type DatabaseHandle, openDatabase } from './db/database.js';
export { migrateToLatest } from './db/migrate.js';
export type { Database } from './db/schema.js';
export { DEMO_LOGINS, type DemoLogin, seedDemoData } from './db/seed.js';
export { AppError, StartupError } from './errors.js';
export { type AppendedLeaf, appendLeaf } from './modules/log/custody-log.js';
export {
  contentHash,
  type IngestActor,
  type IngestOptions,
  type IngestResult,
  ingestPosts,
} from './modules/posts/posts.service.js';
export { MAX_INGEST_BATCH, POST_SOURCES } from './modules/posts/posts.schema.js';
export {
  connectNats,
  findIngestActor,
  runScreenWorker,
  type ScreenWorkerOptions,
  WorkerConfigError,
  type WorkerEvent,
  type WorkerTotals,
  workerOptionProblems,
} from './modules/posts/posts.worker.js';
export { type LogVerification, verifyStoredLog } from './modules/log/log.verify.js';
export { migrateDatabase, type RunningServer, startServer, VERSION } from './main.js';
export {
  adminCreateOrganisation,
  adminCreateToken,
  adminCreateUser,
  adminRevokeToken,
} from './modules/users/admin-commands.js';
