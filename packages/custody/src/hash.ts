import { sha256 } from '@noble/hashes/sha2.js';

/** Size in bytes of every hash in the log (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/**
 * RFC 9162 leaf hash: `SHA-256(0x00 ‖ data)`. The prefix keeps a leaf from ever hashing like an
 * interior node, so a proof cannot pass an interior node off as a leaf.
 *
 * @example
 * const hash = leafHash(new TextEncoder().encode('{"type":"artefact.read"}'));
 */
export function leafHash(data: Uint8Array): Uint8Array {
  const input = new Uint8Array(data.length + 1);
  input[0] = LEAF_PREFIX;
  input.set(data, 1);
  return sha256(input);
}

/**
 * RFC 9162 interior node hash: `SHA-256(0x01 ‖ left ‖ right)`.
 *
 * @example
 * const parent = nodeHash(leafHash(a), leafHash(b));
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

/**
 * The root of the empty tree, `SHA-256()` of no bytes.
 *
 * @example
 * const root = emptyRoot(); // e3b0c442…
 */
export function emptyRoot(): Uint8Array {
  return sha256(new Uint8Array(0));
}

/**
 * Plain SHA-256 of some bytes (artefact contents, public keys).
 *
 * @example
 * const digest = sha256Bytes(new TextEncoder().encode('abc'));
 */
export function sha256Bytes(data: Uint8Array): Uint8Array {
  return sha256(data);
}

/**
 * Whether two byte strings are equal.
 *
 * @example
 * bytesEqual(leafHash(a), stored); // true when untouched
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
