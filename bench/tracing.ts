// Tracing benchmark: load time and memory for generated transfer sets (default 1M and 10M),
// and the time of a 5-hop trace from 1,000 seeds under several taint rules.
//
//   npx tsx --conditions=jaga-source bench/tracing.ts                    # 1M and 10M (~3 min)
//   npx tsx --conditions=jaga-source bench/tracing.ts --sizes 200000     # quick run
//   npx tsx --conditions=jaga-source bench/tracing.ts --files 100        # rows spread over 100 files
//
// Data is generated in memory as canonical CSV text and streamed through the same importer the
// CLI uses (parse, validate, intern, sort check, merge duplicates, index): nothing is written to
// disk. Each size runs in its own process so RSS is not shared. Numbers go in docs/tracing.md.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  createTransferImporter,
  type Label,
  LabelSet,
  type TaintModelName,
  traceTaint,
} from '@jaga/tracing';
import { median, rng } from './lib/stats.js';

const SEEDS = 1000;
const HOPS = 5;
const EXCHANGES = 100;
const RUNS = 5;

function address(i: number): string {
  return `0x${i.toString(16).padStart(40, '0')}`;
}

function child(size: number, files: number): void {
  const addresses = Math.max(1000, Math.floor(size / 8));
  const random = rng(size);
  // Shape of a real account chain: the busiest 0.1% of addresses (exchanges, services) take
  // part in most transfers: 40% of transfers are deposits into one of them, 30% withdrawals
  // from one; the rest move between ordinary addresses picked with a mild power law.
  const hubs = Math.max(EXCHANGES, Math.floor(addresses / 1000));
  const hub = () => Math.floor(random() * hubs);
  const ordinary = () => hubs + Math.floor((addresses - hubs) * random() ** 1.5);
  const pair = (): [number, number] => {
    const u = random();
    if (u < 0.4) return [ordinary(), hub()];
    if (u < 0.7) return [hub(), ordinary()];
    return [ordinary(), ordinary()];
  };
  const importer = createTransferImporter({ capacityHint: size });
  let loadMs = 0;
  let loadCpu = 0;
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let c0: number;
  let t0: number;
  const CHUNK = 20_000;
  let lines = 0;
  let scanMs = 0;
  let scanCpu = 0;
  const encoder = new TextEncoder();
  // With --files N, transfer i goes to file i mod N and the files are read one after the other,
  // as with one export per account: the rows then need the global sort.
  for (let f = 0; f < files; f++) {
    c0 = cpu();
    t0 = performance.now();
    const sink = importer.file(`generated-${f}.csv`);
    sink.push('chain,asset,tx_hash,block,tx_index,log_index,timestamp,from,to,amount\n');
    loadMs += performance.now() - t0;
    loadCpu += cpu() - c0;
    for (let start = f; start < size; start += CHUNK * files) {
      const rows: string[] = [];
      for (let i = start; i < Math.min(size, start + CHUNK * files); i += files) {
        const block = Math.floor(i / 100);
        const [from, picked] = pair();
        const to = picked === from ? (picked + 1) % addresses : picked;
        const amount = `${Math.floor(random() * 100_000)}.${String(Math.floor(random() * 1e6)).padStart(6, '0')}`;
        rows.push(
          `eth,USDT,0x${i.toString(16).padStart(64, '0')},${block},${i % 100},0,${1_600_000_000 + block * 12},${address(from)},${address(to)},${amount}`,
        );
      }
      // Bytes, as the CLI reads them from a file.
      const text = encoder.encode(`${rows.join('\n')}\n`);
      // Baseline in the same process and moment: finding the line ends, the least any CSV
      // reader does. The ratio load / baseline is less sensitive to machine load than seconds.
      c0 = cpu();
      t0 = performance.now();
      for (let at = text.indexOf(10); at >= 0; at = text.indexOf(10, at + 1)) lines++;
      scanMs += performance.now() - t0;
      scanCpu += cpu() - c0;
      c0 = cpu();
      t0 = performance.now();
      sink.push(text);
      loadMs += performance.now() - t0;
      loadCpu += cpu() - c0;
    }
    c0 = cpu();
    t0 = performance.now();
    sink.end();
    loadMs += performance.now() - t0;
    loadCpu += cpu() - c0;
  }
  c0 = cpu();
  t0 = performance.now();
  const { graph, report } = importer.finish();
  loadMs += performance.now() - t0;
  loadCpu += cpu() - c0;
  (globalThis as { gc?: () => void }).gc?.();
  const mem = process.memoryUsage();
  const labels = new LabelSet();
  const exchangeLabels: Label[] = [];
  for (let i = 0; i < EXCHANGES; i++) {
    exchangeLabels.push({
      chain: 'eth',
      address: address(i),
      label: `Exchange ${i % 10} hot wallet ${i}`,
      category: 'exchange',
      categories: ['exchange'],
      confidence: 'service_data',
      confidenceLevel: 50,
      source: 'generated',
      actor: `exchange-${i % 10}`,
      origin: { file: 'generated', line: i + 1 },
    });
  }
  labels.addAll(exchangeLabels);
  // Seeds: ordinary addresses that actually send money, as scam wallets do.
  const seedRandom = rng(7);
  const seeds = new Set<string>();
  while (seeds.size < SEEDS) {
    const id = graph.addressId(
      'eth',
      address(hubs + Math.floor(seedRandom() * (addresses - hubs))),
    );
    if (id !== undefined && graph.outgoing(id).length > 0) seeds.add(graph.address(id));
  }
  const traces: Record<string, unknown> = {};
  for (const model of ['haircut', 'fifo', 'clean-first', 'poison'] as TaintModelName[]) {
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let json = '';
    let summary: Record<string, unknown> = {};
    for (let r = 0; r < RUNS; r++) {
      const start = performance.now();
      const startCpu = cpu();
      const result = traceTaint(graph, { model, seeds: [...seeds], labels, maxHops: HOPS });
      const text = JSON.stringify(result);
      times.push(performance.now() - start);
      cpuTimes.push(cpu() - startCpu);
      if (r === 0) {
        json = text;
        summary = {
          hops: result.hops.length,
          endpoints: result.endpoints.length,
          hubs: result.hubs.length,
          seedsFound: result.seeds.filter((s) => s.found).length,
          reached: result.totals.reachedEndpoints,
          seeded: result.totals.seeded,
          conserved: result.totals.conserved,
        };
      } else if (text !== json) {
        summary.identicalJson = false;
      }
    }
    traces[model] = {
      medianSeconds: Number((median(times) / 1000).toFixed(3)),
      minSeconds: Number((Math.min(...times) / 1000).toFixed(3)),
      medianCpuSeconds: Number((median(cpuTimes) / 1000).toFixed(3)),
      identicalJson: summary.identicalJson ?? true,
      ...summary,
    };
  }
  const result = {
    transfers: report.transfers,
    addresses: report.addresses,
    loadSeconds: Number((loadMs / 1000).toFixed(2)),
    loadCpuSeconds: Number((loadCpu / 1000).toFixed(2)),
    lineScanSeconds: Number((scanMs / 1000).toFixed(2)),
    lineScanCpuSeconds: Number((scanCpu / 1000).toFixed(2)),
    loadOverLineScan: Number((loadCpu / Math.max(1, scanCpu)).toFixed(1)),
    lines,
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(1))),
    rssMB: Math.round(mem.rss / 2 ** 20),
    heapUsedMB: Math.round(mem.heapUsed / 2 ** 20),
    arrayBuffersMB: Math.round(mem.arrayBuffers / 2 ** 20),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    traces,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function main(): void {
  const childIndex = process.argv.indexOf('--child');
  if (childIndex >= 0) {
    child(Number(process.argv[childIndex + 1]), Number(process.argv[childIndex + 2] ?? 1));
    return;
  }
  const filesIndex = process.argv.indexOf('--files');
  const files = filesIndex >= 0 ? Number(process.argv[filesIndex + 1]) : 1;
  if (!Number.isInteger(files) || files < 1) throw new Error('--files takes a whole number ≥ 1');
  const sizesIndex = process.argv.indexOf('--sizes');
  const sizes =
    sizesIndex >= 0
      ? (process.argv[sizesIndex + 1] ?? '').split(',').map(Number)
      : [1_000_000, 10_000_000];
  console.log(
    `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM`,
  );
  const script = fileURLToPath(import.meta.url);
  for (const size of sizes) {
    const run = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        '--expose-gc',
        '--max-old-space-size=4096',
        script,
        '--child',
        String(size),
        String(files),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (run.status !== 0) {
      console.error(run.stderr);
      process.exitCode = 1;
      return;
    }
    console.log(
      `${size.toLocaleString('en-US')} transfers in ${files} file(s): ${run.stdout.trim()}`,
    );
  }
}

main();
