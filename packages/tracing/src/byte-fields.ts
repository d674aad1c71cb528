// Field parsers over UTF-8 bytes for the importer's fast path. Each accepts only the plain,
// common spelling of a field and answers "not handled" (-1 or false) for anything else, so the
// caller can hand the row to the string parsers, which accept every form and word the errors.

const TWO_32 = 4294967296;

/**
 * A whole number of 1 to 10 ASCII digits up to 2^32 − 1 at `src[start…end)`, or -1.
 *
 * @example
 * parseUintBytes(new TextEncoder().encode('1234'), 0, 4); // 1234
 */
export function parseUintBytes(src: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len < 1 || len > 10) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = (src[i] as number) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n > 0xffffffff ? -1 : n;
}

/**
 * Unix seconds from 1 to 15 ASCII digits (13 or more are milliseconds), or -1: the digits-only
 * forms of `parseTimestamp`.
 *
 * @example
 * parseUnixTimeBytes(new TextEncoder().encode('1600000000000'), 0, 13); // 1600000000
 */
export function parseUnixTimeBytes(src: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len < 1 || len > 15) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = (src[i] as number) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  const seconds = len >= 13 ? Math.floor(n / 1000) : n;
  return seconds > 0xffffffff ? -1 : seconds;
}

/**
 * A plain decimal (`123`, `123.`, `123.456`, at most `decimals` fraction digits) in integer base
 * units below 2^64, written to `out` as [high 32 bits, low 32 bits]. Returns false for any other
 * spelling (exponents, signs, spaces, too many decimals) or a value of 2^64 or more.
 *
 * Digits are accumulated in one double while exact (below 2^53), then in two 32-bit limbs, so no
 * bigint is made per row.
 *
 * @example
 * const out = new Float64Array(2);
 * parseAmountBytes(new TextEncoder().encode('1.5'), 0, 3, 18, out); // true; out = [0x14d1120d, 0x7b160000]
 */
export function parseAmountBytes(
  src: Uint8Array,
  start: number,
  end: number,
  decimals: number,
  out: Float64Array,
): boolean {
  let dot = -1;
  for (let i = start; i < end; i++) {
    const c = src[i] as number;
    if (c === 46) {
      if (dot >= 0) return false;
      dot = i;
    } else if (c < 48 || c > 57) return false;
  }
  const intEnd = dot < 0 ? end : dot;
  if (intEnd === start) return false;
  const fraction = dot < 0 ? 0 : end - dot - 1;
  if (fraction > decimals) return false;
  let hi = 0;
  let lo = 0; // value = hi · 2^32 + lo while limbs are in use; `lo` alone before
  let limbs = false;
  const total = intEnd - start + fraction + (decimals - fraction);
  for (let k = 0, i = start; k < total; k++, i++) {
    if (i === dot) i++;
    const d = i < end ? (src[i] as number) - 48 : 0;
    if (!limbs) {
      // 10 · (2^53 / 10) + 9 stays exact.
      if (lo < 900719925474099) {
        lo = lo * 10 + d;
        continue;
      }
      hi = Math.floor(lo / TWO_32);
      lo -= hi * TWO_32;
      limbs = true;
    }
    lo = lo * 10 + d;
    const carry = Math.floor(lo / TWO_32);
    lo -= carry * TWO_32;
    hi = hi * 10 + carry;
    if (hi >= TWO_32) return false;
  }
  if (!limbs) {
    hi = Math.floor(lo / TWO_32);
    lo -= hi * TWO_32;
  }
  out[0] = hi;
  out[1] = lo;
  return true;
}

/**
 * Decodes `0x` + 40 lower-case hex digits at `src[start…]` into 20 bytes of `target` at `offset`.
 * Returns false for anything else (upper-case digits need the EIP-55 check of the string path).
 *
 * @example
 * decodeLowerEvmAddress(bytes, 0, 42, key, 0);
 */
export function decodeLowerEvmAddress(
  src: Uint8Array,
  start: number,
  end: number,
  target: Uint8Array,
  offset: number,
): boolean {
  if (end - start !== 42 || src[start] !== 48 || src[start + 1] !== 120) return false;
  for (let k = 0; k < 20; k++) {
    const hi = LOWER_HEX[src[start + 2 + 2 * k] as number] as number;
    const lo = LOWER_HEX[src[start + 3 + 2 * k] as number] as number;
    if ((hi | lo) < 0) return false;
    target[offset + k] = (hi << 4) | lo;
  }
  return true;
}

const LOWER_HEX = Int8Array.from({ length: 256 }, (_, b) =>
  b >= 48 && b <= 57 ? b - 48 : b >= 97 && b <= 102 ? b - 87 : -1,
);
