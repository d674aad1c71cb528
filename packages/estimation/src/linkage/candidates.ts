import { type BitBlockingOptions, blockKeys, drawBitBlocks } from './bit-blocking.js';
import type { ClkSet } from './bits.js';
import { assertComparable } from './dice.js';
import { createIntersectionKernel } from './intersection-kernel.js';
import { LinkageError } from './linkage-error.js';

/**
 * Pairs (left record of A, right record of B) whose Dice similarity reaches the threshold.
 *
 * @example
 * const pairs = findCandidates(a, b, { threshold: 0.86 });
 * pairs.similarity[0]; // the highest similarity
 */
export interface CandidatePairs {
  readonly size: number;
  readonly left: Uint32Array;
  readonly right: Uint32Array;
  readonly similarity: Float64Array;
  /** Dice coefficients actually computed (after popcount pruning and blocking). */
  readonly comparisons: number;
}

/**
 * Options of {@link findCandidates}.
 *
 * @example
 * const options: CandidateOptions = { threshold: 0.86, onProgress: (done, total) => {} };
 */
export interface CandidateOptions {
  /** Minimum Dice similarity, in (0, 1]. */
  readonly threshold: number;
  /** Compare only pairs sharing a bit block (lossy, faster); absent = compare every pair. */
  readonly blocking?: BitBlockingOptions | undefined;
  /** Called with (records of A done, records of A) every few hundred records and at the end. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Use the WebAssembly popcount kernel when available (default true). */
  readonly useWasm?: boolean | undefined;
}

