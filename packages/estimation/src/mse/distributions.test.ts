import { describe, expect, it } from 'vitest';
import { normalQuantile, poissonCdf, poissonUpperTail } from './distributions.js';

describe('Poisson tails', () => {
  it('agree with R ppois', () => {
    // ppois(3, 2.5) and ppois(3, 2.5, lower.tail = FALSE) = P(X >= 4)
    expect(poissonCdf(3, 2.5)).toBeCloseTo(0.7575761, 7);
    expect(poissonUpperTail(4, 2.5)).toBeCloseTo(0.2424239, 7);
    expect(poissonUpperTail(0, 2.5)).toBe(1);
    expect(poissonCdf(-1, 2.5)).toBe(0);
  });

  it('keep tiny upper tails apart instead of rounding them to 0', () => {
    const a = poissonUpperTail(60, 5);
    const b = poissonUpperTail(80, 5);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(b).toBeLessThan(a);
  });
});

describe('normalQuantile', () => {
  it('matches qnorm', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
  });
});
