import { type BicCandidate, bicSelect, defaultMaxOrder, modelGenerators } from './bic-selection.js';
import { bcaInterval, tidyListsOrder } from './bootstrap.js';
import type { CaptureData } from './capture-data.js';
import { MseError } from './errors.js';
import { fitModel, type MseFit, modelLabel, waldInterval } from './fit-model.js';
import type { IdentifiabilityCache } from './identifiability.js';
import { parseTerm, popcount, type Term, termName } from './model.js';
import { profileInterval } from './profile-likelihood.js';
import { aicStepwiseSelect, type StepwiseStep, stepwiseSelect } from './stepwise.js';

/** How the model is chosen. */
export type MseMethod = 'stepwise' | 'bic' | 'aic-stepwise' | 'main' | 'fixed';
/**
 * Every model-selection method, for option parsers and menus.
 *
 * @example
 * MSE_METHODS.includes('bic'); // true
 */
export const MSE_METHODS: readonly MseMethod[] = [
  'stepwise',
  'bic',
  'aic-stepwise',
  'main',
  'fixed',
];

/** How the interval is made: bootstrap BCa, profile likelihood or Wald (normal on log scale). */
export type IntervalKind = 'bca' | 'profile' | 'wald';

export interface EstimateOptions {
  /** Default `stepwise` (p < 0.02), the method with the best coverage in the 2021 simulations. */
  readonly method?: MseMethod;
  /** p-value threshold: 0.02 for `stepwise`, 0.05 for `aic-stepwise` by default. */
  readonly pThreshold?: number;
  /** Highest interaction order for `bic` (default by number of lists). */
  readonly maxOrder?: number;
  /** Interactions of the `fixed` model, e.g. `['LA:NG', 'PF:NCA']`. */
  readonly terms?: readonly string[];
  /** Interval coverage, default 0.95. */
  readonly level?: number;
  /** Default: `bca` with a bootstrap, otherwise `profile`. */
  readonly interval?: IntervalKind;
  readonly bootstrap?: {
    readonly replicates: number;
    /** As R's `set.seed(seed)`: the bootstrap draws R's own resamples (see `rRandom`). */
    readonly seed: number;
    /** `bic` only: models (best BIC on the data first) re-ranked in each sample; default 2024 rule. */
    readonly topModels?: number;
  };
  readonly onProgress?: (phase: 'models' | 'bootstrap', done: number, total: number) => void;
}

/** A population estimate, shaped for JSON output. */
export interface MseEstimate {
  readonly lists: readonly string[];
  readonly observed: number;
  readonly method: MseMethod;
  /** Interaction terms of the selected model, `LA:NG` style. */
  readonly terms: readonly string[];
  readonly estimate: number;
  readonly interval: {
    readonly level: number;
    readonly low: number;
    /** `null` when the data set no finite upper limit. */
    readonly high: number | null;
    readonly kind: IntervalKind;
  };
  readonly warnings: readonly string[];
  readonly details: {
    readonly model: string;
    readonly darkFigure: number;
    readonly aic: number;
    readonly bic: number;
    readonly deviance: number;
    readonly parameters: number;
    /** Terms or lists with an empty margin, fixed at −∞. */
    readonly minusInfinity: readonly string[];
    readonly steps?: readonly { term: string; pValue: number; aic?: number }[];
    readonly profileMaximum?: number;
    readonly ranking?: readonly { model: string; estimate: number; bic: number }[];
    readonly bootstrap?: {
      readonly replicates: number;
      readonly seed: number;
      readonly failed: number;
      readonly acceleration: number;
      readonly biasCorrection: number;
    };
  };
}

/**
 * Estimate the total population, observed and unobserved, from overlapping lists by log-linear
 * multiple systems estimation, with the chosen model-selection method and interval.
 *
 * @example
 * const result = estimatePopulation(datasetCaptureData(MSE_DATASETS.Western), {
 *   method: 'stepwise',
 *   bootstrap: { replicates: 1000, seed: 1234 },
 * });
 * result.estimate; // 2483.384, model [A:E]
 */
