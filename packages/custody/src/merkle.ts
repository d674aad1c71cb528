import { bytesEqual, emptyRoot, HASH_SIZE, nodeHash } from './hash.js';

/**
 * A perfect subtree of the log: the `2^level` leaves from `index * 2^level`. Level 0 is one leaf.
 * A log stores each completed subtree's hash once, so any proof is a handful of lookups.
 */
export interface SubtreeRef {
  readonly level: number;
  readonly index: number;
}

/** A completed subtree with its hash. */
export interface Subtree extends SubtreeRef {
  readonly hash: Uint8Array;
}

/** The leaves `[start, end)`, whose RFC 9162 Merkle Tree Hash is one element of a proof. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/** Finds the stored hash of a subtree; throws when the store does not have it. */
export type SubtreeLookup = (ref: SubtreeRef) => Uint8Array;

const MAX_SIZE = Number.MAX_SAFE_INTEGER;

/** Largest power of two strictly smaller than `n` (n ≥ 2), the split point of RFC 9162 MTH. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function assertSize(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_SIZE) {
    throw new RangeError(`${what} must be a whole number ≥ 0 (got ${value})`);
  }
}

/**
 * The ranges whose hashes make the RFC 9162 inclusion proof (audit path) of leaf `index` in the
 * tree of the first `treeSize` leaves, in proof order (nearest the leaf first).
 *
 * @example
 * inclusionProofRanges(2, 5); // [{start:3,end:4},{start:0,end:2},{start:4,end:5}]
 */
export function inclusionProofRanges(index: number, treeSize: number): LeafRange[] {
  assertSize(index, 'index');
  assertSize(treeSize, 'treeSize');
  if (index >= treeSize) {
    throw new RangeError(`index ${index} is not in a tree of ${treeSize} leaves`);
  }
  const out: LeafRange[] = [];
  // PATH(m, D[lo:hi]) recursion made iterative: walk down, then emit siblings bottom-up.
  const siblings: LeafRange[] = [];
  let lo = 0;
  let hi = treeSize;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      siblings.push({ start: lo + k, end: hi });
      hi = lo + k;
    } else {
      siblings.push({ start: lo, end: lo + k });
      lo += k;
    }
  }
  for (let i = siblings.length - 1; i >= 0; i--) out.push(siblings[i] as LeafRange);
  return out;
}

/**
 * The ranges whose hashes make the RFC 9162 consistency proof between the trees of `fromSize` and
 * `toSize` leaves (`0 < fromSize ≤ toSize`; empty when equal).
 *
 * @example
 * consistencyProofRanges(3, 7); // [{2,3},{3,4},{0,2},{4,7}]
 */
export function consistencyProofRanges(fromSize: number, toSize: number): LeafRange[] {
  assertSize(fromSize, 'fromSize');
  assertSize(toSize, 'toSize');
  if (fromSize === 0 || fromSize > toSize) {
    throw new RangeError(
      `a consistency proof needs 0 < from ≤ to (got from=${fromSize}, to=${toSize})`,
    );
  }
  // SUBPROOF(m, D[lo:hi], b) made iterative: walk down collecting siblings, emit them bottom-up.
  const siblings: LeafRange[] = [];
  let m = fromSize;
  let lo = 0;
  let hi = toSize;
  let complete = true;
  let leading: LeafRange | undefined;
  while (true) {
    const n = hi - lo;
    if (m === n) {
      if (!complete) leading = { start: lo, end: hi };
      break;
    }
    const k = splitPoint(n);
    if (m <= k) {
      siblings.push({ start: lo + k, end: hi });
      hi = lo + k;
    } else {
      siblings.push({ start: lo, end: lo + k });
      m -= k;
      lo += k;
      complete = false;
    }
  }
  const out: LeafRange[] = leading ? [leading] : [];
  for (let i = siblings.length - 1; i >= 0; i--) out.push(siblings[i] as LeafRange);
  return out;
}

/**
 * The perfect subtrees that make up a range, left to right. Every range of an RFC 9162 proof
 * starts on a boundary of its own size, so it is the subtrees given by the binary digits of its
 * length.
 *
 * @example
 * rangeSubtrees({ start: 4, end: 7 }); // [{level:1,index:2},{level:0,index:6}]
 */
