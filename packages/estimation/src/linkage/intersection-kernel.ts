import type { ClkSet } from './bits.js';
import { intersectionCount } from './dice.js';

/**
 * Counts, for one filter of list A, the bits it shares with each of a run of consecutive filters
 * of list B. Implemented in WebAssembly (a hardware 64-bit popcount) where the runtime has it, with a
 * plain TypeScript fallback that gives identical counts.
 *
 * @example
 * const kernel = createIntersectionKernel(a, b, layout, b.size);
 * kernel.kind; // 'wasm' in Node and browsers
 */
export interface IntersectionKernel {
  /**
   * Writes the counts for A's filter `i` against the B filters at layout positions `[from, to)`
   * into `out[0 … to-from)`.
   */
  row(i: number, from: number, to: number, out: Uint32Array): void;
  /**
   * Finds, among the B filters at layout positions `[from, to)`, those whose Dice similarity with
   * A's filter `i` may reach `threshold`, and writes `[position, intersection count]` pairs into
   * `out`; returns how many. A slack of 1e-9 keeps borderline pairs, so the caller makes the
   * exact `≥ threshold` decision. `out` needs room for `2 × (to − from)` numbers.
   */
  scan(i: number, from: number, to: number, threshold: number, out: Uint32Array): number;
  /** Which implementation is in use, for benchmarks and diagnostics. */
  readonly kind: 'wasm' | 'js';
}

// The smallest structural view of the WebAssembly API this module needs: the package is compiled
// without DOM or Node typings, and WebAssembly is a language global in both.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => unknown;
  Instance: new (
    module: unknown,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
}

/** Unsigned LEB128, as WebAssembly encodes sizes and immediates. */
function leb(n: number): number[] {
  const out: number[] = [];
  let v = n;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...leb(body.length), ...body];
}

function name(text: string): number[] {
  return [text.length, ...Array.from(text, (c) => c.charCodeAt(0))];
}

// Instruction bytes: local.get, local.set, i32.const, i64.const, i64.load (align 8).
const GET = 0x20;
const SET = 0x21;
const I32 = 0x41;
const I64 = 0x42;
const LOAD64 = [0x29, 0x03];

/** Keeps pairs whose similarity is within rounding of the threshold; the caller decides exactly. */
const SLACK = 1e-9;

/** acc += popcnt(load64(a + offset) & load64(b + offset)), with a, b, acc in locals 0, 1, `acc`. */
function step(offset: number, acc: number): number[] {
  // One WebAssembly instruction per line would hide the structure.
  // prettier-ignore
  return [GET, acc, GET, 0, ...LOAD64, ...leb(offset), GET, 1, ...LOAD64, ...leb(offset), 0x83, 0x7b, 0x7c, SET, acc];
}

/**
 * The popcount loop shared by both functions: acc = Σ popcount(A ∧ B_r) over `quads` groups of
 * four 64-bit words, advancing b (local 1) past B_r and restoring a (local 0) from `saved`.
 */
function popcountLoop(quads: number, q: number, saved: number, acc: number): number[] {
  // WebAssembly code reads best one instruction group per line.
  // prettier-ignore
  return [
    I64, 0, SET, acc,                                   // acc = 0
    GET, 0, SET, saved,                                 // saved = a
    I32, 0, SET, q,                                     // q = 0
    0x02, 0x40, 0x03, 0x40,                             // block, loop
    GET, q, GET, quads, 0x4f, 0x0d, 1,                  //   if q >= quads: break
    ...step(0, acc), ...step(8, acc), ...step(16, acc), ...step(24, acc),
    GET, 0, I32, 32, 0x6a, SET, 0,                      //   a += 32
    GET, 1, I32, 32, 0x6a, SET, 1,                      //   b += 32
    GET, q, I32, 1, 0x6a, SET, q,                       //   q += 1
    0x0c, 0, 0x0b, 0x0b,                                // br loop; end; end
    GET, saved, SET, 0,                                 // a = saved
  ];
}

