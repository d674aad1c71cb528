import { utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical-json.js';
import { type CustodyEntry, custodyEntryProblems } from './custody-entry.js';
import { leafHash } from './hash.js';

/** A custody entry in the form the log stores and hashes. */
export interface EncodedLeaf {
  /** RFC 8785 canonical JSON of the entry: the leaf data. */
  text: string;
  /** UTF-8 bytes of `text`. */
  data: Uint8Array;
  /** `SHA-256(0x00 ‖ data)`. */
  hash: Uint8Array;
}

/**
 * Validates a custody entry and encodes it as a leaf; throws a `TypeError` listing every problem.
 *
 * @example
 * const leaf = encodeLeaf({ type: 'artefact.read', at: new Date().toISOString() });
 */
export function encodeLeaf(entry: CustodyEntry): EncodedLeaf {
  const problems = custodyEntryProblems(entry);
  if (problems.length > 0) throw new TypeError(`Invalid custody entry: ${problems.join('; ')}`);
  const text = canonicalJson(entry);
  const data = utf8ToBytes(text);
  return { text, data, hash: leafHash(data) };
}
