import type { Migration, MigrationProvider } from 'kysely';
import * as organisationsAndUsers from './2026-11-22-organisations-and-users.js';
import * as sessionsAndTokens from './2026-11-23-sessions-and-tokens.js';
import * as custodyLog from './2026-11-24-custody-log.js';
import * as sharingAndArtefacts from './2026-11-25-sharing-and-artefacts.js';
import * as estimates from './2026-11-26-estimates.js';
import * as traces from './2026-11-27-traces.js';
import * as intelligenceGraph from './2026-12-01-intelligence-graph.js';
import * as noticesAndEvidenceRequests from './2026-12-02-notices-and-evidence-requests.js';
import * as estimateReports from './2026-12-03-estimate-reports.js';
import * as searchIndexes from './2026-12-03-search-indexes.js';

/**
 * Every migration, listed explicitly (no directory scanning, so the build and the bundle know them).
 * Names sort in the order they run: `<yyyy-mm-dd>-<what>`.
 */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-22-organisations-and-users': organisationsAndUsers,
  '2026-11-23-sessions-and-tokens': sessionsAndTokens,
  '2026-11-24-custody-log': custodyLog,
  '2026-11-25-sharing-and-artefacts': sharingAndArtefacts,
  '2026-11-26-estimates': estimates,
  '2026-11-27-traces': traces,
  '2026-12-01-intelligence-graph': intelligenceGraph,
  '2026-12-02-notices-and-evidence-requests': noticesAndEvidenceRequests,
  '2026-12-03-estimate-reports': estimateReports,
  '2026-12-03-search-indexes': searchIndexes,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
