/**
 * Fits the catalogue's indicator weights and bias to the gold set, as a maximum a posteriori
 * logistic model: the hand-set weights in indicators.yaml are the prior (Gaussian, one shared
 * strength), the model is the engine's own scoring (group damping included) and every weight keeps
 * its prior's sign, so a weight stays a readable "how much this red flag adds".
 *
 *   npm run fit -w packages/screening [-- --folds 5 --lambda 2 --no-write]
 *
 * It first reports out-of-fold recall and false-positive rate (k-fold, stratified by language and
 * label, fixed seed) so the fit is judged on posts it did not see, then fits on all gold posts and
 * writes catalogue/weights.yaml; run `npm run catalogue` afterwards to rebuild the module.
 */
// biome-ignore lint/style/noRestrictedImports: build-time script, not part of the package.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
// biome-ignore lint/style/noRestrictedImports: build-time script, not part of the package.
import { parseArgs } from 'node:util';
import { type Catalogue, createScreener, defaultThresholds } from '../src/index.js';

interface Item {
  readonly id: string;
  readonly lang: string;
  readonly risk: boolean;
  readonly features: readonly number[];
}

const { values } = parseArgs({
  options: {
    folds: { type: 'string', default: '5' },
    lambda: { type: 'string', default: '2' },
    'no-write': { type: 'boolean', default: false },
  },
});
const folds = Number(values.folds);
const print = (line: string) => process.stdout.write(`${line}\n`);
const lambda = Number(values.lambda);

const goldDir = new URL('../src/gold/', import.meta.url);
const weightsFile = new URL('./weights.yaml', import.meta.url);

// Screen and start from the hand-set prior weights (weights.yaml is what this script writes).
const { loadCatalogueSources } = (await import('./build.mjs')) as {
  loadCatalogueSources(dir?: string, options?: { fitted: boolean }): Catalogue;
};
const priorCatalogue = loadCatalogueSources(undefined, { fitted: false });
const screener = createScreener({ catalogue: priorCatalogue });
const catalogue = screener.catalogue;
const priorBias = catalogue.bias;
const codes = catalogue.indicators.map((i) => i.code);
const groups = catalogue.indicators.map((i) => i.group);
const prior = catalogue.indicators.map((i) => i.weight);

