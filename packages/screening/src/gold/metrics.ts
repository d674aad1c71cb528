/**
 * Binary-classification measures for the screening evaluation. "Positive" always means the
 * recruitment-risk class. Measures that are undefined on the data (e.g. precision with no
 * positive predictions) return `null` rather than a misleading 0 or 1.
 */

/** Counts of a binary confusion matrix. */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** A scored example: the model's score and whether the example is truly positive. */
export interface Scored {
  score: number;
  positive: boolean;
}

/**
 * Confusion counts from paired truth and prediction flags.
 *
 * @throws RangeError when the two arrays differ in length
 * @example
 * confusion([true, false], [true, true]); // { tp: 1, fp: 1, tn: 0, fn: 0 }
 */
export function confusion(actual: readonly boolean[], predicted: readonly boolean[]): Confusion {
  if (actual.length !== predicted.length) {
    throw new RangeError(
      `confusion: ${actual.length} truth labels but ${predicted.length} predictions; pass one prediction per label`,
    );
  }
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  actual.forEach((truth, i) => {
    const guess = predicted[i] === true;
    if (truth && guess) c.tp += 1;
    else if (!truth && guess) c.fp += 1;
    else if (truth) c.fn += 1;
    else c.tn += 1;
  });
  return c;
}

/**
 * Share of positive predictions that are truly positive; `null` when nothing was predicted positive.
 *
 * @example
 * precision({ tp: 3, fp: 1, tn: 5, fn: 2 }); // 0.75
 */
export function precision(c: Confusion): number | null {
  const predicted = c.tp + c.fp;
  return predicted === 0 ? null : c.tp / predicted;
}

/**
 * Share of true positives that were found; `null` when there are no positives.
 *
 * @example
 * recall({ tp: 3, fp: 1, tn: 5, fn: 2 }); // 0.6
 */
export function recall(c: Confusion): number | null {
  const positives = c.tp + c.fn;
  return positives === 0 ? null : c.tp / positives;
}

/**
 * Harmonic mean of precision and recall; `null` when either is undefined, 0 when both are 0.
 *
 * @example
 * f1({ tp: 3, fp: 1, tn: 5, fn: 2 }); // 2/3
 */
export function f1(c: Confusion): number | null {
  const p = precision(c);
  const r = recall(c);
  if (p === null || r === null) return null;
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/**
 * Share of negatives predicted positive (false-positive rate); `null` when there are no negatives.
 *
 * @example
 * falsePositiveRate({ tp: 3, fp: 1, tn: 3, fn: 2 }); // 0.25
 */
export function falsePositiveRate(c: Confusion): number | null {
  const negatives = c.fp + c.tn;
  return negatives === 0 ? null : c.fp / negatives;
}

/**
 * Area under the precision–recall curve as average precision: the sum over score thresholds of
 * (recall gained) × (precision at that threshold). Tied scores form one threshold, so the result
 * does not depend on the input order. `null` when there are no positives.
 *
 * @example
 * averagePrecision([
 *   { score: 0.9, positive: true },
 *   { score: 0.8, positive: false },
 *   { score: 0.7, positive: true },
 * ]); // 0.5 * 1 + 0.5 * (2/3) = 0.8333…
 */
export function averagePrecision(scored: readonly Scored[]): number | null {
  const positives = scored.filter((s) => s.positive).length;
  if (positives === 0) return null;
  const sorted = [...scored].sort((a, b) => b.score - a.score);
  let tp = 0;
  let seen = 0;
  let previousRecall = 0;
  let area = 0;
  let i = 0;
  while (i < sorted.length) {
    const threshold = sorted[i]?.score;
    while (i < sorted.length && sorted[i]?.score === threshold) {
      if (sorted[i]?.positive === true) tp += 1;
      seen += 1;
      i += 1;
    }
    const r = tp / positives;
    area += (r - previousRecall) * (tp / seen);
    previousRecall = r;
  }
  return area;
}

/** Relative risk of the positive class given an indicator, with a 95% confidence interval. */
export interface RelativeRisk {
  /** P(positive | indicator present) / P(positive | absent). */
  rr: number;
  low: number;
  high: number;
  /** True when a zero cell forced the Haldane–Anscombe +0.5 correction. */
  corrected: boolean;
}

/**
 * Relative risk from a 2×2 table (Katz log interval). When any cell is zero, 0.5 is added to every
 * cell so the ratio stays finite. `null` when the indicator never or always fires.
 *
 * @param presentPositive positives where the indicator fired
 * @param presentTotal all examples where it fired
 * @param absentPositive positives where it did not fire
 * @param absentTotal all examples where it did not fire
 * @example
 * relativeRisk(8, 10, 2, 10)?.rr; // 0.8 / 0.2 = 4
 */
export function relativeRisk(
  presentPositive: number,
  presentTotal: number,
  absentPositive: number,
  absentTotal: number,
): RelativeRisk | null {
  if (presentTotal === 0 || absentTotal === 0) return null;
  let a = presentPositive;
  let b = presentTotal - presentPositive;
  let c = absentPositive;
  let d = absentTotal - absentPositive;
  if (a < 0 || b < 0 || c < 0 || d < 0) {
    throw new RangeError(
      `relativeRisk: positive counts (${presentPositive}, ${absentPositive}) exceed their totals (${presentTotal}, ${absentTotal})`,
    );
  }
  const corrected = a === 0 || b === 0 || c === 0 || d === 0;
  if (corrected) {
    a += 0.5;
    b += 0.5;
    c += 0.5;
    d += 0.5;
  }
  const rr = a / (a + b) / (c / (c + d));
  const se = Math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d));
  return {
    rr,
    low: Math.exp(Math.log(rr) - 1.96 * se),
    high: Math.exp(Math.log(rr) + 1.96 * se),
    corrected,
  };
}
