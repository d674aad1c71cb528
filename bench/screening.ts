// Screening benchmark: posts per second on one core, per-post latency (p50, p99) and peak memory
// of `@jaga/screening` over a realistic corpus of mixed-language posts of 0.2–3 KB.
//
//   npx tsx --conditions=jaga-source bench/screening.ts              # 20,000 posts × 5 runs
//   npx tsx --conditions=jaga-source bench/screening.ts --posts 5000 --runs 3
//   npx tsx --conditions=jaga-source bench/screening.ts --against ../old/packages/screening/dist/index.js
//
// `--against` takes another build of the package (an earlier commit's compiled dist, or its
// src/index.ts, which tsx compiles like this build's) and screens the same corpus with it in the
// same process, in blocks of posts alternating with this build's, each post timed the same way,
// so a shared, busy machine slows both alike: the ratio of the two is the comparison to trust.
//
// The corpus is built from the gold set's posts (every language, risky and legitimate alike): each
// benchmark post joins randomly chosen gold posts until it reaches a length drawn uniformly from
// 200 to 3,000 UTF-8 bytes, so the mix of scripts, selectors and indicators is the gold set's.
// JavaScript runs screening on one thread, so the throughput is per core. Numbers go in the
// "Benchmark" section of docs/screening-eval.md.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createScreener } from '@jaga/screening';
import { median, quantile, rng } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '7' },
    against: { type: 'string' },
  },
});
const POSTS = Number(values.posts);
const RUNS = Number(values.runs);

const goldDir = new URL('../packages/screening/src/gold/', import.meta.url);
const gold: string[] = [];
for (const file of readdirSync(goldDir).filter((f) => f.endsWith('.jsonl'))) {
  for (const line of readFileSync(new URL(file, goldDir), 'utf8').split('\n')) {
    if (line.trim()) gold.push((JSON.parse(line) as { text: string }).text);
  }
}
if (gold.length === 0) throw new Error('No gold posts found in packages/screening/src/gold/');

const random = rng(Number(values.seed));
const encoder = new TextEncoder();
const corpus: string[] = [];
let bytes = 0;
for (let i = 0; i < POSTS; i++) {
  const target = 200 + Math.floor(random() * 2800);
  let text = gold[Math.floor(random() * gold.length)] ?? '';
  while (encoder.encode(text).length < target) {
    text += `\n\n${gold[Math.floor(random() * gold.length)] ?? ''}`;
  }
  // Trim to the target on a character boundary so sizes spread evenly over 0.2–3 KB.
  while (encoder.encode(text).length > target + 200)
    text = text.slice(0, Math.floor(text.length * 0.9));
  bytes += encoder.encode(text).length;
  corpus.push(text);
}

const compileStart = performance.now();
const screener = createScreener();
const compileMs = performance.now() - compileStart;

// The baseline build, if any: only its createScreener is used.
const baseline = values.against
  ? (
      (await import(pathToFileURL(resolve(values.against)).href)) as {
        createScreener: typeof createScreener;
      }
    ).createScreener()
  : null;

// Warm-up: let the JIT optimise the hot paths before measuring. With a baseline, the two builds'
// results on these posts are compared too (a faster engine must screen alike).
const warmUp = Math.min(2000, corpus.length);
let differences = 0;
for (let i = 0; i < warmUp; i++) {
  const mine = screener.screen({ text: corpus[i] ?? '' });
  const theirs = baseline?.screen({ text: corpus[i] ?? '' });
  if (theirs && JSON.stringify(mine) !== JSON.stringify(theirs)) differences++;
}

