import type { ClkSet } from './bits.js';
import { intersectionCount } from './dice.js';

/**
 * Counts, for one filter of list A, the bits it shares with each of a run of consecutive filters
 * of list B. Implemented in WebAssembly (a hardware 64-bit popcount) where the runtime has it, with a
 * plain TypeScript fallback that gives identical counts.
 */
export interface IntersectionKernel {
  /**
   * Writes the counts for A's filter `i` against the B filters at layout positions `[from, to)`
   * into `out[0 … to-from)`.
   */
  row(i: number, from: number, to: number, out: Uint32Array): void;
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

// Parameters: 0 a, 1 b, 2 n, 3 quads (groups of four 64-bit words), 4 out.
const GET = 0x20;
const SET = 0x21;
const I32 = 0x41;
const I64 = 0x42;
const LOAD64 = [0x29, 0x03];
const POPCNT_AND = [0x83, 0x7b, 0x7c]; // i64.and, i64.popcnt, i64.add

/** acc += popcnt(load64(a + offset) & load64(b + offset)) */
function step(offset: number): number[] {
  return [GET, 0, ...LOAD64, ...leb(offset), GET, 1, ...LOAD64, ...leb(offset), ...POPCNT_AND];
}

/**
 * `counts(a, b, n, quads, out)`: for r < n, out[r] = Σ popcount(A ∧ B_r) over `quads` × 4 words,
 * with B_r stored right after B_{r-1}. Written out as bytes because it is 120 bytes of code and a
 * build-time assembler would be a larger dependency than the function itself.
 */
function kernelModule(): Uint8Array {
  // Local declarations: three i32 (5 = r, 6 = q, 7 = saved a), then one i64 (8 = acc).
  const body = [2, 3, 0x7f, 1, 0x7e];
  const code = [
    0x02,
    0x40,
    0x03,
    0x40, // block, loop (rows)
    GET,
    5,
    GET,
    2,
    0x4f,
    0x0d,
    1, // if r >= n: break
    I64,
    0,
    SET,
    8, // acc = 0
    GET,
    0,
    SET,
    7, // save a
    I32,
    0,
    SET,
    6, // q = 0
    0x02,
    0x40,
    0x03,
    0x40, // block, loop (quads)
    GET,
    6,
    GET,
    3,
    0x4f,
    0x0d,
    1, // if q >= quads: break
    GET,
    8,
    ...step(0),
    ...step(8),
    ...step(16),
    ...step(24),
    SET,
    8,
    GET,
    0,
    I32,
    32,
    0x6a,
    SET,
    0, // a += 32
    GET,
    1,
    I32,
    32,
    0x6a,
    SET,
    1, // b += 32
    GET,
    6,
    I32,
    1,
    0x6a,
    SET,
    6, // q += 1
    0x0c,
    0,
    0x0b,
    0x0b, // br loop; end; end
    GET,
    4,
    GET,
    8,
    0xa7,
    0x36,
    0x02,
    0x00, // store32(out, wrap(acc))
    GET,
    4,
    I32,
    4,
    0x6a,
    SET,
    4, // out += 4
    GET,
    7,
    SET,
    0, // restore a
    GET,
    5,
    I32,
    1,
    0x6a,
    SET,
    5, // r += 1
    0x0c,
    0,
    0x0b,
    0x0b, // br loop; end; end
    0x0b, // end function
  ];
  const func = [...body, ...code];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('counts'), 0x00, 0]),
    ...section(10, [1, ...leb(func.length), ...func]),
  ]);
}

function jsKernel(a: ClkSet, b: ClkSet, layout: Uint32Array): IntersectionKernel {
  return {
    kind: 'js',
    row(i, from, to, out) {
      for (let p = from; p < to; p++)
        out[p - from] = intersectionCount(a, i, b, layout[p] as number);
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
  const outBytes = Math.max(1, maxRun) * 4;
  const pages = Math.ceil((aBytes + bBytes + outBytes) / 65536) + 1;
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
  const words = new Uint32Array(memory.buffer);
  for (let r = 0; r < a.size; r++) {
    words.set(a.data.subarray(r * a.words, (r + 1) * a.words), r * stride);
  }
  const bBase = a.size * stride;
  layout.forEach((r, p) => {
    words.set(b.data.subarray(r * b.words, (r + 1) * b.words), bBase + p * stride);
  });
  const outPtr = (bBase + layout.length * stride) * 4;
  const outView = new Uint32Array(memory.buffer, outPtr, Math.max(1, maxRun));
  return {
    kind: 'wasm',
    row(i, from, to, out) {
      counts(i * stride * 4, (bBase + from * stride) * 4, to - from, quads, outPtr);
      out.set(outView.subarray(0, to - from));
    },
  };
}
