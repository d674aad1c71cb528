// Multiple systems estimation benchmark: time of stepwise selection + 1,000-replicate BCa on the
// UK 2013 data (target ≤ 15 s on one core), and BCa intervals beside the published ones.
//
//   npx tsx --conditions=jaga-source bench/estimation-mse.ts          # ~1 minute
//   npx tsx --conditions=jaga-source bench/estimation-mse.ts --full   # + 2024 BIC bootstrap on UKdat_5
//
// Node runs the estimate on one thread, so wall time is one core's time. Numbers go in
// docs/estimation.md (section "MSE benchmark").
import os from 'node:os';
import {
  type CaptureData,
  datasetCaptureData,
  type EstimateOptions,
  estimatePopulation,
  MSE_DATASETS,
} from '@jaga/estimation';
import { measure, median } from './lib/stats.js';

const full = process.argv.includes('--full');
const runs = 5;

const r0 = (x: number | null) => (x === null ? '∞' : Math.round(x).toString());

console.log(
  `# MSE benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}\n`,
);

// 1. Speed: UK six lists, stepwise (p < 0.02) + 1,000 BCa replicates, seed 1234.
const uk = datasetCaptureData(MSE_DATASETS.UKdat);
const ukOptions: EstimateOptions = {
  method: 'stepwise',
  bootstrap: { replicates: 1000, seed: 1234 },
};
const seconds: number[] = [];
const cpuSeconds: number[] = [];
let ukResult = estimatePopulation(uk, { method: 'stepwise' });
for (let i = 0; i < runs; i++) {
  const { value, wallSeconds: s, cpuSeconds: c } = measure(() => estimatePopulation(uk, ukOptions));
  seconds.push(s);
  cpuSeconds.push(c);
  ukResult = value;
}
console.log(
  '## Speed: UKdat, stepwise + 1,000-replicate BCa (1,000 bootstrap + 25 jackknife selections)\n',
);
console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} on ${os.cpus().length} cores\n`,
);
console.log('| runs | median wall s | min–max wall s | median CPU s | target |');
console.log('|---|---|---|---|---|');
console.log(
  `| ${runs} | ${median(seconds).toFixed(2)} | ${Math.min(...seconds).toFixed(2)}–${Math.max(...seconds).toFixed(2)} | ${median(cpuSeconds).toFixed(2)} | ≤ 15 s |`,
);
console.log(
  `\nUKdat stepwise N̂ = ${ukResult.estimate.toFixed(2)}, 95% BCa (seed 1234) = (${r0(ukResult.interval.low)}, ${r0(ukResult.interval.high)}), acceleration ${ukResult.details.bootstrap?.acceleration.toFixed(4)}\n`,
);

// 2. Intervals beside the published ones, over several seeds (Monte Carlo spread).
interface Case {
  name: string;
  data: CaptureData;
  options: EstimateOptions;
  published: string;
  seeds: number;
}
const korea = datasetCaptureData(MSE_DATASETS.Korea);
const cases: Case[] = [
  {
    name: 'Western, stepwise, 95%',
    data: datasetCaptureData(MSE_DATASETS.Western),
    options: { method: 'stepwise', level: 0.95 },
    published: '2483 (1293, 3670)',
    seeds: 5,
  },
  {
    name: 'Korea, BIC ntop=1, 80%',
    data: korea,
    options: { method: 'bic', level: 0.8 },
    published: '157 [136, 198]',
    seeds: 5,
  },
  {
    name: 'Korea, BIC ntop=1, 95%',
    data: korea,
    options: { method: 'bic', level: 0.95 },
    published: '157 [131, 248]',
    seeds: 5,
  },
  {
    name: 'Korea, BIC ntop=∞, 80%',
    data: korea,
    options: { method: 'bic', level: 0.8 },
    published: '157 [135, 288]',
    seeds: 5,
  },
  {
    name: 'Korea, BIC ntop=∞, 95%',
    data: korea,
    options: { method: 'bic', level: 0.95 },
    published: '157 [128, 349]',
    seeds: 5,
  },
];
if (full) {
  cases.push({
    name: 'UKdat_5, BIC order 2, ntop=100, 95%',
    data: datasetCaptureData(MSE_DATASETS.UKdat_5),
    options: { method: 'bic', maxOrder: 2, level: 0.95 },
    published: '22991 [11456, 43894]',
    seeds: 1,
  });
  cases.push({
    name: 'UKdat_5, BIC order 4, ntop=100, 95%',
    data: datasetCaptureData(MSE_DATASETS.UKdat_5),
    options: { method: 'bic', maxOrder: 4, level: 0.95 },
    published: '25311 [11168, 56052]',
    seeds: 1,
  });
}
if (full) {
  // Six-list minimum BIC (order 2, 32,768 models) beside the 2024 six-list "downhill" estimate.
  const { value, wallSeconds: s } = measure(() =>
    estimatePopulation(uk, { method: 'bic', maxOrder: 2 }),
  );
  console.log(
    `UKdat min BIC (order 2, 32,768 models): N̂ = ${value.estimate.toFixed(2)} ${value.details.model} in ${s.toFixed(1)} s (2024 six-list downhill: 12350)\n`,
  );
}
console.log('## BCa intervals, 1,000 replicates, beside the published values\n');
console.log(
  '| data, method | published | Jaga, seed 1234 | Jaga, range of limits over seeds 1234… | s per run |',
);
console.log('|---|---|---|---|---|');
for (const c of cases) {
  const top = c.name.includes('ntop=1,')
    ? 1
    : c.name.includes('ntop=∞')
      ? Number.POSITIVE_INFINITY
      : undefined;
  const lows: number[] = [];
  const highs: number[] = [];
  let first = '';
  let secs = 0;
  for (let k = 0; k < c.seeds; k++) {
    const { value, wallSeconds: s } = measure(() =>
      estimatePopulation(c.data, {
        ...c.options,
        bootstrap: {
          replicates: 1000,
          seed: 1234 + k,
          ...(top === undefined ? {} : { topModels: top }),
        },
      }),
    );
    secs += s;
    lows.push(value.interval.low);
    highs.push(value.interval.high ?? Number.NaN);
    if (k === 0)
      first = `${r0(value.estimate)} [${r0(value.interval.low)}, ${r0(value.interval.high)}]`;
  }
  console.log(
    `| ${c.name} | ${c.published} | ${first} | low ${r0(Math.min(...lows))}–${r0(Math.max(...lows))}, high ${r0(Math.min(...highs))}–${r0(Math.max(...highs))} (${c.seeds} seeds) | ${(secs / c.seeds).toFixed(2)} |`,
  );
}
