/**
 * Parses a non-negative decimal amount string into integer base units, exactly.
 * Token amounts must never pass through binary floating point: 0.1 + 0.2 is not 0.3 there.
 *
 * @example
 * toBaseUnits('1.5', 6); // 1500000n (USDT has 6 decimals)
 */
export function toBaseUnits(amount: string, decimals: number): bigint {
  // Fast path for the common plain form "123.456" (millions of rows per load).
  const dot = amount.indexOf('.');
  if (
    dot > 0 &&
    dot < amount.length - 1 &&
    amount.length - dot - 1 <= decimals &&
    /^\d+\.\d+$/.test(amount)
  ) {
    return BigInt(amount.slice(0, dot) + amount.slice(dot + 1).padEnd(decimals, '0'));
  }
  const text = amount.trim();
  if (text.startsWith('-')) {
    throw new Error(`Invalid amount "${amount}": amounts must be non-negative`);
  }
  // Exports written through Python's Decimal or pandas use exponents ("0E-18", "1.5E-7"):
  // shift the decimal point exactly instead of going through a float.
  const match = /^\+?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/.exec(text);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) {
    throw new Error(`Invalid amount "${amount}": expected a non-negative decimal such as 12.5`);
  }
  let digits = (match[1] ?? '') + (match[2] ?? '');
  let point = (match[1] ?? '').length + Number(match[3] ?? '0');
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits.padEnd(point, '0');
  const whole = digits.slice(0, point) || '0';
  let fraction = digits.slice(point);
  if (fraction.length > decimals) {
    // Trailing zeros beyond the precision are harmless (exports often pad to 18 places).
    const extra = fraction.slice(decimals);
    if (/[^0]/.test(extra)) {
      throw new Error(`Invalid amount "${amount}": more than ${decimals} decimal places`);
    }
    fraction = fraction.slice(0, decimals);
  }
  return BigInt(whole + fraction.padEnd(decimals, '0'));
}

/**
 * Formats integer base units as a plain decimal string without trailing zeros, exactly.
 *
 * @example
 * formatUnits(1500000n, 6); // '1.5'
 * formatUnits(-25n, 1); // '-2.5'
 */
export function formatUnits(value: bigint, decimals: number): string {
  if (value === 0n) return '0';
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  if (decimals === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(decimals + 1, '0');
  const whole = padded.slice(0, padded.length - decimals);
  // Trailing zeros trimmed by hand: this runs for every number of a trace report.
  const point = padded.length - decimals;
  let end = padded.length;
  while (end > point && padded.charCodeAt(end - 1) === 48) end--;
  const fraction = padded.slice(point, end);
  return (negative ? '-' : '') + whole + (fraction ? `.${fraction}` : '');
}
