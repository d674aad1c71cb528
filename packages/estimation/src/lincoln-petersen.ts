/**
 * Chapman's bias-corrected two-list estimate of a closed population:
 * N = (n1 + 1)(n2 + 1) / (m + 1) − 1, where m people appear on both lists.
 *
 * @example
 * chapman(100, 80, 20); // 391.857…
 */
export function chapman(n1: number, n2: number, m: number): number {
  for (const [name, value] of [
    ['n1', n1],
    ['n2', n2],
    ['m', m],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`${name} must be a non-negative integer count, got ${value}`);
    }
  }
  if (m > Math.min(n1, n2)) {
    throw new RangeError(`overlap m=${m} cannot exceed either list size (${n1}, ${n2})`);
  }
  return ((n1 + 1) * (n2 + 1)) / (m + 1) - 1;
}
