import { describe, expect, it } from 'vitest';
import { MseError } from './errors.js';
import { isRSeed, rRandom } from './r-random.js';

const take = (n: number, f: () => number) => Array.from({ length: n }, f);

describe('rRandom: uniforms', () => {
  // R: set.seed(s); runif(3), printed to 7 digits.
  it.each([
    [1234, [0.1137034, 0.6222994, 0.6092747]],
    [42, [0.914806, 0.9370754, 0.2861395]],
    [123, [0.2875775, 0.7883051, 0.4089769]],
  ])('set.seed(%i); runif(3)', (seed, expected) => {
    const r = rRandom(seed);
    const got = take(3, () => r.unif());
    for (const [i, v] of expected.entries()) expect(got[i]).toBeCloseTo(v, 7);
  });

  it('carries on past the first block of 624 words, inside (0, 1)', () => {
    const r = rRandom(1234);
    const xs = take(2000, () => r.unif());
    expect(xs.every((x) => x > 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(2000);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
  });

  it('keeps its state in the object: two generators do not disturb each other', () => {
    const a = rRandom(1234);
    const b = rRandom(1234);
    const first = a.unif();
    b.unif();
    b.unif();
    expect(rRandom(1234).unif()).toBe(first);
    expect(a.unif()).toBeCloseTo(0.6222994, 7);
  });

  it('takes R seeds, with 2^32 − k the same 32-bit seed as −k', () => {
    expect(take(3, rRandom(2 ** 32 - 5).unif)).toEqual(take(3, rRandom(-5).unif));
    expect(isRSeed(2 ** 32 - 1)).toBe(true);
    expect(isRSeed(2 ** 32)).toBe(false);
    expect(isRSeed(-(2 ** 31))).toBe(false);
    expect(isRSeed(1.5)).toBe(false);
    expect(() => rRandom(2 ** 32)).toThrow(MseError);
  });
});

describe('rRandom: binomials', () => {
  it('inverts the distribution below a mean of 30 (derived by hand from the uniforms)', () => {
    // rbinom(1, 1, 0.5) is 0 when u < qn = 0.5, else 1; set.seed(123) gives the uniforms
    // 0.288 0.788 0.409 0.883 0.940 0.046 0.528 0.892 0.551 0.457.
    const r = rRandom(123);
    expect(take(10, () => r.binom(1, 0.5))).toEqual([0, 1, 0, 1, 1, 0, 1, 1, 1, 0]);
    // With p > 0.5 R draws the count of failures at 1 − p and returns n minus it:
    // rbinom(1, 1, 0.7) is 1 when u < 0.7.
    const s = rRandom(123);
    expect(take(5, () => s.binom(1, 0.7))).toEqual([1, 0, 1, 0, 0]);
  });

  it('matches R for a mean of 30 or more (BTPE): set.seed(1234); rbinom(10, 100, 0.5)', () => {
    // R's output, as recorded in the lib-r-math.js test fixtures (Mersenne-Twister, seed 1234).
    const r = rRandom(1234);
    expect(take(10, () => r.binom(100, 0.5))).toEqual([47, 40, 48, 47, 48, 53, 52, 53, 53, 47]);
  });

  it('has the binomial mean and variance in the squeeze region (n p q ≥ 46)', () => {
    const r = rRandom(2024);
    const n = 345;
    const p = 0.33;
    const xs = take(20000, () => r.binom(n, p));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
    expect(Math.abs(mean - n * p)).toBeLessThan(0.15);
    expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.95);
    expect(variance / (n * p * (1 - p))).toBeLessThan(1.05);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x <= n)).toBe(true);
  });

  it('returns the edge cases as R does', () => {
    const r = rRandom(1);
    expect(r.binom(0, 0.3)).toBe(0);
    expect(r.binom(10, 0)).toBe(0);
    expect(r.binom(10, 1)).toBe(10);
    expect(r.binom(10.5, 0.3)).toBeNaN();
    expect(r.binom(10, 1.2)).toBeNaN();
    // None of these used a uniform.
    expect(r.unif()).toBe(rRandom(1).unif());
  });
});

describe('rRandom: multinomials', () => {
  it('draws cell by cell from the conditional binomials (derived by hand)', () => {
    // rmultinom(1, 3, c(1, 1, 2)) after set.seed(123): cell 1 ~ Bin(3, 1/4): u = 0.288 < 0.75^3,
    // so 0; cell 2 ~ Bin(3, 1/3): u = 0.788 passes P(0) = 0.296 and P(1) = 0.444 and stops at 2;
    // the last cell takes the remaining 1.
    const r = rRandom(123);
    expect(r.multinom(3, [1, 1, 2])).toEqual([0, 2, 1]);
    // Only two uniforms were used.
    const s = rRandom(123);
    s.unif();
    s.unif();
    expect(r.unif()).toBe(s.unif());
  });

  it('skips empty cells without drawing and stops once everyone is placed', () => {
    const r = rRandom(7);
    const sample = r.multinom(1000, [0, 10, 0, 30, 60, 0]);
    expect(sample.reduce((s, v) => s + v, 0)).toBe(1000);
    expect([sample[0], sample[2], sample[5]]).toEqual([0, 0, 0]);
    expect(Math.abs((sample[4] ?? 0) - 600)).toBeLessThan(80);
    expect(r.multinom(0, [1, 2])).toEqual([0, 0]);
    expect(r.multinom(5, [0, 3])).toEqual([0, 5]);
  });

  it('refuses weights R refuses', () => {
    const r = rRandom(1);
    expect(() => r.multinom(5, [0, 0])).toThrow(/no positive/);
    expect(() => r.multinom(5, [1, -1])).toThrow(/≥ 0/);
    expect(() => r.multinom(2.5, [1, 1])).toThrow(/whole number/);
  });
});
