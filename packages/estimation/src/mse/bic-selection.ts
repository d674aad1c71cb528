import type { CaptureData } from './capture-data.js';
import { MseError } from './errors.js';
import { fitModel, type MseFit } from './fit-model.js';
import { checkIdentifiability, type IdentifiabilityCache } from './identifiability.js';
import { marginalCount, popcount, type Term } from './model.js';

/**
 * The default highest interaction order per number of lists (Silverman, Chan and Vincent 2024).
 *
 * @example
 * defaultMaxOrder(5); // 3
 */
export function defaultMaxOrder(t: number): number {
  return t <= 2 ? 1 : t === 3 ? 2 : t <= 5 ? 3 : 2;
}

/**
 * Every hierarchical log-linear model on t lists with interactions of order at most `maxOrder`:
 * each returned model lists all its interaction terms, and holds every sub-interaction of each.
 *
 * @example
 * hierarchicalModels(3, 2).length; // 8: the subsets of the three pairs
 */
export function hierarchicalModels(t: number, maxOrder: number): Term[][] {
  if (!Number.isInteger(maxOrder) || maxOrder < 1 || maxOrder > t - 1) {
    throw new MseError(
      'invalid-input',
      `max order must be a whole number from 1 to ${t - 1} for ${t} lists, got ${maxOrder}`,
    );
  }
  const candidates: Term[] = [];
  for (let mask = 1; mask < 1 << t; mask++) {
    const k = popcount(mask);
    if (k >= 2 && k <= maxOrder) candidates.push(mask);
  }
  candidates.sort((a, b) => popcount(a) - popcount(b) || a - b);
  const models: Term[][] = [];
  const chosen = new Set<Term>();
  const visit = (i: number): void => {
    if (i === candidates.length) {
      models.push([...chosen]);
      return;
    }
    const term = candidates[i] ?? 0;
    visit(i + 1);
    if (subTermsPresent(term, chosen)) {
      chosen.add(term);
      visit(i + 1);
      chosen.delete(term);
    }
  };
  visit(0);
  return models;
}

function subTermsPresent(term: Term, chosen: ReadonlySet<Term>): boolean {
  if (popcount(term) <= 2) return true;
  for (let bit = term; bit; bit &= bit - 1) {
    const sub = term & ~(bit & -bit);
    if (!chosen.has(sub)) return false;
  }
  return true;
}

/**
 * The generators (maximal terms) of a hierarchical model.
 *
 * @example
 * modelGenerators([0b011, 0b101, 0b110, 0b111]); // [0b111]
 */
export function modelGenerators(terms: readonly Term[]): Term[] {
  return terms.filter((a) => !terms.some((b) => b !== a && (a & b) === a));
}

/** One admissible model of a BIC search. */
export interface BicCandidate {
  readonly terms: readonly Term[];
  readonly estimate: number;
  readonly bic: number;
}

export interface BicResult {
  readonly fit: MseFit;
  /** Admissible models, lowest BIC first. */
  readonly ranking: readonly BicCandidate[];
}

export interface BicOptions {
  /** Highest interaction order (default by number of lists: 2→1, 3→2, 4–5→3, 6→2). */
  readonly maxOrder?: number;
  /** Search only these models instead of the full hierarchy (used by the bootstrap). */
  readonly models?: readonly (readonly Term[])[];
  readonly cache?: IdentifiabilityCache;
  /** Called after each model is checked/fitted, for progress bars. */
  readonly onModel?: (done: number, total: number) => void;
}

/**
 * Minimum-BIC selection over hierarchical models (Silverman, Chan and Vincent 2024): models whose
 * extended maximum likelihood estimate does not exist or is not identifiable are dropped; BIC counts
 * every parameter, those at −∞ included, with log n as the penalty.
 *
 * @example
 * const { fit, ranking } = bicSelect(datasetCaptureData(MSE_DATASETS.Korea));
 * fit.estimate; // 157.1667, model [b:c, c:d]
 */
export function bicSelect(data: CaptureData, options: BicOptions = {}): BicResult {
  const t = data.lists.length;
  let models = options.models;
  if (!models) {
    if (t > 6) {
      throw new MseError(
        'invalid-input',
        `BIC search over all hierarchical models is limited to 6 lists (got ${t}): use --method stepwise`,
      );
    }
    const maxOrder = options.maxOrder ?? defaultMaxOrder(t);
    if (t === 6 && maxOrder > 2) {
      throw new MseError(
        'invalid-input',
        'six lists allow a BIC search up to order 2 only (order 3 means 3.7 million models): use --max-order 2',
      );
    }
    models = hierarchicalModels(t, maxOrder);
  }
  const admissible = admissibleModels(data, models, options.cache);
  const ranking: (BicCandidate & { fit: MseFit })[] = [];
  for (const [i, terms] of models.entries()) {
    if (admissible[i]) {
      try {
        const fit = fitModel(data, terms, { check: false });
        ranking.push({ terms: fit.terms, estimate: fit.estimate, bic: fit.bic, fit });
      } catch (error) {
        if (!(error instanceof MseError)) throw error;
      }
    }
    options.onModel?.(i + 1, models.length);
  }
  // Stable: ties keep enumeration order.
  ranking.sort((a, b) => a.bic - b.bic);
  const best = ranking[0];
  if (!best) {
    throw new MseError(
      'no-admissible-model',
      'no hierarchical model has an existing, identifiable maximum likelihood estimate on these data',
    );
  }
  return {
    fit: best.fit,
    ranking: ranking.map(({ terms, estimate, bic }) => ({ terms, estimate, bic })),
  };
}

/**
 * Which models pass the existence and identifiability check. Among models that fix the same terms
 * at −∞, passing is inherited by sub-models (dropping an estimable interaction keeps the estimate
 * in existence and the design of full rank; Chan, Silverman and Vincent 2021), so models are
 * checked largest first and any model inside one that passed is not checked again.
 */
function admissibleModels(
  data: CaptureData,
  models: readonly (readonly Term[])[],
  cache: IdentifiabilityCache | undefined,
): boolean[] {
  const index = new Map<Term, number>();
  for (const model of models)
    for (const term of model) if (!index.has(term)) index.set(term, index.size);
  const result = new Array<boolean>(models.length).fill(false);
  if (index.size > 30) {
    for (const [i, model] of models.entries())
      result[i] = checkIdentifiability(data, model, cache) === 0;
    return result;
  }
  const empty = new Set([...index.keys()].filter((term) => marginalCount(data, term) === 0));
  const bits = models.map((model) => {
    let all = 0;
    let negInf = 0;
    for (const term of model) {
      const bit = 1 << (index.get(term) ?? 0);
      all |= bit;
      if (empty.has(term)) negInf |= bit;
    }
    return { all: all >>> 0, negInf: negInf >>> 0 };
  });
  const passedByGroup = new Map<number, number[]>();
  const order = models
    .map((_, i) => i)
    .sort((a, b) => (models[b]?.length ?? 0) - (models[a]?.length ?? 0));
  for (const i of order) {
    const { all, negInf } = bits[i] ?? { all: 0, negInf: 0 };
    const passed = passedByGroup.get(negInf) ?? [];
    if (passed.some((s) => (s & all) >>> 0 === all)) {
      result[i] = true;
      continue;
    }
    if (checkIdentifiability(data, models[i] ?? [], cache) === 0) {
      result[i] = true;
      passed.push(all);
      passedByGroup.set(negInf, passed);
    }
  }
  return result;
}
