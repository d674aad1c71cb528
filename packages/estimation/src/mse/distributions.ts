// Thin typed wrappers over @stdlib's ports of the reference algorithms (the same ones R uses), so
// p-values near the stepwise threshold and BCa quantiles agree with the published code.
import gammainc from '@stdlib/math-base-special-gammainc';
import gammaln from '@stdlib/math-base-special-gammaln';
import chisquareQuantile from '@stdlib/stats-base-dists-chisquare-quantile';
import normalCdfStd from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileStd from '@stdlib/stats-base-dists-normal-quantile';
import poissonCdfStd from '@stdlib/stats-base-dists-poisson-cdf';

export function normalCdf(x: number): number {
  return normalCdfStd(x, 0, 1);
}

export function normalQuantile(p: number): number {
  return normalQuantileStd(p, 0, 1);
}

/** P(X ≤ k) for X ~ Poisson(mean); 0 when k < 0. */
export function poissonCdf(k: number, mean: number): number {
  if (k < 0) return 0;
  return poissonCdfStd(k, mean);
}

/**
 * P(X ≥ k) for X ~ Poisson(mean), computed directly (regularised lower incomplete gamma P(k, mean))
 * rather than as 1 − P(X ≤ k − 1), so tiny tail probabilities keep their order instead of all
 * rounding to 0 — the stepwise search picks the smallest.
 */
export function poissonUpperTail(k: number, mean: number): number {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  return gammainc(mean, k, true, false);
}

export function chiSquareQuantile(p: number, df: number): number {
  return chisquareQuantile(p, df);
}

export function logFactorial(n: number): number {
  return gammaln(n + 1);
}
