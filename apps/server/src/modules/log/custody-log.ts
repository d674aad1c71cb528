import {
  appendSiblings,
  type CustodyEntry,
  completedSubtrees,
  encodeLeaf,
  toBase64,
} from '@jaga/custody';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { insertLeaf, loadSubtrees, takeNextIndex } from './log.repository.js';

export type { CustodyEntry } from '@jaga/custody';

/** Where a leaf landed in the log. */
export interface AppendedLeaf {
  index: number;
  /** Base64 RFC 9162 leaf hash. */
  leafHash: string;
}

/**
 * Appends one custody leaf. Call it inside the transaction of the write it records, so the leaf
 * commits with that write or not at all; on a plain `db` it opens its own transaction.
 *
 * Appends are serialised by a row lock held until the transaction ends, so call it last in a
 * transaction to keep other writers waiting as little as possible. Leaves about restricted
 * records must carry ids and hashes only, never content or titles.
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   const artefact = await insertArtefact(trx, …);
 *   await appendLeaf(trx, {
 *     type: 'artefact.upload',
 *     actor: { userId: actor.userId, organisationId: actor.organisationId },
 *     subject: { kind: 'artefact', id: artefact.id, sha256: artefact.sha256 },
 *     at: new Date().toISOString(),
 *   });
 * });
 */
export async function appendLeaf(
  db: Kysely<Database> | Transaction<Database>,
  entry: CustodyEntry,
): Promise<AppendedLeaf> {
  // Encoding and hashing need no lock: the leaf hash does not depend on the index.
  const leaf = encodeLeaf(entry);
  const append = async (trx: Transaction<Database>): Promise<AppendedLeaf> => {
    const index = await takeNextIndex(trx);
    const refs = appendSiblings(index);
    const found = await loadSubtrees(trx, refs);
    const siblings = refs.map((ref) => {
      const hash = found.get(`${ref.level}/${ref.index}`);
      if (!hash) {
        throw new Error(
          `Custody log is damaged: subtree ${ref.level}/${ref.index} is missing; run "jaga log verify".`,
        );
      }
      return hash;
    });
    const completed = completedSubtrees(index, leaf.hash, siblings);
    await insertLeaf(
      trx,
      { index, text: leaf.text, hash: leaf.hash, subjectId: entry.subject?.id ?? null },
      completed,
    );
    return { index, leafHash: toBase64(leaf.hash) };
  };
  if (db.isTransaction) return append(db as Transaction<Database>);
  return db.transaction().execute(append);
}
