import { z } from 'zod';

/**
 * The languages the gold set must cover (ISO 639-1; `tl` is Tagalog, including Taglish posts).
 *
 * @example
 * GOLD_LANGUAGES.includes('km'); // true
 */
export const GOLD_LANGUAGES = [
  'en',
  'id',
  'ms',
  'vi',
  'th',
  'tl',
  'zh',
  'km',
  'my',
  'hi',
  'es',
] as const;

/** A language the gold set covers. */
export type GoldLanguage = (typeof GOLD_LANGUAGES)[number];

const nonBlank = z
  .string()
  .refine((s) => s.trim().length > 0, { message: 'must not be empty or blank' });

/**
 * One line of a gold-set file. Ids read `<lang>-r<nnn>` for risk posts and `<lang>-l<nnn>` for
 * legitimate ones, so a mislabelled or misfiled line is caught by its id alone.
 *
 * @example
 * goldItemSchema.parse({ id: 'en-r001', lang: 'en', label: 'risk', text: '…', provenance: '…' });
 */
export const goldItemSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z]{2}-[rl]\d{3}$/, {
      message: 'must look like "en-r001" (risk) or "en-l001" (legit)',
    }),
    lang: z.enum(GOLD_LANGUAGES),
    label: z.enum(['risk', 'legit']),
    hard_negative: z.literal(true).optional(),
    text: nonBlank.pipe(z.string().max(20_000, { message: 'is longer than 20,000 characters' })),
    title: nonBlank.optional(),
    location: nonBlank.optional(),
    provenance: z.string().min(20, {
      message: 'must name the public red flags or advisory pattern the post is modelled on',
    }),
  })
  .superRefine((item, ctx) => {
    if (!item.id.startsWith(`${item.lang}-`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: `must start with the language code "${item.lang}-"`,
      });
    }
    const kind = item.id.charAt(3);
    if ((kind === 'r') !== (item.label === 'risk')) {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: `uses "${kind}" but the label is "${item.label}" (r = risk, l = legit)`,
      });
    }
    if (item.hard_negative === true && item.label !== 'legit') {
      ctx.addIssue({
        code: 'custom',
        path: ['hard_negative'],
        message: 'is only meaningful on legitimate posts',
      });
    }
  });

/** A labelled post of the gold set. */
export type GoldItem = z.infer<typeof goldItemSchema>;

/** Thrown when a gold-set file or the set as a whole is malformed; lists every problem found. */
export class GoldSetError extends Error {
  override readonly name = 'GoldSetError';
  /** One line per problem: where it is, what is wrong. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Gold set is invalid (${problems.length} problem(s)):\n${problems.join('\n')}`);
    this.problems = problems;
  }
}

/**
 * Parses one JSON Lines gold-set file. Blank lines are skipped; every malformed line is reported
 * with its file name and line number, all at once.
 *
 * @param source name used in error messages, e.g. `"en.jsonl"`
 * @param expectedLang when given, every line must carry this `lang`
 * @throws GoldSetError when any line is not valid JSON or does not match {@link goldItemSchema}
 * @example
 * const items = parseGoldJsonl(text, 'km.jsonl', 'km');
 */
export function parseGoldJsonl(
  text: string,
  source: string,
  expectedLang?: GoldLanguage,
): GoldItem[] {
  const items: GoldItem[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const where = `${source}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      problems.push(
        `${where}: not valid JSON (${(error as Error).message}); each line must be one JSON object`,
      );
      continue;
    }
    const parsed = goldItemSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.length > 0 ? issue.path.join('.') : '(line)';
        problems.push(`${where}: ${field} ${issue.message}`);
      }
      continue;
    }
    if (expectedLang !== undefined && parsed.data.lang !== expectedLang) {
      problems.push(
        `${where}: lang is "${parsed.data.lang}" but this file holds "${expectedLang}" posts; move the line to ${parsed.data.lang}.jsonl`,
      );
      continue;
    }
    items.push(parsed.data);
  }
  if (problems.length > 0) throw new GoldSetError(problems);
  return items;
}

/** Per-language counts of a gold set. */
export interface GoldLanguageCounts {
  risk: number;
  legit: number;
  hardNegative: number;
}

/** What a gold set holds, for checks and reports. */
export interface GoldSummary {
  total: number;
  risk: number;
  legit: number;
  hardNegative: number;
  byLanguage: Partial<Record<GoldLanguage, GoldLanguageCounts>>;
}

/**
 * Counts a gold set by label and language, and checks that ids are unique across all files.
 *
 * @throws GoldSetError naming every duplicated id
 * @example
 * summarizeGold(items).byLanguage.th?.risk; // e.g. 40
 */
export function summarizeGold(items: readonly GoldItem[]): GoldSummary {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const summary: GoldSummary = { total: 0, risk: 0, legit: 0, hardNegative: 0, byLanguage: {} };
  for (const item of items) {
    if (seen.has(item.id)) duplicates.add(item.id);
    seen.add(item.id);
    const counts = summary.byLanguage[item.lang] ?? { risk: 0, legit: 0, hardNegative: 0 };
    summary.byLanguage[item.lang] = counts;
    summary.total += 1;
    summary[item.label] += 1;
    counts[item.label] += 1;
    if (item.hard_negative === true) {
      summary.hardNegative += 1;
      counts.hardNegative += 1;
    }
  }
  if (duplicates.size > 0) {
    throw new GoldSetError(
      [...duplicates].map((id) => `id "${id}" is used more than once; ids must be unique`),
    );
  }
  return summary;
}
