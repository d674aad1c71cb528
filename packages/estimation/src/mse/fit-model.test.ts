import { describe, expect, it } from 'vitest';
import { captureData } from './capture-data.js';
import { datasetCaptureData, MSE_DATASETS } from './datasets.js';
import type { MseError } from './errors.js';
import { fitModel, modelLabel, waldInterval } from './fit-model.js';
import { checkIdentifiability } from './identifiability.js';
import { parseTerm, type Term } from './model.js';
import { rRandom } from './r-random.js';

const korea = datasetCaptureData(MSE_DATASETS.Korea);
const terms = (data: typeof korea, ...names: string[]) =>
  names.map((n) => parseTerm(n, data.lists));

describe('fitModel on Korea (SparseMSE vignette values)', () => {
  it('main effects', () => {
    const fit = fitModel(korea, []);
    expect(fit.estimate).toBeCloseTo(141.9926, 4);
    expect(fit.bic).toBeCloseTo(184.14431, 5);
  });

  it('[12]: estimate, deviance, AIC, BIC and intercept', () => {
    const fit = fitModel(korea, terms(korea, 'b:c'));
    expect(fit.estimate).toBeCloseTo(268.7778, 4);
    expect(fit.deviance).toBeCloseTo(8.566946, 6);
    expect(fit.aic).toBeCloseTo(44.90767, 5);
    expect(fit.bic).toBeCloseTo(58.9686, 4);
    expect(fit.intercept).toBeCloseTo(4.982083, 6);
  });

  it.each([
    [['b:c', 'c:d'], 157.1667, 57.14081],
    [['b:d', 'c:d'], 123.463, 91.89711],
    [['c:d'], 126.1944, 138.06368],
    [['b:d'], 126.9394, 155.16018],
  ])('%j: N and BIC', (names, estimate, bic) => {
    const fit = fitModel(korea, terms(korea, ...names));
    expect(fit.estimate).toBeCloseTo(estimate, 4);
    expect(fit.bic).toBeCloseTo(bic, 5);
  });
});

describe('fitModel on the UK data', () => {
  it('main effects for the 6-, 5- and 4-list data', () => {
    expect(fitModel(datasetCaptureData(MSE_DATASETS.UKdat), []).estimate).toBeCloseTo(12214.0, 2);
    expect(fitModel(datasetCaptureData(MSE_DATASETS.UKdat_5), []).estimate).toBeCloseTo(
      13444.13,
      2,
    );
    expect(fitModel(datasetCaptureData(MSE_DATASETS.UKdat_4), []).estimate).toBeCloseTo(
      10694.25,
      2,
    );
  });

  it('puts a non-overlapping pair at −∞, removes its histories and charges it in AIC', () => {
    const uk = datasetCaptureData(MSE_DATASETS.UKdat);
    const without = fitModel(uk, terms(uk, 'PF:NCA'));
    const withEmpty = fitModel(uk, terms(uk, 'PF:NCA', 'LA:GP'));
    expect(withEmpty.negInf).toEqual(terms(uk, 'LA:GP'));
    expect(withEmpty.design.cells.length).toBe(63 - 16);
    expect(withEmpty.parameters).toBe(without.parameters + 1);
    expect(withEmpty.aic).toBeCloseTo(-2 * withEmpty.logLik + 2 * withEmpty.parameters, 10);
  });
});

describe('waldInterval', () => {
  it('reproduces SparseMSE estimatepopulation.0 on Western [A:E]', () => {
    const western = datasetCaptureData(MSE_DATASETS.Western);
    const fit = fitModel(western, terms(western, 'A:E'));
    const { low, high } = waldInterval(fit, 0.95);
    expect(low).toBeCloseTo(1657.1, 1);
    expect(high).toBeCloseTo(3830.0, 1);
  });
});

describe('waldInterval on the UK stepwise models', () => {
  it.each([
    ['UKdat', ['PF:NCA', 'LA:NG', 'NG:GP', 'LA:PF', 'PF:GP', 'GO:GP', 'NG:GO'], 9977.3, 13145.7],
    ['UKdat_5', ['LA:NG', 'NG:GP', 'PFNCA:GP', 'LA:PFNCA', 'GO:GP', 'NG:GO'], 9884.4, 13027.4],
  ] as const)('%s', (name, names, low, high) => {
    const data = datasetCaptureData(MSE_DATASETS[name]);
    const wald = waldInterval(fitModel(data, terms(data, ...names)), 0.95);
    expect(wald.low).toBeCloseTo(low, 1);
    expect(wald.high).toBeCloseTo(high, 1);
  });
});

