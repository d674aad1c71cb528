import { type Catalogue, defaultCatalogue } from './catalogue.js';
import { createScreener } from './screener.js';
import type { Post } from './types.js';

/** A post with its label, for fitting. */
export interface LabelledPost {
  readonly post: Post;
  /** `true` for recruitment into scam centres or victim trading, `false` for a legitimate post. */
  readonly risky: boolean;
}

/** How {@link fitCatalogue} fits. */
export interface FitOptions {
  /** Catalogue whose rules are fitted (default: the built-in one). */
  readonly catalogue?: Catalogue;
  /** Strength of the pull towards the prior weights (default 2; larger: closer to the prior). */
  readonly lambda?: number;
  /** Gradient steps (default 1,500). */
  readonly iterations?: number;
}

/**
 * Fits a catalogue's bias and indicator weights to labelled posts: a maximum a posteriori logistic
 * model whose prior is the hand-set weights (`catalogue.prior`, or the current weights when
 * absent), scored exactly as the engine scores (group damping included). Each weight keeps its
 * prior's sign, so a red flag never turns reassuring. Pure and deterministic: the same posts give
 * the same catalogue, so evaluations can refit on each fold's training posts.
 *
 * @example
 * const fitted = fitCatalogue(train.map((g) => ({ post: g, risky: g.label === 'risk' })));
 * const screener = createScreener({ catalogue: fitted });
 */
export function fitCatalogue(
  examples: readonly LabelledPost[],
  options: FitOptions = {},
): Catalogue {
  const base = options.catalogue ?? defaultCatalogue;
  const lambda = options.lambda ?? 2;
  const iterations = options.iterations ?? 1500;
  if (examples.length === 0) throw new RangeError('fitCatalogue needs at least one labelled post');
  if (!(lambda >= 0)) throw new RangeError(`lambda must be ≥ 0, got ${lambda}`);
  const priorWeights = base.indicators.map((i) => base.prior?.weights[i.code] ?? i.weight);
  const priorBias = base.prior?.bias ?? base.bias;
  const prior: Catalogue = {
    ...base,
    bias: priorBias,
    indicators: base.indicators.map((i, k) => ({ ...i, weight: priorWeights[k] as number })),
  };

  // Which indicators each post shows: screened once, with the prior weights.
  const screener = createScreener({ catalogue: prior });
  const index = new Map(base.indicators.map((i, k) => [i.code, k]));
  const groups = base.indicators.map((i) => i.group);
  const rows = examples.map(({ post, risky }) => {
    let features: number[] = [];
    try {
      features = screener
        .screen(post)
        .indicators.map((hit) => index.get(hit.code))
        .filter((k): k is number => k !== undefined);
    } catch {
      // A post the engine cannot screen has no features; it still informs the bias.
    }
    return { features, risky };
  });

  const weights = [...priorWeights];
  let bias = priorBias;
  const damping = base.groupDamping;
  // A step below the inverse curvature (logistic part ≤ 0.25 × ~10 indicators per post, plus the
  // prior's 2λ/n) keeps gradient descent stable for any lambda.
  const step = 1 / (2.5 + (2 * lambda) / examples.length);
  const gradient = new Float64Array(weights.length);
  for (let iteration = 0; iteration < iterations; iteration++) {
    gradient.fill(0);
    let biasGradient = 0;
    for (const row of rows) {
      // The engine's score: per group, the strongest indicator fully, the others damped.
      const byGroup = new Map<string, number[]>();
      for (const f of row.features) {
        const group = groups[f] as string;
        const list = byGroup.get(group);
        if (list) list.push(f);
        else byGroup.set(group, [f]);
      }
      let z = bias;
      const factors: Array<readonly [number, number]> = [];
      for (const members of byGroup.values()) {
        members.sort((a, b) => Math.abs(weights[b] as number) - Math.abs(weights[a] as number));
        members.forEach((f, rank) => {
          const factor = rank === 0 ? 1 : damping;
          z += (weights[f] as number) * factor;
          factors.push([f, factor]);
        });
      }
      const error = 1 / (1 + Math.exp(-z)) - (row.risky ? 1 : 0);
      biasGradient += error;
      for (const [f, factor] of factors) gradient[f] = (gradient[f] as number) + error * factor;
    }
    for (let k = 0; k < weights.length; k++) {
      const g =
        ((gradient[k] as number) +
          2 * lambda * ((weights[k] as number) - (priorWeights[k] as number))) /
        rows.length;
      let w = (weights[k] as number) - step * g;
      w = (priorWeights[k] as number) > 0 ? Math.max(0.05, w) : Math.min(-0.05, w);
      weights[k] = w;
    }
    bias -= (step * biasGradient) / rows.length;
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    ...base,
    version: `${base.version.split('+')[0]}+fit.${examples.length}`,
    bias: round(bias),
    indicators: base.indicators.map((i, k) => ({ ...i, weight: round(weights[k] as number) })),
    prior: {
      bias: priorBias,
      weights: Object.fromEntries(
        base.indicators.map((i, k) => [i.code, priorWeights[k] as number]),
      ),
    },
  };
}
