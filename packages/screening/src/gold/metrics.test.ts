import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  confusion,
  f1,
  falsePositiveRate,
  precision,
  recall,
  relativeRisk,
} from './metrics.js';

describe('confusion, precision, recall, F1', () => {
  it('counts a hand-checked example', () => {
    // truth:      P  P  P  N  N  N
    // prediction: P  P  N  P  N  N
    const c = confusion(
      [true, true, true, false, false, false],
      [true, true, false, true, false, false],
    );
    expect(c).toEqual({ tp: 2, fp: 1, tn: 2, fn: 1 });
    expect(precision(c)).toBeCloseTo(2 / 3);
    expect(recall(c)).toBeCloseTo(2 / 3);
    expect(f1(c)).toBeCloseTo(2 / 3);
    expect(falsePositiveRate(c)).toBeCloseTo(1 / 3);
  });

  it('uses the harmonic mean when precision and recall differ', () => {
    const c = { tp: 3, fp: 1, tn: 5, fn: 2 };
    expect(precision(c)).toBe(0.75);
    expect(recall(c)).toBe(0.6);
    expect(f1(c)).toBeCloseTo((2 * 0.75 * 0.6) / 1.35);
  });

  it('answers null, not 0 or 1, when a measure is undefined', () => {
    const none = { tp: 0, fp: 0, tn: 4, fn: 0 };
    expect(precision(none)).toBeNull();
    expect(recall(none)).toBeNull();
    expect(f1(none)).toBeNull();
    expect(falsePositiveRate({ tp: 2, fp: 0, tn: 0, fn: 1 })).toBeNull();
    expect(f1({ tp: 0, fp: 2, tn: 0, fn: 3 })).toBe(0);
  });

  it('rejects unpaired inputs', () => {
    expect(() => confusion([true], [true, false])).toThrow(/1 truth labels but 2 predictions/);
  });
});

describe('averagePrecision (PR-AUC)', () => {
  it('is 1 for a perfect ranking and ignores input order', () => {
    const scored = [
      { score: 0.2, positive: false },
      { score: 0.9, positive: true },
      { score: 0.8, positive: true },
    ];
    expect(averagePrecision(scored)).toBe(1);
  });

  it('matches a hand computation', () => {
    // ranks: P(0.9) N(0.8) P(0.7) N(0.1) → recall steps 0.5 at precision 1, 0.5 at precision 2/3
    const ap = averagePrecision([
      { score: 0.1, positive: false },
      { score: 0.7, positive: true },
      { score: 0.9, positive: true },
      { score: 0.8, positive: false },
    ]);
    expect(ap).toBeCloseTo(0.5 + 0.5 * (2 / 3));
  });

  it('treats tied scores as one threshold', () => {
    // all tied: one threshold with precision 1/2 and recall 1
    expect(
      averagePrecision([
        { score: 0.5, positive: true },
        { score: 0.5, positive: false },
      ]),
    ).toBe(0.5);
    // order of tied items must not matter
    expect(
      averagePrecision([
        { score: 0.5, positive: false },
        { score: 0.5, positive: true },
      ]),
    ).toBe(0.5);
  });

  it('is null without positives', () => {
    expect(averagePrecision([{ score: 0.3, positive: false }])).toBeNull();
    expect(averagePrecision([])).toBeNull();
  });
});

describe('relativeRisk', () => {
  it('matches a hand computation with a Katz interval', () => {
    const rr = relativeRisk(8, 10, 2, 10);
    expect(rr?.rr).toBeCloseTo(4);
    const se = Math.sqrt(1 / 8 - 1 / 10 + 1 / 2 - 1 / 10);
    expect(rr?.low).toBeCloseTo(4 * Math.exp(-1.96 * se));
    expect(rr?.high).toBeCloseTo(4 * Math.exp(1.96 * se));
    expect(rr?.corrected).toBe(false);
  });

  it('corrects zero cells so an indicator seen only on risk posts stays finite', () => {
    const rr = relativeRisk(5, 5, 5, 15);
    // cells 5, 0, 5, 10 → 5.5, 0.5, 5.5, 10.5: (5.5/6) / (5.5/16)
    expect(rr?.rr).toBeCloseTo(5.5 / 6 / (5.5 / 16));
    expect(rr?.corrected).toBe(true);
    expect(Number.isFinite(rr?.high)).toBe(true);
  });

  it('is null when the indicator never or always fires, and rejects impossible counts', () => {
    expect(relativeRisk(0, 0, 3, 10)).toBeNull();
    expect(relativeRisk(3, 10, 0, 0)).toBeNull();
    expect(() => relativeRisk(11, 10, 0, 5)).toThrow(/exceed their totals/);
  });
});
