import { MseError } from './errors.js';
import { ldAdd, ldDivideToDouble, ldSub, type LongDouble, longDouble } from './long-double.js';

/**
 * R's default random stream, draw for draw: what `set.seed(seed)` then `runif`, `rbinom` and
 * `rmultinom` give in R up to 4.6 on x86-64 (Mersenne-Twister; the binomial that R 4.7's
 * `RNGkind(binom.kind =)` calls "Buggy BTPE"), so a bootstrap seeded here resamples exactly as
 * SparseMSE and MultipleSystemsEstimation do in R. The state lives in the returned object.
 */
export interface RRandom {
  /** `runif(1)`: a uniform in (0, 1). */
  unif(): number;
  /** `rbinom(1, size, prob)`. */
  binom(size: number, prob: number): number;
  /** `rmultinom(1, size, weights)`: `size` draws into cells with probabilities ∝ `weights`. */
  multinom(size: number, weights: readonly number[]): number[];
}

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
/** 1 / (2^32 − 1), R's `i2_32m1`. */
const I2_32M1 = 2.328306437080797e-10;
/** 2^−32. */
const TWO_TO_MINUS_32 = 2.3283064365386963e-10;

/**
 * A seed R accepts: `set.seed` takes an R integer (−2147483647 … 2147483647); Jaga also takes
 * 2^31 … 2^32 − 1, which are the same 32-bit seeds as the negative ones (`seed − 2^32`).
 *
 * @example
 * isRSeed(1234); // true
 */
export function isRSeed(seed: number): boolean {
  return Number.isInteger(seed) && seed > -(2 ** 31) && seed < 2 ** 32;
}

/**
 * R's random stream after `set.seed(seed)` (default kinds): uniforms from R's Mersenne-Twister,
 * binomials from R's `rbinom` (inversion when n·p < 30, otherwise BTPE as R ≤ 4.6 computes it),
 * multinomials from R's `rmultinom` (sequential conditional binomials over a long double running
 * total, as on x86-64).
 *
 * @example
 * const r = rRandom(1234);
 * [r.unif(), r.unif(), r.unif()]; // 0.1137034, 0.6222994, 0.6092747 as set.seed(1234); runif(3)
 */
