import type { CaptureData } from './capture-data.js';
import { normalCdf, normalQuantile } from './distributions.js';
import { MseError } from './errors.js';
import { multinomialSample, seededRandom } from './random.js';

/** A population estimator to bootstrap: the whole selection procedure, re-run on each sample. */
export type PopulationEstimator = (data: CaptureData) => number;

export interface BootstrapOptions {
  readonly replicates: number;
  readonly seed: number;
  /** Coverage of the interval, e.g. 0.95. */
  readonly level?: number;
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
 * Bias-corrected and accelerated bootstrap interval (Efron 1987; as in SparseMSE
 * `estimatepopulation`): multinomial resamples of the n observed people, the estimator re-run on
 * each; acceleration from the delete-one-person jackknife over non-empty histories.
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
  { replicates, seed, level = 0.95, onProgress }: BootstrapOptions,
): BcaInterval {
  if (!Number.isInteger(replicates) || replicates < 2) {
    throw new MseError(
      'invalid-input',
      `bootstrap replicates must be a whole number ≥ 2, got ${replicates}`,
    );
  }
  const random = seededRandom(seed);
  const nonEmpty: number[] = [];
  for (let c = 1; c < data.counts.length; c++) if ((data.counts[c] ?? 0) > 0) nonEmpty.push(c);
  const total = replicates + nonEmpty.length;
  let done = 0;
  const safely = (counts: readonly number[], sampleTotal: number): number => {
    try {
      const value = estimator({ lists: data.lists, counts, total: sampleTotal });
      return Number.isFinite(value) ? value : Number.NaN;
    } catch (error) {
      if (error instanceof MseError) return Number.NaN;
      throw error;
    } finally {
      done++;
      onProgress?.(done, total);
    }
  };
  const values: number[] = [];
  for (let r = 0; r < replicates; r++) {
    values.push(safely(multinomialSample(data.total, data.counts, random), data.total));
  }
  // Jackknife: delete one person from each non-empty history in turn.
  const jack: { weight: number; value: number }[] = [];
  for (const c of nonEmpty) {
    const counts = [...data.counts];
    counts[c] = (counts[c] ?? 0) - 1;
    jack.push({ weight: data.counts[c] ?? 0, value: safely(counts, data.total - 1) });
  }
  // Without every delete-one estimate the acceleration is unknown: fall back to 0, i.e. the
  // bias-corrected percentile interval, and say so.
  const jackknifeFailed = jack.filter((j) => Number.isNaN(j.value)).length;
  let acceleration = 0;
  if (jackknifeFailed === 0) {
    const mean = jack.reduce((s, j) => s + j.weight * j.value, 0) / data.total;
    let num = 0;
    let den = 0;
    for (const j of jack) {
      const r = mean - j.value;
      num += j.weight * r ** 3;
      den += j.weight * r ** 2;
    }
    acceleration = den > 0 ? num / (6 * den ** 1.5) : 0;
  }
  const usable = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const failed = values.length - usable.length;
  if (usable.length < 2) {
    throw new MseError('no-admissible-model', 'fewer than two bootstrap samples gave an estimate');
  }
  // When every replicate falls on one side the bias correction is infinite; keep it finite (half a
  // replicate from the edge) so the limits stay at the extreme replicates, and flag it.
  const share = usable.filter((v) => v < estimate).length / usable.length;
  const edge = 0.5 / usable.length;
  const degenerate = share < edge || share > 1 - edge;
  const z0 = normalQuantile(Math.min(Math.max(share, edge), 1 - edge));
  const at = (alpha: number): number => {
    const za = normalQuantile(alpha) + z0;
    return quantileType8(usable, normalCdf(z0 + za / (1 - acceleration * za)));
  };
  return {
    level,
    low: at((1 - level) / 2),
    high: at((1 + level) / 2),
    z0,
    acceleration,
    replicates: values,
    failed,
    jackknifeFailed,
    degenerate,
  };
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
  const position = 1 / 3 + p * (n + 1 / 3);
  const fuzz = 4 * Number.EPSILON;
  const j = Math.floor(position + fuzz);
  let h = position - j;
  if (Math.abs(h) < fuzz) h = 0;
  const at = (k: number) => sorted[Math.min(Math.max(k, 1), n) - 1] ?? Number.NaN;
  return h === 0 ? at(j) : (1 - h) * at(j) + h * at(j + 1);
}
