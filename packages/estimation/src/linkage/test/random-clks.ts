import { type ClkSet, clkSetFromBytes } from '../bits.js';

/** Seeded uniform generator for test data (mulberry32). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A filter of `bits` bits where each bit is set with probability `fill`. */
export function randomFilter(random: () => number, bits: number, fill: number): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  for (let i = 0; i < bits; i++) {
    if (random() < fill) bytes[i >>> 3] = (bytes[i >>> 3] ?? 0) | (0x80 >>> (i & 7));
  }
  return bytes;
}

/** A copy of `filter` with each bit flipped with probability `noise`. */
export function noisyCopy(
  random: () => number,
  filter: Uint8Array,
  bits: number,
  noise: number,
): Uint8Array {
  const copy = filter.slice();
  for (let i = 0; i < bits; i++) {
    if (random() < noise) copy[i >>> 3] = (copy[i >>> 3] ?? 0) ^ (0x80 >>> (i & 7));
  }
  return copy;
}

/** A filter with exactly the given bits set. */
export function filterWithBits(bits: number, set: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  for (const i of set) bytes[i >>> 3] = (bytes[i >>> 3] ?? 0) | (0x80 >>> (i & 7));
  return bytes;
}

/** Packs filters into a set. */
export function setOf(filters: readonly Uint8Array[], bits?: number): ClkSet {
  return clkSetFromBytes(filters, bits);
}
