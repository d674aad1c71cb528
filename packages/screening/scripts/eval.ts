/**
 * Evaluates the screening engine on Jaga's multilingual gold set with stratified k-fold
 * cross-validation, writes the results into docs/screening-eval.md (between the generated-section
 * markers, so re-running is idempotent) and prints a summary.
 *
 *   npm run eval -w packages/screening [-- --folds 5 --seed jaga --no-write]
 *
 * Exit codes: 0 done; 1 the arguments, the gold set, the engine or the document is broken (the
 * message says what). The evaluation itself lives in src/gold/run.ts; this file only does the I/O.
 */
// Node built-ins are fine here: this script is an entry point that reads the gold set and
// writes the report, not library code that must also run in the browser.
// biome-ignore lint/style/noRestrictedImports: Node entry point (see above).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
// biome-ignore lint/style/noRestrictedImports: Node entry point (see above).
import { parseArgs } from 'node:util';
import { resolveScreen, runEvaluation } from '../src/gold/run.js';
import { GOLD_SLICES } from '../src/gold/slices.js';
import * as engine from '../src/index.js';

const goldDir = new URL('../src/gold/', import.meta.url);
const docUrl = new URL('../../../docs/screening-eval.md', import.meta.url);

function readDoc(): string | undefined {
  try {
    return readFileSync(docUrl, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
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
  if (!Number.isInteger(folds) || folds < 2) {
    throw new Error(`--folds must be an integer ≥ 2, got "${values.folds}"`);
  }
  const files = readdirSync(goldDir)
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => ({ name, text: readFileSync(new URL(name, goldDir), 'utf8') }));
  const screen = resolveScreen(engine);
  const { doc, summary } = await runEvaluation({
    files,
    doc: readDoc(),
    folds,
    seed: values.seed,
    slices: GOLD_SLICES,
    // The engine has no learned part yet, so each fold's screener ignores its training posts.
    // Once it gains one, train it here on `train` only.
    screenerFor: (_train) => screen,
  });
  if (!values['no-write']) writeFileSync(docUrl, doc);
  process.stdout.write(`${summary}\n`);
  if (!values['no-write']) process.stdout.write('results written to docs/screening-eval.md\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`eval: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
