import lpSolverModule from 'javascript-lp-solver';
import { describe, expect, it } from 'vitest';
import { type CaptureData, captureData } from './capture-data.js';
import { checkIdentifiability } from './identifiability.js';
import { buildDesign, type Term } from './model.js';
import { rRandom } from './r-random.js';

interface Solver {
  Solve(model: unknown): { feasible: boolean; result: number };
}
const solver: Solver =
  (lpSolverModule as unknown as { default?: Solver }).default ??
  (lpSolverModule as unknown as Solver);

/** The Fienberg–Rinaldo programme solved every time, with no shortcut: the reference. */
function existsByLinearProgramme(data: CaptureData, terms: readonly Term[]): boolean {
  const { x, y, cells, params } = buildDesign(data, terms);
  const p = params.length;
  const constraints: Record<string, { equal?: number; min?: number }> = {};
  const variables: Record<string, Record<string, number>> = { s: { objective: 1 } };
  for (let j = 0; j < p; j++) {
    let tj = 0;
    for (let i = 0; i < cells.length; i++) tj += (x[i * p + j] ?? 0) * (y[i] ?? 0);
    constraints[`p${j}`] = { equal: tj };
  }
  for (let i = 0; i < cells.length; i++) {
    constraints[`c${i}`] = { min: 0 };
    const v: Record<string, number> = { [`c${i}`]: 1 };
    for (let j = 0; j < p; j++) if (x[i * p + j]) v[`p${j}`] = 1;
    variables[`x${i}`] = v;
    (variables.s as Record<string, number>)[`c${i}`] = -1;
  }
  const r = solver.Solve({ optimize: 'objective', opType: 'max', constraints, variables });
  return r.feasible && r.result > 1e-9;
}

describe('checkIdentifiability', () => {
  it('agrees with the plain linear programme on random sparse data and models', () => {
    const random = rRandom(2024).unif;
    let failures = 0;
    for (let trial = 0; trial < 150; trial++) {
      const t = 3 + Math.floor(random() * 3);
      const rows = [];
      for (let mask = 1; mask < 1 << t; mask++) {
        // Mostly empty histories, as in real list data.
        const count = random() < 0.45 ? 1 + Math.floor(random() * 20) : 0;
        rows.push({ history: Array.from({ length: t }, (_, j) => (mask >> j) & 1), count });
      }
      if (!rows.some((r) => r.count > 0)) continue;
      const data = captureData(
        Array.from({ length: t }, (_, j) => `L${j}`),
        rows,
      );
      const terms: Term[] = [];
      for (let i = 0; i < t; i++) {
        for (let j = i + 1; j < t; j++) if (random() < 0.4) terms.push((1 << i) | (1 << j));
      }
      const code = checkIdentifiability(data, terms);
      const exists = existsByLinearProgramme(data, terms);
      expect((code & 1) === 0).toBe(exists);
      if (!exists) failures++;
    }
    // The sample must exercise both outcomes.
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(145);
  });
});
