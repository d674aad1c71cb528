import { stratifiedFolds } from './folds.js';
import { GOLD_LANGUAGES, type GoldItem } from './gold-set.js';
import {
  averagePrecision,
  type Confusion,
  confusion,
  f1,
  falsePositiveRate,
  precision,
  type RelativeRisk,
  recall,
  relativeRisk,
} from './metrics.js';
import type { Slice } from './slices.js';

/** The engine's decisions, from least to most severe. */
export const DECISIONS = ['allow', 'label', 'review', 'remove'] as const;

/** A screening decision. */
export type Decision = (typeof DECISIONS)[number];

/** The part of the engine's result the evaluation reads. */
export interface ScreeningOutcome {
  risk: number;
  decision: Decision;
  language: string;
  indicators: readonly { code: string }[];
}

/** What the engine is given: never the gold label or language. */
export interface PostInput {
  id: string;
  text: string;
  title?: string;
  location?: string;
}

/** Screens one post. */
export type Screen = (post: PostInput) => ScreeningOutcome | Promise<ScreeningOutcome>;

/** How to run the cross-validated evaluation. */
export interface EvaluateOptions {
  /** Number of stratified folds (language × label). Default 5; 1 screens a held-out set once. */
  folds?: number;
  /** Seed of the fold assignment. Default `"jaga"`. */
  seed?: string;
  /**
   * Builds the screener used on one fold from that fold's training items. An engine with a learned
   * part must be trained on these only; a rule-only engine ignores them.
   */
  screenerFor: (train: readonly GoldItem[]) => Screen;
}

/** One out-of-fold prediction. */
export interface Prediction {
  item: GoldItem;
  fold: number;
  outcome: ScreeningOutcome;
}

/** Thrown when the engine returns something the evaluation cannot read. */
export class EvaluationError extends Error {
  override readonly name = 'EvaluationError';
}

function checkOutcome(id: string, value: unknown): ScreeningOutcome {
  const fail = (what: string): never => {
    throw new EvaluationError(`engine result for gold post "${id}": ${what}`);
  };
  if (typeof value !== 'object' || value === null) return fail('is not an object');
  const v = value as Record<string, unknown>;
  if (typeof v.risk !== 'number' || !(v.risk >= 0 && v.risk <= 1)) {
    fail(`risk must be a number in [0, 1], got ${String(v.risk)}`);
  }
  if (!DECISIONS.includes(v.decision as Decision)) {
    fail(`decision must be one of ${DECISIONS.join(', ')}, got ${String(v.decision)}`);
  }
  if (typeof v.language !== 'string') fail('language must be a string');
  if (
    !Array.isArray(v.indicators) ||
    !v.indicators.every(
      (i: unknown) =>
        typeof i === 'object' && i !== null && typeof (i as { code?: unknown }).code === 'string',
    )
  ) {
    fail('indicators must be an array of objects with a string "code"');
  }
  return value as ScreeningOutcome;
}

/**
 * Runs stratified k-fold cross-validation: for each fold, builds a screener from the other folds
 * and screens the held-out posts. Every gold post is predicted exactly once, by a screener that did
 * not see it. Predictions come back in the order of `items`.
 *
 * @throws EvaluationError when the engine throws or returns a malformed result (names the post)
 * @example
 * const predictions = await crossValidate(items, { screenerFor: () => screenPost });
 */