export function estimatePopulation(data: CaptureData, options: EstimateOptions = {}): MseEstimate {
  const method = options.method ?? 'stepwise';
  if (!MSE_METHODS.includes(method)) {
    throw new MseError(
      'invalid-input',
      `unknown method '${method}': use one of ${MSE_METHODS.join(', ')}`,
    );
  }
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) {
    throw new MseError('invalid-input', `interval level must be between 0 and 1, got ${level}`);
  }
  const pThreshold = options.pThreshold ?? (method === 'aic-stepwise' ? 0.05 : 0.02);
  if (!(pThreshold >= 0 && pThreshold <= 1)) {
    throw new MseError(
      'invalid-input',
      `p-value threshold must be between 0 and 1, got ${pThreshold}`,
    );
  }
  const cache: IdentifiabilityCache = new Map();
  const warnings: string[] = [];
  const t = data.lists.length;

  let select: (d: CaptureData) => {
    fit: MseFit;
    steps?: readonly StepwiseStep[];
    ranking?: readonly BicCandidate[];
  };
  let fixedTerms: Term[] = [];
  switch (method) {
    case 'stepwise':
      select = (d) => stepwiseSelect(d, { pThreshold, cache });
      break;
    case 'aic-stepwise':
      select = (d) => aicStepwiseSelect(d, { pThreshold, cache });
      break;
    case 'main':
      select = (d) => ({ fit: fitModel(d, [], { cache }) });
      break;
    case 'fixed':
      fixedTerms = (options.terms ?? []).map((s) => parseTerm(s, data.lists));
      for (const term of fixedTerms) {
        for (let bit = term; bit; bit &= bit - 1) {
          const sub = term & ~(bit & -bit);
          if (popcount(sub) >= 2 && !fixedTerms.includes(sub)) fixedTerms.push(sub);
        }
      }
      select = (d) => ({ fit: fitModel(d, fixedTerms, { cache }) });
      break;
    case 'bic': {
      const maxOrder = options.maxOrder ?? defaultMaxOrder(t);
      select = (d) =>
        bicSelect(d, {
          maxOrder,
          cache,
          onModel: d === data ? (i, n) => options.onProgress?.('models', i, n) : undefined,
        });
      break;
    }
  }
  const selected = select(data);
  const { fit } = selected;

  let kind: IntervalKind = options.interval ?? (options.bootstrap ? 'bca' : 'profile');
  if (kind === 'bca' && !options.bootstrap) {
    throw new MseError(
      'invalid-input',
      'a BCa interval needs bootstrap replicates: pass --bootstrap N',
    );
  }
  let low: number;
  let high: number | null;
  let profileMaximum: number | undefined;
  let bootstrapDetails: MseEstimate['details']['bootstrap'];
  if (kind === 'bca' && options.bootstrap) {
    const { replicates, seed } = options.bootstrap;
    let estimator = (d: CaptureData) => select(d).fit.estimate;
    // SparseMSE resamples the table's rows as given; the 2024 BIC code every history in order.
    let cellOrder: readonly number[] | undefined;
    if (method === 'bic' && selected.ranking) {
      cellOrder = tidyListsOrder(t);
      const top =
        options.bootstrap.topModels ?? (t <= 3 ? Number.POSITIVE_INFINITY : t === 4 ? 20 : 100);
      const models = selected.ranking.slice(0, top).map((r) => r.terms);
      estimator = (d) => bicSelect(d, { models, cache }).fit.estimate;
    }
    const bca = bcaInterval(data, estimator, fit.estimate, {
      replicates,
      seed,
      level,
      cellOrder,
      onProgress: (done, total) => options.onProgress?.('bootstrap', done, total),
    });
    low = bca.low;
    high = bca.high;
    bootstrapDetails = {
      replicates,
      seed,
      failed: bca.failed,
      acceleration: bca.acceleration,
      biasCorrection: bca.z0,
    };
    if (bca.failed > 0) {
      warnings.push(
        `${bca.failed} of ${replicates} bootstrap samples gave no estimate (no admissible model) and were left out`,
      );
    }
    if (bca.jackknifeFailed > 0) {
      warnings.push(
        `removing one person from ${bca.jackknifeFailed} histories left no estimate, so the BCa acceleration is set to 0 (bias-corrected percentile interval)`,
      );
    }
    if (replicates < 1000) {
      warnings.push(
        `only ${replicates} bootstrap replicates: use 1000 or more for a stable BCa interval`,
      );
    }
    if (bca.degenerate) {
      warnings.push(
        'every bootstrap estimate fell on one side of the estimate: the BCa interval is degenerate',
      );
    }
  } else if (kind === 'profile') {
    const profile = profileInterval(fit, { level });
    low = profile.low;
    high = profile.high;
    profileMaximum = profile.maximum;
    if (high === null) {
      warnings.push(
        `the profile likelihood does not fall enough below 3 × the estimate (${Math.round(3 * fit.estimate)}): no finite upper limit`,
      );
    }
  } else {
    kind = 'wald';
    ({ low, high } = waldInterval(fit, level));
  }
  if (kind !== 'bca' && method !== 'main' && method !== 'fixed' && t > 2) {
    warnings.push(
      `the ${kind} interval takes the selected model as given and ignores model-selection uncertainty: use --bootstrap 1000 for a BCa interval that re-runs the selection`,
    );
  }
  warnings.push(...dataWarnings(fit));
  // Last guard: a number that is not finite must never leave as an estimate.
  if (
    !Number.isFinite(fit.estimate) ||
    !Number.isFinite(low) ||
    (high !== null && !Number.isFinite(high))
  ) {
    throw new MseError(
      'did-not-converge',
      `the ${kind} interval could not be computed for model ${modelLabel(fit.terms, data.lists)} (estimate ${fit.estimate}, interval ${low} to ${high}): try another interval or method`,
    );
  }

  return {
    lists: [...data.lists],
    observed: data.total,
    method,
    terms: fit.terms.map((term) => termName(term, data.lists)),
    estimate: fit.estimate,
    interval: { level, low, high, kind },
    warnings,
    details: {
      model:
        method === 'bic'
          ? modelLabel(modelGenerators([...fit.terms]), data.lists)
          : modelLabel(fit.terms, data.lists),
      darkFigure: fit.darkFigure,
      aic: fit.aic,
      bic: fit.bic,
      deviance: fit.deviance,
      parameters: fit.parameters,
      minusInfinity: fit.negInf.map((term) => termName(term, data.lists)),
      ...(selected.steps
        ? {
            steps: selected.steps.map((s) => ({
              term: termName(s.term, data.lists),
              pValue: s.pValue,
              ...(s.aic === undefined ? {} : { aic: s.aic }),
            })),
          }
        : {}),
      ...(profileMaximum === undefined ? {} : { profileMaximum }),
      ...(selected.ranking
        ? {
            ranking: selected.ranking.slice(0, 10).map((r) => ({
              model: modelLabel(modelGenerators([...r.terms]), data.lists),
              estimate: r.estimate,
              bic: r.bic,
            })),
          }
        : {}),
      ...(bootstrapDetails ? { bootstrap: bootstrapDetails } : {}),
    },
  };
}

function dataWarnings(fit: MseFit): string[] {
  const { data } = fit;
  const out: string[] = [];
  for (const term of fit.negInf) {
    const name = termName(term, data.lists);
    out.push(
      popcount(term) === 1
        ? `list ${name} holds no one: it carries no information`
        : `no one is on all of ${name.split(':').join(', ')}: that interaction is fixed at −∞ and its histories removed`,
    );
  }
  if (fit.darkFigure > 5 * data.total) {
    out.push(
      `the estimated unobserved (${Math.round(fit.darkFigure)}) is more than 5 times the ${data.total} observed: the lists overlap too little for a stable estimate`,
    );
  }
  return out;
}
