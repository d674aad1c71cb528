import lpSolverModule from 'javascript-lp-solver';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { CaptureData } from './capture-data.js';
import { choleskyFactor } from './cholesky.js';
import { buildDesign, type Term } from './model.js';

interface LpSolver {
  Solve(model: {
    optimize: string;
    opType: 'max' | 'min';
    constraints: Record<string, { equal?: number; min?: number }>;
    variables: Record<string, Record<string, number>>;
  }): unknown;
}

// The package's types describe an ES module but resolve as CommonJS under NodeNext; at run time the
// default import is the solver itself (ESM) or a namespace holding it (CJS interop).
const lpSolver: LpSolver =
  (lpSolverModule as unknown as { default?: LpSolver }).default ??
  (lpSolverModule as unknown as LpSolver);

/**
 * Result of the identifiability and existence check, coded as in SparseMSE `checkident`:
 * 0 = fine, 1 = the maximum likelihood estimate does not exist, 2 = not identifiable, 3 = both.
 */
export type IdentifiabilityCode = 0 | 1 | 2 | 3;

/**
 * Memo of checks keyed by the data's support (which cells are non-zero) and the model: existence
 * and rank depend on nothing else, so a bootstrap re-uses most answers.
 */
export type IdentifiabilityCache = Map<string, IdentifiabilityCode>;

/**
 * Check that a model's extended maximum likelihood estimate exists on these data (the
 * Fienberg–Rinaldo linear programme: maximise s subject to A x = A y, x ≥ s, x ≥ 0 over the kept
 * cells; s = 0 means no estimate) and that its design has full column rank.
 *
 * @example
 * const data = captureData(['A', 'B', 'C'], [
 *   { history: [1, 0, 0], count: 40 }, { history: [0, 1, 0], count: 30 },
 *   { history: [0, 0, 1], count: 20 }, { history: [1, 1, 0], count: 6 },
 * ]);
 * checkIdentifiability(data, [0b011]); // 1: the A:B model has no maximum likelihood estimate
 */
export function checkIdentifiability(
  data: CaptureData,
  terms: readonly Term[],
  cache?: IdentifiabilityCache,
): IdentifiabilityCode {
  let key: string | undefined;
  if (cache) {
    let support = '';
    for (let c = 1; c < data.counts.length; c++) support += (data.counts[c] ?? 0) > 0 ? '1' : '0';
    key = `${support}|${[...terms].sort((a, b) => a - b).join(',')}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
  }
  const design = buildDesign(data, terms);
  const nCells = design.cells.length;
  const nParams = design.params.length;
  const rankDeficient = nCells < nParams || matrixRank(design.x, nCells, nParams) < nParams;
  const code = ((mleExists(design.x, design.y, nCells, nParams) ? 0 : 1) +
    (rankDeficient ? 2 : 0)) as IdentifiabilityCode;
  if (cache && key !== undefined) cache.set(key, code);
  return code;
}

function matrixRank(x: Float64Array, rows: number, cols: number): number {
  // Fast path: XᵀX clearly positive definite means full column rank. Only borderline designs pay
  // for a singular value decomposition.
  const xtx = new Float64Array(cols * cols);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < cols; a++) {
      const xa = x[i * cols + a] ?? 0;
      if (xa === 0) continue;
      for (let b = 0; b < cols; b++)
        xtx[a * cols + b] = (xtx[a * cols + b] ?? 0) + xa * (x[i * cols + b] ?? 0);
    }
  }
  if (choleskyFactor(xtx, cols, 1e-8)) return cols;
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, x[i * cols + j] ?? 0);
  return new SingularValueDecomposition(m, {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
    autoTranspose: true,
  }).rank;
}

function mleExists(x: Float64Array, y: Float64Array, rows: number, cols: number): boolean {
  // The estimate fails to exist only along a direction d = Xδ ≠ 0 with d ≤ 0 that vanishes on every
  // non-empty cell. If the non-empty cells alone pin down δ (their rows have full column rank),
  // no such direction exists, and the linear programme is not needed — the usual case, and the
  // cheap one.
  const xtx = new Float64Array(cols * cols);
  for (let i = 0; i < rows; i++) {
    if (!((y[i] ?? 0) > 0)) continue;
    for (let a = 0; a < cols; a++) {
      const xa = x[i * cols + a] ?? 0;
      if (xa === 0) continue;
      for (let b = 0; b < cols; b++) {
        xtx[a * cols + b] = (xtx[a * cols + b] ?? 0) + xa * (x[i * cols + b] ?? 0);
      }
    }
  }
  if (choleskyFactor(xtx, cols, 1e-8)) return true;
  const constraints: Record<string, { equal?: number; min?: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  for (let j = 0; j < cols; j++) {
    let tj = 0;
    for (let i = 0; i < rows; i++) tj += (x[i * cols + j] ?? 0) * (y[i] ?? 0);
    constraints[`p${j}`] = { equal: tj };
  }
  const s: Record<string, number> = { objective: 1 };
  for (let i = 0; i < rows; i++) {
    constraints[`c${i}`] = { min: 0 };
    const v: Record<string, number> = { [`c${i}`]: 1 };
    for (let j = 0; j < cols; j++)
      if ((x[i * cols + j] ?? 0) !== 0) v[`p${j}`] = x[i * cols + j] ?? 0;
    variables[`x${i}`] = v;
    s[`c${i}`] = -1;
  }
  variables.s = s;
  const result = lpSolver.Solve({
    optimize: 'objective',
    opType: 'max',
    constraints,
    variables,
  }) as {
    feasible: boolean;
    result: number;
  };
  const total = y.reduce((a, b) => a + b, 0);
  return result.feasible && result.result > 1e-9 * Math.max(1, total);
}
