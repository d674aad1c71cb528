import type { CaptureData } from './capture-data.js';
import { normalCdf, poissonCdf, poissonUpperTail } from './distributions.js';
import { assertEstimable, fitModel, type MseFit } from './fit-model.js';
import { checkIdentifiability, type IdentifiabilityCache } from './identifiability.js';
import { marginalCount, type Term } from './model.js';

/** One interaction added by a stepwise search, with the statistic that let it in. */
export interface StepwiseStep {
  readonly term: Term;
  /** Poisson p-value (stepwise) or Wald p-value (AIC-stepwise) of the term when it was added. */
  readonly pValue: number;
  /** AIC of the model after adding the term (AIC-stepwise only). */
  readonly aic?: number;
}

export interface StepwiseResult {
  readonly fit: MseFit;
  readonly steps: readonly StepwiseStep[];
}

export interface StepwiseOptions {
  /** Add a pair only while its p-value is below this (default 0.02, Chan–Silverman–Vincent). */
  readonly pThreshold?: number;
  readonly cache?: IdentifiabilityCache;
}

/**
 * All pairs of lists in the order (1,2), (1,3), …, (2,3), … that ties are broken by.
 *
 * @example
 * listPairs(3); // [0b011, 0b101, 0b110]
 */
export function listPairs(t: number): Term[] {
  const pairs: Term[] = [];
  for (let i = 0; i < t - 1; i++) for (let j = i + 1; j < t; j++) pairs.push((1 << i) | (1 << j));
  return pairs;
}

/**
 * Stepwise selection of SparseMSE (Chan, Silverman and Vincent 2021): from main effects, add the
 * pair of lists whose observed overlap N* is least likely under the current model (two-sided
 * Poisson tail p-value), provided p < `pThreshold` and the new model passes the existence and
 * identifiability check; refit and repeat.
 *
 * @example
 * const { fit } = stepwiseSelect(data); // data from parseCaptureCsv
 * fit.estimate;
 */
export function stepwiseSelect(
  data: CaptureData,
  { pThreshold = 0.02, cache }: StepwiseOptions = {},
): StepwiseResult {
  assertEstimable(data, [], cache);
  const pairs = listPairs(data.lists.length);
  const nStar = pairs.map((p) => marginalCount(data, p));
  const included = new Set<Term>();
  const steps: StepwiseStep[] = [];
  let fit = fitModel(data, [], { check: false });
  while (included.size < pairs.length) {
    const candidates: { index: number; p: number }[] = [];
    for (const [index, pair] of pairs.entries()) {
      if (included.has(pair)) continue;
      let expected = 0;
      for (const [r, cell] of fit.design.cells.entries()) {
        if ((cell & pair) === pair) expected += fit.glm.fitted[r] ?? 0;
      }
      const observed = nStar[index] ?? 0;
      const p = Math.min(poissonCdf(observed, expected), poissonUpperTail(observed, expected));
      candidates.push({ index, p });
    }
    // Smallest p first, ties in pair order; only admissible models count.
    candidates.sort((a, b) => a.p - b.p || a.index - b.index);
    let chosen: { index: number; p: number } | undefined;
    for (const candidate of candidates) {
      if (!(candidate.p < pThreshold)) break;
      const pair = pairs[candidate.index] ?? 0;
      if (checkIdentifiability(data, [...included, pair], cache) === 0) {
        chosen = candidate;
        break;
      }
    }
    if (!chosen) break;
    const pair = pairs[chosen.index] ?? 0;
    included.add(pair);
    steps.push({ term: pair, pValue: chosen.p });
    fit = fitModel(data, [...included], { check: false });
  }
  return { fit, steps };
}

/**
 * The 2014 Home Office variant (Bales, Hesketh and Silverman; `modslavmse::MSEfit` on Rcapture):
 * from main effects, add the pair that lowers AIC most; stop when no pair lowers AIC or the new
 * pair's Wald p-value exceeds `pThreshold` (default 0.05). A pair with no one in common has no
 * finite Wald statistic and ends the search.
 *
 * @example
 * const { fit } = aicStepwiseSelect(data);
 * fit.aic;
 */
export function aicStepwiseSelect(
  data: CaptureData,
  { pThreshold = 0.05, cache }: StepwiseOptions = {},
): StepwiseResult {
  assertEstimable(data, [], cache);
  const pairs = listPairs(data.lists.length);
  const included: Term[] = [];
  const steps: StepwiseStep[] = [];
  let fit = fitModel(data, [], { check: false });
  while (included.length < pairs.length) {
    let best: MseFit | undefined;
    let bestPair: Term | undefined;
    for (const pair of pairs) {
      if (included.includes(pair)) continue;
      const terms = [...included, pair];
      // A model without a finite estimate cannot be compared; skip it.
      if (checkIdentifiability(data, terms, cache) !== 0) continue;
      const candidate = fitModel(data, terms, { check: false });
      if (!best || candidate.aic < best.aic) {
        best = candidate;
        bestPair = pair;
      }
    }
    if (!best || bestPair === undefined || !(best.aic < fit.aic)) break;
    const pValue = waldPValue(best, bestPair);
    if (pValue > pThreshold) break;
    included.push(bestPair);
    steps.push({ term: bestPair, pValue, aic: best.aic });
    fit = best;
  }
  return { fit, steps };
}

/**
 * Two-sided Wald p-value of a term in a fit; 1 when the term sits at −∞.
 *
 * @example
 * waldPValue(fitModel(data, [0b011]), 0b011);
 */
export function waldPValue(fit: MseFit, term: Term): number {
  const j = fit.design.params.indexOf(term);
  if (j < 0) return 1;
  const beta = fit.glm.coefficients[j] ?? 0;
  const se = Math.sqrt(fit.glm.covariance[j * fit.design.params.length + j] ?? Number.NaN);
  return 2 * (1 - normalCdf(Math.abs(beta / se)));
}
