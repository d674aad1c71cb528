import { catalogueData } from './catalogue-data.generated.js';
import type { PlaceKind } from './types.js';

/**
 * The groups indicators belong to: the nine of the reference, victim trading, and legitimate-ad signs.
 *
 * @example
 * INDICATOR_GROUPS.includes('forced'); // true
 */
export const INDICATOR_GROUPS = [
  'destination',
  'role',
  'package',
  'pressure',
  'channel',
  'irregular',
  'money',
  'profile',
  'forced',
  'trading',
  'legit',
] as const;

/** One of {@link INDICATOR_GROUPS}. */
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];

/**
 * Rules over extracted selectors that the engine implements (see `derivedEvidence` in `screener.ts`).
 *
 * @example
 * DERIVED_RULES.includes('phone-foreign'); // true
 */
export const DERIVED_RULES = [
  'place-hotspot',
  'place-high-risk-country',
  'place-transit',
  'salary-high',
  'phone-foreign',
  'handle-telegram',
  'handle-messaging',
  'crypto-address',
  'typing-speed',
  'age-young-cap',
] as const;

/** One of {@link DERIVED_RULES}. */
export type DerivedRule = (typeof DERIVED_RULES)[number];

/** An indicator as the catalogue defines it. */
export interface IndicatorDefinition {
  readonly code: string;
  readonly group: IndicatorGroup;
  readonly label: string;
  /** Log-odds added to the score when present (negative for signs of a legitimate ad). */
  readonly weight: number;
  /** Ids into {@link Catalogue.sources}. */
  readonly sources: readonly string[];
  /** Phrases per language (ISO 639-1), matched in posts of any language. */
  readonly phrases?: Readonly<Record<string, readonly string[]>>;
  /** Linear-time regular expressions (flags `giu`), for cues that carry numbers. */
  readonly patterns?: readonly string[];
  readonly derived?: DerivedRule;
  /** Ignore a phrase hit that follows a negation (`no placement fee`). */
  readonly negatable?: boolean;
}

/** Warning-label text for one language. */
export interface LabelLanguage {
  readonly intro: string;
  readonly reasonsLead: string;
  readonly separator: string;
  readonly end: string;
  readonly help: string;
  readonly groups: Readonly<Record<string, string>>;
}

/** A gazetteer entry. */
export interface GazetteerPlace {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly kind: PlaceKind;
  readonly names: readonly string[];
}

/** The screening engine's data: indicators, scoring constants, label texts, gazetteer. */
export interface Catalogue {
  readonly version: string;
  /** Log-odds of a post with no indicator. */
  readonly bias: number;
  /** Factor applied to each further indicator of the same group (the strongest counts fully). */
  readonly groupDamping: number;
  readonly sources: Readonly<Record<string, string>>;
  readonly indicators: readonly IndicatorDefinition[];
  readonly labels: Readonly<Record<string, LabelLanguage>>;
  readonly gazetteer: readonly GazetteerPlace[];
  /**
   * The hand-set bias and weights (by indicator code) that fitting starts from and pulls towards;
   * absent when the weights in `indicators` are themselves the hand-set ones.
   */
  readonly prior?: {
    readonly bias: number;
    readonly weights: Readonly<Record<string, number>>;
  };
}

/**
 * Jaga's built-in catalogue (generated from `catalogue/*.yaml`; each indicator names its sources).
 *
 * @example
 * defaultCatalogue.indicators.find((i) => i.code === 'irregular.tourist_visa')?.sources;
 */
export const defaultCatalogue: Catalogue = catalogueData;

// Quantifiers a catalogue pattern may not use: with only bounded repetition, matching from any
// position reads a bounded number of characters, so no input can make it backtrack for long.
const UNBOUNDED_QUANTIFIER = /(?<!\\)(?:[*+]|\{\d+,\})/;
const BACKREFERENCE = /\\[1-9]|\\k</;

/**
 * Problems that make a regular expression unfit for the catalogue (unbounded or back-referencing
 * patterns could backtrack catastrophically on hostile input); empty when it is fine.
 *
 * @example
 * patternProblems('(a+)+$'); // ['uses an unbounded quantifier (*, + or {n,}); bound it, e.g. {1,20}']
 */
