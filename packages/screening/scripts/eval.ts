/**
 * Evaluates the screening engine on Jaga's multilingual gold set with stratified k-fold
 * cross-validation, writes the results into docs/screening-eval.md (between the generated-section
 * markers, so re-running is idempotent) and prints a summary.
 *
 *   npm run eval -w packages/screening [-- --folds 5 --seed jaga --no-write]
 *
 * Exit codes: 0 done; 1 the gold set, the engine or the document is broken (the message says what).
 */
// Node built-ins are fine here: this script is an entry point that reads the gold set and
// writes the report, not library code that must also run in the browser.
// biome-ignore lint/style/noRestrictedImports: Node entry point (see above).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
// biome-ignore lint/style/noRestrictedImports: Node entry point (see above).
import { parseArgs } from 'node:util';
import {
  buildReport,
  crossValidate,
  renderReport,
  replaceGeneratedSection,
  type Screen,
  summarize,
} from '../src/gold/evaluate.js';
import {
  GOLD_LANGUAGES,
  type GoldItem,
  parseGoldJsonl,
  summarizeGold,
} from '../src/gold/gold-set.js';
import { GOLD_SLICES } from '../src/gold/slices.js';
import * as engine from '../src/index.js';

const goldDir = new URL('../src/gold/', import.meta.url);
const docUrl = new URL('../../../docs/screening-eval.md', import.meta.url);

const DOC_SKELETON = `# Screening evaluation

How well \`@jaga/screening\` separates scam-centre recruitment posts from legitimate job ads, measured
on Jaga's own multilingual gold set. See \`packages/screening/src/gold/PROVENANCE.md\` for how the set
was written.
`;

function fail(message: string): never {
  process.stderr.write(`eval: ${message}\n`);
  process.exit(1);
}

function loadGold(): GoldItem[] {
  const files = readdirSync(goldDir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  if (files.length === 0) fail('no gold-set files (*.jsonl) in packages/screening/src/gold/');
  const items: GoldItem[] = [];
  for (const file of files) {
    const lang = file.slice(0, -'.jsonl'.length);
    const expected = (GOLD_LANGUAGES as readonly string[]).includes(lang)
      ? (lang as GoldItem['lang'])
      : undefined;
    items.push(...parseGoldJsonl(readFileSync(new URL(file, goldDir), 'utf8'), file, expected));
  }
  summarizeGold(items);
  return items;
}

function engineScreen(): Screen {
  const screenPost = (engine as Record<string, unknown>).screenPost;
  if (typeof screenPost !== 'function') {
    fail(
      'packages/screening/src/index.ts does not export screenPost(post) yet; the evaluation needs it',
    );
  }
  return (post) => screenPost(post);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      folds: { type: 'string', default: '5' },
      seed: { type: 'string', default: 'jaga' },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const folds = Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2)
    fail(`--folds must be an integer ≥ 2, got "${values.folds}"`);
  const items = loadGold();
  const screen = engineScreen();
  // The engine has no learned part yet, so each fold's screener ignores its training items.
  // Once it gains one, train it here on `train` only.
  const predictions = await crossValidate(items, {
    folds,
    seed: values.seed,
    screenerFor: (_train) => screen,
  });
  const report = buildReport(predictions, folds, GOLD_SLICES);
  if (!values['no-write']) {
    let doc = DOC_SKELETON;
    try {
      doc = readFileSync(docUrl, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    writeFileSync(docUrl, replaceGeneratedSection(doc, renderReport(report)));
  }
  process.stdout.write(`${summarize(report)}\n`);
  if (!values['no-write']) process.stdout.write('results written to docs/screening-eval.md\n');
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
});
