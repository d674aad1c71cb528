import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './encoding.js';
import { emptyRoot, leafHash } from './hash.js';
import {
  buildProof,
  consistencyProofRanges,
  inclusionProofRanges,
  MerkleFrontier,
  type SubtreeRef,
  subtreesFor,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';

// An independent, deliberately naive RFC 9162 implementation on node:crypto and array slices,
// written straight from the RFC's recursive definitions.
const H = (...parts: Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};
const split = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
function mth(d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return H();
  if (d.length === 1) return H(Uint8Array.of(0), d[0] as Uint8Array);
  const k = split(d.length);
  return H(Uint8Array.of(1), mth(d.slice(0, k)), mth(d.slice(k)));
}
function path(m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k
    ? [...path(m, d.slice(0, k)), mth(d.slice(k))]
    : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}
function subproof(m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = split(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

/** The subtree store a log keeps, built here by brute force from the leaves. */
function storeOf(d: Uint8Array[]): (ref: SubtreeRef) => Uint8Array {
  return (ref) => {
    const size = 2 ** ref.level;
    const slice = d.slice(ref.index * size, (ref.index + 1) * size);
    if (slice.length !== size) throw new Error(`subtree ${ref.level}/${ref.index} is incomplete`);
    return mth(slice);
  };
}

const hex = (hashes: Uint8Array[]) => hashes.map(toHex);

// The test leaves of the Certificate Transparency reference implementation; the roots and paths
// below were computed by hand from the RFC 9162 definitions (SHA-256 of the prefixed bytes).
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => fromHex(h));
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const A = '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7';
const B = '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e';
const C = '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4';
const D = 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b';
const E = 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0';
const F = '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a';
const ROOT4 = CT_ROOTS[3] as string;
const ROOT2 = CT_ROOTS[1] as string;

const CT_HASHES = CT_LEAVES.map(leafHash);
const ctStore = storeOf(CT_HASHES.map((_, i) => CT_LEAVES[i] as Uint8Array));

describe('RFC 9162 Merkle tree hash', () => {
  it('gives the reference roots of the CT test leaves, and SHA-256() for the empty tree', () => {
    expect(toHex(emptyRoot())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    for (let n = 1; n <= 8; n++) {
      expect(toHex(treeRoot(n, ctStore))).toBe(CT_ROOTS[n - 1]);
      const frontier = new MerkleFrontier();
      for (const hash of CT_HASHES.slice(0, n)) frontier.push(hash);
      expect(toHex(frontier.root())).toBe(CT_ROOTS[n - 1]);
    }
  });

  it('gives the reference inclusion paths', () => {
    const cases: [number, number, string[]][] = [
      [0, 8, [A, B, C]],
      [5, 8, [D, E, ROOT4]],
      [2, 3, [ROOT2]],
      [1, 5, [CT_ROOTS[0] as string, B, D]],
      [0, 1, []],
    ];
    for (const [index, size, expected] of cases) {
      const proof = buildProof(inclusionProofRanges(index, size), ctStore);
      expect(hex(proof)).toEqual(expected);
      const rootHash = fromHex(CT_ROOTS[size - 1] as string);
      const leaf = CT_HASHES[index] as Uint8Array;
      expect(verifyInclusion({ leafHash: leaf, index, treeSize: size, proof, rootHash })).toBe(
        true,
      );
    }
  });

  it('gives the reference consistency proofs', () => {
    const cases: [number, number, string[]][] = [
      [1, 8, [A, B, C]],
      [6, 8, [F, E, ROOT4]],
      [2, 5, [B, D]],
      [4, 8, [C]],
      [8, 8, []],
    ];
    for (const [from, to, expected] of cases) {
      const proof = buildProof(consistencyProofRanges(from, to), ctStore);
      expect(hex(proof)).toEqual(expected);
      const fromRoot = fromHex(CT_ROOTS[from - 1] as string);
      const toRoot = fromHex(CT_ROOTS[to - 1] as string);
      expect(verifyConsistency({ fromSize: from, toSize: to, fromRoot, toRoot, proof })).toBe(true);
    }
  });

  it('refuses proofs asked for leaves or sizes outside the tree', () => {
    expect(() => inclusionProofRanges(5, 5)).toThrow(/index 5 is not in a tree of 5 leaves/);
    expect(() => consistencyProofRanges(0, 5)).toThrow(/0 < from ≤ to/);
    expect(() => consistencyProofRanges(6, 5)).toThrow(/0 < from ≤ to/);
    expect(() => inclusionProofRanges(-1, 5)).toThrow(/whole number/);
  });
});

// Distinct leaves (position first), so a proof for one position never fits another by chance.
const leavesArbitrary = fc
  .array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 70 })
  .map((leaves) => leaves.map((leaf, i) => Uint8Array.of(i, ...leaf)));

describe('proofs agree with a naive recursive implementation', () => {
  it('inclusion proofs equal PATH(m, D[n]) and verify; any change makes them fail', () => {
    fc.assert(
      fc.property(leavesArbitrary, fc.nat(), fc.nat(), (leaves, a, b) => {
        const size = 1 + (a % leaves.length);
        const index = b % size;
        const d = leaves.slice(0, size);
        const store = storeOf(leaves);
        const proof = buildProof(inclusionProofRanges(index, size), store);
        expect(hex(proof)).toEqual(hex(path(index, d)));
        const rootHash = mth(d);
        const leaf = leafHash(d[index] as Uint8Array);
        const ok = { leafHash: leaf, index, treeSize: size, proof, rootHash };
        expect(verifyInclusion(ok)).toBe(true);
        expect(
          verifyInclusion({ ...ok, leafHash: leafHash(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9)) }),
        ).toBe(false);
        if (size > 1) {
          expect(verifyInclusion({ ...ok, index: (index + 1) % size })).toBe(false);
          expect(verifyInclusion({ ...ok, proof: proof.slice(1) })).toBe(false);
          const flipped = proof.map((h) => h.slice());
          (flipped[0] as Uint8Array)[0] = ((flipped[0] as Uint8Array)[0] as number) ^ 1;
          expect(verifyInclusion({ ...ok, proof: flipped })).toBe(false);
        }
        expect(verifyInclusion({ ...ok, treeSize: index })).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('consistency proofs equal PROOF(m, D[n]) and verify; any change makes them fail', () => {
    fc.assert(
      fc.property(leavesArbitrary, fc.nat(), fc.nat(), (leaves, a, b) => {
        const to = 1 + (a % leaves.length);
        const from = 1 + (b % to);
        const store = storeOf(leaves);
        const proof = buildProof(consistencyProofRanges(from, to), store);
        expect(hex(proof)).toEqual(hex(subproof(from, leaves.slice(0, to), true)));
        const fromRoot = mth(leaves.slice(0, from));
        const toRoot = mth(leaves.slice(0, to));
        const ok = { fromSize: from, toSize: to, fromRoot, toRoot, proof };
        expect(verifyConsistency(ok)).toBe(true);
        if (from < to) {
          expect(verifyConsistency({ ...ok, toRoot: fromRoot })).toBe(false);
          expect(verifyConsistency({ ...ok, fromRoot: toRoot })).toBe(false);
          expect(verifyConsistency({ ...ok, proof: proof.slice(0, -1) })).toBe(false);
          // A rewritten history: the same sizes, one old leaf changed.
          const forged = leaves.slice(0, to).map((leaf) => leaf.slice());
          forged[0] = Uint8Array.of(...(forged[0] as Uint8Array), 0xff);
          const forgedProof = buildProof(consistencyProofRanges(from, to), storeOf(forged));
          expect(verifyConsistency({ ...ok, toRoot: mth(forged), proof: forgedProof })).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads O(log n) stored subtrees for any proof in a tree of a million leaves', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 1_000_000 }), fc.nat(), (size, i) => {
        const refs = subtreesFor([
          ...inclusionProofRanges(i % size, size),
          ...consistencyProofRanges(1 + (i % (size - 1)), size),
        ]);
        expect(refs.length).toBeLessThanOrEqual(4 * Math.ceil(Math.log2(size)));
      }),
    );
  });

  it('the frontier reports every subtree an append completes, as the store holds them', () => {
    fc.assert(
      fc.property(leavesArbitrary, (leaves) => {
        const frontier = new MerkleFrontier();
        const store = storeOf(leaves);
        leaves.forEach((leaf, i) => {
          for (const node of frontier.push(leafHash(leaf))) {
            expect(toHex(node.hash)).toBe(toHex(store(node)));
            expect((node.index + 1) * 2 ** node.level).toBe(i + 1);
          }
          expect(toHex(frontier.root())).toBe(toHex(mth(leaves.slice(0, i + 1))));
        });
      }),
      { numRuns: 100 },
    );
  });
});
