import type { CaptureData } from './capture-data.js';
import { normalQuantile } from './distributions.js';
import { MseError } from './errors.js';
import { checkIdentifiability, type IdentifiabilityCache } from './identifiability.js';
import {
  buildDesign,
  type Design,
  marginalCount,
  sortTerms,
  type Term,
  termName,
} from './model.js';
import { fitPoissonGlm, type PoissonGlmFit } from './poisson-glm.js';

/** One fitted log-linear model and the population estimate it implies. */
export interface MseFit {
  readonly data: CaptureData;
  /** Interaction terms of the model (main effects are implicit), including those at −∞. */
  readonly terms: readonly Term[];
  /** Terms (or lists) whose margin is empty, so their parameter is −∞ and their cells removed. */
  readonly negInf: readonly Term[];
  readonly design: Design;
  readonly glm: PoissonGlmFit;
  /** Number of people observed, n. */
  readonly observed: number;
  /** Estimated number never observed, e^{α0}. */
  readonly darkFigure: number;
  /** N̂ = n + e^{α0}. */
  readonly estimate: number;
  readonly intercept: number;
  readonly interceptSe: number;
  readonly deviance: number;
  readonly logLik: number;
  /** Parameters counted by the information criteria, those at −∞ included. */
  readonly parameters: number;
  /** −2ℓ + 2·parameters (SparseMSE's AIC, +2 for each parameter at −∞). */
  readonly aic: number;
  /** −2ℓ + parameters·log n. */
  readonly bic: number;
}

export interface FitModelOptions {
  /** Check existence and identifiability first and throw a clear error if it fails (default true). */
  readonly check?: boolean;
  readonly cache?: IdentifiabilityCache;
}

/**
 * Fit the log-linear model with all main effects plus `terms` (interaction bitmasks) by Poisson
 * regression over the 2^t − 1 observable histories.
 *
 * @example
 * const korea = parseCaptureCsv('b,c,d,count\n0,0,1,41\n0,1,0,5\n1,0,0,5\n1,1,0,54\n1,0,1,6\n1,1,1,12\n');
 * fitModel(korea, [0b011]).estimate; // 268.7778
 */
export function fitModel(
  data: CaptureData,
  terms: readonly Term[],
  { check = true, cache }: FitModelOptions = {},
): MseFit {
  const sorted = sortTerms(terms);
  if (check) assertEstimable(data, sorted, cache);
  const design = buildDesign(data, sorted);
  const glm = fitPoissonGlm(design.x, design.y, design.params.length);
  const intercept = glm.coefficients[0] ?? Number.NaN;
  const interceptSe = Math.sqrt(glm.covariance[0] ?? Number.NaN);
  const darkFigure = Math.exp(intercept);
  const estimate = data.total + darkFigure;
  if (!Number.isFinite(estimate)) {
    throw new MseError(
      'mle-does-not-exist',
      `model ${modelLabel(sorted, data.lists)} gives no finite estimate on these data`,
    );
  }
  const parameters = design.params.length + design.negInf.length;
  return {
    data,
    terms: sorted,
    negInf: design.negInf,
    design,
    glm,
    observed: data.total,
    darkFigure,
    estimate,
    intercept,
    interceptSe,
    deviance: glm.deviance,
    logLik: glm.logLik,
    parameters,
    aic: -2 * glm.logLik + 2 * parameters,
    bic: -2 * glm.logLik + parameters * Math.log(data.total),
  };
}

/** Throw an `MseError` naming the model if its estimate does not exist or is not identifiable. */
export function assertEstimable(
  data: CaptureData,
  terms: readonly Term[],
  cache?: IdentifiabilityCache,
): void {
  const code = checkIdentifiability(data, terms, cache);
  const label = modelLabel(terms, data.lists);
  if (code & 1) {
    const disjoint: string[] = [];
    const t = data.lists.length;
    for (let i = 0; i < t - 1; i++) {
      for (let j = i + 1; j < t; j++) {
        const pair = (1 << i) | (1 << j);
        if (marginalCount(data, pair) === 0) disjoint.push(termName(pair, data.lists));
      }
    }
    const everyone = data.lists.filter((_, i) => marginalCount(data, 1 << i) === data.total);
    let hint =
      ': drop an interaction, or use a selection method (stepwise, bic), which skips such models';
    if (terms.length === 0 && disjoint.length > 0) {
      hint = ` — no one appears on both lists of ${disjoint.join(', ')}, so nothing links them and the unobserved count is unbounded; add lists that overlap them`;
    } else if (terms.length === 0 && everyone.length > 0) {
      hint = ` — everyone observed is on list ${everyone.join(', ')}, so the data cannot show who that list misses; leave it out or add people found only by other lists`;
    }
    throw new MseError(
      'mle-does-not-exist',
      `the maximum likelihood estimate of model ${label} does not exist on these data (it would be infinite or put some expected counts at zero)${hint}`,
    );
  }
  if (code & 2) {
    throw new MseError(
      'not-identifiable',
      `model ${label} is not identifiable on these data (more parameters than the observed histories can pin down): drop an interaction`,
    );
  }
}

/**
 * Wald interval for N from the intercept's normal approximation (SparseMSE `estimatepopulation.0`).
 *
 * @example
 * waldInterval(fitModel(data, []), 0.95); // { low, high }
 */
export function waldInterval(fit: MseFit, level: number): { low: number; high: number } {
  const z = normalQuantile(0.5 + level / 2);
  return {
    low: fit.observed + Math.exp(fit.intercept - z * fit.interceptSe),
    high: fit.observed + Math.exp(fit.intercept + z * fit.interceptSe),
  };
}

/**
 * `[LA:NG, NG:GP]`-style label; `main effects` when there are no interactions.
 *
 * @example
 * modelLabel([0b101], ['A', 'B', 'C']); // '[A:C]'
 */
export function modelLabel(terms: readonly Term[], lists: readonly string[]): string {
  if (terms.length === 0) return 'main effects';
  return `[${sortTerms(terms)
    .map((t) => termName(t, lists))
    .join(', ')}]`;
}
