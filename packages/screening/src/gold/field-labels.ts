import { DECISIONS, type Decision, EvaluationError, type ScreeningOutcome } from './evaluate.js';

/**
 * Moderators' decisions on flagged posts ("field labels"), as exported by a Jaga hub's
 * `GET /api/v1/moderation/labels`, and how the current engine scores those posts.
 *
 * Field labels are a separate, biased sample: only posts the engine flagged at the time reach a
 * moderator, so they say how precise the flags are on real traffic and which indicators are behind
 * the false positives, never how much risk the engine misses. They are never mixed into the gold
 * set or its folds.
 */

/** The labels a hub exports: a confirmed flag, or a flag dismissed as a false positive. */
export const FIELD_LABELS = ['confirmed', 'false-positive'] as const;

/** A moderator's final label on a flagged post. */
export type FieldLabelKind = (typeof FIELD_LABELS)[number];

/** One labelled post, as read from one line of a label export. */
export interface FieldLabel {
  postId: string;
  label: FieldLabelKind;
  /** Why it was dismissed (`legitimate-job`, `not-recruitment`, …); null for a confirmation. */
  reason: string | null;
  /** When the decision was recorded (ISO 8601). */
  labelledAt: string;
  /** The custody-log leaf that recorded the decision, when the export gives it. */
  leafIndex: number | null;
  source: string | null;
  /** The language the hub screened the post in. */
  language: string;
  text: string;
  /** The engine's risk and decision when the hub screened the post. */
  risk: number;
  decision: Decision;
  indicators: string[];
  /** Where the label was read: the file name as given and the 1-based line. */
  file: string;
  line: number;
}

/** The labels read from one export, and one `{file}:{line}: what is wrong` per line skipped. */
export interface ParsedFieldLabels {
  labels: FieldLabel[];
  problems: string[];
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const EXPORT = 'GET /api/v1/moderation/labels';

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function readLine(
  record: Record<string, unknown>,
  file: string,
  line: number,
): FieldLabel | string {
  const wrong: string[] = [];
  const { postId, label, reason, labelledAt, leafIndex, source, language, text, risk, decision } =
    record;
  if (typeof postId !== 'string' || postId.trim() === '') {
    wrong.push(`postId must be the post's id (a non-empty string), got ${describe(postId)}`);
  }
  if (!(FIELD_LABELS as readonly unknown[]).includes(label)) {
    wrong.push(
      label === 'escalated' || label === null
        ? `label ${describe(label)} is not a final label (an escalated post is left out of the export); use ${FIELD_LABELS.join(' or ')}`
        : label === 'dismissed'
          ? 'label "dismissed" is written "false-positive" in the export'
          : `label must be ${FIELD_LABELS.join(' or ')}, got ${describe(label)}`,
    );
  }
  if (reason !== undefined && reason !== null && (typeof reason !== 'string' || reason === '')) {
    wrong.push(`reason must be a dismissal reason or null, got ${describe(reason)}`);
  }
  if (
    typeof labelledAt !== 'string' ||
    !ISO_TIME.test(labelledAt) ||
    Number.isNaN(Date.parse(labelledAt))
  ) {
    wrong.push(
      `labelledAt must be an ISO 8601 time such as 2026-12-01T09:30:00.000Z, got ${describe(labelledAt)}`,
    );
  }
  if (
    leafIndex !== undefined &&
    leafIndex !== null &&
    !(typeof leafIndex === 'number' && Number.isInteger(leafIndex) && leafIndex >= 0)
  ) {
    wrong.push(
      `leafIndex must be a custody-log leaf index (an integer ≥ 0), got ${describe(leafIndex)}`,
    );
  }
  if (source !== undefined && source !== null && typeof source !== 'string') {
    wrong.push(`source must be text, got ${describe(source)}`);
  }
  if (typeof language !== 'string' || language.trim() === '') {
    wrong.push(`language must be a language code such as "th", got ${describe(language)}`);
  }
  if (typeof text !== 'string' || text.trim() === '') {
    wrong.push(`text must be the post's text (non-empty), got ${describe(text)}`);
  }
  if (typeof risk !== 'number' || !(risk >= 0 && risk <= 1)) {
    wrong.push(`risk must be a number from 0 to 1, got ${describe(risk)}`);
  }
  if (!(DECISIONS as readonly unknown[]).includes(decision)) {
    wrong.push(`decision must be one of ${DECISIONS.join(', ')}, got ${describe(decision)}`);
  }
  const indicators = record.indicators;
  if (!Array.isArray(indicators) || !indicators.every((c) => typeof c === 'string')) {
    wrong.push(`indicators must be a list of indicator codes, got ${describe(indicators)}`);
  }
  if (wrong.length > 0) return wrong.join('; ');
  return {
    postId: (postId as string).trim(),
    label: label as FieldLabelKind,
    reason: typeof reason === 'string' ? reason : null,
    labelledAt: labelledAt as string,
    leafIndex: typeof leafIndex === 'number' ? leafIndex : null,
    source: typeof source === 'string' ? source : null,
    language: (language as string).trim(),
    text: text as string,
    risk: risk as number,
    decision: decision as Decision,
    indicators: [...(indicators as string[])],
    file,
    line,
  };
}

/**
 * Reads one label export (JSON Lines, one object per labelled post, the format of
 * `GET /api/v1/moderation/labels`). A malformed line is skipped and reported as
 * `{file}:{line}: what is wrong`; blank lines are ignored. Never throws on bad input, so one broken
 * line does not hide the rest of the file.
 *
 * @example
 * const { labels, problems } = parseFieldLabels(text, 'hub-labels.jsonl');
 * for (const problem of problems) console.error(problem);
 */
export function parseFieldLabels(text: string, file: string): ParsedFieldLabels {
  const labels: FieldLabel[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const raw = (lines[i] ?? '').replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push(
        `${file}:${line}: not JSON (${error instanceof Error ? error.message : String(error)}); each line must be one JSON object as ${EXPORT} writes it`,
      );
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(
        `${file}:${line}: must be a JSON object (one labelled post), got ${describe(value)}`,
      );
      continue;
    }
    const read = readLine(value as Record<string, unknown>, file, line);
    if (typeof read === 'string') problems.push(`${file}:${line}: ${read}`);
    else labels.push(read);
  }
  return { labels, problems };
}

