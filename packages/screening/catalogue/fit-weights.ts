/**
 * Fits the catalogue's indicator weights and bias to the gold set with `fitCatalogue` (a maximum a
 * posteriori logistic model whose prior is the hand-set weights in indicators.yaml) and writes
 * catalogue/weights.yaml, which the catalogue build applies.
 *
 *   npm run fit -w packages/screening [-- --folds 5 --lambda 2 --no-write]
 *   npm run catalogue -w packages/screening      # then rebuild the generated module
 *
 * Before fitting on every gold post it reports out-of-fold recall and false-positive rate at
 * several thresholds (k-fold, stratified by language and label, fixed seed): each fold's weights
 * are fitted on the other folds only, so the figures are for posts the fit did not see.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  createScreener,
  defaultCatalogue,
  defaultThresholds,
  fitCatalogue,
  type LabelledPost,
  type Post,
} from '../src/index.js';

const { values } = parseArgs({
  options: {
    folds: { type: 'string', default: '5' },
    lambda: { type: 'string', default: '2' },
    'no-write': { type: 'boolean', default: false },
  },
});
const folds = Number(values.folds);
const lambda = Number(values.lambda);
const print = (line: string) => process.stdout.write(`${line}\n`);

interface GoldPost extends LabelledPost {
  readonly id: string;
  readonly lang: string;
}

const goldDir = new URL('../src/gold/', import.meta.url);
const gold: GoldPost[] = [];
for (const file of readdirSync(goldDir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()) {
  for (const line of readFileSync(new URL(file, goldDir), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const item = JSON.parse(line) as Post & { id: string; lang: string; label: string };
    const post: Post = { id: item.id, text: item.text, title: item.title, location: item.location };
    gold.push({ id: item.id, lang: item.lang, post, risky: item.label === 'risk' });
  }
}

// Stratified folds with a fixed shuffle (a small LCG keeps the script dependency-free).
let seed = 20261122;
const random = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const strata = new Map<string, GoldPost[]>();
for (const item of gold) {
  const key = `${item.lang}/${item.risky}`;
  strata.set(key, [...(strata.get(key) ?? []), item]);
}
const foldOf = new Map<string, number>();
for (const members of strata.values()) {
  const shuffled = members.map((m) => [random(), m] as const).sort((a, b) => a[0] - b[0]);
  shuffled.forEach(([, m], i) => {
    foldOf.set(m.id, i % folds);
  });
}

const outOfFold: Array<readonly [number, GoldPost]> = [];
for (let k = 0; k < folds; k++) {
  const fitted = fitCatalogue(
    gold.filter((g) => foldOf.get(g.id) !== k),
    { lambda },
  );
  const screener = createScreener({ catalogue: fitted });
  for (const item of gold.filter((g) => foldOf.get(g.id) === k)) {
    try {
      outOfFold.push([screener.screen(item.post).risk, item]);
    } catch {
      outOfFold.push([0, item]);
    }
  }
}
const risky = outOfFold.filter(([, i]) => i.risky).length;
const legit = outOfFold.length - risky;
const at = (threshold: number) => {
  const flagged = outOfFold.filter(([p]) => p >= threshold);
  const tp = flagged.filter(([, i]) => i.risky).length;
  return { recall: tp / risky, flaggedLegit: (flagged.length - tp) / legit };
};
const summary = (threshold: number) => {
  const r = at(threshold);
  return `recall ${r.recall.toFixed(3)}, legit posts flagged ${r.flaggedLegit.toFixed(3)}`;
};
print(
  `${gold.length} gold posts (${risky} risky, ${legit} legitimate), ${folds}-fold, lambda ${lambda}`,
);
print(
  `out of fold at the default label threshold ${defaultThresholds.label}: ${summary(defaultThresholds.label)}`,
);
for (const threshold of [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) {
  print(`  threshold ${threshold}: ${summary(threshold)}`);
}

const model = fitCatalogue(gold, { lambda });
const lines = [
  '# Indicator weights and bias fitted to the gold set by catalogue/fit-weights.ts (fitCatalogue: a',
  '# MAP logistic model with the hand-set weights in indicators.yaml as prior). Generated: do not',
  '# edit by hand; re-run `npm run fit -w packages/screening` after changing the catalogue or the',
  '# gold set, then `npm run catalogue -w packages/screening`.',
  `version: ${defaultCatalogue.version.split('+')[0]}`,
  `goldPosts: ${gold.length}`,
  `lambda: ${lambda}`,
  `outOfFold: "${summary(defaultThresholds.label)} at threshold ${defaultThresholds.label} (${folds}-fold)"`,
  `bias: ${model.bias}`,
  'weights:',
  ...model.indicators.map((i) => `  ${i.code}: ${i.weight}`),
  '',
];
if (!values['no-write'])
  writeFileSync(new URL('./weights.yaml', import.meta.url), lines.join('\n'));
print(
  `fitted on all posts: bias ${model.bias}; weights in catalogue/weights.yaml${values['no-write'] ? ' (not written)' : ''}`,
);
