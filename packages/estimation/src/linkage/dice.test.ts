import { describe, expect, it } from 'vitest';
import { clkBytes } from './bits.js';
import { dice, intersectionCount } from './dice.js';
import { createIntersectionKernel } from './intersection-kernel.js';
import { filterWithBits, randomFilter, seededRandom, setOf } from './test/random-clks.js';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('dice', () => {
  it('is 2|A∧B| / (|A| + |B|)', () => {
    const a = setOf([filterWithBits(1024, range(0, 10))]);
    const b = setOf([filterWithBits(1024, range(5, 15)), filterWithBits(1024, [1000])]);
    expect(dice(a, 0, b, 0)).toBe(0.5);
    expect(dice(a, 0, b, 1)).toBe(0);
    expect(dice(a, 0, a, 0)).toBe(1);
  });

  it('is 0 when the first filter is empty, as in anonlink', () => {
    const empty = setOf([new Uint8Array(128)]);
    const full = setOf([filterWithBits(1024, range(0, 64))]);
    expect(dice(empty, 0, full, 0)).toBe(0);
  });

  it('refuses to compare CLKs of different lengths', () => {
    expect(() => dice(setOf([new Uint8Array(128)]), 0, setOf([new Uint8Array(64)]), 0)).toThrow(
      /1024 bits with CLKs of 512 bits/,
    );
  });
});

describe('intersection kernels', () => {
  it('WebAssembly and TypeScript kernels agree with a bit-by-bit count, for odd lengths too', () => {
    const random = seededRandom(3);
    for (const bits of [1024, 72, 2048]) {
      const a = setOf(
        Array.from({ length: 5 }, () => randomFilter(random, bits, 0.4)),
        bits,
      );
      const b = setOf(
        Array.from({ length: 9 }, () => randomFilter(random, bits, 0.6)),
        bits,
      );
      const layout = Uint32Array.of(8, 0, 3, 3, 7);
      const wasm = createIntersectionKernel(a, b, layout, layout.length);
      const js = createIntersectionKernel(a, b, layout, layout.length, { useWasm: false });
      expect(wasm.kind).toBe('wasm');
      expect(js.kind).toBe('js');
      for (let i = 0; i < a.size; i++) {
        const outWasm = new Uint32Array(layout.length);
        const outJs = new Uint32Array(layout.length);
        wasm.row(i, 0, layout.length, outWasm);
        js.row(i, 1, 4, outJs);
        const expected = Array.from(layout, (j) => {
          const x = clkBytes(a, i);
          const y = clkBytes(b, j);
          let n = 0;
          x.forEach((byte, k) => {
            let v = byte & (y[k] ?? 0);
            while (v) {
              n += v & 1;
              v >>>= 1;
            }
          });
          return n;
        });
        expect([...outWasm]).toEqual(expected);
        expect([...outJs.subarray(0, 3)]).toEqual(expected.slice(1, 4));
        expect(intersectionCount(a, i, b, 8)).toBe(expected[0]);
        // scan keeps exactly the positions whose Dice reaches the threshold, with their counts.
        const pa = a.popcounts[i] as number;
        const wanted = expected.flatMap((count, p) =>
          (2 * count) / (pa + (b.popcounts[layout[p] as number] as number)) >= 0.45
            ? [p, count]
            : [],
        );
        for (const kernel of [wasm, js]) {
          const found = new Uint32Array(2 * layout.length);
          const hits = kernel.scan(i, 0, layout.length, 0.45, found);
          expect([...found.subarray(0, 2 * hits)]).toEqual(wanted);
        }
      }
    }
  });
});