// Both builds are timed the same way, post by post, in alternating blocks of BLOCK posts (which
// goes first alternates too): a busy machine slows both alike, and neither always follows the
// other's garbage. Wall-clock time counts the moments another process had the core; CPU time
// (getrusage) does not. On a shared, busy machine the CPU-time figures are the per-core numbers;
// both are reported.
const BLOCK = 100;
interface Timings {
  readonly cpuThroughputs: number[];
  readonly wallThroughputs: number[];
  readonly p50s: number[];
  readonly p99s: number[];
  readonly cpuP50s: number[];
  readonly cpuP99s: number[];
}
const builds = baseline ? [screener, baseline] : [screener];
const timings: Timings[] = builds.map(() => ({
  cpuThroughputs: [],
  wallThroughputs: [],
  p50s: [],
  p99s: [],
  cpuP50s: [],
  cpuP99s: [],
}));
const latencies = builds.map(() => new Float64Array(corpus.length));
const cpuLatencies = builds.map(() => new Float64Array(corpus.length));
let peakRss = process.memoryUsage().rss;
for (let run = 0; run < RUNS; run++) {
  for (let from = 0, block = 0; from < corpus.length; from += BLOCK, block++) {
    const order = (run + block) % 2 === 0 ? [0, 1] : [1, 0];
    for (const b of order) {
      const build = builds[b];
      if (!build) continue;
      const wall = latencies[b] as Float64Array;
      const cpu = cpuLatencies[b] as Float64Array;
      for (let i = from; i < Math.min(corpus.length, from + BLOCK); i++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        build.screen({ id: i, text: corpus[i] ?? '' });
        wall[i] = performance.now() - t0;
        const c1 = process.cpuUsage(c0);
        cpu[i] = (c1.user + c1.system) / 1000;
      }
    }
    if (block % 10 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  builds.forEach((_, b) => {
    const t = timings[b] as Timings;
    const wall = latencies[b] as Float64Array;
    const cpu = cpuLatencies[b] as Float64Array;
    const sum = (xs: Float64Array) => xs.reduce((total, x) => total + x, 0) / 1000;
    t.cpuThroughputs.push(corpus.length / sum(cpu));
    t.wallThroughputs.push(corpus.length / sum(wall));
    const sorted = Float64Array.from(wall).sort();
    t.p50s.push(quantile(sorted, 0.5));
    t.p99s.push(quantile(sorted, 0.99));
    const cpuSorted = Float64Array.from(cpu).sort();
    t.cpuP50s.push(quantile(cpuSorted, 0.5));
    t.cpuP99s.push(quantile(cpuSorted, 0.99));
  });
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const ms = (x: number) => `${x.toFixed(3)} ms`;
const each = (xs: number[], f: (x: number) => string) => xs.map(f).join(', ');
const rate = (x: number) => Math.round(x).toLocaleString('en');
const rows = (t: Timings, suffix: string) => [
  `| posts/s per core (CPU time)${suffix} | ${rate(median(t.cpuThroughputs))} | ${each(t.cpuThroughputs, rate)} |`,
  `| posts/s (wall clock)${suffix} | ${rate(median(t.wallThroughputs))} | ${each(t.wallThroughputs, rate)} |`,
  `| p50 per post, CPU time${suffix} | ${ms(median(t.cpuP50s))} | ${each(t.cpuP50s, ms)} |`,
  `| p99 per post, CPU time${suffix} | ${ms(median(t.cpuP99s))} | ${each(t.cpuP99s, ms)} |`,
  `| p50 per post, wall clock${suffix} | ${ms(median(t.p50s))} | ${each(t.p50s, ms)} |`,
  `| p99 per post, wall clock${suffix} | ${ms(median(t.p99s))} | ${each(t.p99s, ms)} |`,
];
const lines = [
  `Machine: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')}`,
  `Corpus: ${corpus.length.toLocaleString('en')} posts from ${gold.length} gold posts, mean ${Math.round(bytes / corpus.length).toLocaleString('en')} bytes (0.2–3 KB)`,
  `Catalogue compile: ${compileMs.toFixed(1)} ms (once per screener)`,
  '',
  '| measure | median of runs | runs |',
  '|---|---|---|',
  ...rows(timings[0] as Timings, ''),
  `| peak RSS | ${Math.round(peakRss / 2 ** 20)} MiB | |`,
];
if (baseline) {
  // Each run's ratio pairs this build with the baseline in the same run (same blocks of posts).
  const mine = (timings[0] as Timings).cpuThroughputs;
  const theirs = (timings[1] as Timings).cpuThroughputs;
  const ratios = mine.map((x, i) => x / (theirs[i] ?? Number.NaN));
  lines.push(
    ...rows(timings[1] as Timings, `, baseline ${values.against}`),
    `| this build ÷ baseline (CPU time) | ${median(ratios).toFixed(2)} | ${each(ratios, (x) => x.toFixed(2))} |`,
    '',
    `Results identical to the baseline's on the ${warmUp.toLocaleString('en')} warm-up posts: ${differences === 0 ? 'yes' : `no, ${differences} differ`}`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
