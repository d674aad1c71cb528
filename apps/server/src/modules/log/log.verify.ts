import fs from 'node:fs';
import path from 'node:path';
import {
  type Checkpoint,
  canonicalJson,
  checkpointProblem,
  custodyEntryProblems,
  leafHash,
  MerkleFrontier,
  type Subtree,
  toBase64,
} from '@jaga/custody';
import { sql } from 'kysely';
import type { Config } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { diskArtefactStore } from '../artefacts/artefact-store.js';
import { allCheckpoints, currentTreeSize, type Db, leavesAfter } from './log.repository.js';
import { presentCheckpoint } from './log.service.js';
import { SIGNING_KEY_FILE, signerFromPemFile } from './log.signer.js';

/** What `jaga log verify` found. */
export interface LogVerification {
  ok: boolean;
  /** The first inconsistency, in words, with the log index or record it concerns. */
  problem?: string;
  /** Leaves replayed before stopping (all of them when `ok`). */
  leavesChecked: number;
  treeSize: number;
  /** Root of the replayed log (base64), when the whole log was replayed. */
  rootHash?: string;
  checkpointsChecked: number;
  artefactsChecked: number;
  /** What could not be checked, and why. */
  warnings: string[];
}

export interface VerifyLogOptions {
  /** The log's public key, to check checkpoint signatures; without it they are skipped. */
  publicKey?: Uint8Array | undefined;
  /** Re-hashes stored artefact bytes; without it only the recorded hashes are compared. */
  hashStored?: ((sha256: string) => Promise<string | undefined>) | undefined;
  batchSize?: number;
  /** Called after each batch with the number of leaves replayed. */
  onProgress?: (replayed: number, treeSize: number) => void;
}

/**
 * Replays the whole custody log from the database and reports the first inconsistency: a missing
 * or extra leaf, a leaf whose content no longer hashes to its stored hash or is not canonical, a
 * stored subtree hash that differs from the replay, a checkpoint whose root or signature does not
 * match, or an artefact whose recorded SHA-256 or stored bytes differ from what the log recorded.
 *
 * Memory stays O(log n) for the tree (a frontier) plus one hash per artefact.
 *
 * @example
 * const result = await verifyCustodyLog(db, { publicKey });
 * if (!result.ok) console.error(result.problem);
 */
