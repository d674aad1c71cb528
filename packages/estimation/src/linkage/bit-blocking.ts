import type { ClkSet } from './bits.js';
import { LinkageError } from './linkage-error.js';

/**
 * Bit blocking (anonlink's `bit_blocking`): `projections` random choices of `bitsPerProjection`
 * bit positions; two records are compared only if they agree on all chosen bits of at least one
 * projection. Lossy: a true match is missed when every projection hits a bit where the two CLKs
 * differ, so pick enough projections (see the linkage benchmark in the docs).
 *
 * @example
 * findCandidates(a, b, { threshold: 0.86, blocking: { projections: 20, bitsPerProjection: 8, seed: 1 } });
 */
export interface BitBlockingOptions {
  /** Number of independent projections g (default 20). */
  readonly projections?: number;
  /** Bits per projection r, 1–24 (default 8). */
  readonly bitsPerProjection?: number;
  /** Seed of the position choice, for reproducible runs (default 1). */
  readonly seed?: number;
}

/**
 * The chosen bit positions and every record's block key under each projection.
 *
 * @example
 * const blocks: BitBlocks = drawBitBlocks(1024);
 */
export interface BitBlocks {
  readonly projections: number;
  /** `positions[p]` are the bit positions of projection p. */
  readonly positions: readonly Uint32Array[];
}

/** Small seeded generator (mulberry32): blocking needs reproducibility, not cryptographic quality. */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws the projections for CLKs of `bits` bits.
 *
 * @example
 * const blocks = drawBitBlocks(1024, { projections: 20, bitsPerProjection: 8, seed: 7 });
 * blocks.positions[0]?.length; // 8
 */
export function drawBitBlocks(bits: number, options: BitBlockingOptions = {}): BitBlocks {
  const projections = options.projections ?? 20;
  const r = options.bitsPerProjection ?? 8;
  if (!Number.isInteger(projections) || projections < 1) {
    throw new LinkageError(
      'invalid-option',
      `blocking projections must be a positive integer, got ${projections}`,
    );
  }
  if (!Number.isInteger(r) || r < 1 || r > 24 || r > bits) {
    throw new LinkageError(
      'invalid-option',
      `blocking bitsPerProjection must be an integer from 1 to ${Math.min(24, bits)}, got ${r}`,
    );
  }
  const random = mulberry32(options.seed ?? 1);
  const positions = Array.from({ length: projections }, () => {
    const chosen = new Set<number>();
    while (chosen.size < r) chosen.add(Math.floor(random() * bits));
    return Uint32Array.from([...chosen].sort((x, y) => x - y));
  });
  return { projections, positions };
}

/**
 * Every record's key under every projection: `keys[p * set.size + record]`.
 *
 * @example
 * const keys = blockKeys(list, drawBitBlocks(list.bits));
 */
export function blockKeys(set: ClkSet, blocks: BitBlocks): Uint32Array {
  const keys = new Uint32Array(blocks.projections * set.size);
  blocks.positions.forEach((positions, p) => {
    for (let r = 0; r < set.size; r++) {
      let key = 0;
      for (const bit of positions) {
        const word = set.data[r * set.words + (bit >>> 5)] ?? 0;
        key = (key << 1) | ((word >>> (31 - (bit & 31))) & 1);
      }
      keys[p * set.size + r] = key;
    }
  });
  return keys;
}
