/**
 * Parses a non-negative decimal amount string into integer base units, exactly.
 * Token amounts must never pass through binary floating point: 0.1 + 0.2 is not 0.3 there.
 *
 * @example
 * toBaseUnits('1.5', 6); // 1500000n (USDT has 6 decimals)
 */
export function toBaseUnits(amount: string, decimals: number): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) {
    throw new Error(`Invalid amount "${amount}": expected a non-negative decimal such as 12.5`);
  }
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) {
    throw new Error(`Invalid amount "${amount}": more than ${decimals} decimal places`);
  }
  return BigInt(whole + fraction.padEnd(decimals, '0'));
}
