import { describe, expect, it } from 'vitest';
import { datasetCaptureData, MSE_DATASETS } from './datasets.js';
import { modelLabel } from './fit-model.js';
import { profileInterval } from './profile-likelihood.js';
import { aicStepwiseSelect, listPairs, stepwiseSelect } from './stepwise.js';

const uk = datasetCaptureData(MSE_DATASETS.UKdat);
const uk5 = datasetCaptureData(MSE_DATASETS.UKdat_5);
const western = datasetCaptureData(MSE_DATASETS.Western);
const korea = datasetCaptureData(MSE_DATASETS.Korea);

describe('listPairs', () => {
  it('orders pairs (1,2), (1,3), …, (2,3), …', () => {
    expect(listPairs(3)).toEqual([0b011, 0b101, 0b110]);
  });
});

describe('stepwiseSelect (SparseMSE, p < 0.02)', () => {
  it('Korea selects [12]', () => {
    const { fit } = stepwiseSelect(korea);
    expect(modelLabel(fit.terms, korea.lists)).toBe('[b:c]');
    expect(fit.estimate).toBeCloseTo(268.7778, 4);
  });

  it('Western selects A:E past the non-overlapping pairs A:B and B:E', () => {
    const { fit, steps } = stepwiseSelect(western);
    expect(modelLabel(fit.terms, western.lists)).toBe('[A:E]');
    expect(steps).toHaveLength(1);
    expect(fit.estimate).toBeCloseTo(2483.384, 3);
    expect(fit.deviance).toBeCloseTo(26.58423, 5);
    expect(fit.aic).toBeCloseTo(91.8395, 4);
    expect(fit.bic).toBeCloseTo(118.7443, 4);
  });

  it('UK six lists: the 2014 Home Office model, in the published order of entry', () => {
    const { fit, steps } = stepwiseSelect(uk);
    expect(steps.map((s) => modelLabel([s.term], uk.lists))).toEqual([
      '[PF:NCA]',
      '[LA:NG]',
      '[NG:GP]',
      '[LA:PF]',
      '[PF:GP]',
      '[GO:GP]',
      '[NG:GO]',
    ]);
    expect(fit.estimate).toBeCloseTo(11417.99, 2);
    expect(fit.aic).toBeCloseTo(162.6591, 4);
    expect(fit.estimate).toBeGreaterThan(10000);
    expect(fit.estimate).toBeLessThan(13000);
  });

  it('UK five lists', () => {
    const { fit, steps } = stepwiseSelect(uk5);
    expect(steps.map((s) => modelLabel([s.term], uk5.lists))).toEqual([
      '[LA:NG]',
      '[NG:GP]',
      '[PFNCA:GP]',
      '[LA:PFNCA]',
      '[GO:GP]',
      '[NG:GO]',
    ]);
    expect(fit.estimate).toBeCloseTo(11312.99, 2);
    expect(fit.bic).toBeCloseTo(198.6047, 4);
  });

  it('New Orleans, eight lists with 18 non-overlapping pairs: D:E, 1110.488', () => {
    const newOrl = datasetCaptureData(MSE_DATASETS.NewOrl);
    expect(newOrl.total).toBe(186);
    const { fit } = stepwiseSelect(newOrl);
    expect(modelLabel(fit.terms, newOrl.lists)).toBe('[D:E]');
    expect(fit.estimate).toBeCloseTo(1110.488, 3);
  });

  it('New Orleans, five lists: no pair enters; main effects 981.4314', () => {
    const newOrl5 = datasetCaptureData(MSE_DATASETS.NewOrl_5);
    const { fit } = stepwiseSelect(newOrl5);
    expect(fit.terms).toEqual([]);
    expect(fit.estimate).toBeCloseTo(981.4314, 4);
    expect(fit.deviance).toBeCloseTo(18.05614, 5);
    expect(fit.aic).toBeCloseTo(76.91578, 5);
    expect(fit.bic).toBeCloseTo(96.27026, 5);
  });

  it('pThreshold 0 keeps main effects', () => {
    expect(stepwiseSelect(uk, { pThreshold: 0 }).fit.terms).toEqual([]);
  });
});

describe('aicStepwiseSelect (Bales–Hesketh–Silverman 2014)', () => {
  it('UK six lists: same model as stepwise, profile maximum and intervals', () => {
    const { fit } = aicStepwiseSelect(uk);
    expect(fit.estimate).toBeCloseTo(11417.99, 2);
    const p95 = profileInterval(fit, { level: 0.95 });
    expect(p95.maximum).toBeCloseTo(11408.92, 1);
    expect(p95.low).toBeCloseTo(9982.3, 1);
    expect(p95.high).toBeCloseTo(13181.7, 1);
    const p80 = profileInterval(fit, { level: 0.8 });
    expect(p80.low).toBeCloseTo(10442.3, 1);
    expect(p80.high).toBeCloseTo(12522.9, 1);
  });

  it('UK five lists', () => {
    const { fit } = aicStepwiseSelect(uk5);
    expect(fit.estimate).toBeCloseTo(11312.99, 2);
    const p95 = profileInterval(fit, { level: 0.95 });
    expect(p95.maximum).toBeCloseTo(11303.87, 1);
    expect(p95.low).toBeCloseTo(9889.2, 1);
    expect(p95.high).toBeCloseTo(13063.1, 1);
    const p80 = profileInterval(fit, { level: 0.8 });
    expect(p80.low).toBeCloseTo(10345.3, 1);
    expect(p80.high).toBeCloseTo(12409.2, 1);
  });

  it('p < 0.001 stops earlier with the same estimate on six and five lists', () => {
    for (const data of [uk, uk5]) {
      const { fit } = aicStepwiseSelect(data, { pThreshold: 0.001 });
      expect(fit.estimate).toBeCloseTo(14217.81, 2);
      const p = profileInterval(fit);
      expect(p.low).toBeCloseTo(12608.4, 1);
      expect(p.high).toBeCloseTo(16131.1, 1);
    }
  });
});

describe('profileInterval under main effects', () => {
  it.each([
    ['UKdat', 10983.9, 13648.2],
    ['UKdat_5', 11985.1, 15165.9],
    ['UKdat_4', 9504.1, 12108.4],
  ] as const)('%s', (name, low, high) => {
    const data = datasetCaptureData(MSE_DATASETS[name]);
    const { fit } = aicStepwiseSelect(data, { pThreshold: 0 });
    const p = profileInterval(fit);
    expect(p.low).toBeCloseTo(low, 1);
    expect(p.high).toBeCloseTo(high, 1);
  });
});