const items: Item[] = [];
for (const file of readdirSync(goldDir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()) {
  for (const line of readFileSync(new URL(file, goldDir), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const post = JSON.parse(line) as {
      id: string;
      lang: string;
      label: string;
      text: string;
      title?: string;
      location?: string;
    };
    const result = screener.screen({
      id: post.id,
      text: post.text,
      title: post.title,
      location: post.location,
    });
    items.push({
      id: post.id,
      lang: post.lang,
      risk: post.label === 'risk',
      features: result.indicators.map((hit) => codes.indexOf(hit.code)),
    });
  }
}

function logit(
  weights: readonly number[],
  bias: number,
  features: readonly number[],
  damping: number,
): [number, Map<number, number>] {
  const byGroup = new Map<string, number[]>();
  for (const f of features)
    byGroup.set(groups[f] as string, [...(byGroup.get(groups[f] as string) ?? []), f]);
  let z = bias;
  const grad = new Map<number, number>();
  for (const members of byGroup.values()) {
    members.sort((a, b) => Math.abs(weights[b] as number) - Math.abs(weights[a] as number));
    members.forEach((f, rank) => {
      const factor = rank === 0 ? 1 : damping;
      z += (weights[f] as number) * factor;
      grad.set(f, factor);
    });
  }
  return [z, grad];
}

function fit(train: readonly Item[]): { weights: number[]; bias: number } {
  const weights = [...prior];
  let bias = priorBias;
  const rate = 0.05;
  for (let step = 0; step < 1500; step++) {
    const gw = new Array<number>(weights.length).fill(0);
    let gb = 0;
    for (const item of train) {
      const [z, grad] = logit(weights, bias, item.features, catalogue.groupDamping);
      const p = 1 / (1 + Math.exp(-z));
      const err = p - (item.risk ? 1 : 0);
      gb += err;
      for (const [f, factor] of grad) gw[f] = (gw[f] as number) + err * factor;
    }
    for (let i = 0; i < weights.length; i++) {
      const g =
        ((gw[i] as number) + 2 * lambda * ((weights[i] as number) - (prior[i] as number))) /
        train.length;
      let w = (weights[i] as number) - rate * 10 * g;
      // Keep each weight's sign: a red flag never becomes reassuring, nor the reverse.
      if ((prior[i] as number) > 0) w = Math.max(0.05, w);
      else w = Math.min(-0.05, w);
      weights[i] = w;
    }
    bias -= (rate * 10 * gb) / train.length;
  }
  return { weights, bias };
}

function evaluate(test: readonly Item[], model: { weights: number[]; bias: number }) {
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let tn = 0;
  for (const item of test) {
    const [z] = logit(model.weights, model.bias, item.features, catalogue.groupDamping);
    const flagged = 1 / (1 + Math.exp(-z)) >= defaultThresholds.label;
    if (item.risk) flagged ? tp++ : fn++;
    else flagged ? fp++ : tn++;
  }
  return { tp, fn, fp, tn };
}

// Stratified folds with a fixed shuffle (a tiny LCG keeps the script dependency-free).
let seed = 20261122;
const random = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const strata = new Map<string, Item[]>();
for (const item of items) {
  const key = `${item.lang}/${item.risk}`;
  strata.set(key, [...(strata.get(key) ?? []), item]);
}
const foldOf = new Map<string, number>();
for (const members of strata.values()) {
  const shuffled = members.map((m) => [random(), m] as const).sort((a, b) => a[0] - b[0]);
  shuffled.forEach(([, m], i) => {
    foldOf.set(m.id, i % folds);
  });
}

const outOfFold: Array<readonly [number, Item]> = [];
const totals = { tp: 0, fn: 0, fp: 0, tn: 0 };
const priorTotals = { tp: 0, fn: 0, fp: 0, tn: 0 };
for (let k = 0; k < folds; k++) {
  const train = items.filter((i) => foldOf.get(i.id) !== k);
  const test = items.filter((i) => foldOf.get(i.id) === k);
  const foldModel = fit(train);
  for (const item of test) {
    const [z] = logit(foldModel.weights, foldModel.bias, item.features, catalogue.groupDamping);
    outOfFold.push([1 / (1 + Math.exp(-z)), item]);
  }
  const r = evaluate(test, foldModel);
  const p = evaluate(test, { weights: [...prior], bias: priorBias });
  for (const key of ['tp', 'fn', 'fp', 'tn'] as const) {
    totals[key] += r[key];
    priorTotals[key] += p[key];
  }
}
const report = (t: typeof totals) =>
  `recall ${(t.tp / (t.tp + t.fn)).toFixed(3)}, legit posts not allowed ${(t.fp / (t.fp + t.tn)).toFixed(3)}`;
print(
  `${items.length} gold posts, ${folds}-fold, lambda ${lambda}, label threshold ${defaultThresholds.label}`,
);
print(`prior weights:  ${report(priorTotals)}`);
print(`fitted (out of fold): ${report(totals)}`);

// Out-of-fold operating points, to choose decision thresholds from.
for (const threshold of [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) {
  const flagged = outOfFold.filter(([p]) => p >= threshold);
  const risky = outOfFold.filter(([, i]) => i.risk).length;
  const legit = outOfFold.length - risky;
  const tp = flagged.filter(([, i]) => i.risk).length;
  print(
    `  threshold ${threshold}: recall ${(tp / risky).toFixed(3)}, legit flagged ${((flagged.length - tp) / legit).toFixed(3)}`,
  );
}
if (process.env.FIT_VERBOSE) {
  for (const [p, item] of outOfFold.sort((a, b) => a[0] - b[0])) {
    if (item.risk ? p < 0.5 : p >= 0.5)
      print(
        `${item.risk ? 'MISS' : 'FP  '} ${p.toFixed(2)} ${item.id} ${item.features.map((f) => codes[f]).join(',')}`,
      );
  }
}

const model = fit(items);
const lines = [
  '# Indicator weights and bias fitted to the gold set by catalogue/fit-weights.ts (MAP logistic',
  '# model with the hand-set weights in indicators.yaml as prior). Generated: do not edit by hand;',
  '# re-run `npm run fit -w packages/screening` after changing the catalogue or the gold set.',
  `version: ${catalogue.version}`,
  `goldPosts: ${items.length}`,
  `lambda: ${lambda}`,
  `outOfFold: "${report(totals)} (${folds}-fold)"`,
  `bias: ${model.bias.toFixed(3)}`,
  'weights:',
  ...codes.map((code, i) => `  ${code}: ${(model.weights[i] as number).toFixed(3)}`),
  '',
];
if (!values['no-write']) writeFileSync(weightsFile, lines.join('\n'));
print(lines.slice(7, 9).join('\n'));
for (let i = 0; i < codes.length; i++) {
  print(
    `  ${codes[i]}: ${(prior[i] as number).toFixed(2)} -> ${(model.weights[i] as number).toFixed(2)}`,
  );
}