/** First index in `sorted[from, to)` whose value is ≥ `value`. */
function lowerBound(sorted: Uint32Array, from: number, to: number, value: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Segment {
  readonly start: number;
  readonly end: number;
  /** Blocking projection the segment belongs to (0 without blocking). */
  readonly projection: number;
}

interface BlockState {
  readonly keysA: Uint32Array;
  readonly keysB: Uint32Array;
  readonly projections: number;
}

/**
 * Finds every pair of records (one from each list) with Dice similarity ≥ `threshold`, sorted by
 * similarity (highest first), then left index, then right index — the order the greedy solver
 * consumes. Pairs whose popcounts alone rule out the threshold (2·min/(|A|+|B|) < t) are never
 * compared, which loses nothing; bit blocking, when asked for, is lossy.
 *
 * @example
 * const pairs = findCandidates(listA, listB, { threshold: 0.8 });
 * pairs.size; // number of candidate pairs
 */
export function findCandidates(a: ClkSet, b: ClkSet, options: CandidateOptions): CandidatePairs {
  assertComparable(a, b);
  const t = options.threshold;
  if (!(t > 0 && t <= 1)) {
    throw new LinkageError('invalid-option', `threshold must be in (0, 1], got ${t}`);
  }
  if (a.size === 0 || b.size === 0) {
    options.onProgress?.(a.size, a.size);
    const none = { left: new Uint32Array(0), right: new Uint32Array(0) };
    return { size: 0, ...none, similarity: new Float64Array(0), comparisons: 0 };
  }
  // Layout of B as the kernel scans it: segments (all of B, or one per block of each projection),
  // each sorted by popcount so the pruning window is a contiguous run.
  const byPopcount = (x: number, y: number) =>
    (b.popcounts[x] as number) - (b.popcounts[y] as number) || x - y;
  const layoutParts: number[][] = [];
  let offset = 0;
  let maxRun = 1;
  const addSegment = (members: number[]): Segment => {
    members.sort(byPopcount);
    layoutParts.push(members);
    const segment = { start: offset, end: offset + members.length, projection: 0 };
    offset += members.length;
    maxRun = Math.max(maxRun, members.length);
    return segment;
  };
  let whole: Segment | undefined;
  let blocking: BlockState | undefined;
  const index: Map<number, Segment>[] = [];
  if (options.blocking === undefined) {
    whole = addSegment(Array.from({ length: b.size }, (_, j) => j));
  } else {
    const blocks = drawBitBlocks(a.bits, options.blocking);
    const state: BlockState = {
      keysA: blockKeys(a, blocks),
      keysB: blockKeys(b, blocks),
      projections: blocks.projections,
    };
    for (let p = 0; p < blocks.projections; p++) {
      const buckets = new Map<number, number[]>();
      for (let j = 0; j < b.size; j++) {
        const key = state.keysB[p * b.size + j] as number;
        const bucket = buckets.get(key);
        if (bucket) bucket.push(j);
        else buckets.set(key, [j]);
      }
      const segments = new Map<number, Segment>();
      for (const [key, members] of buckets)
        segments.set(key, { ...addSegment(members), projection: p });
      index.push(segments);
    }
    blocking = state;
  }
  const layout = new Uint32Array(offset);
  let fill = 0;
  for (const part of layoutParts) {
    layout.set(part, fill);
    fill += part.length;
  }
  const layoutPopcounts = layout.map((j) => b.popcounts[j] as number);
  const kernel = createIntersectionKernel(a, b, layout, maxRun, {
    useWasm: options.useWasm !== false,
  });
  const found = new Uint32Array(2 * maxRun);
  const left: number[] = [];
  const right: number[] = [];
  const similarity: number[] = [];
  let comparisons = 0;

  /** Compares A's record i with the popcount window of one segment and keeps the candidates. */
  const scanSegment = (i: number, segment: Segment): void => {
    const pa = a.popcounts[i] as number;
    if (pa === 0) return;
    // Dice ≤ 2·min(pa, pb)/(pa + pb): only pb in [pa·t/(2−t), pa·(2−t)/t] can reach t.
    const minPb = Math.floor((pa * t) / (2 - t));
    const maxPb = Math.ceil((pa * (2 - t)) / t);
    const from = lowerBound(layoutPopcounts, segment.start, segment.end, minPb);
    const to = lowerBound(layoutPopcounts, from, segment.end, maxPb + 1);
    if (from >= to) return;
    const hits = kernel.scan(i, from, to, t, found);
    comparisons += to - from;
    for (let h = 0; h < hits; h++) {
      const p = from + (found[2 * h] as number);
      const pb = layoutPopcounts[p] as number;
      const sim = (2 * (found[2 * h + 1] as number)) / (pa + pb);
      if (sim < t) continue;
      const j = layout[p] as number;
      if (
        blocking !== undefined &&
        metEarlier(blocking, a.size, b.size, i, j, segment.projection)
      ) {
        continue;
      }
      left.push(i);
      right.push(j);
      similarity.push(sim);
    }
  };

  if (whole !== undefined) {
    const progressEvery = Math.max(1, Math.min(256, Math.ceil(a.size / 100)));
    for (let i = 0; i < a.size; i++) {
      scanSegment(i, whole);
      if ((i + 1) % progressEvery === 0 || i + 1 === a.size) options.onProgress?.(i + 1, a.size);
    }
  } else if (blocking !== undefined) {
    // Block by block rather than record by record: a block of B stays in cache while every record
    // of A in the same block is compared with it.
    const state = blocking;
    index.forEach((segments, p) => {
      const membersA = new Map<number, number[]>();
      for (let i = 0; i < a.size; i++) {
        const key = state.keysA[p * a.size + i] as number;
        const bucket = membersA.get(key);
        if (bucket) bucket.push(i);
        else membersA.set(key, [i]);
      }
      for (const [key, segment] of segments) {
        for (const i of membersA.get(key) ?? []) scanSegment(i, segment);
      }
      options.onProgress?.(Math.round((a.size * (p + 1)) / state.projections), a.size);
    });
  }
  const order = Array.from({ length: left.length }, (_, k) => k).sort(
    (x, y) =>
      (similarity[y] as number) - (similarity[x] as number) ||
      (left[x] as number) - (left[y] as number) ||
      (right[x] as number) - (right[y] as number),
  );
  return {
    size: order.length,
    left: Uint32Array.from(order, (k) => left[k] as number),
    right: Uint32Array.from(order, (k) => right[k] as number),
    similarity: Float64Array.from(order, (k) => similarity[k] as number),
    comparisons,
  };
}

/** True when (i, j) already shared a block of an earlier projection, so it was already reported. */
function metEarlier(
  state: BlockState,
  sizeA: number,
  sizeB: number,
  i: number,
  j: number,
  projection: number,
): boolean {
  for (let q = 0; q < projection; q++) {
    if (state.keysA[q * sizeA + i] === state.keysB[q * sizeB + j]) return true;
  }
  return false;
}
