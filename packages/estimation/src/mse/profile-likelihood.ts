import { chiSquareQuantile, logFactorial } from './distributions.js';
import type { MseFit } from './fit-model.js';
import { fitPoissonGlm } from './poisson-glm.js';

/** Multinomial profile-likelihood interval for N (Cormack 1992; Rcapture `closedpCI.t`). */
export interface ProfileInterval {
  readonly level: number;
  /** N maximising the multinomial profile likelihood (slightly below the Poisson N̂). */
  readonly maximum: number;
  readonly low: number;
  /** `null` when the likelihood has not dropped enough by `upperFactor`·N̂: no finite upper limit. */
  readonly high: number | null;
}

export interface ProfileOptions {
  readonly level?: number;
  /** Search for the upper limit up to this multiple of N̂ (Rcapture's `fmaxSupCL`, default 3). */
  readonly upperFactor?: number;
}

/**
 * Profile-likelihood interval for the population size under a fitted model: the unobserved cell
 * n0 = N − n is appended to the Poisson regression (intercept only) and the multinomial profile
 * log-likelihood (deviance − 2·ct)/−2 is maximised over N and cut at χ²₁(level)/2 below its maximum.
 *
 * @example
 * const interval = profileInterval(fitModel(data, []), { level: 0.95 });
 * interval.low; interval.high;
 */
export function profileInterval(
  fit: MseFit,
  { level = 0.95, upperFactor = 3 }: ProfileOptions = {},
): ProfileInterval {
  const { design } = fit;
  const n = fit.observed;
  const p = design.params.length;
  const rows = design.cells.length;
  const x = new Float64Array((rows + 1) * p);
  x.set(design.x);
  x[rows * p] = 1;
  const y = new Float64Array(rows + 1);
  y.set(design.y);

  const logLik = (total: number): number => {
    const n0 = Math.max(total - n, 0);
    y[rows] = n0;
    const glm = fitPoissonGlm(x, y, p);
    let ct: number;
    if (total > 100) {
      ct =
        n0 === 0 || n0 === 1
          ? -total + 0.5 * Math.log(2 * Math.PI * total)
          : n0 - total - 0.5 * Math.log(n0 / total);
    } else {
      ct =
        (n0 > 0 ? n0 * Math.log(n0) : 0) +
        logFactorial(total) -
        total * Math.log(total) -
        logFactorial(n0);
    }
    return (glm.deviance - 2 * ct) / -2;
  };

  const upper = upperFactor * fit.estimate;
  const maximum = goldenSectionMax(logLik, n, upper, 1e-7 * fit.estimate);
  const lMax = logLik(maximum);
  const target = lMax - chiSquareQuantile(level, 1) / 2;
  const drop = (total: number) => logLik(total) - target;
  const tol = 1e-7 * fit.estimate;
  const low = drop(n) >= 0 ? n : bisect(drop, n, maximum, tol);
  const high = drop(upper) >= 0 ? null : bisect(drop, maximum, upper, tol);
  return { level, maximum, low, high };
}

function goldenSectionMax(f: (x: number) => number, lo: number, hi: number, tol: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tol) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

// f changes sign on [a, b]; returns the crossing to within tol.
function bisect(f: (x: number) => number, a: number, b: number, tol: number): number {
  let lo = a;
  let hi = b;
  const fLo = f(lo);
  while (hi - lo > tol) {
    const mid = (lo + hi) / 2;
    const fm = f(mid);
    if (fm === 0) return mid;
    if (Math.sign(fm) === Math.sign(fLo)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
