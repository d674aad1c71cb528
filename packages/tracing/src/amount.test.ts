import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUnits, toBaseUnits } from './amount.js';

describe('toBaseUnits', () => {
  it('converts decimal strings exactly', () => {
    expect(toBaseUnits('1.5', 6)).toBe(1_500_000n);
    expect(toBaseUnits('0.000001', 6)).toBe(1n);
    expect(toBaseUnits('.5', 1)).toBe(5n);
    expect(toBaseUnits('0E-18', 18)).toBe(0n);
    expect(toBaseUnits('1.0000000000E-8', 18)).toBe(10_000_000_000n);
    expect(toBaseUnits('7.777777777E-9', 18)).toBe(7_777_777_777n);
    expect(toBaseUnits('2.5e3', 0)).toBe(2500n);
    expect(toBaseUnits('123456789012345678.123456789012345678', 18)).toBe(
      123456789012345678123456789012345678n,
    );
  });

  it('accepts zero padding beyond the precision but not significant digits', () => {
    expect(toBaseUnits('0.500000000000000000', 6)).toBe(500_000n);
    expect(() => toBaseUnits('0.0000001', 6)).toThrow(/more than 6 decimal places/);
  });

  it('rejects malformed or negative amounts with the value in the message', () => {
    expect(() => toBaseUnits('1,5', 6)).toThrow(/Invalid amount "1,5"/);
    expect(() => toBaseUnits('-1', 6)).toThrow(/non-negative/);
    expect(() => toBaseUnits('1e-7', 6)).toThrow(/more than 6 decimal places/);
    expect(() => toBaseUnits('e5', 6)).toThrow(/Invalid amount "e5"/);
    expect(() => toBaseUnits('.', 6)).toThrow(/Invalid amount/);
    expect(() => toBaseUnits('', 6)).toThrow(/Invalid amount/);
  });
});

describe('formatUnits', () => {
  it('prints base units as trimmed decimals', () => {
    expect(formatUnits(1_500_000n, 6)).toBe('1.5');
    expect(formatUnits(0n, 18)).toBe('0');
    expect(formatUnits(1n, 18)).toBe('0.000000000000000001');
    expect(formatUnits(-25n, 1)).toBe('-2.5');
    expect(formatUnits(7n, 0)).toBe('7');
  });

  it('round-trips with toBaseUnits for any amount', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 40n }),
        fc.integer({ min: 0, max: 24 }),
        (v, d) => {
          expect(toBaseUnits(formatUnits(v, d), d)).toBe(v);
        },
      ),
    );
  });
});
