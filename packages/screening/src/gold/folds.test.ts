import { describe, expect, it } from 'vitest';
import { stratifiedFolds } from './folds.js';

interface Row {
  id: string;
  stratum: string;
}

const rows: Row[] = [
  ...Array.from({ length: 13 }, (_, i) => ({ id: `a${i}`, stratum: 'en/risk' })),
  ...Array.from({ length: 7 }, (_, i) => ({ id: `b${i}`, stratum: 'en/legit' })),
  ...Array.from({ length: 3 }, (_, i) => ({ id: `c${i}`, stratum: 'km/risk' })),
];
const id = (r: Row) => r.id;
const stratum = (r: Row) => r.stratum;

describe('stratifiedFolds', () => {
  it('puts every item in exactly one fold and spreads each stratum evenly', () => {
    const folds = stratifiedFolds(rows, 5, id, stratum);
    expect(folds.size).toBe(rows.length);
    for (const s of ['en/risk', 'en/legit', 'km/risk']) {
      const sizes = [0, 0, 0, 0, 0];
      for (const r of rows.filter((x) => x.stratum === s)) {
        const f = folds.get(r.id);
        expect(f).toBeGreaterThanOrEqual(0);
        expect(f).toBeLessThan(5);
        sizes[f as number] = (sizes[f as number] ?? 0) + 1;
      }
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('does not depend on input order, but does on the seed', () => {
    const a = stratifiedFolds(rows, 4, id, stratum);
    const b = stratifiedFolds([...rows].reverse(), 4, id, stratum);
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
    const c = stratifiedFolds(rows, 4, id, stratum, 'other-seed');
    expect([...c.entries()].sort()).not.toEqual([...a.entries()].sort());
  });

  it('rejects a bad k and repeated ids', () => {
    expect(() => stratifiedFolds(rows, 1, id, stratum)).toThrow(/k must be an integer/);
    expect(() => stratifiedFolds([rows[0] as Row, rows[0] as Row], 2, id, stratum)).toThrow(
      /"a0" appears more than once/,
    );
  });
});