/** A post labelled more than once across the files: the decision kept and those it replaced. */
export interface DuplicateLabel {
  postId: string;
  kept: FieldLabel;
  replaced: FieldLabel[];
}

/** Whether `a` is a later decision than `b`: later time, then later leaf, then read later. */
function later(a: FieldLabel, b: FieldLabel, order: Map<FieldLabel, number>): boolean {
  const ta = Date.parse(a.labelledAt);
  const tb = Date.parse(b.labelledAt);
  if (ta !== tb) return ta > tb;
  if (a.leafIndex !== null && b.leafIndex !== null && a.leafIndex !== b.leafIndex) {
    return a.leafIndex > b.leafIndex;
  }
  return (order.get(a) ?? 0) > (order.get(b) ?? 0);
}

/**
 * Keeps one label per post: the latest decision (by `labelledAt`, then custody-log leaf, then the
 * order the labels were read in), and lists every post that had more than one, so the caller can
 * say so. The labels keep their reading order.
 *
 * @example
 * const { labels, duplicates } = mergeFieldLabels([...first.labels, ...second.labels]);
 */
export function mergeFieldLabels(all: readonly FieldLabel[]): {
  labels: FieldLabel[];
  duplicates: DuplicateLabel[];
} {
  const order = new Map(all.map((label, i) => [label, i]));
  const byPost = new Map<string, FieldLabel[]>();
  for (const label of all) {
    const key = label.postId.toLowerCase();
    const list = byPost.get(key);
    if (list) list.push(label);
    else byPost.set(key, [label]);
  }
  const keep = new Set<FieldLabel>();
  const duplicates: DuplicateLabel[] = [];
  for (const list of byPost.values()) {
    let kept = list[0] as FieldLabel;
    for (const label of list.slice(1)) if (later(label, kept, order)) kept = label;
    keep.add(kept);
    if (list.length > 1) {
      duplicates.push({ postId: kept.postId, kept, replaced: list.filter((l) => l !== kept) });
    }
  }
  return { labels: all.filter((l) => keep.has(l)), duplicates };
}

