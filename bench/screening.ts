// Screening benchmark: posts per second on one core, per-post latency (p50, p99) and peak memory
// of `@jaga/screening` over a realistic corpus of mixed-language posts of 0.2–3 KB.
//
//   npx tsx --conditions=jaga-source bench/screening.ts              # 20,000 posts × 5 runs
//   npx tsx --conditions=jaga-source bench/screening.ts --posts 5000 --runs 3
//   npx tsx --conditions=jaga-source bench/screening.ts --against ../old/packages/screening/dist/index.js
//
// `--against` takes another build of the package (an earlier commit's compiled dist, say) and
// screens the same corpus with it in the same process, runs alternating with this one's, so a
// shared, busy machine slows both alike: the ratio of the two is the comparison to trust.
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

// Warm-up: let the JIT optimise the hot paths before measuring.
for (let i = 0; i < Math.min(2000, corpus.length); i++) {
  screener.screen({ text: corpus[i] ?? '' });
  baseline?.screen({ text: corpus[i] ?? '' });
}

/** CPU seconds the baseline takes to screen the whole corpus once. */
function baselineRun(): number {
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < corpus.length; i++) baseline?.screen({ id: i, text: corpus[i] ?? '' });
  const cpu = process.cpuUsage(cpuStart);
  return (cpu.user + cpu.system) / 1e6;
}
const baselineThroughputs: number[] = [];

// Wall-clock time counts the moments another process had the core; CPU time (getrusage) does not.
// On a shared, busy machine the CPU-time figures are the per-core numbers; both are reported.
let peakRss = process.memoryUsage().rss;
const wallThroughputs: number[] = [];
const cpuThroughputs: number[] = [];
const p50s: number[] = [];
const p99s: number[] = [];
const cpuP50s: number[] = [];
const cpuP99s: number[] = [];
const latencies = new Float64Array(corpus.length);
const cpuLatencies = new Float64Array(corpus.length);
for (let run = 0; run < RUNS; run++) {
  // Alternate which build goes first, so neither always follows the other's garbage.
  if (baseline && run % 2 === 1) baselineThroughputs.push(corpus.length / baselineRun());
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < corpus.length; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    screener.screen({ id: i, text: corpus[i] ?? '' });
    latencies[i] = performance.now() - t0;
    const c1 = process.cpuUsage(c0);
    cpuLatencies[i] = (c1.user + c1.system) / 1000;
    if ((i & 1023) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  wallThroughputs.push(corpus.length / seconds);
  cpuThroughputs.push(corpus.length / ((cpu.user + cpu.system) / 1e6));
  const sorted = Float64Array.from(latencies).sort();
  p50s.push(quantile(sorted, 0.5));
  p99s.push(quantile(sorted, 0.99));
  const cpuSorted = Float64Array.from(cpuLatencies).sort();
  cpuP50s.push(quantile(cpuSorted, 0.5));
  cpuP99s.push(quantile(cpuSorted, 0.99));
  if (baseline && run % 2 === 0) baselineThroughputs.push(corpus.length / baselineRun());
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const ms = (x: number) => `${x.toFixed(3)} ms`;
const each = (xs: number[], f: (x: number) => string) => xs.map(f).join(', ');
const rate = (x: number) => Math.round(x).toLocaleString('en');
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
  `| posts/s per core (CPU time) | ${rate(median(cpuThroughputs))} | ${each(cpuThroughputs, rate)} |`,
  `| posts/s (wall clock) | ${rate(median(wallThroughputs))} | ${each(wallThroughputs, rate)} |`,
  `| p50 per post, CPU time | ${ms(median(cpuP50s))} | ${each(cpuP50s, ms)} |`,
  `| p99 per post, CPU time | ${ms(median(cpuP99s))} | ${each(cpuP99s, ms)} |`,
  `| p50 per post, wall clock | ${ms(median(p50s))} | ${each(p50s, ms)} |`,
  `| p99 per post, wall clock | ${ms(median(p99s))} | ${each(p99s, ms)} |`,
  `| peak RSS | ${Math.round(peakRss / 2 ** 20)} MiB | |`,
];
if (baseline) {
  // Each run's ratio pairs it with the baseline run next to it; the median of ratios is reported.
  const ratios = cpuThroughputs.map((x, i) => x / (baselineThroughputs[i] ?? Number.NaN));
  lines.push(
    `| baseline posts/s per core (CPU time): ${values.against} | ${rate(median(baselineThroughputs))} | ${each(baselineThroughputs, rate)} |`,
    `| this build ÷ baseline | ${median(ratios).toFixed(2)} | ${each(ratios, (x) => x.toFixed(2))} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
