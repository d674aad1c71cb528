import {
  buildReport,
  type ConfigurationReport,
  crossValidate,
  EvaluationError,
  type EvaluationReport,
  renderConfigurations,
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

/** How to screen a held-out set once, with no cross-validation. */
export interface HeldOutOptions {
  files: readonly GoldFile[];
  screen: Screen;
  slices?: readonly Slice[];
}

/** One gold-set file: its name (e.g. `th.jsonl`) and its text. */
export interface GoldFile {
  name: string;
  text: string;
}

/** One way of running the engine, evaluated with the same folds as the others. */
export interface Configuration {
  name: string;
  /** How its weights were set; shown in the report so in-sample numbers are never mistaken. */
  note: string;
  /** Builds the screener for one fold; a learned part must be trained on `train` only. */
  screenerFor: (train: readonly GoldItem[]) => Screen;
}

/** Where the evaluation's inputs come from; the caller does the I/O. */
export interface RunEvaluationOptions {
  files: readonly GoldFile[];
  /** The first configuration gets the full report; the others a row in the comparison table. */
  configurations: readonly Configuration[];
  /** Current text of `docs/screening-eval.md`, or `undefined` when it does not exist yet. */
  doc: string | undefined;
  folds?: number;
  seed?: string;
  slices?: readonly Slice[];
}

/** What the evaluation produced. */
export interface RunEvaluationResult {
  /** The first configuration's report. */
  report: EvaluationReport;
  configurations: ConfigurationReport[];
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
 * Loads the gold set, cross-validates every configuration on the same folds, and returns the
 * reports, the updated document and a terminal summary. Pure: the caller reads the files and
 * writes the document.
 *
 * @throws GoldSetError for a malformed gold set; EvaluationError for a misbehaving engine or no
 *   configuration
 * @example
 * const { doc, summary } = await runEvaluation({
 *   files, doc: current, configurations: [{ name: 'shipped', note: 'as released', screenerFor: () => screen }],
 * });
 */
export async function runEvaluation(options: RunEvaluationOptions): Promise<RunEvaluationResult> {
  const [primary] = options.configurations;
  if (primary === undefined) {
    throw new EvaluationError('runEvaluation needs at least one engine configuration');
  }
  const folds = options.folds ?? 5;
  const items = loadGoldFiles(options.files);
  const configurations: ConfigurationReport[] = [];
  for (const configuration of options.configurations) {
    const predictions = await crossValidate(items, {
      folds,
      screenerFor: configuration.screenerFor,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
    configurations.push({
      name: configuration.name,
      note: configuration.note,
      report: buildReport(predictions, folds, options.slices ?? []),
    });
  }
  const report = configurations[0]?.report as EvaluationReport;
  const generated = [
    `Engine configurations, all on the same ${folds} folds; the rest of this section details the first (\`${primary.name}\`). The issue's targets are meant for posts the team has not seen: see Method for why numbers on this gold set are optimistic.`,
    '',
    renderConfigurations(configurations),
    '',
    renderReport(report),
  ].join('\n');
  const summary = configurations
    .map((c) => `[${c.name}] ${summarize(c.report).replace(/^all: /, '')}`)
    .join('\n');
  return {
    report,
    configurations,
    doc: replaceGeneratedSection(options.doc ?? DOC_SKELETON, generated),
    summary,
  };
}

/**
 * Screens a held-out set (posts the engine's authors have not seen, kept outside the repository)
 * once with the engine as shipped, and reports the same measures as the cross-validation. Nothing
 * is fitted or written, so the held-out posts stay unseen.
 *
 * @throws GoldSetError for malformed files; EvaluationError for a misbehaving engine
 * @example
 * const { summary } = await runHeldOut({ files, screen });
 */
export async function runHeldOut(
  options: HeldOutOptions,
): Promise<{ report: EvaluationReport; summary: string }> {
  const items = loadGoldFiles(options.files);
  // One "fold" holding every post: the screener is built from no training posts at all.
  const predictions = await crossValidate(items, {
    folds: 1,
    screenerFor: () => options.screen,
  });
  const report = buildReport(predictions, 1, options.slices ?? []);
  const misses = [
    `missed risk posts (${report.falseNegatives.length}): ${report.falseNegatives.join(', ') || 'none'}`,
    `legitimate posts not allowed (${report.falsePositives.length}): ${report.falsePositives.join(', ') || 'none'}`,
  ];
  return { report, summary: [summarize(report), ...misses].join('\n') };
}
