/**
 * Evaluates the screening engine on Jaga's multilingual gold set with stratified k-fold
 * cross-validation, writes the results into docs/screening-eval.md (between the generated-section
 * markers, so re-running is idempotent) and prints a summary.
 *
 *   npm run eval -w packages/screening [-- --folds 5 --seed jaga --no-write]
 *   npm run eval -w packages/screening -- --held-out PATH [--held-out PATH …]
 *   npm run eval -w packages/screening -- --labels FILE.jsonl [--labels FILE2.jsonl …]
 *
 * --held-out screens posts kept outside the repository (JSON Lines files in the gold-set format, or
 * folders of them) once with the shipped engine and prints the measures; it writes nothing.
 *
 * --labels reads moderators' decisions exported by a hub (GET /api/v1/moderation/labels), screens
 * those posts again with the shipped engine and writes the field numbers into their own section of
 * the document, apart from the gold-set results (the labelled posts never enter the folds).
 *
 * Exit codes: 0 done; 1 the arguments, the gold set, the engine or the document is broken (the
 * message says what); 2 done, but some label lines were malformed and skipped (each named on
 * stderr as file:line). The evaluation itself lives in src/gold/run.ts; this file only does the I/O.
 */
// Node built-ins are fine here: this script is an entry point that reads the gold set and
// writes the report, not library code that must also run in the browser.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PostInput, Screen } from '../src/gold/evaluate.js';
import type { GoldItem } from '../src/gold/gold-set.js';
import {
  type Configuration,
  type GoldFile,
  resolveScreen,
  runEvaluation,
  runHeldOut,
} from '../src/gold/run.js';
import {
  evaluateFieldLabels,
  type FieldLabel,
  mergeFieldLabels,
  parseFieldLabels,
  renderFieldReport,
  replaceFieldSection,
  summarizeFieldReport,
} from '../src/gold/field-labels.js';
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

type Fit = (examples: readonly { post: PostInput; risky: boolean }[]) => unknown;
type CreateScreener = (options: { catalogue: unknown }) => { screen: Screen };

/**
 * The engine configurations to compare, on the same folds:
 * - "refitted per fold", when the engine exports fitCatalogue: weights fitted on each fold's
 *   training posts only, then tested on the held-out fold (out-of-sample);
 * - "shipped": the engine as released. A catalogue whose version carries "+fit." had its weights
 *   fitted on gold posts, so on those posts its numbers are in-sample;
 * - "hand-set weights": the rules with the catalogue's weights before any fitting.
 */
async function configurations(): Promise<Configuration[]> {
  const api = engine as unknown as Record<string, unknown>;
  const shipped = resolveScreen(api);
  const version = String(
    (api.defaultCatalogue as { version?: unknown } | undefined)?.version ?? '',
  );
  const fitted = version.includes('+fit.');
  const fit = api.fitCatalogue as Fit | undefined;
  const createScreener = api.createScreener as CreateScreener | undefined;
  const list: Configuration[] = [];
  if (typeof fit === 'function' && typeof createScreener === 'function') {
    list.push({
      name: 'refitted per fold',
      note: "weights fitted by fitCatalogue on each fold's training posts only, tested on the held-out fold (out-of-sample)",
      screenerFor: (train) => {
        const catalogue = fit(
          train.map((item) => ({ post: toPost(item), risky: item.label === 'risk' })),
        );
        const screener = createScreener({ catalogue });
        return (post) => screener.screen(post);
      },
    });
  }
  list.push({
    name: 'shipped',
    note: fitted
      ? `catalogue ${version}: weights fitted on ${version.split('+fit.')[1] ?? 'the'} gold posts, so results on those posts are in-sample and optimistic`
      : `catalogue ${version || '(unversioned)'}: hand-set, not fitted to the gold set`,
    // Every fold screens with the released weights; see the note.
    screenerFor: (_train) => shipped,
  });
  if (fitted) {
    const prior = await handSetScreen();
    if (prior !== undefined) {
      list.push({
        name: 'hand-set weights',
        note: 'catalogue weights before fitting (nothing learned, so no fold can leak into its own training)',
        screenerFor: (_train) => prior,
      });
    }
  }
  return list;
}

/** The post as the engine sees it: never the gold label or language. */
function toPost(item: GoldItem): PostInput {
  const post: PostInput = { id: item.id, text: item.text };
  if (item.title !== undefined) post.title = item.title;
  if (item.location !== undefined) post.location = item.location;
  return post;
}

async function handSetScreen(): Promise<Screen | undefined> {
  try {
    const build = (await import(new URL('../catalogue/build.mjs', import.meta.url).href)) as {
      loadCatalogueSources?: (dir?: string, options?: { fitted: boolean }) => unknown;
    };
    const createScreener = (engine as unknown as Record<string, unknown>).createScreener as
      ((options: { catalogue: unknown }) => { screen: Screen }) | undefined;
    if (typeof build.loadCatalogueSources !== 'function' || typeof createScreener !== 'function') {
      return undefined;
    }
    const screener = createScreener({
      catalogue: build.loadCatalogueSources(undefined, { fitted: false }),
    });
    return (post) => screener.screen(post);
  } catch (error) {
    process.stderr.write(
      `eval: skipping the hand-set-weights configuration (${error instanceof Error ? error.message : String(error)})\n`,
    );
    return undefined;
  }
}

