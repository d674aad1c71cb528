import { describe, expect, it } from 'vitest';
import { toBaseUnits } from './amount.js';

describe('toBaseUnits', () => {
  it('converts decimal strings exactly', () => {
    expect(toBaseUnits('1.5', 6)).toBe(1_500_000n);
    expect(toBaseUnits('0.000001', 6)).toBe(1n);
    expect(toBaseUnits('123456789012345678.123456789012345678', 18)).toBe(
      123456789012345678123456789012345678n,
    );
  });

  it('rejects malformed or over-precise amounts with the value in the message', () => {
    expect(() => toBaseUnits('1,5', 6)).toThrow(/Invalid amount "1,5"/);
    expect(() => toBaseUnits('-1', 6)).toThrow(/non-negative/);
    expect(() => toBaseUnits('0.0000001', 6)).toThrow(/more than 6 decimal places/);
  });
});
