import type { ClkSet } from './bits.js';
import { LinkageError } from './linkage-error.js';

/**
 * Number of bits set in both filter `i` of `a` and filter `j` of `b`. The word loop keeps the
 * per-byte SWAR counts in one accumulator and sums its bytes once per 31 words, which is what
 * makes an all-pairs comparison of two 10,000-record lists take seconds rather than minutes.
 *
 * @example
 * intersectionCount(listA, 0, listB, 3); // 412
 */
export function intersectionCount(a: ClkSet, i: number, b: ClkSet, j: number): number {
  const words = a.words;
  const ad = a.data;
  const bd = b.data;
  let ao = i * words;
  let bo = j * words;
  const end = ao + words;
  let total = 0;
  while (ao < end) {
    // Each byte of acc holds at most 8 per word; 31 words keep it below 256.
    const stop = Math.min(end, ao + 31);
    let acc = 0;
    while (ao < stop) {
      let x = (ad[ao++] as number) & (bd[bo++] as number);
      x -= (x >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      acc += (x + (x >>> 4)) & 0x0f0f0f0f;
    }
    total += (acc & 0xff) + ((acc >>> 8) & 0xff) + ((acc >>> 16) & 0xff) + (acc >>> 24);
  }
  return total;
}

/**
 * Sørensen–Dice coefficient of two CLKs, 2|A∧B| / (|A| + |B|), as anonlink defines it: 0 when the
 * first filter has no bits set.
 *
 * @example
 * dice(listA, 0, listB, 3); // 0.87
 */
export function dice(a: ClkSet, i: number, b: ClkSet, j: number): number {
  assertComparable(a, b);
  const pa = a.popcounts[i] ?? 0;
  if (pa === 0) return 0;
  return (2 * intersectionCount(a, i, b, j)) / (pa + (b.popcounts[j] ?? 0));
}

/**
 * Throws a {@link LinkageError} unless two lists hold CLKs of the same length.
 *
 * @example
 * assertComparable(listA, listB); // throws if one list is 1024-bit and the other 512-bit
 */
export function assertComparable(a: ClkSet, b: ClkSet): void {
  // An empty list (e.g. an agency with no records this period) compares with anything.
  if (a.bits !== b.bits && a.size > 0 && b.size > 0) {
    throw new LinkageError(
      'invalid-clk',
      `cannot compare CLKs of ${a.bits} bits with CLKs of ${b.bits} bits: both lists must be encoded with the same schema`,
    );
  }
}