/** Reads JSON Lines files, or every *.jsonl file in a folder, relative to where npm was run. */
function readHeldOut(paths: readonly string[]): GoldFile[] {
  const base = process.env.INIT_CWD ?? process.cwd();
  return paths.flatMap((p) => {
    const path = resolve(base, p);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      throw new Error(`--held-out ${p}: no such file or folder (looked at ${path})`);
    }
    const files = isDirectory
      ? readdirSync(path)
          .filter((name) => name.endsWith('.jsonl'))
          .map((name) => join(path, name))
      : [path];
    if (files.length === 0) throw new Error(`--held-out ${p}: the folder holds no *.jsonl files`);
    return files.map((file) => ({ name: basename(file), text: readFileSync(file, 'utf8') }));
  });
}

/** Label exports as read: every good label, one problem per bad line, the file names. */
interface LabelInput {
  labels: FieldLabel[];
  problems: string[];
  names: string[];
}

/** Reads label exports relative to where npm was run; a bad line is reported, not fatal. */
function readLabels(paths: readonly string[]): LabelInput {
  const base = process.env.INIT_CWD ?? process.cwd();
  const input: LabelInput = { labels: [], problems: [], names: [] };
  for (const p of paths) {
    const path = resolve(base, p);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(
        code === 'ENOENT'
          ? `--labels ${p}: no such file (looked at ${path}); export one with GET /api/v1/moderation/labels`
          : code === 'EISDIR'
            ? `--labels ${p}: is a folder; give each label export file with its own --labels`
            : `--labels ${p}: cannot read it (${code ?? String(error)})`,
        { cause: error },
      );
    }
    const parsed = parseFieldLabels(text, p);
    input.labels.push(...parsed.labels);
    input.problems.push(...parsed.problems);
    input.names.push(basename(path));
  }
  return input;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      folds: { type: 'string', default: '5' },
      seed: { type: 'string', default: 'jaga' },
      'no-write': { type: 'boolean', default: false },
      'held-out': { type: 'string', multiple: true },
      labels: { type: 'string', multiple: true },
    },
  });
  if (values['held-out'] !== undefined && values.labels !== undefined) {
    throw new Error(
      '--held-out and --labels are separate runs: --held-out writes nothing, --labels writes the field section',
    );
  }
  if (values['held-out'] !== undefined) {
    const { summary } = await runHeldOut({
      files: readHeldOut(values['held-out']),
      screen: resolveScreen(engine as unknown as Record<string, unknown>),
      slices: GOLD_SLICES,
    });
    process.stdout.write(`[held-out, shipped engine] ${summary.replace(/^all: /, '')}\n`);
    return;
  }
  const folds = Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2) {
    throw new Error(`--folds must be an integer ≥ 2, got "${values.folds}"`);
  }
  // Label files are read (and their bad lines reported) before the longer gold-set run.
  const labelInput = values.labels === undefined ? undefined : readLabels(values.labels);
  for (const problem of labelInput?.problems ?? []) process.stderr.write(`${problem}\n`);
  if (labelInput !== undefined && labelInput.labels.length === 0) {
    // Nothing to count: stop before the gold-set run rather than after it.
    const bad = labelInput.problems.length;
    process.stderr.write(
      `eval: --labels ${labelInput.names.join(', ')}: no labelled post to evaluate${bad > 0 ? ` (${bad} malformed line${bad === 1 ? '' : 's'} skipped, listed above)` : ' (the export is empty: has anyone confirmed or dismissed a flagged post yet?)'}; nothing written\n`,
    );
    process.exitCode = bad > 0 ? 2 : 1;
    return;
  }
  const files = readdirSync(goldDir)
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => ({ name, text: readFileSync(new URL(name, goldDir), 'utf8') }));
  const { doc, summary } = await runEvaluation({
    files,
    doc: readDoc(),
    folds,
    seed: values.seed,
    slices: GOLD_SLICES,
    configurations: await configurations(),
  });
  let output = doc;
  let fieldSummary: string | undefined;
  if (labelInput !== undefined) {
    const { labels, duplicates } = mergeFieldLabels(labelInput.labels);
    // The labelled posts are screened apart from the gold set and never join its folds.
    const report = await evaluateFieldLabels(
      labels,
      resolveScreen(engine as unknown as Record<string, unknown>),
    );
    output = replaceFieldSection(
      output,
      renderFieldReport(report, {
        files: labelInput.names,
        duplicates: duplicates.length,
        skipped: labelInput.problems.length,
        catalogueVersion: engine.defaultCatalogue.version,
      }),
    );
    fieldSummary = summarizeFieldReport(report, duplicates);
  }
  if (!values['no-write']) writeFileSync(docUrl, output);
  process.stdout.write(`${summary}\n`);
  if (fieldSummary !== undefined) process.stdout.write(`${fieldSummary}\n`);
  if (!values['no-write']) process.stdout.write('results written to docs/screening-eval.md\n');
  if (labelInput !== undefined && labelInput.problems.length > 0) {
    process.stderr.write(
      `eval: ${labelInput.problems.length} malformed label line${labelInput.problems.length === 1 ? '' : 's'} skipped (listed above); fix or remove them and run again\n`,
    );
    process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`eval: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
