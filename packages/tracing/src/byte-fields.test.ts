import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBaseUnits } from './amount.js';
import {
  decodeLowerEvmAddress,
  parseAmountBytes,
  parseUintBytes,
  parseUnixTimeBytes,
} from './byte-fields.js';

const bytes = (text: string) => new TextEncoder().encode(text);

function amount(text: string, decimals: number): bigint | undefined {
  const out = new Float64Array(2);
  const b = bytes(text);
  if (!parseAmountBytes(b, 0, b.length, decimals, out)) return undefined;
  return (BigInt(out[0] as number) << 32n) | BigInt(out[1] as number);
}

describe('parseAmountBytes', () => {
  it('gives the exact base units of plain decimals, without going through floating point', () => {
    expect(amount('1.5', 18)).toBe(1_500_000_000_000_000_000n);
    expect(amount('12345.123456', 6)).toBe(12_345_123_456n);
    expect(amount('0.000000000000000001', 18)).toBe(1n);
    expect(amount('5.', 6)).toBe(5_000_000n);
    expect(amount('0', 18)).toBe(0n);
    expect(amount('18.446744073709551615', 18)).toBe(2n ** 64n - 1n);
  });

  it('leaves every other spelling to the string parser', () => {
    for (const text of ['', '.5', '+1', '-1', '1e3', '0E-18', ' 1', '1.2.3', '1,5', '0.1234567']) {
      expect(amount(text, 6), text).toBeUndefined();
    }
    expect(amount('18.446744073709551616', 18)).toBeUndefined(); // 2^64: needs the high word
  });

  it('agrees with toBaseUnits on any plain decimal below 2^64 base units', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{1,22}$/),
        fc.option(fc.stringMatching(/^\d{0,18}$/), { nil: undefined }),
        fc.constantFrom(0, 6, 8, 18),
        (whole, fraction, decimals) => {
          const text = fraction === undefined ? whole : `${whole}.${fraction}`;
          const got = amount(text, decimals);
          const fits = (fraction ?? '').length <= decimals;
          const exact = fits ? toBaseUnits(text, decimals) : undefined;
          if (exact !== undefined && exact < 2n ** 64n) expect(got).toBe(exact);
          else expect(got).toBeUndefined();
        },
      ),
    );
  });
});

describe('parseUintBytes and parseUnixTimeBytes', () => {
  it('read digits only, within range', () => {
    const n = (t: string) => parseUintBytes(bytes(t), 0, t.length);
    expect(n('0')).toBe(0);
    expect(n('4294967295')).toBe(4_294_967_295);
    expect([n(''), n('4294967296'), n('12345678901'), n(' 1'), n('-1')]).toEqual([
      -1, -1, -1, -1, -1,
    ]);
    const t = (s: string) => parseUnixTimeBytes(bytes(s), 0, s.length);
    expect(t('1600000000')).toBe(1_600_000_000);
    expect(t('1600000000999')).toBe(1_600_000_000);
    expect([t('2020-09-13T12:26:40Z'), t('1600000000.5'), t('9999999999999999')]).toEqual([
      -1, -1, -1,
    ]);
  });
});

describe('decodeLowerEvmAddress', () => {
  it('decodes lower-case addresses and leaves mixed case to the EIP-55 check', () => {
    const key = new Uint8Array(20);
    const text = `0x${'00'.repeat(19)}ff`;
    expect(decodeLowerEvmAddress(bytes(text), 0, 42, key, 0)).toBe(true);
    expect(key[19]).toBe(255);
    expect(decodeLowerEvmAddress(bytes(text.toUpperCase()), 0, 42, key, 0)).toBe(false);
    expect(decodeLowerEvmAddress(bytes(`0x${'0'.repeat(39)}`), 0, 41, key, 0)).toBe(false);
  });
});
