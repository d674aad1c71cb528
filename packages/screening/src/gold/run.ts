import {
  buildReport,
  crossValidate,
  EvaluationError,
  type EvaluationReport,
  renderReport,
  replaceGeneratedSection,
  type Screen,
  summarize,
} from './evaluate.js';
import {
  GOLD_LANGUAGES,
  type GoldItem,
  type GoldLanguage,
  GoldSetError,
  parseGoldJsonl,
  summarizeGold,
} from './gold-set.js';
import type { Slice } from './slices.js';

/** One gold-set file: its name (e.g. `th.jsonl`) and its text. */
export interface GoldFile {
  name: string;
  text: string;
}

/** Where the evaluation's inputs come from; the caller does the I/O. */
export interface RunEvaluationOptions {
  files: readonly GoldFile[];
  screenerFor: (train: readonly GoldItem[]) => Screen;
  /** Current text of `docs/screening-eval.md`, or `undefined` when it does not exist yet. */
  doc: string | undefined;
  folds?: number;
  seed?: string;
  slices?: readonly Slice[];
}

/** What the evaluation produced. */
export interface RunEvaluationResult {
  report: EvaluationReport;
  /** The document with its generated section replaced. */
  doc: string;
  /** A few lines for the terminal. */
  summary: string;
}

/** Start of `docs/screening-eval.md` when the file does not exist yet. */
export const DOC_SKELETON = `# Screening evaluation

How well \`@jaga/screening\` separates scam-centre recruitment posts from legitimate job ads, measured
on Jaga's own multilingual gold set (see \`packages/screening/src/gold/PROVENANCE.md\`).

## Results
`;

/**
 * Parses every `*.jsonl` gold file (a file named after a gold language must hold only that
 * language) and checks ids are unique across files.
 *
 * @throws GoldSetError listing every problem, or when there are no gold files
 * @example
 * const items = loadGoldFiles([{ name: 'en.jsonl', text }]);
 */
export function loadGoldFiles(files: readonly GoldFile[]): GoldItem[] {
  const gold = files.filter((f) => f.name.endsWith('.jsonl'));
  if (gold.length === 0) {
    throw new GoldSetError([
      'no gold-set files (*.jsonl) found; add one JSON Lines file per language',
    ]);
  }
  const items: GoldItem[] = [];
  const problems: string[] = [];
  for (const file of [...gold].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const stem = file.name.slice(0, -'.jsonl'.length);
    const expected = (GOLD_LANGUAGES as readonly string[]).includes(stem)
      ? (stem as GoldLanguage)
      : undefined;
    try {
      items.push(...parseGoldJsonl(file.text, file.name, expected));
    } catch (error) {
      if (!(error instanceof GoldSetError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new GoldSetError(problems);
  summarizeGold(items);
  return items;
}

/**
 * Finds the engine's `screenPost` in a module namespace, so the evaluation can say clearly when the
 * engine's public API does not provide it.
 *
 * @throws EvaluationError when `screenPost` is missing or not a function
 * @example
 * const screen = resolveScreen(await import('../index.js'));
 */
export function resolveScreen(api: Readonly<Record<string, unknown>>): Screen {
  const screenPost = api.screenPost;
  if (typeof screenPost !== 'function') {
    throw new EvaluationError(
      "the screening package's public API (src/index.ts) does not export a screenPost(post) function; the evaluation needs it",
    );
  }
  return (post) => screenPost(post);
}

/**
 * Loads the gold set, cross-validates the engine on it, and returns the report, the updated
 * document and a terminal summary. Pure: the caller reads the files and writes the document.
 *
 * @throws GoldSetError for a malformed gold set; EvaluationError for a misbehaving engine
 * @example
 * const { doc, summary } = await runEvaluation({ files, doc: current, screenerFor: () => screen });
 */
export async function runEvaluation(options: RunEvaluationOptions): Promise<RunEvaluationResult> {
  const folds = options.folds ?? 5;
  const items = loadGoldFiles(options.files);
  const predictions = await crossValidate(items, {
    folds,
    screenerFor: options.screenerFor,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const report = buildReport(predictions, folds, options.slices ?? []);
  return {
    report,
    doc: replaceGeneratedSection(options.doc ?? DOC_SKELETON, renderReport(report)),
    summary: summarize(report),
  };
}
