// Cholesky factorisation of small symmetric positive-definite matrices held in a Float64Array.
// Hand-written because the bootstrap solves ~10^5 systems of size ≤ 30: building ml-matrix objects
// for each took longer than the arithmetic. Row-major storage, lower triangle used.

/**
 * Factor A = L Lᵀ in place of a copy; returns L (row-major, lower triangle), or `null` when a pivot
 * falls below `relativeTolerance` × the largest diagonal entry (A is singular or nearly so).
 */
export function choleskyFactor(
  a: Float64Array,
  p: number,
  relativeTolerance = 1e-11,
): Float64Array | null {
  const l = new Float64Array(p * p);
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, a[i * p + i] ?? 0);
  const floor = relativeTolerance * maxDiag;
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j] ?? 0;
    for (let k = 0; k < j; k++) d -= (l[j * p + k] ?? 0) ** 2;
    if (!(d > floor)) return null;
    const ljj = Math.sqrt(d);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j] ?? 0;
      for (let k = 0; k < j; k++) s -= (l[i * p + k] ?? 0) * (l[j * p + k] ?? 0);
      l[i * p + j] = s / ljj;
    }
  }
  return l;
}

/** Solve L Lᵀ x = b for x. */
export function choleskySolve(l: Float64Array, p: number, b: Float64Array): Float64Array {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i] ?? 0;
    for (let k = 0; k < i; k++) s -= (l[i * p + k] ?? 0) * (y[k] ?? 0);
    y[i] = s / (l[i * p + i] ?? 1);
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i] ?? 0;
    for (let k = i + 1; k < p; k++) s -= (l[k * p + i] ?? 0) * (x[k] ?? 0);
    x[i] = s / (l[i * p + i] ?? 1);
  }
  return x;
}

/** (L Lᵀ)⁻¹, row-major. */
export function choleskyInverse(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i] ?? 0;
  }
  return inv;
}