export function rRandom(seed: number): RRandom {
  if (!isRSeed(seed)) {
    throw new MseError(
      'invalid-input',
      `seed must be a whole number from -2147483647 to 4294967295 (an R seed), got ${seed}`,
    );
  }
  const mt = new Uint32Array(N);
  let mti = N;
  // set.seed: scramble the seed by 50 steps of the LCG 69069·s + 1, then fill the seed vector with
  // further steps. Its first word is the position (reset to 624), the other 624 are the state.
  let s = seed >>> 0;
  for (let j = 0; j < 50; j++) s = (Math.imul(69069, s) + 1) >>> 0;
  for (let j = 0; j <= N; j++) {
    s = (Math.imul(69069, s) + 1) >>> 0;
    if (j > 0) mt[j - 1] = s;
  }
  if (mt.every((v) => v === 0)) {
    throw new MseError('invalid-input', `seed ${seed} gives an all-zero Mersenne-Twister state`);
  }

  const genrand = (): number => {
    if (mti >= N) {
      let kk = 0;
      for (; kk < N - M; kk++) {
        const y = ((mt[kk] ?? 0) & UPPER_MASK) | ((mt[kk + 1] ?? 0) & LOWER_MASK);
        mt[kk] = (mt[kk + M] ?? 0) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        const y = ((mt[kk] ?? 0) & UPPER_MASK) | ((mt[kk + 1] ?? 0) & LOWER_MASK);
        mt[kk] = (mt[kk + (M - N)] ?? 0) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      const y = ((mt[N - 1] ?? 0) & UPPER_MASK) | ((mt[0] ?? 0) & LOWER_MASK);
      mt[N - 1] = (mt[M - 1] ?? 0) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      mti = 0;
    }
    let y = mt[mti++] ?? 0;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return (y >>> 0) * TWO_TO_MINUS_32;
  };

  const unif = (): number => {
    // R's fixup: never exactly 0 or 1.
    const x = genrand();
    if (x <= 0) return 0.5 * I2_32M1;
    if (1 - x <= 0) return 1 - 0.5 * I2_32M1;
    return x;
  };

  const binom = binomialGenerator(unif);

  const multinom = (size: number, weights: readonly number[]): number[] => {
    if (!Number.isInteger(size) || size < 0 || size > 2147483647) {
      throw new MseError('invalid-input', `multinomial size must be a whole number, got ${size}`);
    }
    // FixupProb (R's rmultinom wrapper): normalise by the plain double sum of the positive weights.
    let sum = 0;
    let positive = 0;
    for (const w of weights) {
      if (!Number.isFinite(w) || w < 0) {
        throw new MseError('invalid-input', `multinomial weights must be finite and ≥ 0, got ${w}`);
      }
      if (w > 0) {
        positive++;
        sum += w;
      }
    }
    if (positive === 0) throw new MseError('invalid-input', 'no positive multinomial weight');
    const prob = weights.map((w) => w / sum);
    const K = prob.length;
    const out = new Array<number>(K).fill(0);
    // C rmultinom: the remaining probability is a long double; the first K − 1 cells are binomial
    // given what is left, the last takes the rest.
    let total: LongDouble = { m: 0n, e: 0 };
    for (const p of prob) total = ldAdd(total, longDouble(p));
    let n = size;
    if (n === 0) return out;
    for (let k = 0; k < K - 1; k++) {
      const pk = prob[k] ?? 0;
      if (pk !== 0) {
        const pp = ldDivideToDouble(pk, total);
        const drawn = pp < 1 ? binom(n, pp) : n;
        out[k] = drawn;
        n -= drawn;
      }
      if (n <= 0) return out;
      total = ldSub(total, longDouble(pk));
    }
    out[K - 1] = n;
    return out;
  };

  return { unif, binom, multinom };
}

/** R's `R_pow_di`: x^n by repeated squaring (R's rbinom takes (1 − p)^n this way). */
function powDi(x: number, n: number): number {
  let xn = 1;
  if (Number.isNaN(x)) return x;
  if (n !== 0) {
    if (!Number.isFinite(x)) return x ** n;
    const negative = n < 0;
    let k = negative ? -n : n;
    let base = x;
    for (;;) {
      if (k & 1) xn *= base;
      k >>= 1;
      if (k) base *= base;
      else break;
    }
    if (negative) xn = 1 / xn;
  }
  return xn;
}

/**
 * R's `rbinom` (Kachitvichyanukul and Schmeiser's BTPE, inversion below a mean of 30), with its
 * set-up kept between calls while (n, p) repeat, as R keeps it in static variables.
 */
function binomialGenerator(unif: () => number): (size: number, prob: number) => number {
  let c = 0;
  let fm = 0;
  let npq = 0;
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  let p4 = 0;
  let qn = 0;
  let xl = 0;
  let xll = 0;
  let xlr = 0;
  let xm = 0;
  let xr = 0;
  let psave = -1;
  let nsave = -1;
  let m = 0;

  return (nin: number, pp: number): number => {
    if (!Number.isFinite(nin)) return Number.NaN;
    const rounded = Math.round(nin);
    if (rounded !== nin) return Number.NaN;
    if (!Number.isFinite(pp) || rounded < 0 || pp < 0 || pp > 1) return Number.NaN;
    if (rounded === 0 || pp === 0) return 0;
    if (pp === 1) return rounded;
    if (rounded >= 2147483647) {
      throw new MseError('invalid-input', `binomial size ${nin} is beyond R's integer range`);
    }
    const n = rounded;
    const p = Math.min(pp, 1 - pp);
    const q = 1 - p;
    const np = n * p;
    const r = p / q;
    const g = r * (n + 1);

    let small: boolean;
    if (pp !== psave || n !== nsave) {
      psave = pp;
      nsave = n;
      if (np < 30.0) {
        qn = powDi(q, n);
        small = true;
      } else {
        const ffm = np + p;
        m = Math.trunc(ffm);
        fm = m;
        npq = np * q;
        p1 = Math.trunc(2.195 * Math.sqrt(npq) - 4.6 * q) + 0.5;
        xm = fm + 0.5;
        xl = xm - p1;
        xr = xm + p1;
        c = 0.134 + 20.5 / (15.3 + fm);
        let al = (ffm - xl) / (ffm - xl * p);
        xll = al * (1.0 + 0.5 * al);
        al = (xr - ffm) / (xr * q);
        xlr = al * (1.0 + 0.5 * al);
        p2 = p1 * (1.0 + c + c);
        p3 = p2 + c / xll;
        p4 = p3 + c / xlr;
        small = false;
      }
    } else {
      small = np < 30.0;
    }

    let ix: number;
    if (small) {
      // Inversion: walk the probabilities up from 0 until the uniform is used up.
      search: for (;;) {
        ix = 0;
        let f = qn;
        let u = unif();
        for (;;) {
          if (u < f) break search;
          if (ix > 110) break;
          u -= f;
          ix++;
          f *= g / ix - r;
        }
      }
    } else {
      for (;;) {
        const u = unif() * p4;
        let v = unif();
        if (u <= p1) {
          // Triangular region.
          ix = Math.trunc(xm - p1 * v + u);
          break;
        }
        if (u <= p2) {
          // Parallelogram region.
          const x = xl + (u - p1) / c;
          v = v * c + 1.0 - Math.abs(xm - x) / p1;
          if (v > 1.0 || v <= 0) continue;
          ix = Math.trunc(x);
        } else if (u > p3) {
          // Right tail.
          ix = Math.trunc(xr - Math.log(v) / xlr);
          if (ix > n) continue;
          v = v * (u - p3) * xlr;
        } else {
          // Left tail.
          ix = Math.trunc(xl + Math.log(v) / xll);
          if (ix < 0) continue;
          v = v * (u - p2) * xll;
        }
        const k = Math.abs(ix - m);
        if (k <= 20 || k >= npq / 2 - 1) {
          // Explicit evaluation of f(ix) / f(m).
          let f = 1.0;
          if (m < ix) {
            for (let i = m + 1; i <= ix; i++) f *= g / i - r;
          } else if (m !== ix) {
            for (let i = ix + 1; i <= m; i++) f /= g / i - r;
          }
          if (v <= f) break;
        } else {
          // Squeeze with bounds on log f, then Stirling's formula. The constant and the four '+'
          // signs are those of R ≤ 4.6 (R 4.7 calls this kind "Buggy BTPE"); the published
          // bootstrap intervals were computed with them.
          const amaxp = (k / npq) * ((k * (k / 3 + 0.625) + 0.1666666666666) / npq + 0.5);
          const ynorm = (-k * k) / (2.0 * npq);
          const alv = Math.log(v);
          if (alv < ynorm - amaxp) break;
          if (alv <= ynorm + amaxp) {
            const x1 = ix + 1;
            const f1 = fm + 1.0;
            const z = n + 1 - fm;
            const w = n - ix + 1.0;
            const z2 = z * z;
            const x2 = x1 * x1;
            const f2 = f1 * f1;
            const w2 = w * w;
            const bound =
              xm * Math.log(f1 / x1) +
              (n - m + 0.5) * Math.log(z / w) +
              (ix - m) * Math.log((w * p) / (x1 * q)) +
              (13860.0 - (462.0 - (132.0 - (99.0 - 140.0 / f2) / f2) / f2) / f2) / f1 / 166320.0 +
              (13860.0 - (462.0 - (132.0 - (99.0 - 140.0 / z2) / z2) / z2) / z2) / z / 166320.0 +
              (13860.0 - (462.0 - (132.0 - (99.0 - 140.0 / x2) / x2) / x2) / x2) / x1 / 166320.0 +
              (13860.0 - (462.0 - (132.0 - (99.0 - 140.0 / w2) / w2) / w2) / w2) / w / 166320.0;
            if (alv <= bound) break;
          }
        }
      }
    }
    if (psave > 0.5) ix = n - ix;
    return ix;
  };
}
