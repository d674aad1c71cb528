import type { CaptureData } from './capture-data.js';
import { normalCdf, normalQuantile } from './distributions.js';
import { MseError } from './errors.js';
import { ldDivideToDouble, longDouble } from './long-double.js';
import { popcount } from './model.js';
import { rRandom } from './r-random.js';

/** A population estimator to bootstrap: the whole selection procedure, re-run on each sample. */
export type PopulationEstimator = (data: CaptureData) => number;

export interface BootstrapOptions {
  readonly replicates: number;
  /** R's `set.seed` value: the same seed gives R's resamples (see `rRandom`). */
  readonly seed: number;
  /** Coverage of the interval, e.g. 0.95. */
  readonly level?: number;
  /**
   * The histories in the order R's `rmultinom` fills them: SparseMSE takes the rows of the table
   * as given (`data.rowOrder`, the default), the 2024 BIC code every history in `tidyListsOrder`.
   * It must hold every non-empty history once.
   */
  readonly cellOrder?: readonly number[];
  /**
   * The estimator re-run on the delete-one samples that give the acceleration; `estimator` unless
   * given (the 2024 BIC paper's UKdat_5 order-2 limits took a wider search: see
   * `jackknifeAcceleration`).
   */
  readonly jackknifeEstimator?: PopulationEstimator;
  /** Called after every replicate and jackknife fit. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface BcaInterval {
  readonly level: number;
  readonly low: number;
  readonly high: number;
  /** Bias correction z0 and jackknife acceleration â. */
  readonly z0: number;
  readonly acceleration: number;
  /** Estimates from the bootstrap samples (NaN where no estimate was possible). */
  readonly replicates: readonly number[];
  /** Replicates without an estimate, left out of the quantiles. */
  readonly failed: number;
  /** Delete-one fits without an estimate; when > 0 the acceleration is set to 0. */
  readonly jackknifeFailed: number;
  /** Every replicate fell on one side of the estimate: the interval is at the extreme replicates. */
  readonly degenerate: boolean;
}

/**
 * Bias-corrected and accelerated bootstrap interval (Efron 1987), computed as SparseMSE
 * `estimatepopulation` and `bcaconfvalues` compute it in R: `set.seed(seed)` once, then one
 * `rmultinom` resample of the n observed people per replicate (R's own stream, so R's samples),
 * the estimator re-run on each; acceleration from the delete-one-person jackknife over non-empty
 * histories; z0 from the share of replicates strictly below the estimate; limits at R's
 * `quantile(type = 8)`.
 *
 * @example
 * const bca = bcaInterval(data, (d) => stepwiseSelect(d).fit.estimate, estimate, {
 *   replicates: 1000, seed: 1234, level: 0.95,
 * });
 * [bca.low, bca.high];
 */
export function bcaInterval(
  data: CaptureData,
  estimator: PopulationEstimator,
  estimate: number,
  { replicates, seed, level = 0.95, cellOrder, jackknifeEstimator, onProgress }: BootstrapOptions,
): BcaInterval {
  if (!Number.isInteger(replicates) || replicates < 2) {
    throw new MseError(
      'invalid-input',
      `bootstrap replicates must be a whole number ≥ 2, got ${replicates}`,
    );
  }
  const random = rRandom(seed);
  const order = resampleOrder(data, cellOrder);
  const weights = order.map((h) => data.counts[h] ?? 0);
  const total = replicates + order.filter((h) => (data.counts[h] ?? 0) > 0).length;
  let done = 0;
  const progress = () => {
    done++;
    onProgress?.(done, total);
  };
  const values: number[] = [];
  for (let r = 0; r < replicates; r++) {
    const drawn = random.multinom(data.total, weights);
    const counts = new Array<number>(data.counts.length).fill(0);
    for (const [i, h] of order.entries()) counts[h] = drawn[i] ?? 0;
    values.push(estimateOrNaN(estimator, { lists: data.lists, counts, total: data.total }));
    progress();
  }
  const { acceleration, failed: jackknifeFailed } = jackknifeAcceleration(
    data,
    jackknifeEstimator ?? estimator,
    { cellOrder: order, onFit: progress },
  );
  const usable = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const failed = values.length - usable.length;
  if (usable.length < 2) {
    throw new MseError('no-admissible-model', 'fewer than two bootstrap samples gave an estimate');
  }
  const { z0, degenerate, at } = bcaLimits(
    usable,
    usable.filter((v) => v < estimate).length,
    acceleration,
  );
  // R is given the tail probabilities as literals (0.025, 0.975); (1 − 0.95) / 2 is 2e-17 off.
  const tail = (x: number) => Number(x.toPrecision(15));
  return {
    level,
    low: at(tail((1 - level) / 2)),
    high: at(tail((1 + level) / 2)),
    z0,
    acceleration,
    replicates: values,
    failed,
    jackknifeFailed,
    degenerate,
  };
}

