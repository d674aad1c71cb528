import { choleskyFactor, choleskyInverse, choleskySolve } from './cholesky.js';
import { logFactorial } from './distributions.js';
import { MseError } from './errors.js';

/** A Poisson log-linear fit by iteratively reweighted least squares. */
export interface PoissonGlmFit {
  readonly coefficients: Float64Array;
  readonly fitted: Float64Array;
  /** (XᵀWX)⁻¹ at the solution, row-major p × p: the Wald covariance of the coefficients. */
  readonly covariance: Float64Array;
  readonly deviance: number;
  /** Σ (y log μ − μ − log y!). */
  readonly logLik: number;
  readonly iterations: number;
}

export interface PoissonGlmOptions {
  /** Relative deviance change that ends the iterations. */
  readonly tolerance?: number;
  readonly maxIterations?: number;
}

/**
 * Fit log μ = Xβ to counts y by IRLS, starting like R's `glm` (μ = y + 0.1) and iterating to a
 * tighter tolerance so estimates agree with the reference to many digits.
 */
export function fitPoissonGlm(
  x: Float64Array,
  y: Float64Array,
  nCols: number,
  { tolerance = 1e-12, maxIterations = 100 }: PoissonGlmOptions = {},
): PoissonGlmFit {
  const n = y.length;
  const p = nCols;
  const mu = new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mu[i] = (y[i] ?? 0) + 0.1;
    eta[i] = Math.log(mu[i] ?? 1);
  }
  let beta: Float64Array = new Float64Array(p);
  let devOld = deviance(y, mu);
  let iterations = 0;
  let converged = false;
  // Nonzero columns of each row: designs are 0/1 and sparse in the interactions.
  const nz: number[][] = [];
  for (let i = 0; i < n; i++) {
    const cols: number[] = [];
    for (let a = 0; a < p; a++) if ((x[i * p + a] ?? 0) !== 0) cols.push(a);
    nz.push(cols);
  }
  let covariance: Float64Array = new Float64Array(p * p).fill(Number.NaN);
  const applyCoefficients = (b: Float64Array): number => {
    for (let i = 0; i < n; i++) {
      let e = 0;
      const row = i * p;
      for (const a of nz[i] ?? []) e += (x[row + a] ?? 0) * (b[a] ?? 0);
      eta[i] = e;
      mu[i] = Math.exp(e);
    }
    return deviance(y, mu);
  };
  while (iterations < maxIterations) {
    iterations++;
    const chol = choleskyFactor(weightedCrossProduct(x, nz, mu, p), p);
    if (!chol) {
      throw new MseError(
        'not-identifiable',
        'the model is not identifiable on these data: its design matrix is rank-deficient',
      );
    }
    const xtwz = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const w = mu[i] ?? 0;
      const z = (eta[i] ?? 0) + ((y[i] ?? 0) - w) / w;
      const row = i * p;
      for (const a of nz[i] ?? []) xtwz[a] = (xtwz[a] ?? 0) + w * (x[row + a] ?? 0) * z;
    }
    const previous = beta;
    beta = choleskySolve(chol, p, xtwz);
    let dev = applyCoefficients(beta);
    // Step-halving (from the second step, when the previous point is a fit of the model): the
    // log-likelihood is concave, so a shorter step along the Newton direction must not lose.
    for (let halving = 0; iterations > 1 && halving < 30; halving++) {
      if (Number.isFinite(dev) && dev <= devOld + 1e-10 * Math.abs(devOld)) break;
      for (let a = 0; a < p; a++) beta[a] = ((beta[a] ?? 0) + (previous[a] ?? 0)) / 2;
      dev = applyCoefficients(beta);
    }
    if (!Number.isFinite(dev)) break;
    const change = Math.abs(dev - devOld) / (Math.abs(dev) + 0.1);
    devOld = dev;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  if (!converged) {
    throw new MseError(
      'did-not-converge',
      `the Poisson fit did not converge in ${maxIterations} iterations: the maximum likelihood estimate may not exist for this model`,
    );
  }
  // Wald covariance at the final fitted values.
  const info = choleskyFactor(weightedCrossProduct(x, nz, mu, p), p, 0);
  if (info) covariance = choleskyInverse(info, p);
  let logLik = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i] ?? 0;
    const m = mu[i] ?? 0;
    logLik += (yi > 0 ? yi * Math.log(m) : 0) - m - logFactorial(yi);
  }
  return { coefficients: beta, fitted: mu, covariance, deviance: devOld, logLik, iterations };
}

function weightedCrossProduct(
  x: Float64Array,
  nz: readonly (readonly number[])[],
  w: Float64Array,
  p: number,
): Float64Array {
  const acc = new Float64Array(p * p);
  for (let i = 0; i < w.length; i++) {
    const wi = w[i] ?? 0;
    const row = i * p;
    const cols = nz[i] ?? [];
    for (const a of cols) {
      const wa = wi * (x[row + a] ?? 0);
      for (const b of cols) {
        if (b >= a) acc[a * p + b] = (acc[a * p + b] ?? 0) + wa * (x[row + b] ?? 0);
      }
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) acc[a * p + b] = acc[b * p + a] ?? 0;
  return acc;
}

function deviance(y: Float64Array, mu: Float64Array): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] ?? 0;
    const m = mu[i] ?? 0;
    d += 2 * ((yi > 0 ? yi * Math.log(yi / m) : 0) - (yi - m));
  }
  return d;
}
