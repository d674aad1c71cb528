// Privacy-preserving record linkage benchmark: CLK encoding speed, Dice comparisons per second
// (target ≥ 20 million per core) with and without bit blocking at threshold 0.8, and linkage
// accuracy on two synthetic lists of 10,000 people with realistic errors (target precision ≥ 0.99,
// recall ≥ 0.95 at the documented threshold).
//
//   npx tsx --conditions=jaga-source bench/estimation-linkage.ts            # ~2 minutes
//   npx tsx --conditions=jaga-source bench/estimation-linkage.ts --size 2000 # quick look
//
// Node runs everything on one thread, so rates over CPU seconds are per core. Numbers go in docs/estimation.md
// (section "Linkage benchmark").
import os from 'node:os';
import {
  type ClkSet,
  clkSetFromBytes,
  createClkEncoder,
  createIntersectionKernel,
  findCandidates,
  greedyMatch,
  parseLinkageSchema,
} from '@jaga/estimation';
import {
  syntheticLinkageLists,
  VICTIM_LIST_SCHEMA,
} from '../packages/estimation/src/linkage/test/synthetic-population.js';
import { measure, median } from './lib/stats.js';

const sizeArg = process.argv.indexOf('--size');
const size = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 10_000;
const runs = 5;
const DOCUMENTED_THRESHOLD = 0.86;

const millions = (x: number) => `${(x / 1e6).toFixed(1)} M`;

console.log(
  `# Linkage benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, load ${os.loadavg()[0]?.toFixed(1)}\n`,
);

// 1. Synthetic lists and encoding.
const { a, b, truth } = syntheticLinkageLists({
  sizeA: size,
  sizeB: size,
  overlap: size / 2,
  seed: 2026,
});
const encoder = createClkEncoder(
  parseLinkageSchema(VICTIM_LIST_SCHEMA),
  new TextEncoder().encode('benchmark secret shared by the agencies'),
);
const encoded = measure(() =>
  [a, b].map((rows) => clkSetFromBytes(rows.map((r) => encoder.encode(r)))),
);
const [listA, listB] = encoded.value as [ClkSet, ClkSet];
const meanPopcount = (s: ClkSet) => s.popcounts.reduce((x, y) => x + y, 0) / s.size;
console.log(
  `Lists: ${size} × ${size} records, ${size / 2} people on both; mean popcount ${meanPopcount(listA).toFixed(0)} / ${meanPopcount(listB).toFixed(0)} of 1024 bits`,
);
console.log(
  `CLK encoding: ${((2 * size) / encoded.cpuSeconds).toFixed(0)} records per CPU second (${encoded.cpuSeconds.toFixed(1)} CPU s, ${encoded.wallSeconds.toFixed(1)} s wall, for ${2 * size})\n`,
);

// 2. Raw Dice throughput: every pair, no popcount pruning, threshold test included.
function allPairs(
  kind: 'wasm' | 'js',
  threshold: number,
): { rate: number; wallRate: number; hits: number } {
  const layout = Uint32Array.from({ length: listB.size }, (_, j) => j);
  const kernel = createIntersectionKernel(listA, listB, layout, listB.size, {
    useWasm: kind === 'wasm',
  });
  const found = new Uint32Array(2 * listB.size);
  const rows = kind === 'wasm' ? listA.size : Math.min(listA.size, 1000);
  let hits = 0;
  const { cpuSeconds: seconds, wallSeconds: wall } = measure(() => {
    for (let i = 0; i < rows; i++) hits += kernel.scan(i, 0, listB.size, threshold, found);
  });
  return { rate: (rows * listB.size) / seconds, wallRate: (rows * listB.size) / wall, hits };
}
for (const kind of ['wasm', 'js'] as const) {
  const results = Array.from({ length: kind === 'wasm' ? runs : 3 }, () => allPairs(kind, 0.8));
  const rates = results.map((r) => r.rate);
  console.log(
    `Dice at 0.8, all pairs, ${kind === 'wasm' ? 'WebAssembly popcount kernel' : 'TypeScript fallback kernel'}: median ${millions(median(rates))} comparisons per CPU second (runs: ${rates.map((r) => (r / 1e6).toFixed(1)).join(', ')}; wall-clock median ${millions(median(results.map((r) => r.wallRate)))}/s)`,
  );
}

// 3. findCandidates end to end at threshold 0.8: exhaustive (popcount pruning only) vs bit blocking.
const exhaustive = Array.from({ length: runs }, () =>
  measure(() => findCandidates(listA, listB, { threshold: 0.8 })),
);
const reference = exhaustive[0]?.value;
const refKeys = new Set(Array.from(reference?.left ?? [], (i, k) => `${i},${reference?.right[k]}`));
const exSeconds = median(exhaustive.map((r) => r.cpuSeconds));
console.log(
  `\nCandidates at 0.8, no blocking: median ${exSeconds.toFixed(2)} CPU s (${median(exhaustive.map((r) => r.wallSeconds)).toFixed(2)} s wall); ${millions(reference?.comparisons ?? 0)} Dice computed of ${millions(size * size)} pairs (popcount pruning); ${millions((size * size) / exSeconds)} pairs covered per CPU second; ${reference?.size} candidates`,
);
for (const blocking of [
  { projections: 20, bitsPerProjection: 8 },
  { projections: 40, bitsPerProjection: 12 },
]) {
  const blocked = Array.from({ length: runs }, () =>
    measure(() =>
      findCandidates(listA, listB, { threshold: 0.8, blocking: { ...blocking, seed: 1 } }),
    ),
  );
  const value = blocked[0]?.value;
  const seconds = median(blocked.map((r) => r.cpuSeconds));
  const wall = median(blocked.map((r) => r.wallSeconds));
  const kept = Array.from(value?.left ?? [], (i, k) => `${i},${value?.right[k]}`).filter((key) =>
    refKeys.has(key),
  ).length;
  console.log(
    `Candidates at 0.8, bit blocking g=${blocking.projections}, r=${blocking.bitsPerProjection}: median ${seconds.toFixed(2)} CPU s (${wall.toFixed(2)} s wall); ${millions(value?.comparisons ?? 0)} Dice computed; ${millions((size * size) / seconds)} pairs covered per CPU second; keeps ${((100 * kept) / (reference?.size || 1)).toFixed(2)}% of the candidates`,
  );
}

// 4. Accuracy of greedy one-to-one linkage against the truth.
const isTrue = new Set(truth.map(([i, j]) => `${i},${j}`));
console.log('\n| threshold | links | precision | recall |\n|---|---|---|---|');
for (const threshold of [0.8, 0.82, 0.84, 0.85, 0.86, 0.87, 0.88, 0.9]) {
  const matches = greedyMatch(findCandidates(listA, listB, { threshold }));
  const correct = matches.filter((m) => isTrue.has(`${m.left},${m.right}`)).length;
  const mark = threshold === DOCUMENTED_THRESHOLD ? ' (documented)' : '';
  console.log(
    `| ${threshold}${mark} | ${matches.length} | ${(correct / matches.length).toFixed(4)} | ${(correct / truth.length).toFixed(4)} |`,
  );
}