describe('checkIdentifiability on Artificial_3 (SparseMSE checkident)', () => {
  const a3 = datasetCaptureData(MSE_DATASETS.Artificial_3);
  it('all three pairs: not identifiable (2)', () => {
    expect(checkIdentifiability(a3, terms(a3, 'A:B', 'A:C', 'B:C'))).toBe(2);
  });
  it('A:B only: the MLE does not exist (1)', () => {
    expect(checkIdentifiability(a3, terms(a3, 'A:B'))).toBe(1);
  });
  it('A:C + B:C: fine (0)', () => {
    expect(checkIdentifiability(a3, terms(a3, 'A:C', 'B:C'))).toBe(0);
  });
  it('both failures at once (3)', () => {
    // Four lists, one person on A and B only: the saturated-ish model is rank-deficient and
    // the zero cells put the data on the boundary.
    const data = captureData(
      ['A', 'B', 'C'],
      [
        { history: [1, 0, 0], count: 5 },
        { history: [1, 1, 0], count: 2 },
      ],
    );
    expect(checkIdentifiability(data, [0b011, 0b101, 0b110])).toBe(3);
  });
  it('a fit of a model without an estimate fails with a clear error, never NaN', () => {
    try {
      fitModel(a3, terms(a3, 'A:B'));
      expect.unreachable();
    } catch (error) {
      expect((error as MseError).code).toBe('mle-does-not-exist');
      expect((error as MseError).message).toMatch(/model \[A:B\] does not exist/);
    }
  });
  it('a list holding everyone names the problem', () => {
    const data = captureData(
      ['Shelter', 'Police', 'NGO'],
      [
        { history: [1, 0, 0], count: 12 },
        { history: [1, 1, 0], count: 4 },
        { history: [1, 0, 1], count: 3 },
        { history: [1, 1, 1], count: 1 },
      ],
    );
    expect(() => fitModel(data, [])).toThrow(/everyone observed is on list Shelter/);
  });

  it('two lists with no one in common name the problem', () => {
    const data = captureData(
      ['Police', 'NGO'],
      [
        { history: [1, 0], count: 12 },
        { history: [0, 1], count: 9 },
      ],
    );
    expect(() => fitModel(data, [])).toThrow(/no one appears on both lists of Police:NGO/);
  });
});

describe('modelLabel', () => {
  it('prints terms in list order', () => {
    const uk = datasetCaptureData(MSE_DATASETS.UKdat);
    expect(modelLabel(terms(uk, 'GO:GP', 'LA:NG', 'PF:NCA'), uk.lists)).toBe(
      '[LA:NG, PF:NCA, GO:GP]',
    );
    expect(modelLabel([], uk.lists)).toBe('main effects');
  });
});

describe('fitModel on random sparse tables', () => {
  it('converges, and adding an estimable interaction never raises the deviance', () => {
    const random = rRandom(77).unif;
    let compared = 0;
    for (let trial = 0; trial < 80; trial++) {
      const t = 3 + Math.floor(random() * 3);
      const rows = [];
      for (let mask = 1; mask < 1 << t; mask++) {
        // Heavy-tailed counts: most histories small or empty, a few large.
        const u = random();
        const count =
          u < 0.4 ? 0 : u < 0.9 ? 1 + Math.floor(random() * 10) : Math.floor(random() * 5000);
        rows.push({ history: Array.from({ length: t }, (_, j) => (mask >> j) & 1), count });
      }
      if (!rows.some((r) => r.count > 0)) continue;
      const data = captureData(
        Array.from({ length: t }, (_, j) => `L${j}`),
        rows,
      );
      const pairs: Term[] = [];
      for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) pairs.push((1 << i) | (1 << j));
      const base = pairs.filter(() => random() < 0.3);
      const extra = pairs.find((p) => !base.includes(p));
      if (extra === undefined || checkIdentifiability(data, base) !== 0) continue;
      if (checkIdentifiability(data, [...base, extra]) !== 0) continue;
      const small = fitModel(data, base);
      const large = fitModel(data, [...base, extra]);
      expect(Number.isFinite(small.estimate)).toBe(true);
      expect(Number.isFinite(large.estimate)).toBe(true);
      if (large.negInf.length === small.negInf.length) {
        expect(large.deviance).toBeLessThanOrEqual(small.deviance + 1e-6);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });
});
