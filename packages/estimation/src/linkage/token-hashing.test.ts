import { describe, expect, it } from 'vitest';
import { setBitIndices } from './bits.js';
import { bitsPerToken, blakeHashToken, doubleHashToken, encodeToken } from './token-hashing.js';

const utf8 = (s: string) => encodeToken(s, 'utf-8');
const keys = [utf8('secret1'), utf8('secret2')] as const;

function doubleHash(token: string, preventSingularity: boolean): number[] {
  const filter = new Uint8Array(128);
  doubleHashToken(filter, 1024, utf8(token), keys, 20, preventSingularity);
  return setBitIndices(filter);
}

describe('double hashing (clkhash test_bloomfilter vectors, k = 20, l = 1024)', () => {
  it('reproduces the singular tokens, which set exactly one bit', () => {
    expect(doubleHash('635', false)).toEqual([796]);
    expect(doubleHash('1402', false)).toEqual([216]);
  });

  it('sets 20 distinct bits for the non-singular tokens', () => {
    const bits666 = doubleHash('666', false);
    expect(bits666).toHaveLength(20);
    expect(bits666.slice(0, 3)).toEqual([2, 66, 114]);
    expect(bits666.at(-1)).toBe(962);
    expect(doubleHash('1401', false).length).toBeGreaterThan(1);
  });

  it('prevent_singularity re-draws h2 so a singular token spreads over k bits', () => {
    const bits = doubleHash('635', true);
    expect(bits.length).toBeGreaterThan(1);
    // h1 is unchanged: the first bit drawn is still position 796.
    expect(bits).toContain(796);
    // Tokens that were not singular hash exactly as before.
    expect(doubleHash('666', true)).toEqual(doubleHash('666', false));
  });
});

describe('blake hashing', () => {
  it('sets at most k bits, deterministically, and depends on the key', () => {
    const a = new Uint8Array(128);
    blakeHashToken(a, 1024, utf8('ja'), keys[0], 40);
    const b = new Uint8Array(128);
    blakeHashToken(b, 1024, utf8('ja'), keys[0], 40);
    const c = new Uint8Array(128);
    blakeHashToken(c, 1024, utf8('ja'), keys[1], 40);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const count = setBitIndices(a).length;
    expect(count).toBeGreaterThan(30);
    expect(count).toBeLessThanOrEqual(40);
  });

  it('uses the first k of the 16-bit draws, so a smaller k sets a subset of bits', () => {
    const small = new Uint8Array(128);
    blakeHashToken(small, 1024, utf8('ga'), keys[0], 5);
    const large = new Uint8Array(128);
    blakeHashToken(large, 1024, utf8('ga'), keys[0], 70);
    const largeBits = new Set(setBitIndices(large));
    for (const bit of setBitIndices(small)) expect(largeBits.has(bit)).toBe(true);
  });
});

describe('bitsPerToken', () => {
  it('spreads a feature budget with the remainder on the first tokens', () => {
    expect(bitsPerToken({ kind: 'bitsPerFeature', bits: 200 }, 8)).toEqual(new Array(8).fill(25));
    expect(bitsPerToken({ kind: 'bitsPerFeature', bits: 10 }, 4)).toEqual([3, 3, 2, 2]);
    expect(bitsPerToken({ kind: 'bitsPerToken', bits: 7 }, 3)).toEqual([7, 7, 7]);
    expect(bitsPerToken({ kind: 'bitsPerFeature', bits: 10 }, 0)).toEqual([]);
  });
});

describe('encodeToken', () => {
  it('writes UTF-16 and UTF-32 with a little-endian byte-order mark, as Python does', () => {
    expect([...encodeToken('a', 'utf-16')]).toEqual([0xff, 0xfe, 0x61, 0]);
    expect([...encodeToken('a', 'utf-32')]).toEqual([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]);
    expect([...encodeToken('é', 'utf-8')]).toEqual([0xc3, 0xa9]);
  });
});
