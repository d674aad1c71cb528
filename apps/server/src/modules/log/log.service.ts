import {
  type BundleEntry,
  buildProof,
  type Checkpoint,
  type CustodyEntry,
  consistencyProofRanges,
  inclusionProofRanges,
  type LeafRange,
  type SubtreeLookup,
  signCheckpoint,
  subtreesFor,
  toBase64,
  treeRoot,
} from '@jaga/custody';
import { AppError } from '../../errors.js';
import {
  currentTreeSize,
  type Db,
  findLeaf,
  insertCheckpoint,
  latestCheckpoint,
  leafIndexesOfSubject,
  loadSubtrees,
  type StoredCheckpoint,
} from './log.repository.js';
import type { LogSigner } from './log.signer.js';

/** One log entry as the API shows it. */
export interface LogEntryView {
  index: number;
  /** The custody entry (parsed from the stored canonical JSON). */
  leaf: unknown;
  leafHash: string;
}

async function lookupFor(db: Db, ranges: readonly LeafRange[]): Promise<SubtreeLookup> {
  const refs = subtreesFor(ranges);
  const found = await loadSubtrees(db, refs);
  return (ref) => {
    const hash = found.get(`${ref.level}/${ref.index}`);
    if (!hash) {
      throw new Error(
        `Custody log is damaged: subtree ${ref.level}/${ref.index} is missing; run "jaga log verify".`,
      );
    }
    return hash;
  };
}

/**
 * The root hash of the tree of the first `treeSize` leaves, from O(log n) stored subtrees.
 *
 * @example
 * const root = await rootAt(db, 1000);
 */
export async function rootAt(db: Db, treeSize: number): Promise<Uint8Array> {
  const ranges = treeSize === 0 ? [] : [{ start: 0, end: treeSize }];
  return treeRoot(treeSize, await lookupFor(db, ranges));
}

/** The API form of a stored checkpoint. */
export function presentCheckpoint(stored: StoredCheckpoint): Checkpoint {
  return {
    origin: stored.origin,
    treeSize: stored.treeSize,
    rootHash: toBase64(stored.rootHash),
    timestamp: stored.signedAt,
    keyId: stored.keyId,
    signature: toBase64(stored.signature),
  };
}

/**
 * Signs and stores a checkpoint of the log as committed now.
 *
 * @example
 * const checkpoint = await createCheckpoint(db, signer, Date.now);
 */
export async function createCheckpoint(
  db: Db,
  signer: LogSigner,
  now: () => number,
): Promise<Checkpoint> {
  const treeSize = await currentTreeSize(db);
  const rootHash = await rootAt(db, treeSize);
  const checkpoint = signCheckpoint(
    {
      origin: signer.origin,
      treeSize,
      rootHash: toBase64(rootHash),
      timestamp: new Date(now()).toISOString(),
    },
    signer.key,
  );
  await insertCheckpoint(db, {
    treeSize,
    origin: checkpoint.origin,
    rootHash,
    signedAt: checkpoint.timestamp,
    keyId: checkpoint.keyId,
    signature: Buffer.from(checkpoint.signature, 'base64'),
  });
  // Another node or request may have signed the same size first: answer with the stored one.
  const stored = await latestCheckpoint(db);
  return stored && stored.treeSize === treeSize ? presentCheckpoint(stored) : checkpoint;
}

/**
 * The newest checkpoint, signing a new one first when leaves were committed since the last.
 *
 * @example
 * const { treeSize, rootHash } = await currentCheckpoint(db, signer, Date.now);
 */
export async function currentCheckpoint(
  db: Db,
  signer: LogSigner,
  now: () => number,
): Promise<Checkpoint> {
  const [latest, treeSize] = await Promise.all([latestCheckpoint(db), currentTreeSize(db)]);
  if (latest && latest.treeSize >= treeSize) return presentCheckpoint(latest);
  return createCheckpoint(db, signer, now);
}

/**
 * Signs a checkpoint only if leaves were committed since the last one (the periodic job).
 *
 * @returns the new checkpoint, or `undefined` when the log has not grown.
 */
export async function checkpointIfGrown(
  db: Db,
  signer: LogSigner,
  now: () => number,
): Promise<Checkpoint | undefined> {
  const [latest, treeSize] = await Promise.all([latestCheckpoint(db), currentTreeSize(db)]);
  if (latest && latest.treeSize >= treeSize) return undefined;
  return createCheckpoint(db, signer, now);
}

