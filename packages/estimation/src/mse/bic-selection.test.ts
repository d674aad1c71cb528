import { describe, expect, it } from 'vitest';
import { bicSelect, hierarchicalModels, modelGenerators } from './bic-selection.js';
import { datasetCaptureData, MSE_DATASETS } from './datasets.js';
import { modelLabel } from './fit-model.js';
import { checkIdentifiability } from './identifiability.js';

describe('hierarchicalModels', () => {
  it('three lists up to pairs: the 8 subsets of pairs', () => {
    expect(hierarchicalModels(3, 2)).toHaveLength(8);
  });

  it('keeps a three-way term only with all its pairs', () => {
    const models = hierarchicalModels(4, 3);
    for (const model of models) {
      for (const term of model.filter((t) => t.toString(2).replace(/0/g, '').length === 3)) {
        for (const bit of [1, 2, 4, 8].filter((b) => term & b)) {
          expect(model).toContain(term & ~bit);
        }
      }
    }
    // 64 pair-only models plus those with triples.
    expect(models.length).toBeGreaterThan(64);
    expect(hierarchicalModels(4, 2)).toHaveLength(64);
    expect(hierarchicalModels(6, 2)).toHaveLength(32768);
  });

  it('rejects an order the lists cannot carry', () => {
    expect(() => hierarchicalModels(3, 3)).toThrow(/from 1 to 2 for 3 lists/);
  });
});

describe('modelGenerators', () => {
  it('keeps maximal terms only', () => {
    expect(modelGenerators([0b011, 0b101, 0b110, 0b111]).sort()).toEqual([0b111]);
  });
});

describe('bicSelect', () => {
  it('Korea: [12,23] among 6 admissible models, with the vignette BICs', () => {
    const korea = datasetCaptureData(MSE_DATASETS.Korea);
    const { fit, ranking } = bicSelect(korea);
    expect(modelLabel(fit.terms, korea.lists)).toBe('[b:c, c:d]');
    expect(fit.estimate).toBeCloseTo(157.1667, 4);
    expect(fit.bic).toBeCloseTo(57.14081, 5);
    expect(ranking).toHaveLength(6);
    expect(ranking.map((r) => Number(r.bic.toFixed(5)))).toEqual([
      57.14081, 58.9686, 91.89711, 138.06368, 155.16018, 184.14431,
    ]);
  });

  it('Western: minimum BIC agrees with stepwise (A:E)', () => {
    const western = datasetCaptureData(MSE_DATASETS.Western);
    const { fit } = bicSelect(western, { maxOrder: 2 });
    expect(modelLabel(fit.terms, western.lists)).toBe('[A:E]');
    expect(fit.estimate).toBeCloseTo(2483.384, 3);
  });

  it('UK five lists, order 2: the 2024 BIC model and the runner-up ("downhill") model', () => {
    const uk5 = datasetCaptureData(MSE_DATASETS.UKdat_5);
    const { fit, ranking } = bicSelect(uk5, { maxOrder: 2 });
    expect(modelLabel(fit.terms, uk5.lists)).toBe('[LA:NG, LA:PFNCA, NG:PFNCA, NG:GP, PFNCA:GO]');
    expect(fit.estimate).toBeCloseTo(22991.33, 2);
    expect(fit.bic).toBeCloseTo(196.5398, 4);
    expect(ranking[1]?.estimate).toBeCloseTo(12262.41, 2);
    expect(ranking[1]?.bic).toBeCloseTo(197.495, 4);
  });

  it('UK five lists, order 4: 25311 as published in 2024', () => {
    const uk5 = datasetCaptureData(MSE_DATASETS.UKdat_5);
    const { fit } = bicSelect(uk5, { maxOrder: 4 });
    expect(Math.round(fit.estimate)).toBe(25311);
  });

  it.each([
    ['Western', 2],
    ['Korea', 2],
    ['Artificial_3', 2],
  ] as const)(
    'skips checks by inheritance without changing the admissible models: %s',
    (name, order) => {
      // Western and Artificial_3 have non-overlapping pairs, so models fall into several −∞ groups.
      const data = datasetCaptureData(MSE_DATASETS[name]);
      const models = hierarchicalModels(data.lists.length, order);
      const bruteForce = models
        .filter((m) => checkIdentifiability(data, m) === 0)
        .map((m) => modelLabel(m, data.lists))
        .sort();
      const selected = bicSelect(data, { maxOrder: order })
        .ranking.map((r) => modelLabel(r.terms, data.lists))
        .sort();
      expect(selected).toEqual(bruteForce);
    },
  );

  it('limits the full search to six lists', () => {
    const seven = datasetCaptureData({
      ...MSE_DATASETS.Korea,
      lists: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      histories: '1000000:5 0100000:4 0010000:3 0001000:3 0000100:2 0000010:2 0000001:2 1100000:1',
    });
    expect(() => bicSelect(seven)).toThrow(/limited to 6 lists/);
  });
});