/**
 * The BCa limits from the sorted usable replicates, how many of them fall strictly below N̂, and
 * the acceleration: z0, whether the bias correction was clamped, and the limit at each tail
 * probability, as SparseMSE's `bcaconfvalues` computes them.
 *
 * @example
 * bcaLimits(sorted, below, 0.0313).at(0.025); // the lower 95% limit
 */
export function bcaLimits(
  sorted: readonly number[],
  below: number,
  acceleration: number,
): { z0: number; degenerate: boolean; at: (alpha: number) => number } {
  // R: z0 = qnorm(mean(bootreps < popest)); the mean of a logical vector is a long double
  // division. When every replicate falls on one side the bias correction is infinite; keep it
  // finite (half a replicate from the edge) so the limits stay at the extreme replicates, and flag
  // it.
  const share = ldDivideToDouble(below, longDouble(sorted.length));
  const edge = 0.5 / sorted.length;
  const degenerate = share < edge || share > 1 - edge;
  const z0 = normalQuantile(Math.min(Math.max(share, edge), 1 - edge));
  const at = (alpha: number): number => {
    const za = normalQuantile(alpha) + z0;
    return quantileType8(sorted, normalCdf(z0 + za / (1 - acceleration * za)));
  };
  return { z0, degenerate, at };
}

export interface JackknifeAcceleration {
  /** â = Σ n_j r_j³ / (6 (Σ n_j r_j²)^{3/2}); 0 when a delete-one fit gave no estimate. */
  readonly acceleration: number;
  /** Delete-one fits without an estimate. */
  readonly failed: number;
}

/**
 * BCa acceleration from the delete-one-person jackknife, as SparseMSE and MultipleSystemsEstimation
 * compute it: one person removed from each non-empty history in turn (in `cellOrder`, by default
 * the table's row order), the estimator re-run, each delete-one estimate weighted by the number of
 * people in its history. Without every delete-one estimate the acceleration is unknown: it falls
 * back to 0 (the bias-corrected percentile interval) and `failed` says how many were missing.
 *
 * Jaga's intervals re-run the bootstrap's own selection here, as MultipleSystemsEstimation does
 * today. The 2024 BIC paper's order-2 limits for UKdat_5 took these estimates from a wider search
 * — the best 1,024 models up to order 4, which its code used when it read order 2 off a search up
 * to order 4 (docs/estimation.md); passing that search as `estimator` reproduces them.
 *
 * @example
 * jackknifeAcceleration(western, (d) => stepwiseSelect(d).fit.estimate).acceleration; // −0.0950
 */