/**
 * Two functions over filters padded to multiples of 256 bits, B_r stored right after B_{r−1}:
 * - `counts(a, b, n, quads, out)`: out[r] = |A ∧ B_r| for r < n;
 * - `scan(a, b, n, quads, pop, out, t, tpa) → end`: for r < n with 2|A ∧ B_r| ≥ tpa + t·pop[r],
 *   appends (r, |A ∧ B_r|) at out and returns the address after the last pair.
 * Written out as bytes because the whole module is 444 bytes, and a build-time assembler would be a
 * larger dependency than the functions themselves.
 */
function kernelModule(): Uint8Array {
  // counts: params 0 a, 1 b, 2 n, 3 quads, 4 out; locals 5 r, 6 q, 7 saved (i32), 8 acc (i64).
  // WebAssembly code reads best one instruction group per line.
  // prettier-ignore
  const counts = [
    2, 3, 0x7f, 1, 0x7e,                                // local declarations
    0x02, 0x40, 0x03, 0x40,                             // block, loop over rows
    GET, 5, GET, 2, 0x4f, 0x0d, 1,                      //   if r >= n: break
    ...popcountLoop(3, 6, 7, 8),
    GET, 4, GET, 8, 0xa7, 0x36, 0x02, 0x00,             //   store32(out, acc)
    GET, 4, I32, 4, 0x6a, SET, 4,                       //   out += 4
    GET, 5, I32, 1, 0x6a, SET, 5,                       //   r += 1
    0x0c, 0, 0x0b, 0x0b,                                // br loop; end; end
    0x0b,
  ];
  // scan: params 0 a, 1 b, 2 n, 3 quads, 4 pop, 5 out, 6 t (f64), 7 tpa (f64);
  // locals 8 r, 9 q, 10 saved (i32), 11 acc (i64).
  // WebAssembly code reads best one instruction group per line.
  // prettier-ignore
  const scan = [
    2, 3, 0x7f, 1, 0x7e,                                // local declarations
    0x02, 0x40, 0x03, 0x40,                             // block, loop over rows
    GET, 8, GET, 2, 0x4f, 0x0d, 1,                      //   if r >= n: break
    ...popcountLoop(3, 9, 10, 11),
    GET, 11, GET, 11, 0x7c, 0xba,                       //   f64(2·acc)
    GET, 7, GET, 6, GET, 4, 0x28, 0x02, 0x00, 0xb8,     //   tpa, t, f64(load32(pop))
    0xa2, 0xa0, 0x66,                                   //   ≥ tpa + t·pop
    0x04, 0x40,                                         //   if
    GET, 5, GET, 8, 0x36, 0x02, 0x00,                   //     store32(out, r)
    GET, 5, GET, 11, 0xa7, 0x36, 0x02, 0x04,            //     store32(out + 4, acc)
    GET, 5, I32, 8, 0x6a, SET, 5,                       //     out += 8
    0x0b,                                               //   end if
    GET, 4, I32, 4, 0x6a, SET, 4,                       //   pop += 4
    GET, 8, I32, 1, 0x6a, SET, 8,                       //   r += 1
    0x0c, 0, 0x0b, 0x0b,                                // br loop; end; end
    GET, 5, 0x0b,                                       // return out
  ];
  const i32 = 0x7f;
  const f64 = 0x7c;
  // Module layout, one section per line.
  // prettier-ignore
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [2, 0x60, 5, i32, i32, i32, i32, i32, 0, 0x60, 8, i32, i32, i32, i32, i32, i32, f64, f64, 1, i32]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]),
    ...section(3, [2, 0, 1]),
    ...section(7, [2, ...name('counts'), 0x00, 0, ...name('scan'), 0x00, 1]),
    ...section(10, [2, ...leb(counts.length), ...counts, ...leb(scan.length), ...scan]),
  ]);
}