/**
 * One committed leaf; 404 when there is none at that index.
 *
 * @example
 * const { leaf, leafHash } = await getEntry(db, 0);
 */
export async function getEntry(db: Db, index: number): Promise<LogEntryView> {
  const stored = await findLeaf(db, index);
  if (!stored) {
    throw new AppError('not_found', `The custody log has no entry ${index}.`);
  }
  return { index, leaf: JSON.parse(stored.leaf), leafHash: toBase64(stored.leafHash) };
}

async function checkSize(db: Db, treeSize: number, what: string): Promise<void> {
  const size = await currentTreeSize(db);
  if (treeSize > size) {
    throw new AppError(
      'bad_request',
      `${what}=${treeSize} is larger than the log, which holds ${size} entries; ask GET /api/v1/log/checkpoint for the current size.`,
    );
  }
}

/**
 * The RFC 9162 inclusion proof of leaf `index` in the tree of `treeSize` leaves (base64 hashes).
 *
 * @example
 * const { hashes } = await inclusionProof(db, 3, 10);
 */
export async function inclusionProof(
  db: Db,
  index: number,
  treeSize: number,
): Promise<{ hashes: string[] }> {
  if (index >= treeSize) {
    throw new AppError(
      'bad_request',
      `index=${index} is not in a tree of ${treeSize} entries: index must be smaller than treeSize.`,
    );
  }
  await checkSize(db, treeSize, 'treeSize');
  const ranges = inclusionProofRanges(index, treeSize);
  return { hashes: buildProof(ranges, await lookupFor(db, ranges)).map(toBase64) };
}

/**
 * The RFC 9162 consistency proof between the trees of `from` and `to` leaves (base64 hashes).
 *
 * @example
 * const { hashes } = await consistencyProof(db, 10, 20);
 */
export async function consistencyProof(
  db: Db,
  from: number,
  to: number,
): Promise<{ hashes: string[] }> {
  if (from < 1 || from > to) {
    throw new AppError(
      'bad_request',
      `from=${from}, to=${to}: a consistency proof needs 1 ≤ from ≤ to (the empty tree is consistent with every tree).`,
    );
  }
  await checkSize(db, to, 'to');
  const ranges = consistencyProofRanges(from, to);
  return { hashes: buildProof(ranges, await lookupFor(db, ranges)).map(toBase64) };
}

/** What an evidence bundle needs from the log about one record. */
export interface CustodyEvidence {
  /** Base64 raw Ed25519 public key. */
  publicKey: string;
  checkpoint: Checkpoint;
  /** Every leaf about the record up to the checkpoint, with its inclusion proof. */
  entries: BundleEntry[];
}

/**
 * The custody leaves of one record with inclusion proofs in a freshly signed checkpoint: the log
 * part of an evidence bundle. Append the export's own leaf (and commit it) before calling this, so
 * the bundle proves the export too.
 *
 * @example
 * const evidence = await custodyEvidence(db, signer, artefact.id, Date.now);
 * const bundle = buildEvidenceBundle({ exportedAt, log: { publicKey: evidence.publicKey,
 *   checkpoint: evidence.checkpoint }, artefact, entries: evidence.entries });
 */
export async function custodyEvidence(
  db: Db,
  signer: LogSigner,
  subjectId: string,
  now: () => number,
): Promise<CustodyEvidence> {
  const checkpoint = await currentCheckpoint(db, signer, now);
  const treeSize = checkpoint.treeSize;
  const indexes = await leafIndexesOfSubject(db, subjectId, treeSize);
  const rangesByIndex = indexes.map((index) => inclusionProofRanges(index, treeSize));
  const lookup = await lookupFor(db, [
    ...rangesByIndex.flat(),
    ...indexes.map((index) => ({ start: index, end: index + 1 })),
  ]);
  const entries: BundleEntry[] = [];
  for (const [i, index] of indexes.entries()) {
    const stored = await findLeaf(db, index);
    if (!stored) throw new Error(`Custody log is damaged: leaf ${index} is missing.`);
    entries.push({
      index,
      leaf: JSON.parse(stored.leaf) as CustodyEntry,
      leafHash: toBase64(lookup({ level: 0, index })),
      inclusionProof: buildProof(rangesByIndex[i] ?? [], lookup).map(toBase64),
    });
  }
  return { publicKey: toBase64(signer.key.publicKey), checkpoint, entries };
}