/** Counts for one group of labelled posts (all, one language, …). */
export interface FieldGroup {
  group: string;
  confirmed: number;
  dismissed: number;
  /** Flagged (decision other than `allow`) when the hub screened them. */
  confirmedFlaggedThen: number;
  dismissedFlaggedThen: number;
  /** Flagged by the current engine. */
  confirmedFlagged: number;
  dismissedFlagged: number;
  /** confirmed ÷ (confirmed + dismissed) among posts flagged at the time; null with none. */
  precisionThen: number | null;
  /** confirmed ÷ (confirmed + dismissed) among posts the current engine flags; null with none. */
  precisionNow: number | null;
}

/** One indicator code and the labelled posts the current engine flags with it. */
export interface FieldIndicator {
  code: string;
  /** Dismissed posts the current engine still flags with this indicator firing. */
  dismissedFlagged: number;
  /** Confirmed posts the current engine flags with this indicator firing. */
  confirmedFlagged: number;
  /** confirmed ÷ (confirmed + dismissed) among the flagged posts it fires on. */
  precision: number | null;
}

/** Dismissed posts of one dismissal reason, and how many the current engine still flags. */
export interface FieldReason {
  reason: string;
  dismissed: number;
  stillFlagged: number;
}

/** The field numbers: how the current engine scores the posts moderators decided on. */
export interface FieldReport {
  overall: FieldGroup;
  byLanguage: FieldGroup[];
  byReason: FieldReason[];
  /** Indicators firing on flagged labelled posts, most often behind a dismissed flag first. */
  indicators: FieldIndicator[];
  /** Current decisions of confirmed and dismissed posts. */
  decisionsNow: Record<FieldLabelKind, Record<Decision, number>>;
  /** Dismissed posts the current engine still flags (ids). */
  dismissedStillFlagged: string[];
  /** Confirmed posts the current engine no longer flags (ids): lost true positives. */
  confirmedNowAllowed: string[];
  /** Earliest and latest decision time. */
  from: string;
  to: string;
}

/** Screens one labelled post's text with the current engine. */
export type FieldScreen = (post: {
  id: string;
  text: string;
}) => ScreeningOutcome | Promise<ScreeningOutcome>;

const flagged = (decision: Decision): boolean => decision !== 'allow';
const ratio = (a: number, b: number): number | null => (a + b === 0 ? null : a / (a + b));

function group(name: string, rows: readonly { label: FieldLabel; now: ScreeningOutcome }[]) {
  const g: FieldGroup = {
    group: name,
    confirmed: 0,
    dismissed: 0,
    confirmedFlaggedThen: 0,
    dismissedFlaggedThen: 0,
    confirmedFlagged: 0,
    dismissedFlagged: 0,
    precisionThen: null,
    precisionNow: null,
  };
  for (const { label, now } of rows) {
    const confirmed = label.label === 'confirmed';
    if (confirmed) g.confirmed += 1;
    else g.dismissed += 1;
    if (flagged(label.decision)) {
      if (confirmed) g.confirmedFlaggedThen += 1;
      else g.dismissedFlaggedThen += 1;
    }
    if (flagged(now.decision)) {
      if (confirmed) g.confirmedFlagged += 1;
      else g.dismissedFlagged += 1;
    }
  }
  g.precisionThen = ratio(g.confirmedFlaggedThen, g.dismissedFlaggedThen);
  g.precisionNow = ratio(g.confirmedFlagged, g.dismissedFlagged);
  return g;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Screens every labelled post's text again with the current engine (the engine sees the text only,
 * never the label) and counts: precision of flags in the field then and now, per language, per
 * dismissal reason, and the indicators behind the flags of dismissed posts. A post counts as
 * flagged when its decision is anything other than `allow`, as in the gold-set evaluation.
 *
 * @throws EvaluationError when there are no labels, or the engine throws or answers something
 *   unreadable (naming the post)
 * @example
 * const report = await evaluateFieldLabels(labels, (post) => screenPost(post));
 * report.overall.precisionNow; // e.g. 0.83
 */
