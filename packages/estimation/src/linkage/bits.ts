import { LinkageError } from './linkage-error.js';

/**
 * A packed set of equal-length bit arrays (CLKs), one after another in 32-bit words, with each
 * filter's popcount precomputed. Bit `i` of a filter is bit `31 - (i % 32)` of word `i / 32`, the
 * same most-significant-bit-first order clkhash uses when it serialises a filter to bytes.
 *
 * @example
 * const set: ClkSet = clkSetFromJson(JSON.parse(text));
 * set.popcounts[0]; // bits set in the first CLK
 */
export interface ClkSet {
  /** Bits per filter (the schema's `l`). */
  readonly bits: number;
  /** 32-bit words per filter: `ceil(bits / 32)`. */
  readonly words: number;
  /** Number of filters. */
  readonly size: number;
  /** `size * words` words; filter `r` occupies `[r * words, (r + 1) * words)`. */
  readonly data: Uint32Array;
  /** Number of set bits of each filter. */
  readonly popcounts: Uint32Array;
}

/**
 * Number of set bits in a 32-bit word (SWAR: no lookup table, no branches).
 *
 * @example
 * popcount32(0b1011); // 3
 */
export function popcount32(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Packs filters given as bytes (MSB-first, as clkhash serialises them) into a {@link ClkSet}.
 * Every filter must have the same number of bytes.
 *
 * @example
 * const set = clkSetFromBytes([new Uint8Array(128), new Uint8Array(128)]);
 * set.size; // 2
 * set.bits; // 1024
 */
export function clkSetFromBytes(filters: readonly Uint8Array[], bits?: number): ClkSet {
  const first = filters[0];
  const byteLength = first?.length ?? Math.ceil((bits ?? 0) / 8);
  const totalBits = bits ?? byteLength * 8;
  if (totalBits > byteLength * 8) {
    throw new LinkageError(
      'invalid-clk',
      `a filter of ${byteLength} bytes cannot hold ${totalBits} bits`,
    );
  }
  const words = Math.ceil(totalBits / 32);
  const data = new Uint32Array(filters.length * words);
  const popcounts = new Uint32Array(filters.length);
  filters.forEach((bytes, r) => {
    if (bytes.length !== byteLength) {
      throw new LinkageError(
        'invalid-clk',
        `filter ${r} has ${bytes.length} bytes but filter 0 has ${byteLength}: all filters of one list must come from the same schema (same l)`,
      );
    }
    let count = 0;
    for (let w = 0; w < words; w++) {
      const o = w * 4;
      const word =
        (((bytes[o] ?? 0) << 24) |
          ((bytes[o + 1] ?? 0) << 16) |
          ((bytes[o + 2] ?? 0) << 8) |
          (bytes[o + 3] ?? 0)) >>>
        0;
      data[r * words + w] = word;
      count += popcount32(word);
    }
    popcounts[r] = count;
  });
  return { bits: totalBits, words, size: filters.length, data, popcounts };
}

/**
 * The bytes of filter `index` of a set, MSB-first (the inverse of {@link clkSetFromBytes}).
 *
 * @example
 * const set = clkSetFromBytes([Uint8Array.of(0x80, 0, 0, 1)]);
 * clkBytes(set, 0); // Uint8Array [128, 0, 0, 1]
 */
export function clkBytes(set: ClkSet, index: number): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(set.bits / 8));
  for (let b = 0; b < bytes.length; b++) {
    const word = set.data[index * set.words + (b >>> 2)] ?? 0;
    bytes[b] = (word >>> (24 - 8 * (b & 3))) & 0xff;
  }
  return bytes;
}

/**
 * The indices of the set bits of a filter given as MSB-first bytes, ascending.
 *
 * @example
 * setBitIndices(Uint8Array.of(0b1000_0001)); // [0, 7]
 */
export function setBitIndices(bytes: Uint8Array): number[] {
  const out: number[] = [];
  bytes.forEach((byte, b) => {
    for (let i = 0; i < 8; i++) if (byte & (0x80 >>> i)) out.push(b * 8 + i);
  });
  return out;
}