export function jackknifeAcceleration(
  data: CaptureData,
  estimator: PopulationEstimator,
  { cellOrder, onFit }: { cellOrder?: readonly number[]; onFit?: () => void } = {},
): JackknifeAcceleration {
  const jack: { weight: number; value: number }[] = [];
  for (const c of resampleOrder(data, cellOrder)) {
    const weight = data.counts[c] ?? 0;
    if (weight === 0) continue;
    const counts = [...data.counts];
    counts[c] = weight - 1;
    const value = estimateOrNaN(estimator, {
      lists: data.lists,
      counts,
      total: data.total - 1,
    });
    onFit?.();
    jack.push({ weight, value });
  }
  const failed = jack.filter((j) => Number.isNaN(j.value)).length;
  if (failed > 0) return { acceleration: 0, failed };
  const mean = jack.reduce((s, j) => s + j.weight * j.value, 0) / data.total;
  let num = 0;
  let den = 0;
  for (const j of jack) {
    const r = mean - j.value;
    num += j.weight * r ** 3;
    den += j.weight * (r * r);
  }
  return { acceleration: den > 0 ? num / (6 * den ** 1.5) : 0, failed };
}

/** The estimator's value, or NaN where it finds no estimate (no admissible model, no fit). */
function estimateOrNaN(estimator: PopulationEstimator, data: CaptureData): number {
  try {
    const value = estimator(data);
    return Number.isFinite(value) ? value : Number.NaN;
  } catch (error) {
    if (error instanceof MseError) return Number.NaN;
    throw error;
  }
}

/**
 * Sample quantile of sorted values, R's `quantile(type = 8)` (median-unbiased).
 *
 * @example
 * quantileType8([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1); // 1.3667
 */
export function quantileType8(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (Number.isNaN(p)) return Number.NaN;
  // As R's quantile.default computes it, rounding included: a = b = 1/3.
  const a = 1 / 3;
  const position = a + p * (n + 1 - a - a);
  const fuzz = 4 * Number.EPSILON;
  const j = Math.floor(position + fuzz);
  let h = position - j;
  if (Math.abs(h) < fuzz) h = 0;
  const at = (k: number) => sorted[Math.min(Math.max(k, 1), n) - 1] ?? Number.NaN;
  const lo = at(j);
  const hi = at(j + 1);
  if (h === 1) return hi;
  return h > 0 && h < 1 && lo !== hi ? (1 - h) * lo + h * hi : lo;
}

/**
 * The order of all 2^t − 1 observable histories in R's `tidylists` (SparseMSE) and `tidy_lists`
 * (MultipleSystemsEstimation): by number of lists, then with the first list as the most
 * significant 1. The 2024 BIC bootstrap resamples in this order, empty histories included.
 *
 * @example
 * tidyListsOrder(3); // [0b001, 0b010, 0b100, 0b011, 0b101, 0b110, 0b111]: A, B, C, AB, AC, BC, ABC
 */
export function tidyListsOrder(t: number): number[] {
  const key = (h: number) => {
    let k = 0;
    for (let i = 0; i < t; i++) if (h & (1 << i)) k |= 1 << (t - 1 - i);
    return k;
  };
  return Array.from({ length: (1 << t) - 1 }, (_, i) => i + 1).sort(
    (x, y) => popcount(x) - popcount(y) || key(y) - key(x),
  );
}

function resampleOrder(data: CaptureData, cellOrder: readonly number[] | undefined): number[] {
  const t = data.lists.length;
  const order = [
    ...(cellOrder ?? data.rowOrder ?? tidyListsOrder(t).filter((h) => (data.counts[h] ?? 0) > 0)),
  ];
  const seen = new Set<number>();
  let covered = 0;
  for (const h of order) {
    if (!Number.isInteger(h) || h < 1 || h >= 1 << t || seen.has(h)) {
      throw new MseError(
        'invalid-input',
        `bootstrap cell order must list histories 1 to ${(1 << t) - 1} at most once, got ${h}`,
      );
    }
    seen.add(h);
    covered += data.counts[h] ?? 0;
  }
  if (covered !== data.total) {
    throw new MseError(
      'invalid-input',
      'bootstrap cell order leaves out a history that has people in it',
    );
  }
  return order;
}
