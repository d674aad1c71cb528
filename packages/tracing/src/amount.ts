/**
 * Parses a non-negative decimal amount string into integer base units, exactly.
 * Token amounts must never pass through binary floating point: 0.1 + 0.2 is not 0.3 there.
 *
 * @example
 * toBaseUnits('1.5', 6); // 1500000n (USDT has 6 decimals)
 */
export function toBaseUnits(amount: string, decimals: number): bigint {
  const text = amount.trim();
  if (text.startsWith('-')) {
    throw new Error(`Invalid amount "${amount}": amounts must be non-negative`);
  }
  const match = /^\+?(\d+)(?:\.(\d*))?$/.exec(text) ?? /^\+?()\.(\d+)$/.exec(text);
  if (!match) {
    throw new Error(`Invalid amount "${amount}": expected a non-negative decimal such as 12.5`);
  }
  const whole = match[1] || '0';
  let fraction = match[2] ?? '';
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
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  if (decimals === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(decimals + 1, '0');
  const whole = padded.slice(0, padded.length - decimals);
  const fraction = padded.slice(padded.length - decimals).replace(/0+$/, '');
  return (negative ? '-' : '') + whole + (fraction ? `.${fraction}` : '');
}