export async function crossValidate(
  items: readonly GoldItem[],
  options: EvaluateOptions,
): Promise<Prediction[]> {
  const k = options.folds ?? 5;
  // k = 1 is a held-out run: every post in one fold, screened by a screener trained on nothing.
  const assignment =
    k === 1
      ? new Map(items.map((i) => [i.id, 0]))
      : stratifiedFolds(
          items,
          k,
          (i) => i.id,
          (i) => `${i.lang}/${i.label}`,
          options.seed,
        );
  const byId = new Map<string, Prediction>();
  for (let fold = 0; fold < k; fold += 1) {
    const train = items.filter((i) => assignment.get(i.id) !== fold);
    const screen = options.screenerFor(train);
    for (const item of items) {
      if (assignment.get(item.id) !== fold) continue;
      const post: PostInput = { id: item.id, text: item.text };
      if (item.title !== undefined) post.title = item.title;
      if (item.location !== undefined) post.location = item.location;
      let raw: unknown;
      try {
        raw = await screen(post);
      } catch (error) {
        throw new EvaluationError(
          `engine threw on gold post "${item.id}": ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      const outcome = checkOutcome(item.id, raw);
      byId.set(item.id, { item, fold, outcome });
    }
  }
  return items.map((i) => byId.get(i.id)).filter((p): p is Prediction => p !== undefined);
}

/** Measures for one language, or for all posts. */
export interface GroupMetrics {
  group: string;
  risk: number;
  legit: number;
  hardNegative: number;
  confusion: Confusion;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  prAuc: number | null;
  /** Share of hard negatives given any decision other than `allow`. */
  hardNegativeFpr: number | null;
  /** Share of legitimate posts given any decision other than `allow`. */
  legitNonAllowRate: number | null;
  /** Share of posts whose detected language equals the gold language. */
  languageAccuracy: number | null;
}

/** How often one indicator fires on each class, and its relative risk. */
export interface IndicatorRow {
  code: string;
  onRisk: number;
  onLegit: number;
  onHardNegative: number;
  relativeRisk: RelativeRisk | null;
}

/** How often the engine flags the posts of one slice. */
export interface SliceRow {
  name: string;
  label: 'risk' | 'legit';
  posts: number;
  flagged: number;
  /** Recall for a risk slice, false-positive rate for a legitimate one; `null` when empty. */
  flaggedShare: number | null;
}

/** Everything the evaluation reports. */
export interface EvaluationReport {
  folds: number;
  overall: GroupMetrics;
  byLanguage: GroupMetrics[];
  /** Overall measures on each held-out fold, to show their spread. */
  perFold: { fold: number; recall: number | null; legitNonAllowRate: number | null }[];
  decisions: Record<'risk' | 'legit' | 'hardNegative', Record<Decision, number>>;
  indicators: IndicatorRow[];
  slices: SliceRow[];
  falseNegatives: string[];
  falsePositives: string[];
}

const flagged = (p: Prediction): boolean => p.outcome.decision !== 'allow';
const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

function groupMetrics(group: string, predictions: readonly Prediction[]): GroupMetrics {
  const c = confusion(
    predictions.map((p) => p.item.label === 'risk'),
    predictions.map(flagged),
  );
  const legit = predictions.filter((p) => p.item.label === 'legit');
  const hard = legit.filter((p) => p.item.hard_negative === true);
  return {
    group,
    risk: predictions.length - legit.length,
    legit: legit.length,
    hardNegative: hard.length,
    confusion: c,
    precision: precision(c),
    recall: recall(c),
    f1: f1(c),
    prAuc: averagePrecision(
      predictions.map((p) => ({ score: p.outcome.risk, positive: p.item.label === 'risk' })),
    ),
    hardNegativeFpr: ratio(hard.filter(flagged).length, hard.length),
    legitNonAllowRate: falsePositiveRate(c),
    languageAccuracy: ratio(
      predictions.filter((p) => p.outcome.language === p.item.lang).length,
      predictions.length,
    ),
  };
}

function emptyDecisions(): Record<Decision, number> {
  return { allow: 0, label: 0, review: 0, remove: 0 };
}

/**
 * Computes the report from out-of-fold predictions: overall and per-language precision, recall,
 * F1 and PR-AUC of the risk class (a post counts as flagged when its decision is not `allow`), the
 * false-positive rate on hard negatives, the decision mix per class, and each indicator's relative
 * risk (how much likelier a post is to be a risk post when the indicator fires), and the flagged
 * share of each slice (only posts of the slice's class count).
 *
 * @example
 * const report = buildReport(await crossValidate(items, options), 5);
 * report.overall.recall; // e.g. 0.93
 */
export function buildReport(
  predictions: readonly Prediction[],
  folds: number,
  slices: readonly Slice[] = [],
): EvaluationReport {
  const languages = [
    ...GOLD_LANGUAGES.filter((l) => predictions.some((p) => p.item.lang === l)),
    ...new Set(
      predictions
        .map((p) => p.item.lang as string)
        .filter((l) => !(GOLD_LANGUAGES as readonly string[]).includes(l)),
    ),
  ];
  const decisions = {
    risk: emptyDecisions(),
    legit: emptyDecisions(),
    hardNegative: emptyDecisions(),
  };
  const fired = new Map<string, { risk: number; legit: number; hard: number }>();
  let totalRisk = 0;
  for (const p of predictions) {
    decisions[p.item.label][p.outcome.decision] += 1;
    if (p.item.hard_negative === true) decisions.hardNegative[p.outcome.decision] += 1;
    if (p.item.label === 'risk') totalRisk += 1;
    for (const code of new Set(p.outcome.indicators.map((i) => i.code))) {
      const row = fired.get(code) ?? { risk: 0, legit: 0, hard: 0 };
      if (p.item.label === 'risk') row.risk += 1;
      else row.legit += 1;
      if (p.item.hard_negative === true) row.hard += 1;
      fired.set(code, row);
    }
  }
  const indicators: IndicatorRow[] = [...fired.entries()].map(([code, row]) => {
    const present = row.risk + row.legit;
    return {
      code,
      onRisk: row.risk,
      onLegit: row.legit,
      onHardNegative: row.hard,
      relativeRisk: relativeRisk(
        row.risk,
        present,
        totalRisk - row.risk,
        predictions.length - present,
      ),
    };
  });
  indicators.sort(
    (a, b) =>
      (b.relativeRisk?.rr ?? Number.POSITIVE_INFINITY) -
        (a.relativeRisk?.rr ?? Number.POSITIVE_INFINITY) ||
      b.onRisk + b.onLegit - (a.onRisk + a.onLegit) ||
      (a.code < b.code ? -1 : 1),
  );
  const perFold = [];
  for (let fold = 0; fold < folds; fold += 1) {
    const m = groupMetrics(
      String(fold),
      predictions.filter((p) => p.fold === fold),
    );
    perFold.push({ fold, recall: m.recall, legitNonAllowRate: m.legitNonAllowRate });
  }
  return {
    folds,
    overall: groupMetrics('all', predictions),
    byLanguage: languages.map((l) =>
      groupMetrics(
        l,
        predictions.filter((p) => p.item.lang === l),
      ),
    ),
    perFold,
    decisions,
    indicators,
    slices: slices.map((slice) => {
      const members = predictions.filter(
        (p) => p.item.label === slice.label && slice.matches(p.item),
      );
      const hits = members.filter(flagged).length;
      return {
        name: slice.name,
        label: slice.label,
        posts: members.length,
        flagged: hits,
        flaggedShare: ratio(hits, members.length),
      };
    }),
    falseNegatives: predictions
      .filter((p) => p.item.label === 'risk' && !flagged(p))
      .map((p) => p.item.id),
    falsePositives: predictions
      .filter((p) => p.item.label === 'legit' && flagged(p))
      .map((p) => p.item.id),
  };
}

/** The issue's targets on the held-out set. */
export const TARGETS = { minRecall: 0.9, maxLegitNonAllowRate: 0.1 } as const;

const fmt = (x: number | null, digits = 3): string => (x === null ? '—' : x.toFixed(digits));
const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

function listIds(ids: readonly string[], max = 40): string {
  if (ids.length === 0) return 'none';
  const shown = ids.slice(0, max).map((id) => `\`${id}\``);
  return ids.length > max ? `${shown.join(', ')} … (${ids.length - max} more)` : shown.join(', ');
}

/**
 * Renders the report as the Markdown that goes between the generated-section markers of
 * `docs/screening-eval.md`. Deterministic: the same predictions give the same text.
 *
 * @example
 * const markdown = renderReport(report);
 */
export function renderReport(report: EvaluationReport): string {
  const { overall } = report;
  const lines: string[] = [];
  const meets = (ok: boolean): string => (ok ? 'met' : '**not met**');
  lines.push(
    `Gold set: ${overall.risk + overall.legit} posts (${overall.risk} risk, ${overall.legit} legitimate of which ${overall.hardNegative} hard negatives) in ${report.byLanguage.length} languages; ${report.folds}-fold stratified cross-validation (language × label), out-of-fold predictions pooled. A post counts as flagged when its decision is anything other than \`allow\`.`,
    '',
    '| target | value | status |',
    '|---|---|---|',
    `| recall on risk posts ≥ ${TARGETS.minRecall} | ${fmt(overall.recall)} | ${meets((overall.recall ?? 0) >= TARGETS.minRecall)} |`,
    `| legitimate posts not \`allow\`ed ≤ ${pct(TARGETS.maxLegitNonAllowRate)} | ${pct(overall.legitNonAllowRate)} | ${meets(overall.legitNonAllowRate !== null && overall.legitNonAllowRate <= TARGETS.maxLegitNonAllowRate)} |`,
    '',
    '### Per language',
    '',
    '| language | risk | legit | hard neg. | precision | recall | F1 | PR-AUC | FPR hard neg. | legit not allowed | language detected |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const m of [...report.byLanguage, overall]) {
    lines.push(
      `| ${m.group === 'all' ? '**all**' : m.group} | ${m.risk} | ${m.legit} | ${m.hardNegative} | ${fmt(m.precision)} | ${fmt(m.recall)} | ${fmt(m.f1)} | ${fmt(m.prAuc)} | ${pct(m.hardNegativeFpr)} | ${pct(m.legitNonAllowRate)} | ${pct(m.languageAccuracy)} |`,
    );
  }
  lines.push(
    '',
    '### Spread across folds',
    '',
    '| fold | recall | legit not allowed |',
    '|---:|---:|---:|',
    ...report.perFold.map((f) => `| ${f.fold} | ${fmt(f.recall)} | ${pct(f.legitNonAllowRate)} |`),
    '',
    '### Decisions by class',
    '',
    '| class | allow | label | review | remove |',
    '|---|---:|---:|---:|---:|',
  );
  for (const [name, key] of [
    ['risk', 'risk'],
    ['legitimate', 'legit'],
    ['hard negatives', 'hardNegative'],
  ] as const) {
    const d = report.decisions[key];
    lines.push(`| ${name} | ${d.allow} | ${d.label} | ${d.review} | ${d.remove} |`);
  }
  lines.push(
    '',
    '### Indicators',
    '',
    'Relative risk = P(risk post | indicator fired) ÷ P(risk post | not fired), with a 95% Katz interval; † marks a zero cell, handled by adding 0.5 to every cell.',
    '',
    '| indicator | on risk | on legit | on hard neg. | risk share when fired | relative risk | 95% CI |',
    '|---|---:|---:|---:|---:|---:|---|',
  );
  for (const row of report.indicators) {
    const rr = row.relativeRisk;
    lines.push(
      `| \`${row.code}\` | ${row.onRisk} | ${row.onLegit} | ${row.onHardNegative} | ${pct(ratio(row.onRisk, row.onRisk + row.onLegit))} | ${rr === null ? '—' : `${rr.rr.toFixed(2)}${rr.corrected ? '†' : ''}`} | ${rr === null ? '—' : `${rr.low.toFixed(2)}–${rr.high.toFixed(2)}`} |`,
    );
  }
  if (report.indicators.length === 0) lines.push('| (no indicator fired) | | | | | | |');
  if (report.slices.length > 0) {
    lines.push(
      '',
      '### Slices',
      '',
      'For a risk slice the flagged share is its recall; for a legitimate slice it is its false-positive rate.',
      '',
      '| slice | class | posts | flagged | flagged share |',
      '|---|---|---:|---:|---:|',
      ...report.slices.map(
        (s) => `| ${s.name} | ${s.label} | ${s.posts} | ${s.flagged} | ${pct(s.flaggedShare)} |`,
      ),
    );
  }
  lines.push(
    '',
    '### Errors',
    '',
    `Missed risk posts (${report.falseNegatives.length}): ${listIds(report.falseNegatives)}.`,
    '',
    `Legitimate posts not allowed (${report.falsePositives.length}): ${listIds(report.falsePositives)}.`,
  );
  return lines.join('\n');
}

/** One engine configuration's report, for the comparison table. */
export interface ConfigurationReport {
  name: string;
  /** How the configuration's weights were set, e.g. "fitted on this gold set (in-sample)". */
  note: string;
  report: EvaluationReport;
}

/**
 * Renders a table comparing the headline measures of several engine configurations, e.g. the
 * shipped weights against the hand-set ones.
 *
 * @example
 * renderConfigurations([{ name: 'shipped', note: 'as released', report }]);
 */
export function renderConfigurations(rows: readonly ConfigurationReport[]): string {
  const lines = [
    '| configuration | weights | recall | precision | F1 | PR-AUC | legit not allowed | FPR hard neg. |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { name, note, report } of rows) {
    const o = report.overall;
    lines.push(
      `| ${name} | ${note} | ${fmt(o.recall)} | ${fmt(o.precision)} | ${fmt(o.f1)} | ${fmt(o.prAuc)} | ${pct(o.legitNonAllowRate)} | ${pct(o.hardNegativeFpr)} |`,
    );
  }
  return lines.join('\n');
}

/** Marks the start of the generated section in `docs/screening-eval.md`. */
export const GENERATED_BEGIN =
  '<!-- screening-eval:begin (generated by `npm run eval -w packages/screening`; edits here are overwritten) -->';
/** Marks the end of the generated section. */
export const GENERATED_END = '<!-- screening-eval:end -->';

/**
 * Puts `generated` between the markers of `doc`, leaving everything outside them untouched, so
 * re-running the evaluation is idempotent. When the markers are missing the section is inserted
 * before a `## Benchmark` heading if there is one, else appended.
 *
 * @throws Error when only one marker is present or they are out of order
 * @example
 * replaceGeneratedSection('# Eval\n', 'numbers'); // '# Eval\n\n<!-- …begin… -->\nnumbers\n<!-- …end -->\n'
 */
export function replaceGeneratedSection(doc: string, generated: string): string {
  const block = `${GENERATED_BEGIN}\n${generated.trim()}\n${GENERATED_END}`;
  const begin = doc.indexOf(GENERATED_BEGIN);
  const end = doc.indexOf(GENERATED_END);
  if (begin === -1 && end === -1) {
    const bench = doc.search(/^## Benchmark\b/m);
    if (bench !== -1) return `${doc.slice(0, bench)}${block}\n\n${doc.slice(bench)}`;
    return `${doc.trimEnd()}\n\n${block}\n`;
  }
  if (begin === -1 || end === -1 || end < begin) {
    throw new Error(
      'docs/screening-eval.md has a broken generated section: keep both the begin and end markers, begin first, or delete both to regenerate',
    );
  }
  return `${doc.slice(0, begin)}${block}${doc.slice(end + GENERATED_END.length)}`;
}

/**
 * A few lines for the terminal: the headline measures and the targets.
 *
 * @example
 * summarize(report); // 'recall 0.931 (target ≥ 0.9) · legit not allowed 6.2% …'
 */
export function summarize(report: EvaluationReport): string {
  const o = report.overall;
  const head = `all: recall ${fmt(o.recall)} (target ≥ ${TARGETS.minRecall}) · precision ${fmt(o.precision)} · F1 ${fmt(o.f1)} · PR-AUC ${fmt(o.prAuc)} · legit not allowed ${pct(o.legitNonAllowRate)} (target ≤ ${pct(TARGETS.maxLegitNonAllowRate)}) · hard-negative FPR ${pct(o.hardNegativeFpr)}`;
  const langs = report.byLanguage.map(
    (m) =>
      `  ${m.group.padEnd(3)} recall ${fmt(m.recall)}  precision ${fmt(m.precision)}  PR-AUC ${fmt(m.prAuc)}  legit not allowed ${pct(m.legitNonAllowRate)}`,
  );
  return [head, ...langs].join('\n');
}