export function rangeSubtrees(range: LeafRange): SubtreeRef[] {
  const { start, end } = range;
  assertSize(start, 'range start');
  assertSize(end, 'range end');
  if (end <= start) throw new RangeError(`range [${start}, ${end}) holds no leaf`);
  const out: SubtreeRef[] = [];
  let at = start;
  let remaining = end - start;
  let size = 1;
  while (size * 2 <= remaining) size *= 2;
  for (let level = Math.log2(size); remaining > 0; level--, size /= 2) {
    if (remaining < size) continue;
    if (at % size !== 0) {
      throw new RangeError(`range [${start}, ${end}) is not aligned to its subtrees`);
    }
    out.push({ level, index: at / size });
    at += size;
    remaining -= size;
  }
  return out;
}

/**
 * The Merkle Tree Hash of a range from its perfect subtrees' hashes, folded right to left as
 * RFC 9162 defines MTH.
 *
 * @example
 * const hash = rangeHash({ start: 0, end: 5 }, (ref) => stored.get(`${ref.level}/${ref.index}`));
 */
export function rangeHash(range: LeafRange, lookup: SubtreeLookup): Uint8Array {
  const refs = rangeSubtrees(range);
  let hash = lookup(refs[refs.length - 1] as SubtreeRef);
  for (let i = refs.length - 2; i >= 0; i--) hash = nodeHash(lookup(refs[i] as SubtreeRef), hash);
  return hash;
}

/**
 * Every subtree a list of ranges needs, without duplicates: what to load before building a proof.
 *
 * @example
 * const refs = subtreesFor(inclusionProofRanges(2, 5));
 */
export function subtreesFor(ranges: readonly LeafRange[]): SubtreeRef[] {
  const seen = new Map<string, SubtreeRef>();
  for (const range of ranges) {
    for (const ref of rangeSubtrees(range)) seen.set(`${ref.level}/${ref.index}`, ref);
  }
  return [...seen.values()];
}

/**
 * The root hash of the tree of the first `treeSize` leaves, from stored subtree hashes.
 *
 * @example
 * const root = treeRoot(1_000_000, lookup); // 7 lookups
 */
export function treeRoot(treeSize: number, lookup: SubtreeLookup): Uint8Array {
  assertSize(treeSize, 'treeSize');
  if (treeSize === 0) return emptyRoot();
  return rangeHash({ start: 0, end: treeSize }, lookup);
}

/**
 * The left siblings a new leaf at position `treeSize` merges with: one per trailing 1-bit of
 * `treeSize`, lowest level first. An append reads these and stores {@link completedSubtrees}.
 *
 * @example
 * appendSiblings(3); // [{level:0,index:2},{level:1,index:0}]
 */
export function appendSiblings(treeSize: number): SubtreeRef[] {
  assertSize(treeSize, 'treeSize');
  const out: SubtreeRef[] = [];
  for (let level = 0; Math.floor(treeSize / 2 ** level) % 2 === 1; level++) {
    out.push({ level, index: Math.floor(treeSize / 2 ** level) - 1 });
  }
  return out;
}

/**
 * The subtrees completed by appending `newLeafHash` at position `treeSize`, given the hashes of
 * {@link appendSiblings} in the same order (levels 1 and up; the leaf itself is level 0).
 *
 * @example
 * completedSubtrees(1, leafHash1, [leafHash0]); // [{level:1,index:0,hash:…}]
 */
export function completedSubtrees(
  treeSize: number,
  newLeafHash: Uint8Array,
  siblingHashes: readonly Uint8Array[],
): Subtree[] {
  const refs = appendSiblings(treeSize);
  if (siblingHashes.length !== refs.length) {
    throw new RangeError(
      `appending at ${treeSize} needs ${refs.length} sibling hash(es), got ${siblingHashes.length}`,
    );
  }
  const out: Subtree[] = [];
  let hash = newLeafHash;
  refs.forEach((ref, i) => {
    hash = nodeHash(siblingHashes[i] as Uint8Array, hash);
    out.push({ level: ref.level + 1, index: Math.floor(ref.index / 2), hash });
  });
  return out;
}