export async function verifyCustodyLog(
  db: Db,
  options: VerifyLogOptions = {},
): Promise<LogVerification> {
  const batchSize = options.batchSize ?? 5000;
  const treeSize = await currentTreeSize(db);
  const checkpoints = await allCheckpoints(db);
  const warnings: string[] = [];
  const result: LogVerification = {
    ok: false,
    leavesChecked: 0,
    treeSize,
    checkpointsChecked: 0,
    artefactsChecked: 0,
    warnings,
  };
  const fail = (problem: string) => ({ ...result, ok: false, problem });
  if (!options.publicKey && checkpoints.length > 0) {
    warnings.push('no public key given: checkpoint signatures were not checked');
  }

  const frontier = new MerkleFrontier();
  const artefactHashes = new Map<string, { sha256: string; index: number }>();
  let nextCheckpoint = 0;
  const checkCheckpoints = (): string | undefined => {
    while (nextCheckpoint < checkpoints.length) {
      const stored = checkpoints[nextCheckpoint];
      if (!stored || stored.treeSize > frontier.size) return undefined;
      nextCheckpoint++;
      const checkpoint: Checkpoint = presentCheckpoint(stored);
      if (toBase64(frontier.root()) !== checkpoint.rootHash) {
        return `checkpoint of ${stored.treeSize} entries (signed ${stored.signedAt}) has root ${checkpoint.rootHash}, but the replayed leaves give ${toBase64(frontier.root())}: leaves before index ${stored.treeSize} were changed after it was signed`;
      }
      if (options.publicKey) {
        const problem = checkpointProblem(checkpoint, options.publicKey);
        if (problem) return `checkpoint of ${stored.treeSize} entries: ${problem}`;
      }
      result.checkpointsChecked++;
    }
    return undefined;
  };

  const early = checkCheckpoints();
  if (early) return fail(early);
  let after = -1;
  while (true) {
    const leaves = await leavesAfter(db, after, batchSize);
    if (leaves.length === 0) break;
    const created: Subtree[] = [];
    for (const stored of leaves) {
      const index = frontier.size;
      if (stored.index !== index) {
        return fail(
          index < treeSize
            ? `leaf ${index} is missing (the next stored leaf is ${stored.index})`
            : `leaf ${stored.index} is stored beyond the log size of ${treeSize}`,
        );
      }
      if (index >= treeSize) {
        return fail(`leaf ${index} is stored beyond the log size of ${treeSize}`);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(stored.leaf);
      } catch {
        return fail(`leaf ${index} is not JSON any more: it was changed`);
      }
      const hash = leafHash(new TextEncoder().encode(stored.leaf));
      if (toBase64(hash) !== toBase64(stored.leafHash)) {
        return fail(
          `leaf ${index} was changed: its content no longer hashes to its stored leaf hash`,
        );
      }
      const problems = custodyEntryProblems(parsed, `leaf ${index}`);
      if (problems.length > 0) return fail(problems.join('; '));
      if (canonicalJson(parsed) !== stored.leaf) {
        return fail(`leaf ${index} is not in RFC 8785 canonical form`);
      }
      const subject = (parsed as { subject?: { kind?: string; id?: string; sha256?: string } })
        .subject;
      if (subject?.kind === 'artefact' && subject.id && subject.sha256) {
        const known = artefactHashes.get(subject.id);
        if (known && known.sha256 !== subject.sha256) {
          return fail(
            `leaf ${index} records SHA-256 ${subject.sha256} for artefact ${subject.id}, but leaf ${known.index} recorded ${known.sha256}`,
          );
        }
        if (!known) artefactHashes.set(subject.id, { sha256: subject.sha256, index });
      }
      created.push(...frontier.push(hash));
      const problem = checkCheckpoints();
      if (problem) return fail(problem);
    }
    const nodeProblem = await compareNodes(db, created);
    if (nodeProblem) return fail(nodeProblem);
    after = leaves[leaves.length - 1]?.index ?? after;
    result.leavesChecked = frontier.size;
    options.onProgress?.(frontier.size, treeSize);
  }
  result.leavesChecked = frontier.size;
  if (frontier.size < treeSize) {
    return fail(`the log holds ${treeSize} entries but only ${frontier.size} leaves are stored`);
  }
  if (nextCheckpoint < checkpoints.length) {
    const beyond = checkpoints[nextCheckpoint];
    return fail(
      `a checkpoint of ${beyond?.treeSize} entries was signed but the log holds only ${frontier.size}: leaves were removed`,
    );
  }
  const extraNodes = await db
    .selectFrom('custody_log_nodes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const expectedNodes = treeSize - popcount(treeSize);
  if (Number(extraNodes.n) !== expectedNodes) {
    return fail(
      `${Number(extraNodes.n)} subtree hashes are stored where a log of ${treeSize} entries has ${expectedNodes}`,
    );
  }
  result.rootHash = toBase64(frontier.root());

  const artefactProblem = await checkArtefacts(db, artefactHashes, options, result);
  if (artefactProblem) return fail(artefactProblem);
  return { ...result, ok: true };
}

function popcount(n: number): number {
  let count = 0;
  for (let v = n; v > 0; v = Math.floor(v / 2)) count += v % 2;
  return count;
}

async function compareNodes(db: Db, created: readonly Subtree[]): Promise<string | undefined> {
  if (created.length === 0) return undefined;
  const byLevel = new Map<number, Subtree[]>();
  for (const node of created) {
    const list = byLevel.get(node.level) ?? [];
    list.push(node);
    byLevel.set(node.level, list);
  }
  for (const [level, nodes] of byLevel) {
    const first = nodes[0]?.index ?? 0;
    const last = nodes[nodes.length - 1]?.index ?? 0;
    const rows = await db
      .selectFrom('custody_log_nodes')
      .select(['node_index', 'hash'])
      .where('level', '=', level)
      .where('node_index', '>=', first)
      .where('node_index', '<=', last)
      .execute();
    const stored = new Map(rows.map((row) => [Number(row.node_index), toBase64(row.hash)]));
    for (const node of nodes) {
      const hash = stored.get(node.index);
      const span = `leaves ${node.index * 2 ** level}–${(node.index + 1) * 2 ** level - 1}`;
      if (hash === undefined) return `the subtree hash over ${span} is missing`;
      if (hash !== toBase64(node.hash)) {
        return `the stored subtree hash over ${span} differs from the replayed leaves: proofs over them would be wrong`;
      }
    }
  }
  return undefined;
}

async function checkArtefacts(
  db: Db,
  logged: Map<string, { sha256: string; index: number }>,
  options: VerifyLogOptions,
  result: LogVerification,
): Promise<string | undefined> {
  // The artefact table belongs to the sharing module; read it only if it exists.
  const exists = await sql<{
    found: boolean;
  }>`select to_regclass('artefacts') is not null as found`.execute(db);
  if (!exists.rows[0]?.found) return undefined;
  const rows = await sql<{
    id: string;
    sha256: string;
  }>`select id::text as id, sha256 from artefacts order by created_at, id`.execute(db);
  if (!options.hashStored && rows.rows.length > 0) {
    result.warnings.push('no artefact store given: stored artefact bytes were not re-hashed');
  }
  for (const row of rows.rows) {
    const recorded = logged.get(row.id);
    if (!recorded) return `artefact ${row.id} has no custody leaf recording its SHA-256`;
    if (recorded.sha256 !== row.sha256) {
      return `artefact ${row.id} now claims SHA-256 ${row.sha256}, but leaf ${recorded.index} recorded ${recorded.sha256}: its record was changed`;
    }
    if (options.hashStored) {
      const actual = await options.hashStored(row.sha256);
      if (actual === undefined) return `artefact ${row.id}: its stored file is missing`;
      if (actual !== recorded.sha256) {
        return `artefact ${row.id}: the stored bytes now hash to ${actual}, not ${recorded.sha256} as leaf ${recorded.index} recorded: the file was changed`;
      }
    }
    result.artefactsChecked++;
  }
  return undefined;
}

/**
 * `jaga log verify`: opens the configured database (and the data folder's log key and artefact
 * files), replays the log and closes. PGlite folders must not be in use by a running server.
 *
 * @example
 * const result = await verifyStoredLog(loadConfig(process.env));
 */
export async function verifyStoredLog(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: Pick<VerifyLogOptions, 'onProgress' | 'publicKey'> = {},
): Promise<LogVerification> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    let publicKey = options.publicKey;
    const keyFile = path.join(config.dataDir, SIGNING_KEY_FILE);
    if (!publicKey && fs.existsSync(keyFile)) publicKey = signerFromPemFile(keyFile).key.publicKey;
    const store = diskArtefactStore(config.dataDir);
    const result = await verifyCustodyLog(handle.db, {
      publicKey,
      hashStored: (sha256) => store.hashStored(sha256),
      onProgress: options.onProgress,
    });
    if (!publicKey) {
      result.warnings.push(
        `no log key at ${keyFile}: pass the published public key to check checkpoint signatures`,
      );
    }
    return result;
  } finally {
    await handle.close();
  }
}
