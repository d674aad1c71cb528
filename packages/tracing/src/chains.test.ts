import { describe, expect, it } from 'vitest';
import { normalizeAddress, parseChain, toChecksumAddress } from './chains.js';

describe('EVM addresses', () => {
  // Test vectors from the EIP-55 specification.
  const eip55 = [
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
    '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
  ];

  it('computes EIP-55 checksums', () => {
    for (const address of eip55) expect(toChecksumAddress(address.toLowerCase())).toBe(address);
  });

  it('normalises to lower case and accepts unchecksummed forms', () => {
    for (const address of eip55) {
      expect(normalizeAddress('eth', address)).toEqual({
        ok: true,
        address: address.toLowerCase(),
      });
      expect(normalizeAddress('eth', address.toUpperCase().replace('0X', '0x')).ok).toBe(true);
    }
  });

  it('rejects a mistyped checksummed address and says what was expected', () => {
    const bad = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD';
    const result = normalizeAddress('eth', bad);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/EIP-55 checksum/);
  });

  it('rejects wrong lengths and characters', () => {
    expect(normalizeAddress('eth', '0x1234').ok).toBe(false);
    expect(normalizeAddress('eth', `0x${'g'.repeat(40)}`).ok).toBe(false);
  });
});

describe('TRON addresses', () => {
  // Tether's USDT contract on TRON, and its hex form.
  const usdt = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
  const usdtHex = '41a614f803b6fd780986a42c78ec9c7f77e6ded13c';

  it('accepts a valid Base58Check address and converts the hex form', () => {
    expect(normalizeAddress('tron', usdt)).toEqual({ ok: true, address: usdt });
    expect(normalizeAddress('tron', usdtHex)).toEqual({ ok: true, address: usdt });
  });

  it('rejects a made-up address with a bad checksum', () => {
    const fake = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u';
    const result = normalizeAddress('tron', fake);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/Base58Check checksum/);
  });

  it('rejects characters outside Base58', () => {
    expect(normalizeAddress('tron', 'T0000000000000000000000000000000OI').ok).toBe(false);
  });
});

describe('parseChain', () => {
  it('resolves aliases and refuses unknown chains', () => {
    expect(parseChain('Ethereum')).toBe('eth');
    expect(parseChain('TRX')).toBe('tron');
    expect(parseChain('dogecoin')).toBeUndefined();
  });
});