/**
 * The right edge of a growing tree (one hash per 1-bit of its size): appends leaves and gives the
 * root at any size in O(log n) memory, so a monitor can replay millions of leaves.
 *
 * @example
 * const frontier = new MerkleFrontier();
 * for (const hash of leafHashes) frontier.push(hash);
 * frontier.root();
 */
export class MerkleFrontier {
  #size = 0;
  /** Hashes of the perfect subtrees of the current tree, largest (leftmost) first. */
  #edge: Subtree[] = [];

  /** Leaves appended so far. */
  get size(): number {
    return this.#size;
  }

  /**
   * Appends one leaf hash; returns the subtrees of level ≥ 1 it completes (to compare with a
   * store), lowest first.
   */
  push(leaf: Uint8Array): Subtree[] {
    if (leaf.length !== HASH_SIZE) throw new RangeError(`a leaf hash has ${HASH_SIZE} bytes`);
    const siblings = appendSiblings(this.#size).map(() => (this.#edge.pop() as Subtree).hash);
    const created = completedSubtrees(this.#size, leaf, siblings);
    const top = created[created.length - 1];
    this.#edge.push(top ?? { level: 0, index: this.#size, hash: leaf });
    this.#size += 1;
    return created;
  }

  /** Root hash of the tree of every leaf pushed so far. */
  root(): Uint8Array {
    if (this.#edge.length === 0) return emptyRoot();
    let hash = (this.#edge[this.#edge.length - 1] as Subtree).hash;
    for (let i = this.#edge.length - 2; i >= 0; i--) {
      hash = nodeHash((this.#edge[i] as Subtree).hash, hash);
    }
    return hash;
  }
}

/**
 * Builds the RFC 9162 proof whose ranges are given, from stored subtree hashes.
 *
 * @example
 * const proof = buildProof(inclusionProofRanges(2, 5), lookup);
 */
export function buildProof(ranges: readonly LeafRange[], lookup: SubtreeLookup): Uint8Array[] {
  return ranges.map((range) => rangeHash(range, lookup));
}

/**
 * RFC 9162 §2.1.3.2: whether `proof` shows the leaf with hash `leafHash` at `index` in the tree of
 * `treeSize` leaves whose root is `rootHash`.
 *
 * @example
 * verifyInclusion({ leafHash, index: 2, treeSize: 5, proof, rootHash }); // true
 */
export function verifyInclusion(input: {
  leafHash: Uint8Array;
  index: number;
  treeSize: number;
  proof: readonly Uint8Array[];
  rootHash: Uint8Array;
}): boolean {
  const { leafHash, index, treeSize, proof, rootHash } = input;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize)) return false;
  if (index < 0 || index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesEqual(r, rootHash);
}

/**
 * RFC 9162 §2.1.4.2: whether `proof` shows that the tree of `toSize` leaves (root `toRoot`) extends
 * the tree of `fromSize` leaves (root `fromRoot`) without changing any of its leaves.
 *
 * @example
 * verifyConsistency({ fromSize: 3, toSize: 7, fromRoot, toRoot, proof }); // true
 */
export function verifyConsistency(input: {
  fromSize: number;
  toSize: number;
  fromRoot: Uint8Array;
  toRoot: Uint8Array;
  proof: readonly Uint8Array[];
}): boolean {
  const { fromSize, toSize, fromRoot, toRoot } = input;
  if (!Number.isSafeInteger(fromSize) || !Number.isSafeInteger(toSize)) return false;
  if (fromSize < 0 || fromSize > toSize) return false;
  if (fromSize === toSize) return input.proof.length === 0 && bytesEqual(fromRoot, toRoot);
  if (fromSize === 0) return input.proof.length === 0;
  if (input.proof.length === 0) return false;
  const path = [...input.proof];
  // A power-of-two old tree is a subtree of the new one; its root is the proof's implied start.
  if (isPowerOfTwo(fromSize)) path.unshift(fromRoot);
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesEqual(fr, fromRoot) && bytesEqual(sr, toRoot);
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}
