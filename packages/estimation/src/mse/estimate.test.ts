import { describe, expect, it } from 'vitest';
import { captureData } from './capture-data.js';
import { datasetCaptureData, MSE_DATASETS } from './datasets.js';
import { MseError } from './errors.js';
import { estimatePopulation } from './estimate.js';

const western = datasetCaptureData(MSE_DATASETS.Western);
const uk = datasetCaptureData(MSE_DATASETS.UKdat);

describe('estimatePopulation', () => {
  it('returns the JSON shape of the CLI, stepwise and profile interval by default', () => {
    const result = estimatePopulation(uk);
    expect(result).toMatchObject({
      lists: ['LA', 'NG', 'PF', 'GO', 'GP', 'NCA'],
      observed: 2744,
      method: 'stepwise',
      interval: { level: 0.95, kind: 'profile' },
    });
    expect(result.terms).toEqual(['LA:NG', 'LA:PF', 'NG:GO', 'NG:GP', 'PF:GP', 'PF:NCA', 'GO:GP']);
    expect(result.estimate).toBeCloseTo(11417.99, 2);
    expect(result.interval.low).toBeCloseTo(9982.3, 1);
    expect(result.interval.high).toBeCloseTo(13181.7, 1);
    expect(result.details.profileMaximum).toBeCloseTo(11408.92, 1);
    expect(result.warnings.some((w) => /model-selection uncertainty/.test(w))).toBe(true);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('gives the Wald interval on request', () => {
    const result = estimatePopulation(western, { interval: 'wald' });
    expect(result.interval.kind).toBe('wald');
    expect(result.interval.low).toBeCloseTo(1657.1, 1);
    expect(result.interval.high).toBeCloseTo(3830.0, 1);
  });

  it('fits a fixed model, adding the pairs a three-way term needs', () => {
    const korea = datasetCaptureData(MSE_DATASETS.Korea);
    expect(
      estimatePopulation(korea, { method: 'fixed', terms: ['b:c', 'c:d'] }).estimate,
    ).toBeCloseTo(157.1667, 4);
    const uk5 = datasetCaptureData(MSE_DATASETS.UKdat_5);
    const hier = estimatePopulation(uk5, { method: 'fixed', terms: ['LA:NG:PFNCA'] });
    expect(hier.terms).toEqual(['LA:NG', 'LA:PFNCA', 'NG:PFNCA', 'LA:NG:PFNCA']);
  });

  it('warns about a non-overlapping pair in the model', () => {
    const result = estimatePopulation(western, { method: 'fixed', terms: ['A:B', 'A:E'] });
    expect(result.details.minusInfinity).toEqual(['A:B']);
    expect(result.warnings.join('\n')).toMatch(/no one is on all of A, B/);
    expect(Number.isFinite(result.estimate)).toBe(true);
  });

  it('reports the BIC ranking', () => {
    const korea = datasetCaptureData(MSE_DATASETS.Korea);
    const result = estimatePopulation(korea, { method: 'bic' });
    expect(result.details.model).toBe('[b:c, c:d]');
    expect(result.details.ranking).toHaveLength(6);
  });

  it('never returns an infinite or NaN estimate: no MLE is an error naming the model', () => {
    const a3 = datasetCaptureData(MSE_DATASETS.Artificial_3);
    expect(() => estimatePopulation(a3, { method: 'fixed', terms: ['A:B'] })).toThrow(MseError);
    expect(() => estimatePopulation(a3, { method: 'fixed', terms: ['A:B'] })).toThrow(
      /\[A:B\] does not exist/,
    );
    const disjoint = captureData(
      ['A', 'B', 'C'],
      [
        { history: [1, 0, 0], count: 10 },
        { history: [0, 1, 0], count: 10 },
        { history: [0, 0, 1], count: 10 },
      ],
    );
    expect(() => estimatePopulation(disjoint)).toThrow(
      /no one appears on both lists of A:B, A:C, B:C/,
    );
  });

  it('rejects bad options', () => {
    expect(() => estimatePopulation(western, { method: 'magic' as never })).toThrow(
      /unknown method 'magic'/,
    );
    expect(() => estimatePopulation(western, { level: 95 })).toThrow(/between 0 and 1/);
    expect(() => estimatePopulation(western, { interval: 'bca' })).toThrow(/needs bootstrap/);
    expect(() => estimatePopulation(western, { method: 'fixed', terms: ['A:Z'] })).toThrow(
      /'Z' is not one of the lists/,
    );
  });

  it('bootstraps with progress and reproducible results', () => {
    const calls: number[] = [];
    const options = {
      bootstrap: { replicates: 30, seed: 99 },
      onProgress: (_phase: string, done: number) => calls.push(done),
    };
    const a = estimatePopulation(western, options);
    const b = estimatePopulation(western, { bootstrap: { replicates: 30, seed: 99 } });
    expect(a.interval).toEqual(b.interval);
    expect(a.interval.kind).toBe('bca');
    expect(a.details.bootstrap).toMatchObject({ replicates: 30, seed: 99, failed: 0 });
    expect(a.warnings.join('\n')).toMatch(/only 30 bootstrap replicates/);
    // 30 replicates + 13 jackknife fits (one per non-empty history).
    expect(calls.at(-1)).toBe(43);
  });

  it('survives samples without an estimate: left out, counted and warned about', () => {
    // One person links the two lists: samples and jackknife fits that lose them have no estimate.
    const fragile = captureData(
      ['A', 'B'],
      [
        { history: [1, 0], count: 5 },
        { history: [0, 1], count: 5 },
        { history: [1, 1], count: 1 },
      ],
    );
    const result = estimatePopulation(fragile, {
      method: 'main',
      bootstrap: { replicates: 50, seed: 3 },
    });
    expect(result.estimate).toBeCloseTo(36, 10);
    expect(result.details.bootstrap?.failed).toBeGreaterThan(0);
    expect(result.details.bootstrap?.acceleration).toBe(0);
    expect(result.warnings.join('\n')).toMatch(/bootstrap samples gave no estimate/);
    expect(result.warnings.join('\n')).toMatch(/acceleration is set to 0/);
    expect(Number.isFinite(result.interval.low)).toBe(true);
  });
});
