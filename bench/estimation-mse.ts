// Multiple systems estimation benchmark: time of stepwise selection + 1,000-replicate BCa on the
// UK 2013 data (target ≤ 15 s on one core), and BCa intervals beside the published ones. The
// bootstrap draws R's resamples (set.seed(1234)), so the seed-1234 limits are R's limits.
//
//   npx tsx --conditions=jaga-source bench/estimation-mse.ts --speed  # the UK timing only, ~30 s
//   npx tsx --conditions=jaga-source bench/estimation-mse.ts          # + Western and Korea, ~1 minute
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
const speedOnly = process.argv.includes('--speed');
const runs = 5;

const r0 = (x: number | null) => (x === null ? '∞' : Math.round(x).toString());
const r2 = (x: number | null) => (x === null ? '∞' : x.toFixed(2));

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

if (speedOnly) process.exit(0);

// 2. Intervals beside the published ones (R, set.seed(1234), 1,000 replicates).
interface Case {
  name: string;
  data: CaptureData;
  options: EstimateOptions;
  topModels?: number;
  published: string;
}
const korea = datasetCaptureData(MSE_DATASETS.Korea);
const cases: Case[] = [
  {
    name: 'Western, stepwise, 95%',
    data: datasetCaptureData(MSE_DATASETS.Western),
    options: { method: 'stepwise', level: 0.95 },
    published: '2483 (1293, 3670)',
  },
  ...([1, Number.POSITIVE_INFINITY] as const).flatMap((top) =>
    ([0.8, 0.95] as const).map((level) => ({
      name: `Korea, BIC ntop=${top === 1 ? 1 : '∞'}, ${level * 100}%`,
      data: korea,
      options: { method: 'bic', level } as EstimateOptions,
      topModels: top,
      published: (
        {
          '1-0.8': '157 [136, 198]',
          '1-0.95': '157 [131, 248]',
          'Infinity-0.8': '157 [135, 288]',
          'Infinity-0.95': '157 [128, 349]',
        } as Record<string, string>
      )[`${top}-${level}`] as string,
    })),
  ),
];
if (full) {
  const uk5 = datasetCaptureData(MSE_DATASETS.UKdat_5);
  cases.push(
    {
      name: 'UKdat_5, BIC order 2, ntop=100, 95%',
      data: uk5,
      options: { method: 'bic', maxOrder: 2, level: 0.95 },
      published: '22991 [11456, 43894] (all models)',
    },
    {
      name: 'UKdat_5, BIC order 2, all models, 95%',
      data: uk5,
      options: { method: 'bic', maxOrder: 2, level: 0.95 },
      topModels: Number.POSITIVE_INFINITY,
      published: '22991 [11456, 43894]',
    },
    {
      name: 'UKdat_5, BIC order 4, ntop=100, 95%',
      data: uk5,
      options: { method: 'bic', maxOrder: 4, level: 0.95 },
      published: '25311 [11168, 56052] (all models)',
    },
  );
  // Six-list minimum BIC (order 2, 32,768 models) beside the 2024 six-list "downhill" estimate.
  const { value, wallSeconds: s } = measure(() =>
    estimatePopulation(uk, { method: 'bic', maxOrder: 2 }),
  );
  console.log(
    `UKdat min BIC (order 2, 32,768 models): N̂ = ${value.estimate.toFixed(2)} ${value.details.model} in ${s.toFixed(1)} s (2024 six-list downhill: 12350)\n`,
  );
}
console.log('## BCa intervals, 1,000 replicates, seed 1234, beside the published R values\n');
console.log('| data, method | published (R) | Jaga, seed 1234 | failed replicates | s per run |');
console.log('|---|---|---|---|---|');
for (const c of cases) {
  const { value, wallSeconds: s } = measure(() =>
    estimatePopulation(c.data, {
      ...c.options,
      bootstrap: {
        replicates: 1000,
        seed: 1234,
        ...(c.topModels === undefined ? {} : { topModels: c.topModels }),
      },
    }),
  );
  console.log(
    `| ${c.name} | ${c.published} | ${r2(value.estimate)} [${r2(value.interval.low)}, ${r2(value.interval.high)}] | ${value.details.bootstrap?.failed ?? 0} | ${s.toFixed(1)} |`,
  );
}
