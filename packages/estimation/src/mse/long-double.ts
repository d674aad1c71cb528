/**
 * A number held as C's `long double` on x86-64 (the x87 extended format): a 64-bit significand,
 * every operation rounded to nearest, ties to even. R accumulates some sums in this format (the
 * running total of `rmultinom`, the sum inside `mean`), and which way a last bit falls there decides
 * whether a uniform is drawn, so Jaga reproduces it exactly: value = m · 2^e.
 */
export interface LongDouble {
  readonly m: bigint;
  readonly e: number;
}

const SIGNIFICAND_BITS = 64;
const view = new DataView(new ArrayBuffer(8));

/**
 * The exact long double of a double (every double is one).
 *
 * @example
 * longDouble(0.5); // { m: 1n, e: -1 } up to normalisation
 */
export function longDouble(x: number): LongDouble {
  if (!Number.isFinite(x)) throw new RangeError(`long double of ${x}: only finite numbers`);
  if (x === 0) return { m: 0n, e: 0 };
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const m = exponent === 0 ? fraction : fraction | 0x10000000000000n;
  const e = exponent === 0 ? -1074 : exponent - 1075;
  return { m: negative ? -m : m, e };
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** Round |m| · 2^e (plus a sticky "something below" flag) to `bits` significant bits. */
function roundTo(m: bigint, e: number, bits: number, sticky = false): LongDouble {
  const negative = m < 0n;
  let a = negative ? -m : m;
  const shift = bitLength(a) - bits;
  if (shift > 0) {
    const big = BigInt(shift);
    const low = a & ((1n << big) - 1n);
    const half = 1n << (big - 1n);
    a >>= big;
    if (low > half || (low === half && (sticky || (a & 1n) === 1n))) a += 1n;
    e += shift;
  } else if (sticky) {
    // Only reachable with spare precision, where nothing is lost by rounding.
    throw new RangeError('sticky bit below a value that needs no rounding');
  }
  return { m: negative ? -a : a, e };
}

/**
 * a + b, rounded as the x87 unit rounds it.
 *
 * @example
 * ldAdd(longDouble(1), longDouble(2 ** -70)); // 1: the small part falls below 64 bits
 */
export function ldAdd(a: LongDouble, b: LongDouble): LongDouble {
  if (a.m === 0n) return roundTo(b.m, b.e, SIGNIFICAND_BITS);
  if (b.m === 0n) return roundTo(a.m, a.e, SIGNIFICAND_BITS);
  const e = Math.min(a.e, b.e);
  const m = (a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e));
  return roundTo(m, e, SIGNIFICAND_BITS);
}

/**
 * a − b, rounded as the x87 unit rounds it.
 *
 * @example
 * ldSub(longDouble(1), longDouble(0.25)); // 0.75
 */
export function ldSub(a: LongDouble, b: LongDouble): LongDouble {
  return ldAdd(a, { m: -b.m, e: b.e });
}

/**
 * `(double)(x / d)` in C with `d` a long double: the quotient rounded to 64 bits, then to a double
 * (two roundings, as the hardware does them).
 *
 * @example
 * ldDivideToDouble(1, longDouble(3)); // 0.3333333333333333
 */
export function ldDivideToDouble(x: number, d: LongDouble): number {
  if (d.m === 0n) return x === 0 ? Number.NaN : x / 0;
  const n = longDouble(x);
  if (n.m === 0n) return 0;
  const negative = n.m < 0n !== d.m < 0n;
  const num = n.m < 0n ? -n.m : n.m;
  const den = d.m < 0n ? -d.m : d.m;
  // At least 66 quotient bits, so the rounding to 64 sees its guard bits; the rest is sticky.
  const s = Math.max(0, SIGNIFICAND_BITS + 2 + bitLength(den) - bitLength(num));
  const scaled = num << BigInt(s);
  const q = scaled / den;
  const rounded = roundTo(q, n.e - d.e - s, SIGNIFICAND_BITS, scaled % den !== 0n);
  const value = ldToDouble(rounded);
  return negative ? -value : value;
}

/**
 * `(double) a`: rounded to 53 bits, ties to even.
 *
 * @example
 * ldToDouble(longDouble(0.1)); // 0.1
 */
export function ldToDouble(a: LongDouble): number {
  if (a.m === 0n) return 0;
  // Number(bigint) rounds to nearest, ties to even; the power of two is then applied exactly
  // (values here are far from the subnormal range).
  const { m, e } = roundTo(a.m, a.e, 53);
  const half = Math.trunc(e / 2);
  return Number(m) * 2 ** half * 2 ** (e - half);
}
