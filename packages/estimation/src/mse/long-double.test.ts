import { describe, expect, it } from 'vitest';
import { ldAdd, ldDivideToDouble, ldSub, ldToDouble, longDouble } from './long-double.js';

const ld = longDouble;

describe('long double (x87 extended) arithmetic', () => {
  it('holds 64 significant bits: 1 + 2^-63 survives, 1 + 2^-64 rounds to even', () => {
    const a = ldAdd(ld(1), ld(2 ** -63));
    expect(ldToDouble(ldSub(a, ld(1)))).toBe(2 ** -63);
    expect(ldToDouble(ldSub(ldAdd(ld(1), ld(2 ** -64)), ld(1)))).toBe(0);
    // A tie above an odd last bit rounds up: (1 + 2^-63) + 2^-64 → 1 + 2^-62.
    expect(ldToDouble(ldSub(ldAdd(a, ld(2 ** -64)), ld(1)))).toBe(2 ** -62);
  });

  it('rounds twice on the way to a double, as the hardware does', () => {
    // 1 + 2^-53 + 2^-70 rounds to 1 + 2^-53 in 64 bits, a tie that then goes to the even double 1;
    // rounded once it would be 1 + 2^-52.
    const x = ldAdd(ld(1), ld(2 ** -53 + 2 ** -70));
    expect(ldToDouble(x)).toBe(1);
    expect(1 + (2 ** -53 + 2 ** -70)).toBe(1 + 2 ** -52);
  });

  it('keeps a running total exact where doubles drift', () => {
    // The Western counts over their total: the probabilities sum to 1 in long double but to
    // 0.9999999999999998 in double, and the last-but-one conditional probability is 6/12 exactly.
    const counts = [52, 90, 114, 45, 21, 4, 2, 5, 6, 1, 3, 1, 1];
    const n = 345;
    const prob = counts.map((c) => c / n);
    let total = ld(0);
    let double = 0;
    for (const p of prob) {
      total = ldAdd(total, ld(p));
      double += p;
    }
    expect(ldToDouble(total)).toBe(1);
    expect(double).toBe(0.9999999999999998);
    for (const p of prob.slice(0, 8)) total = ldSub(total, ld(p));
    expect(ldDivideToDouble(prob[8] ?? 0, total)).toBe(0.5);
  });

  it('divides with the quotient rounded to 64 bits then to a double', () => {
    expect(ldDivideToDouble(1, ld(3))).toBe(1 / 3);
    expect(ldDivideToDouble(-6, ld(4))).toBe(-1.5);
    expect(ldDivideToDouble(0, ld(4))).toBe(0);
    expect(ldDivideToDouble(487, ld(1000))).toBe(0.487);
  });
});