export function patternProblems(pattern: string): string[] {
  const problems: string[] = [];
  const withoutClasses = pattern.replace(/\\.|\[(?:\\.|[^\]\\])*\]/g, (m) =>
    m.startsWith('[') ? '[]' : m,
  );
  if (UNBOUNDED_QUANTIFIER.test(withoutClasses)) {
    problems.push('uses an unbounded quantifier (*, + or {n,}); bound it, e.g. {1,20}');
  }
  if (BACKREFERENCE.test(pattern)) problems.push('uses a back-reference');
  try {
    new RegExp(pattern, 'giu');
  } catch (error) {
    problems.push(`does not compile: ${(error as Error).message}`);
  }
  return problems;
}

/**
 * Checks a catalogue and throws one error listing every problem (where, what, how to fix), so a
 * custom catalogue fails at load time rather than mid-stream.
 *
 * @example
 * validateCatalogue(defaultCatalogue); // returns silently
 */
export function validateCatalogue(catalogue: Catalogue): void {
  const problems: string[] = [];
  if (!Number.isFinite(catalogue.bias)) problems.push('bias must be a finite number');
  if (!(catalogue.groupDamping >= 0 && catalogue.groupDamping <= 1)) {
    problems.push('groupDamping must be between 0 and 1');
  }
  const seen = new Set<string>();
  catalogue.indicators.forEach((indicator, index) => {
    const where = `indicators[${index}] (${indicator.code ?? 'no code'})`;
    if (!/^[a-z]+\.[a-z0-9_]+$/.test(indicator.code ?? '')) {
      problems.push(`${where}: code must look like group.name (lower case)`);
    }
    if (seen.has(indicator.code)) problems.push(`${where}: duplicate code`);
    seen.add(indicator.code);
    if (!INDICATOR_GROUPS.includes(indicator.group)) {
      problems.push(
        `${where}: unknown group ${JSON.stringify(indicator.group)}; use one of ${INDICATOR_GROUPS.join(', ')}`,
      );
    } else if (!indicator.code.startsWith(`${indicator.group}.`)) {
      problems.push(`${where}: code must start with its group "${indicator.group}."`);
    }
    if (!Number.isFinite(indicator.weight))
      problems.push(`${where}: weight must be a finite number`);
    if (!indicator.label) problems.push(`${where}: label is missing`);
    if (!indicator.sources?.length) problems.push(`${where}: name at least one source`);
    for (const source of indicator.sources ?? []) {
      if (!(source in catalogue.sources))
        problems.push(`${where}: unknown source ${JSON.stringify(source)}; add it to sources`);
    }
    if (indicator.derived && !DERIVED_RULES.includes(indicator.derived)) {
      problems.push(
        `${where}: unknown derived rule ${JSON.stringify(indicator.derived)}; use one of ${DERIVED_RULES.join(', ')}`,
      );
    }
    const phraseCount = Object.values(indicator.phrases ?? {}).reduce(
      (n, list) => n + list.length,
      0,
    );
    if (!indicator.derived && phraseCount === 0 && !indicator.patterns?.length) {
      problems.push(`${where}: give phrases, patterns or a derived rule`);
    }
    for (const [language, list] of Object.entries(indicator.phrases ?? {})) {
      list.forEach((phrase, i) => {
        if (typeof phrase !== 'string' || phrase.replace(/\*/g, '').trim() === '') {
          problems.push(`${where}: phrases.${language}[${i}] must be non-empty text`);
        }
      });
    }
    (indicator.patterns ?? []).forEach((pattern, i) => {
      for (const problem of patternProblems(pattern))
        problems.push(`${where}: patterns[${i}] ${problem}`);
    });
  });
  const english = catalogue.labels.en;
  if (!english) problems.push('labels.en is required (the fallback language)');
  for (const [language, label] of Object.entries(catalogue.labels)) {
    for (const group of INDICATOR_GROUPS) {
      if (group !== 'legit' && !label.groups?.[group])
        problems.push(`labels.${language}.groups.${group} is missing`);
    }
  }
  catalogue.gazetteer.forEach((place, index) => {
    if (!place.id || !place.names?.length)
      problems.push(`gazetteer[${index}]: needs an id and names`);
    if (!['hotspot', 'city', 'country', 'transit'].includes(place.kind)) {
      problems.push(
        `gazetteer[${index}] (${place.id}): kind must be hotspot, city, country or transit`,
      );
    }
  });
  if (problems.length > 0) {
    throw new Error(
      `Invalid screening catalogue (${problems.length} problems):\n- ${problems.join('\n- ')}`,
    );
  }
}
