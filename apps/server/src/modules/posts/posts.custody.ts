import {
  appendSiblings,
  type CustodyEntry,
  completedSubtrees,
  encodeLeaf,
  type Subtree,
  type SubtreeRef,
} from '@jaga/custody';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { loadSubtrees } from '../log/log.repository.js';

// The batch form of appendLeaf for ingestion: a batch of 500 posts appended one leaf at a time
// costs about 2,000 round trips under the log's lock; this takes the indexes in one update,
// computes every completed subtree in memory and inserts leaves and nodes in a few multi-row
// statements. The stored leaves and nodes are exactly those appendLeaf would have stored (the
// test compares both), so proofs, checkpoints and `jaga log verify` see no difference.

const bytes = (value: Uint8Array): Buffer =>
  Buffer.from(value.buffer, value.byteOffset, value.length);

/** The perfect subtrees left of position `size` (one per 1-bit): every sibling later appends need. */
function frontier(size: number): SubtreeRef[] {
  const refs: SubtreeRef[] = [];
  for (let level = 0; 2 ** level <= size; level++) {
    if (Math.floor(size / 2 ** level) % 2 === 1) {
      refs.push({ level, index: Math.floor(size / 2 ** level) - 1 });
    }
  }
  return refs;
}

/**
 * Appends one custody leaf per entry, in order, inside the caller's transaction (so the leaves
 * commit with the records they describe, or not at all). Holds the log's row lock from the first
 * statement to the end of the transaction, like appendLeaf: call it last.
 *
 * @returns the index of the first leaf (the others follow it).
 * @example
 * await appendLeaves(trx, posts.map((p) => ({ type: 'post.ingest', … })));
 */
export async function appendLeaves(
  trx: Transaction<Database>,
  entries: readonly CustodyEntry[],
): Promise<number> {
  if (entries.length === 0) return -1;
  // Encoding and hashing need no lock.
  const leaves = entries.map((entry) => ({ entry, leaf: encodeLeaf(entry) }));
  const taken = await sql<{ tree_size: number | string }>`
    update custody_log_state set tree_size = tree_size + ${entries.length}
    where id = 1 returning tree_size`.execute(trx);
  const end = Number(taken.rows[0]?.tree_size);
  const first = end - entries.length;
  const known = new Map<string, Uint8Array>();
  const refs = frontier(first);
  const loaded = await loadSubtrees(trx, refs);
  for (const ref of refs) {
    const hash = loaded.get(`${ref.level}/${ref.index}`);
    if (!hash) {
      throw new Error(
        `Custody log is damaged: subtree ${ref.level}/${ref.index} is missing; run "jaga log verify".`,
      );
    }
    known.set(`${ref.level}/${ref.index}`, hash);
  }
  const nodes: Subtree[] = [];
  leaves.forEach(({ leaf }, i) => {
    const index = first + i;
    const siblings = appendSiblings(index).map((ref) => {
      const hash = known.get(`${ref.level}/${ref.index}`);
      if (!hash) throw new Error(`custody batch: subtree ${ref.level}/${ref.index} not computed`);
      return hash;
    });
    known.set(`0/${index}`, leaf.hash);
    for (const node of completedSubtrees(index, leaf.hash, siblings)) {
      known.set(`${node.level}/${node.index}`, node.hash);
      nodes.push(node);
    }
  });
  // Chunks keep each statement well under PostgreSQL's 65,535 parameters.
  for (let start = 0; start < leaves.length; start += 2000) {
    await trx
      .insertInto('custody_log_leaves')
      .values(
        leaves.slice(start, start + 2000).map(({ entry, leaf }, i) => ({
          leaf_index: first + start + i,
          leaf: leaf.text,
          leaf_hash: bytes(leaf.hash),
          subject_id: entry.subject?.id ?? null,
        })),
      )
      .execute();
  }
  for (let start = 0; start < nodes.length; start += 5000) {
    await trx
      .insertInto('custody_log_nodes')
      .values(
        nodes.slice(start, start + 5000).map((node) => ({
          level: node.level,
          node_index: node.index,
          hash: bytes(node.hash),
        })),
      )
      .execute();
  }
  return first;
}