export async function evaluateFieldLabels(
  labels: readonly FieldLabel[],
  screen: FieldScreen,
): Promise<FieldReport> {
  if (labels.length === 0) {
    throw new EvaluationError(
      'no field labels to evaluate: the label files hold no valid lines (export them with GET /api/v1/moderation/labels)',
    );
  }
  const rows: { label: FieldLabel; now: ScreeningOutcome }[] = [];
  for (const label of labels) {
    let now: unknown;
    try {
      now = await screen({ id: label.postId, text: label.text });
    } catch (error) {
      throw new EvaluationError(
        `engine threw on labelled post "${label.postId}" (${label.file}:${label.line}): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    const outcome = now as Partial<ScreeningOutcome> | null;
    if (
      typeof outcome !== 'object' ||
      outcome === null ||
      !DECISIONS.includes(outcome.decision as Decision) ||
      !Array.isArray(outcome.indicators)
    ) {
      throw new EvaluationError(
        `engine result for labelled post "${label.postId}": must have a decision (${DECISIONS.join(', ')}) and an indicators list`,
      );
    }
    rows.push({ label, now: outcome as ScreeningOutcome });
  }

  const languages = [...new Set(rows.map((r) => r.label.language))].sort(byName);
  const byLanguage = languages.map((lang) =>
    group(
      lang,
      rows.filter((r) => r.label.language === lang),
    ),
  );

  const reasons = new Map<string, FieldReason>();
  for (const { label, now } of rows) {
    if (label.label !== 'false-positive') continue;
    const reason = label.reason ?? '(none given)';
    const row = reasons.get(reason) ?? { reason, dismissed: 0, stillFlagged: 0 };
    row.dismissed += 1;
    if (flagged(now.decision)) row.stillFlagged += 1;
    reasons.set(reason, row);
  }
  const byReason = [...reasons.values()].sort(
    (a, b) =>
      b.stillFlagged - a.stillFlagged || b.dismissed - a.dismissed || byName(a.reason, b.reason),
  );

  const codes = new Map<string, FieldIndicator>();
  for (const { label, now } of rows) {
    if (!flagged(now.decision)) continue;
    for (const code of new Set(now.indicators.map((i) => i.code))) {
      const row = codes.get(code) ?? {
        code,
        dismissedFlagged: 0,
        confirmedFlagged: 0,
        precision: null,
      };
      if (label.label === 'confirmed') row.confirmedFlagged += 1;
      else row.dismissedFlagged += 1;
      codes.set(code, row);
    }
  }
  const indicators = [...codes.values()]
    .map((row) => ({ ...row, precision: ratio(row.confirmedFlagged, row.dismissedFlagged) }))
    .sort(
      // Most dismissed flags first; among equals the least precise, then the most used.
      (a, b) =>
        b.dismissedFlagged - a.dismissedFlagged ||
        (a.precision ?? 0) - (b.precision ?? 0) ||
        b.confirmedFlagged - a.confirmedFlagged ||
        byName(a.code, b.code),
    );

  const empty = (): Record<Decision, number> => ({ allow: 0, label: 0, review: 0, remove: 0 });
  const decisionsNow = { confirmed: empty(), 'false-positive': empty() };
  for (const { label, now } of rows) decisionsNow[label.label][now.decision] += 1;

  const times = rows.map((r) => r.label.labelledAt).sort((a, b) => Date.parse(a) - Date.parse(b));
  return {
    overall: group('all', rows),
    byLanguage,
    byReason,
    indicators,
    decisionsNow,
    dismissedStillFlagged: rows
      .filter((r) => r.label.label === 'false-positive' && flagged(r.now.decision))
      .map((r) => r.label.postId),
    confirmedNowAllowed: rows
      .filter((r) => r.label.label === 'confirmed' && !flagged(r.now.decision))
      .map((r) => r.label.postId),
    from: times[0] ?? '',
    to: times.at(-1) ?? '',
  };
}

const fmt = (x: number | null): string => (x === null ? '—' : x.toFixed(3));
const share = (a: number, b: number): string =>
  b === 0 ? '—' : `${a}/${b} (${((a / b) * 100).toFixed(1)}%)`;

/** What the rendered section says about where the labels came from. */
export interface FieldRenderOptions {
  /** Names of the label files (no folders: the document is public). */
  files: readonly string[];
  /** Posts labelled more than once across the files. */
  duplicates: number;
  /** Lines skipped as malformed. */
  skipped: number;
  /** The catalogue version that screened the posts again. */
  catalogueVersion?: string;
  /** Most indicator rows shown (default 25). */
  maxIndicators?: number;
}

/**
 * Renders the field numbers as Markdown for the field section of `docs/screening-eval.md`:
 * counts only, never a post's text or id. Deterministic.
 *
 * @example
 * const markdown = renderFieldReport(report, { files: ['labels.jsonl'], duplicates: 0, skipped: 0 });
 */
export function renderFieldReport(report: FieldReport, options: FieldRenderOptions): string {
  const o = report.overall;
  const lines: string[] = [];
  const day = (iso: string): string => iso.slice(0, 10);
  lines.push(
    `Field labels: ${o.confirmed + o.dismissed} posts (${o.confirmed} confirmed, ${o.dismissed} dismissed as false positives) decided from ${day(report.from)} to ${day(report.to)}, read from ${options.files.map((f) => `\`${f}\``).join(', ')}; ${options.duplicates === 0 ? 'no post labelled twice' : `${options.duplicates} post${options.duplicates === 1 ? '' : 's'} labelled more than once (the latest decision kept)`}; ${options.skipped === 0 ? 'no line skipped' : `${options.skipped} malformed line${options.skipped === 1 ? '' : 's'} skipped`}. Screened again with catalogue \`${options.catalogueVersion ?? 'unknown'}\`, text only. A post counts as flagged when its decision is anything other than \`allow\`; precision = confirmed ÷ (confirmed + dismissed) among flagged posts.`,
    '',
    '| | confirmed | dismissed | flagged then: precision | flagged now: confirmed | flagged now: dismissed | precision now |',
    '|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const g of [o, ...report.byLanguage]) {
    lines.push(
      `| ${g === o ? '**all**' : g.group} | ${g.confirmed} | ${g.dismissed} | ${fmt(g.precisionThen)} | ${share(g.confirmedFlagged, g.confirmed)} | ${share(g.dismissedFlagged, g.dismissed)} | ${fmt(g.precisionNow)} |`,
    );
  }
  const d = report.decisionsNow;
  lines.push(
    '',
    `Current decisions: confirmed posts ${DECISIONS.map((x) => `${x} ${d.confirmed[x]}`).join(', ')}; dismissed posts ${DECISIONS.map((x) => `${x} ${d['false-positive'][x]}`).join(', ')}. Confirmed posts the current engine allows are lost true positives (${report.confirmedNowAllowed.length}); the terminal lists their ids.`,
  );
  if (report.byReason.length > 0) {
    lines.push(
      '',
      '#### Dismissed posts by reason',
      '',
      '| reason | dismissed | still flagged |',
      '|---|---:|---:|',
      ...report.byReason.map(
        (r) => `| ${r.reason} | ${r.dismissed} | ${share(r.stillFlagged, r.dismissed)} |`,
      ),
    );
  }
  const max = options.maxIndicators ?? 25;
  lines.push(
    '',
    '#### Indicators behind dismissed flags',
    '',
    'Indicators firing on the labelled posts the current engine flags, most often behind a dismissed flag first: the catalogue entries to look at.',
    '',
  );
  if (report.indicators.length === 0) {
    lines.push('No indicator fires on a flagged labelled post.');
  } else {
    lines.push(
      '| indicator | dismissed posts flagged | confirmed posts flagged | precision |',
      '|---|---:|---:|---:|',
      ...report.indicators
        .slice(0, max)
        .map(
          (r) =>
            `| \`${r.code}\` | ${r.dismissedFlagged} | ${r.confirmedFlagged} | ${fmt(r.precision)} |`,
        ),
    );
    if (report.indicators.length > max) {
      lines.push(
        '',
        `${report.indicators.length - max} more indicators, with fewer dismissed flags, not shown.`,
      );
    }
  }
  return lines.join('\n');
}

/**
 * A few lines for the terminal, with the ids a moderator or catalogue editor can look up on the
 * hub (the document gets counts only).
 *
 * @example
 * process.stdout.write(`${summarizeFieldReport(report, duplicates)}\n`);
 */
export function summarizeFieldReport(
  report: FieldReport,
  duplicates: readonly DuplicateLabel[],
): string {
  const o = report.overall;
  const ids = (list: readonly string[]): string =>
    list.length === 0
      ? 'none'
      : list.length > 20
        ? `${list.slice(0, 20).join(', ')} … (${list.length - 20} more)`
        : list.join(', ');
  const lines = [
    `field: ${o.confirmed + o.dismissed} labelled posts · precision of flags then ${fmt(o.precisionThen)} → now ${fmt(o.precisionNow)} · dismissed still flagged ${share(o.dismissedFlagged, o.dismissed)} · confirmed still flagged ${share(o.confirmedFlagged, o.confirmed)}`,
    ...report.byLanguage.map(
      (g) =>
        `  ${g.group.padEnd(3)} precision now ${fmt(g.precisionNow)}  dismissed still flagged ${share(g.dismissedFlagged, g.dismissed)}`,
    ),
    `  top indicators behind dismissed flags: ${
      report.indicators
        .filter((r) => r.dismissedFlagged > 0)
        .slice(0, 5)
        .map((r) => `${r.code} (${r.dismissedFlagged})`)
        .join(', ') || 'none'
    }`,
    `  dismissed posts still flagged: ${ids(report.dismissedStillFlagged)}`,
    `  confirmed posts now allowed: ${ids(report.confirmedNowAllowed)}`,
  ];
  for (const dup of duplicates) {
    lines.push(
      `  post ${dup.postId} labelled ${dup.replaced.length + 1} times: kept ${dup.kept.label} of ${dup.kept.labelledAt} (${dup.kept.file}:${dup.kept.line}), replacing ${dup.replaced.map((r) => `${r.label} of ${r.labelledAt} (${r.file}:${r.line})`).join(', ')}`,
    );
  }
  return lines.join('\n');
}

/** Marks the start of the field section in `docs/screening-eval.md`. */
export const FIELD_BEGIN =
  '<!-- screening-eval:field:begin (generated by `npm run eval -w packages/screening -- --labels FILE`; edits here are overwritten) -->';
/** Marks the end of the field section. */
export const FIELD_END = '<!-- screening-eval:field:end -->';

/**
 * Puts the field section between its markers; without markers, adds a `## Field labels` section
 * before `## Benchmark` (or at the end). The gold-set section is left alone.
 *
 * @throws Error when only one marker is present, or they are out of order
 * @example
 * replaceFieldSection(doc, renderFieldReport(report, options));
 */
export function replaceFieldSection(doc: string, generated: string): string {
  const block = `${FIELD_BEGIN}\n${generated.trim()}\n${FIELD_END}`;
  const begin = doc.indexOf(FIELD_BEGIN);
  const end = doc.indexOf(FIELD_END);
  if (begin === -1 && end === -1) {
    const section = `## Field labels\n\n${block}\n`;
    const bench = doc.search(/^## Benchmark\b/m);
    if (bench !== -1) return `${doc.slice(0, bench)}${section}\n${doc.slice(bench)}`;
    return `${doc.trimEnd()}\n\n${section}`;
  }
  if (begin === -1 || end === -1 || end < begin) {
    throw new Error(
      'docs/screening-eval.md has a broken field section: keep both the screening-eval:field begin and end markers, begin first, or delete both to regenerate',
    );
  }
  return `${doc.slice(0, begin)}${block}${doc.slice(end + FIELD_END.length)}`;
}
