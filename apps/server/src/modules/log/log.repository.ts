import type { Subtree, SubtreeRef } from '@jaga/custody';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

/** A database handle or an open transaction: the log's queries run on either. */
export type Db = Kysely<Database> | Transaction<Database>;

/** A stored leaf as read back. */
export interface StoredLeaf {
  index: number;
  leaf: string;
  leafHash: Uint8Array;
}

/** A stored checkpoint as read back. */
export interface StoredCheckpoint {
  treeSize: number;
  origin: string;
  rootHash: Uint8Array;
  signedAt: string;
  keyId: string;
  signature: Uint8Array;
}

const bytes = (value: Uint8Array): Buffer =>
  Buffer.from(value.buffer, value.byteOffset, value.length);

/**
 * Takes the next leaf index: increments the one-row counter, whose row lock holds every other
 * appender until this transaction ends. Returns the index of the new leaf.
 */
export async function takeNextIndex(trx: Transaction<Database>): Promise<number> {
  const row = await trx
    .updateTable('custody_log_state')
    .set({ tree_size: sql`tree_size + 1` })
    .where('id', '=', 1)
    .returning('tree_size')
    .executeTakeFirstOrThrow();
  return Number(row.tree_size) - 1;
}

/** The committed tree size (the counter; leaves of open transactions are not counted). */
export async function currentTreeSize(db: Db): Promise<number> {
  const row = await db
    .selectFrom('custody_log_state')
    .select('tree_size')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.tree_size);
}

/**
 * Loads the hashes of the given subtrees (level 0 from the leaf table), keyed `level/index`. A
 * missing subtree is absent from the map.
 */
export async function loadSubtrees(
  db: Db,
  refs: readonly SubtreeRef[],
): Promise<Map<string, Uint8Array>> {
  const found = new Map<string, Uint8Array>();
  const leafIndexes = refs.filter((ref) => ref.level === 0).map((ref) => ref.index);
  const nodes = refs.filter((ref) => ref.level > 0);
  if (leafIndexes.length > 0) {
    const rows = await db
      .selectFrom('custody_log_leaves')
      .select(['leaf_index', 'leaf_hash'])
      .where('leaf_index', 'in', leafIndexes)
      .execute();
    for (const row of rows) found.set(`0/${Number(row.leaf_index)}`, row.leaf_hash);
  }
  if (nodes.length > 0) {
    const rows = await db
      .selectFrom('custody_log_nodes')
      .select(['level', 'node_index', 'hash'])
      .where((eb) =>
        eb.or(
          nodes.map((ref) =>
            eb.and([eb('level', '=', ref.level), eb('node_index', '=', ref.index)]),
          ),
        ),
      )
      .execute();
    for (const row of rows) found.set(`${row.level}/${Number(row.node_index)}`, row.hash);
  }
  return found;
}

/** Stores a new leaf and the subtrees it completes. */
export async function insertLeaf(
  trx: Transaction<Database>,
  leaf: { index: number; text: string; hash: Uint8Array; subjectId: string | null },
  completed: readonly Subtree[],
): Promise<void> {
  await trx
    .insertInto('custody_log_leaves')
    .values({
      leaf_index: leaf.index,
      leaf: leaf.text,
      leaf_hash: bytes(leaf.hash),
      subject_id: leaf.subjectId,
    })
    .execute();
  if (completed.length > 0) {
    await trx
      .insertInto('custody_log_nodes')
      .values(
        completed.map((node) => ({
          level: node.level,
          node_index: node.index,
          hash: bytes(node.hash),
        })),
      )
      .execute();
  }
}

/** One stored leaf, or `undefined`. */
export async function findLeaf(db: Db, index: number): Promise<StoredLeaf | undefined> {
  const row = await db
    .selectFrom('custody_log_leaves')
    .select(['leaf_index', 'leaf', 'leaf_hash'])
    .where('leaf_index', '=', index)
    .executeTakeFirst();
  return row && { index: Number(row.leaf_index), leaf: row.leaf, leafHash: row.leaf_hash };
}

/** Leaves with index > `after`, in index order, at most `limit`. */
export async function leavesAfter(db: Db, after: number, limit: number): Promise<StoredLeaf[]> {
  const rows = await db
    .selectFrom('custody_log_leaves')
    .select(['leaf_index', 'leaf', 'leaf_hash'])
    .where('leaf_index', '>', after)
    .orderBy('leaf_index')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    index: Number(row.leaf_index),
    leaf: row.leaf,
    leafHash: row.leaf_hash,
  }));
}

/** Stored nodes of level ≥ 1 with (level, index) after the given one, in that order. */
export async function nodesAfter(
  db: Db,
  after: { level: number; index: number },
  limit: number,
): Promise<Subtree[]> {
  const rows = await db
    .selectFrom('custody_log_nodes')
    .select(['level', 'node_index', 'hash'])
    .where((eb) =>
      eb.or([
        eb('level', '>', after.level),
        eb.and([eb('level', '=', after.level), eb('node_index', '>', after.index)]),
      ]),
    )
    .orderBy('level')
    .orderBy('node_index')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ level: row.level, index: Number(row.node_index), hash: row.hash }));
}

/** The custody trail of one record: its leaves' indexes in order. */
export async function leafIndexesOfSubject(
  db: Db,
  subjectId: string,
  treeSize: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('custody_log_leaves')
    .select('leaf_index')
    .where('subject_id', '=', subjectId)
    .where('leaf_index', '<', treeSize)
    .orderBy('leaf_index')
    .execute();
  return rows.map((row) => Number(row.leaf_index));
}

/** The checkpoint with the largest tree size, or `undefined`. */
export async function latestCheckpoint(db: Db): Promise<StoredCheckpoint | undefined> {
  const row = await db
    .selectFrom('custody_log_checkpoints')
    .selectAll()
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toCheckpoint(row);
}

/** Every stored checkpoint in tree-size order. */
export async function allCheckpoints(db: Db): Promise<StoredCheckpoint[]> {
  const rows = await db
    .selectFrom('custody_log_checkpoints')
    .selectAll()
    .orderBy('tree_size')
    .execute();
  return rows.map(toCheckpoint);
}

/** Stores a checkpoint; one per tree size (a second one for the same size is ignored). */
export async function insertCheckpoint(db: Db, checkpoint: StoredCheckpoint): Promise<void> {
  await db
    .insertInto('custody_log_checkpoints')
    .values({
      tree_size: checkpoint.treeSize,
      origin: checkpoint.origin,
      root_hash: bytes(checkpoint.rootHash),
      signed_at: checkpoint.signedAt,
      key_id: checkpoint.keyId,
      signature: bytes(checkpoint.signature),
    })
    .onConflict((oc) => oc.column('tree_size').doNothing())
    .execute();
}

function toCheckpoint(row: {
  tree_size: number;
  origin: string;
  root_hash: Uint8Array;
  signed_at: string;
  key_id: string;
  signature: Uint8Array;
}): StoredCheckpoint {
  return {
    treeSize: Number(row.tree_size),
    origin: row.origin,
    rootHash: row.root_hash,
    signedAt: row.signed_at,
    keyId: row.key_id,
    signature: row.signature,
  };
}
