import { describe, expect, it } from 'vitest';
import { AddressTable } from './address-table.js';

const evm = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;

describe('AddressTable', () => {
  it('hands out ids in first-seen order and finds them again after growing', () => {
    const table = new AddressTable(16);
    const ids = Array.from({ length: 5000 }, (_, i) => table.internString(0, true, evm(i * 7919)));
    expect(ids).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(table.internString(0, true, evm(7919 * 42))).toBe(42);
    expect(table.findString(0, true, evm(7919 * 4999))).toBe(4999);
    expect(table.findString(0, true, evm(1))).toBe(-1);
    expect(table.text(123, true)).toBe(evm(123 * 7919));
    expect(table.size).toBe(5000);
  });

  it('keeps chains apart and compares keys as their texts compare', () => {
    const table = new AddressTable();
    const eth = table.internString(0, true, evm(2));
    const bsc = table.internString(1, true, evm(2));
    expect(eth).not.toBe(bsc);
    expect(table.chain(bsc)).toBe(1);
    const tronA = 'TKgD8Qnx9Zw3DNvG6o83PkufnMbtEXis4T';
    const tronB = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
    const b = table.internString(2, false, tronB);
    const a = table.internString(2, false, tronA);
    expect(table.findString(2, false, tronA)).toBe(a);
    expect(table.text(b, false)).toBe(tronB);
    expect(Math.sign(table.compare(a, b))).toBe(-1);
    const big = table.internString(0, true, `0x${'f'.repeat(40)}`);
    expect(Math.sign(table.compare(big, eth))).toBe(1);
  });

  it('does not find upper-case spellings: addresses are stored normalised', () => {
    const table = new AddressTable();
    table.internString(0, true, `0x${'ab'.repeat(20)}`);
    expect(table.findString(0, true, `0x${'AB'.repeat(20)}`)).toBe(-1);
    expect(() => table.internString(0, true, 'not-an-address')).toThrow(/not a normalised/);
  });
});