function jsKernel(a: ClkSet, b: ClkSet, layout: Uint32Array): IntersectionKernel {
  return {
    kind: 'js',
    row(i, from, to, out) {
      for (let p = from; p < to; p++) {
        out[p - from] = intersectionCount(a, i, b, layout[p] as number);
      }
    },
    scan(i, from, to, threshold, out) {
      const tpa = threshold * (a.popcounts[i] as number) - SLACK;
      let hits = 0;
      for (let p = from; p < to; p++) {
        const j = layout[p] as number;
        const count = intersectionCount(a, i, b, j);
        if (2 * count >= tpa + threshold * (b.popcounts[j] as number)) {
          out[2 * hits] = p - from;
          out[2 * hits + 1] = count;
          hits++;
        }
      }
      return hits;
    },
  };
}

/**
 * Prepares an {@link IntersectionKernel} over two lists with the same CLK length. `layout` lists
 * B's filters in the order `row` scans them (a filter may appear more than once, e.g. once per
 * block); both lists are copied once into WebAssembly memory, padded to a multiple of 256 bits.
 * `maxRun` bounds the length of one `row` call.
 *
 * @example
 * const layout = Uint32Array.from({ length: listB.size }, (_, j) => j);
 * const kernel = createIntersectionKernel(listA, listB, layout, listB.size);
 * const out = new Uint32Array(listB.size);
 * kernel.row(0, 0, listB.size, out); // out[j] = |A_0 ∧ B_j|
 */
export function createIntersectionKernel(
  a: ClkSet,
  b: ClkSet,
  layout: Uint32Array,
  maxRun: number,
  options: { useWasm?: boolean } = {},
): IntersectionKernel {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (options.useWasm === false || wasm === undefined) return jsKernel(a, b, layout);
  const quads = Math.ceil(a.words / 8);
  const stride = quads * 8; // u32 words per padded filter
  const aBytes = a.size * stride * 4;
  const bBytes = layout.length * stride * 4;
  const popBytes = layout.length * 4;
  const outBytes = Math.max(1, maxRun) * 8;
  const pages = Math.ceil((aBytes + bBytes + popBytes + outBytes) / 65536) + 1;
  let instance: { exports: Record<string, unknown> };
  let memory: WasmMemory;
  try {
    memory = new wasm.Memory({ initial: pages });
    instance = new wasm.Instance(new wasm.Module(kernelModule()), { env: { memory } });
  } catch {
    // Runtimes that forbid WebAssembly compilation (e.g. a strict content security policy).
    return jsKernel(a, b, layout);
  }
  const counts = instance.exports.counts as (
    a: number,
    b: number,
    n: number,
    quads: number,
    out: number,
  ) => void;
  const scan = instance.exports.scan as (
    a: number,
    b: number,
    n: number,
    quads: number,
    pop: number,
    out: number,
    t: number,
    tpa: number,
  ) => number;
  const words = new Uint32Array(memory.buffer);
  for (let r = 0; r < a.size; r++) {
    words.set(a.data.subarray(r * a.words, (r + 1) * a.words), r * stride);
  }
  const bBase = a.size * stride;
  layout.forEach((r, p) => {
    words.set(b.data.subarray(r * b.words, (r + 1) * b.words), bBase + p * stride);
  });
  const popBase = bBase + layout.length * stride;
  layout.forEach((r, p) => {
    words[popBase + p] = b.popcounts[r] as number;
  });
  const outPtr = (popBase + layout.length) * 4;
  const outView = new Uint32Array(memory.buffer, outPtr, 2 * Math.max(1, maxRun));
  return {
    kind: 'wasm',
    row(i, from, to, out) {
      counts(i * stride * 4, (bBase + from * stride) * 4, to - from, quads, outPtr);
      out.set(outView.subarray(0, to - from));
    },
    scan(i, from, to, threshold, out) {
      const tpa = threshold * (a.popcounts[i] as number) - SLACK;
      const a0 = i * stride * 4;
      const b0 = (bBase + from * stride) * 4;
      const end = scan(a0, b0, to - from, quads, (popBase + from) * 4, outPtr, threshold, tpa);
      const hits = (end - outPtr) / 8;
      out.set(outView.subarray(0, 2 * hits));
      return hits;
    },
  };
}
