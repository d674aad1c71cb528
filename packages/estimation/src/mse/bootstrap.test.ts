import { describe, expect, it } from 'vitest';
import { bcaInterval, quantileType8 } from './bootstrap.js';
import { datasetCaptureData, MSE_DATASETS } from './datasets.js';
import { estimatePopulation } from './estimate.js';
import { multinomialSample, seededRandom } from './random.js';
import { stepwiseSelect } from './stepwise.js';

describe('quantileType8', () => {
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  it('matches R quantile(1:10, type = 8)', () => {
    expect(quantileType8(x, 0.1)).toBeCloseTo(1.366667, 6);
    expect(quantileType8(x, 0.5)).toBeCloseTo(5.5, 10);
    expect(quantileType8(x, 0.975)).toBeCloseTo(10, 10);
    expect(quantileType8(x, 0)).toBe(1);
  });
});

describe('seededRandom and multinomialSample', () => {
  it('is reproducible and seed-dependent', () => {
    const a = seededRandom(1234);
    const b = seededRandom(1234);
    const c = seededRandom(1235);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    for (const v of xs) expect(v >= 0 && v < 1).toBe(true);
  });

  it('keeps the total and leaves empty cells empty', () => {
    const sample = multinomialSample(1000, [0, 10, 0, 30, 60], seededRandom(7));
    expect(sample.reduce((s, v) => s + v, 0)).toBe(1000);
    expect(sample[0]).toBe(0);
    expect(sample[2]).toBe(0);
    expect(Math.abs((sample[4] ?? 0) - 600)).toBeLessThan(80);
  });
});

describe('bcaInterval', () => {
  const western = datasetCaptureData(MSE_DATASETS.Western);
  const estimator = (d: typeof western) => stepwiseSelect(d).fit.estimate;

  it('is reproducible for a seed and brackets the estimate', () => {
    const estimate = estimator(western);
    const a = bcaInterval(western, estimator, estimate, { replicates: 40, seed: 1234 });
    const b = bcaInterval(western, estimator, estimate, { replicates: 40, seed: 1234 });
    expect(b.low).toBe(a.low);
    expect(b.high).toBe(a.high);
    expect(a.low).toBeLessThan(estimate);
    expect(a.high).toBeGreaterThan(estimate);
    // Western's jackknife acceleration does not depend on the seed.
    expect(a.acceleration).toBeCloseTo(-0.095, 3);
  });

  it('stays finite and flags it when every replicate is on one side of the estimate', () => {
    const bca = bcaInterval(western, () => 100, 50, { replicates: 10, seed: 1 });
    expect(bca.degenerate).toBe(true);
    expect(bca.low).toBe(100);
    expect(bca.high).toBe(100);
  });

  it('rejects too few replicates', () => {
    expect(() => bcaInterval(western, estimator, 1, { replicates: 1, seed: 1 })).toThrow(
      /whole number ≥ 2/,
    );
  });

  // BCa limits depend on the random stream: Jaga's generator is not R's, so the published limits
  // are matched within Monte Carlo error (their spread over seeds is about ±150 at the low end and
  // ±200 at the high end for Western with 1000 replicates).
  it('Western, stepwise, 1000 replicates: near the published 95% BCa (1293, 3670)', () => {
    const result = estimatePopulation(western, { bootstrap: { replicates: 1000, seed: 1234 } });
    expect(result.interval.kind).toBe('bca');
    expect(result.interval.low).toBeGreaterThan(1293 - 250);
    expect(result.interval.low).toBeLessThan(1293 + 250);
    expect(result.interval.high).toBeGreaterThan(3670 - 400);
    expect(result.interval.high).toBeLessThan(3670 + 400);
  });

  it.each([
    [1, 0.95, 131, 248],
    [Number.POSITIVE_INFINITY, 0.8, 135, 288],
    [Number.POSITIVE_INFINITY, 0.95, 128, 349],
  ])(
    'Korea, BIC over the top %s models, %s: near the published BCa [%s, %s]',
    (top, level, low, high) => {
      const korea = datasetCaptureData(MSE_DATASETS.Korea);
      const result = estimatePopulation(korea, {
        method: 'bic',
        level,
        bootstrap: { replicates: 1000, seed: 1234, topModels: top },
      });
      // Lower limits vary by ±2 over seeds, upper limits by up to ±10 %.
      expect(Math.abs(result.interval.low - low)).toBeLessThanOrEqual(5);
      expect(Math.abs((result.interval.high ?? 0) / high - 1)).toBeLessThan(0.1);
    },
  );

  it('Korea, BIC over the best model only: near the published 80% BCa [136, 198]', () => {
    const korea = datasetCaptureData(MSE_DATASETS.Korea);
    const result = estimatePopulation(korea, {
      method: 'bic',
      level: 0.8,
      bootstrap: { replicates: 1000, seed: 1234, topModels: 1 },
    });
    expect(Math.round(result.estimate)).toBe(157);
    expect(Math.abs(result.interval.low - 136)).toBeLessThan(6);
    expect(Math.abs((result.interval.high ?? 0) - 198)).toBeLessThan(15);
  });
});
