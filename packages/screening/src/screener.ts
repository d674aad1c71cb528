import type { CountryCode } from 'libphonenumber-js';
import {
  type Catalogue,
  type DerivedRule,
  defaultCatalogue,
  type IndicatorDefinition,
  validateCatalogue,
} from './catalogue.js';
import {
  extractAges,
  extractTypingSpeeds,
  NUMBER_CUE_WORDS,
  type NumberCues,
} from './extract/ages.js';
import { UNFOLDED_CUE_LETTERS } from './extract/cues.js';
import { extractCrypto } from './extract/crypto.js';
import { extractPhones } from './extract/phones.js';
import { extractSalaries } from './extract/salary.js';
import { extractEmails, extractHandles, extractUrls, HANDLE_CUE_WORDS } from './extract/web.js';
import { fingerprint } from './fingerprint.js';
import { asciiDigits, NATIVE_DIGIT_RANGES } from './fold.js';
import { detectLanguage, languageFromTag } from './language.js';
import { type PhraseMatch, PhraseMatcher } from './matcher.js';
import { isNegated } from './negation.js';
import type {
  Decision,
  IndicatorHit,
  Language,
  PlaceSelector,
  Post,
  ScreeningResult,
  Selectors,
  Span,
  Thresholds,
  WarningLabel,
} from './types.js';
import { warningLabel } from './warning.js';

/**
 * Default decision thresholds on the risk. `label` shows a warning beside the post, `review`
 * queues it for a moderator, `remove` is for posts whose indicators leave little doubt (victim
 * trading, forced-labour terms together with the recruitment pattern).
 *
 * @example
 * screenPost(post, { thresholds: { ...defaultThresholds, remove: 0.97 } });
 */
export const defaultThresholds: Thresholds = Object.freeze({
  label: 0.45,
  review: 0.7,
  remove: 0.95,
});

/** Options for one screening call. */
export interface ScreenOptions {
  /** Overrides of {@link defaultThresholds}; must satisfy 0 ≤ label ≤ review ≤ remove ≤ 1. */
  readonly thresholds?: Partial<Thresholds>;
  /** The warning label's help line: one text for all languages, or per language (others keep the default). */
  readonly helpLine?: string | Partial<Record<Language, string>>;
  /** Most reasons a warning label names (default 3). */
  readonly maxReasons?: number;
  /** Longest text accepted, in characters (default 200,000); longer posts are rejected. */
  readonly maxLength?: number;
}

/** Options for {@link createScreener}: per-call options plus a custom catalogue. */
export interface ScreenerOptions extends ScreenOptions {
  /** Catalogue to use instead of the built-in one; validated when the screener is created. */
  readonly catalogue?: Catalogue;
}

/** A screener with its catalogue compiled once; reuse it for many posts. */
export interface Screener {
  readonly catalogue: Catalogue;
  screen(post: Post, options?: ScreenOptions): ScreeningResult;
  extract(text: string, options?: { readonly language?: Language }): Selectors;
}

/**
 * Thrown for input the engine cannot screen (empty, binary, too long); the message says how to fix it.
 *
 * @example
 * try { screenPost({ text: '' }); } catch (e) { e instanceof ScreeningInputError; } // true
 */
export class ScreeningInputError extends Error {
  override readonly name = 'ScreeningInputError';
}

const HOME_COUNTRY: Partial<Record<Language, CountryCode>> = {
  km: 'KH',
  my: 'MM',
  lo: 'LA',
  th: 'TH',
  tl: 'PH',
  vi: 'VN',
  id: 'ID',
  ms: 'MY',
  hi: 'IN',
  zh: 'CN',
  ja: 'JP',
  ko: 'KR',
};
const HIGH_RISK_COUNTRIES = new Set(['KH', 'MM', 'LA']);
// Thai and Philippine numbers are ordinary in English-language ads for jobs in those countries.
const TRANSIT_PHONE_COUNTRIES = new Set(['TH', 'PH']);
const HIGH_SALARY_USD = 1000;
const YOUNG_AGE_CAP = 35;
const MAX_EVIDENCE = 10;
const DEFAULT_MAX_LENGTH = 200_000;

interface CompiledCatalogue {
  readonly catalogue: Catalogue;
  /**
   * One automaton for indicator phrases (ids below `placeBase`), gazetteer names (from it, below
   * `cueBase`) and the words age and typing-speed requirements and handles after a platform name
   * are built on (a cue kind each from `cueBase`, see CUE_KINDS).
   */
  readonly matcher: PhraseMatcher;
  readonly phraseOwner: readonly number[];
  readonly placeBase: number;
  readonly cueBase: number;
  readonly patterns: ReadonlyArray<readonly [RegExp, number]>;
  /**
   * All patterns as one alternation: where it first matches is where the earliest pattern match
   * can start, so one scan rules out posts without any and the patterns start scanning there.
   * Null when the patterns cannot be joined (for instance, two define the same group name).
   */
  readonly patternGate: RegExp | null;
  /** Each indicator code's place in `localeCompare` order, which breaks ties between hits. */
  readonly codeRank: ReadonlyMap<string, number>;
  readonly derived: ReadonlyMap<DerivedRule, readonly number[]>;
}

function compile(catalogue: Catalogue): CompiledCatalogue {
  validateCatalogue(catalogue);
  const specs: Array<{ phrase: string; id: number }> = [];
  const phraseOwner: number[] = [];
  const patterns: Array<readonly [RegExp, number]> = [];
  const derived = new Map<DerivedRule, number[]>();
  catalogue.indicators.forEach((indicator, index) => {
    for (const list of Object.values(indicator.phrases ?? {})) {
      for (const phrase of list) {
        specs.push({ phrase, id: phraseOwner.length });
        phraseOwner.push(index);
      }
    }
    for (const pattern of indicator.patterns ?? [])
      patterns.push([new RegExp(pattern, 'giu'), index]);
    if (indicator.derived)
      derived.set(indicator.derived, [...(derived.get(indicator.derived) ?? []), index]);
  });
  const placeBase = phraseOwner.length;
  catalogue.gazetteer.forEach((place, index) => {
    for (const name of place.names) specs.push({ phrase: name, id: placeBase + index });
  });
  // Cue words match anywhere, inside words too, as the patterns they stand for do.
  const cueBase = placeBase + catalogue.gazetteer.length;
  CUE_KINDS.forEach((kind, k) => {
    const words = kind === 'handle' ? HANDLE_CUE_WORDS : NUMBER_CUE_WORDS[kind];
    for (const word of words) specs.push({ phrase: `*${word}*`, id: cueBase + k });
  });
  for (const letter of UNFOLDED_CUE_LETTERS) {
    specs.push({ phrase: `*${letter}*`, id: cueBase + CUE_KINDS.length });
  }
  let patternGate: RegExp | null = null;
  if (patterns.length > 1) {
    try {
      patternGate = new RegExp(patterns.map(([p]) => `(?:${p.source})`).join('|'), 'giu');
    } catch {
      patternGate = null;
    }
  }
  return {
    catalogue,
    matcher: new PhraseMatcher(specs),
    phraseOwner,
    placeBase,
    cueBase,
    patterns,
    patternGate,
    codeRank: new Map(
      catalogue.indicators
        .map((indicator) => indicator.code)
        .sort((a, b) => a.localeCompare(b))
        .map((code, rank) => [code, rank]),
    ),
    derived,
  };
}

// Control characters other than tab and line breaks, and the replacement character.
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const UNREADABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/;

const NOT_BLANK = /\S/;

// Those, or a native digit (which number patterns read as ASCII): one scan clears most posts of
// both, and their digits need no copy (see asciiDigits).
const UNREADABLE_OR_NATIVE_DIGIT = new RegExp(
  `[${UNREADABLE.source.slice(1, -1)}${NATIVE_DIGIT_RANGES}]`,
);

/** A field's text, checked, and whether it holds neither unreadable characters nor native digits. */
interface CheckedText {
  readonly text: string;
  readonly plain: boolean;
}

function checkText(text: unknown, field: string, maxLength: number): CheckedText {
  if (typeof text !== 'string') {
    throw new ScreeningInputError(
      `${field} must be a string, got ${text === null ? 'null' : typeof text}`,
    );
  }
  if (text.length > maxLength) {
    throw new ScreeningInputError(
      `${field} is ${text.length.toLocaleString('en')} characters long; the limit is ${maxLength.toLocaleString('en')} (split the post or raise the maximum length)`,
    );
  }
  if (!UNREADABLE_OR_NATIVE_DIGIT.test(text)) return { text, plain: true };
  let unreadable = 0;
  // Only text with unreadable characters is counted.
  if (UNREADABLE.test(text)) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 0xfffd || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d))
        unreadable++;
    }
  }
  if (text.length > 0 && unreadable / text.length > 0.1) {
    throw new ScreeningInputError(
      `${field} looks like binary data or text in a wrong encoding (${Math.round((100 * unreadable) / text.length)}% unreadable characters); send UTF-8 text`,
    );
  }
  return { text, plain: false };
}

function resolveThresholds(overrides: Partial<Thresholds> | undefined): Thresholds {
  const t = { ...defaultThresholds, ...overrides };
  const ok = [t.label, t.review, t.remove].every((v) => Number.isFinite(v) && v >= 0 && v <= 1);
  if (!ok || !(t.label <= t.review && t.review <= t.remove)) {
    throw new RangeError(
      `Invalid thresholds ${JSON.stringify(t)}: each must be in [0, 1] with label ≤ review ≤ remove`,
    );
  }
  return t;
}

function decide(risk: number, t: Thresholds): Decision {
  if (risk >= t.remove) return 'remove';
  if (risk >= t.review) return 'review';
  if (risk >= t.label) return 'label';
  return 'allow';
}

type Field = 'text' | 'title' | 'location';

function tag<T extends Span>(span: T, field: Field): T {
  return field === 'text' ? span : { ...span, field };
}

function emptySelectors(): Selectors {
  return {
    phones: [],
    handles: [],
    urls: [],
    emails: [],
    crypto: [],
    salaries: [],
    ages: [],
    typingSpeeds: [],
    places: [],
  };
}

function extractInto(
  compiled: CompiledCatalogue,
  selectors: Selectors,
  { text, plain }: CheckedText,
  language: Language,
  field: Field,
): { matches: PhraseMatch[]; digits: string } {
  const matches = compiled.matcher.findAll(text);
  const urls = extractUrls(text);
  const emails = extractEmails(text);
  const cues = cuesFrom(compiled, matches);
  const handles = extractHandles(text, urls, cues?.handles);
  const crypto = extractCrypto(text);
  // Crypto addresses and URLs contain digit runs that libphonenumber would read as numbers.
  const taken = [...crypto, ...urls, ...emails];
  const phones = extractPhones(text, HOME_COUNTRY[language]).filter(
    (p) => !taken.some((s) => p.start < s.end && s.start < p.end),
  );
  // Number-reading patterns see native digits (Khmer ១២, Thai ๑๒, …) as ASCII; spans carry over
  // (and their text is the original's; without native digits the two texts are one).
  const digits = plain ? text : asciiDigits(text);
  const original = <T extends Span>(span: T): T =>
    digits === text ? span : { ...span, text: text.slice(span.start, span.end) };
  const salaries = extractSalaries(digits, language, [...phones, ...crypto, ...urls]).map(original);
  const places: PlaceSelector[] = [];
  for (const m of matches) {
    if (m.id < compiled.placeBase || m.id >= compiled.cueBase) continue;
    const place = compiled.catalogue.gazetteer[m.id - compiled.placeBase];
    if (!place) continue;
    const last = places[places.length - 1];
    // Keep the longest of overlapping names ("Golden Triangle SEZ" over "Golden Triangle").
    if (last && m.start < last.end) {
      if (m.end - m.start <= last.end - last.start) continue;
      places.pop();
    }
    places.push({
      start: m.start,
      end: m.end,
      text: text.slice(m.start, m.end),
      id: place.id,
      name: place.name,
      country: place.country,
      kind: place.kind,
    });
  }
  selectors.urls.push(...urls.map((s) => tag(s, field)));
  selectors.emails.push(...emails.map((s) => tag(s, field)));
  selectors.handles.push(...handles.map((s) => tag(s, field)));
  selectors.crypto.push(...crypto.map((s) => tag(s, field)));
  selectors.phones.push(...phones.map((s) => tag(s, field)));
  selectors.salaries.push(...salaries.map((s) => tag(s, field)));
  selectors.ages.push(...extractAges(digits, cues?.numbers).map((s) => tag(original(s), field)));
  selectors.typingSpeeds.push(
    ...extractTypingSpeeds(digits, cues?.numbers).map((s) => tag(original(s), field)),
  );
  selectors.places.push(...places.map((s) => tag(s, field)));
  return { matches, digits };
}

const CUE_KINDS = ['age', 'years', 'under', 'speed', 'typing', 'handle'] as const;

/** Where the automaton found cue words: the age and typing-speed ones and platform names. */
interface Cues {
  readonly numbers: NumberCues;
  readonly handles: readonly number[];
}

/**
 * Where the automaton found the cue words, by kind (none when the text holds a letter folding
 * misses: the extractors then scan for the words themselves).
 */
function cuesFrom(compiled: CompiledCatalogue, matches: readonly PhraseMatch[]): Cues | undefined {
  const starts: number[][] = CUE_KINDS.map(() => []);
  for (const m of matches) {
    if (m.id < compiled.cueBase) continue;
    const list = starts[m.id - compiled.cueBase];
    if (!list) return undefined;
    list.push(m.start);
  }
  // Matches come in order of their ends; the extractors take starts in order.
  const [age, years, under, speed, typing, handles] = starts.map((list) =>
    list.sort((a, b) => a - b),
  ) as [number[], number[], number[], number[], number[], number[]];
  return { numbers: { age, years, under, speed, typing }, handles };
}

function derivedEvidence(rule: DerivedRule, selectors: Selectors, language: Language): Span[] {
  const home = HOME_COUNTRY[language];
  switch (rule) {
    case 'place-hotspot':
      return selectors.places.filter((p) => p.kind === 'hotspot');
    case 'place-high-risk-country':
      // Countries hosting many compounds, and the cities where compounds operate in any country.
      return selectors.places.filter(
        (p) =>
          p.country !== home &&
          ((p.kind === 'country' && HIGH_RISK_COUNTRIES.has(p.country)) || p.kind === 'city'),
      );
    case 'place-transit':
      return selectors.places.filter((p) => p.kind === 'transit' && p.country !== home);
    case 'salary-high':
      return selectors.salaries.filter((s) => s.usdPerMonth.max >= HIGH_SALARY_USD);
    case 'phone-foreign':
      return selectors.phones.filter((p) => {
        if (!p.country || p.country === home) return false;
        if (HIGH_RISK_COUNTRIES.has(p.country)) return true;
        return TRANSIT_PHONE_COUNTRIES.has(p.country) && language !== 'en';
      });
    case 'handle-telegram':
      return selectors.handles.filter((h) => h.platform === 'telegram');
    case 'handle-messaging':
      return selectors.handles.filter((h) => h.platform !== 'telegram');
    case 'crypto-address':
      return selectors.crypto;
    case 'typing-speed':
      return selectors.typingSpeeds;
    case 'age-young-cap':
      return selectors.ages.filter((a) => a.max !== null && a.max <= YOUNG_AGE_CAP);
  }
}

/** Orders spans by field: the text (no field) first, then `location`, then `title`. */
function compareFields(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareSpans(a: Span, b: Span): number {
  return compareFields(a.field, b.field) || a.start - b.start || b.end - a.end;
}

/** Keeps the longest of overlapping spans, in text order, at most `MAX_EVIDENCE`. */
function tidyEvidence(spans: readonly Span[]): Span[] {
  // Evidence mostly arrives in order, and a stable sort leaves an ordered list as it is.
  let ordered = true;
  for (let k = 1; k < spans.length && ordered; k++) {
    ordered = compareSpans(spans[k - 1] as Span, spans[k] as Span) <= 0;
  }
  const sorted = ordered ? spans : [...spans].sort(compareSpans);
  const kept: Span[] = [];
  for (const span of sorted) {
    const last = kept[kept.length - 1];
    if (last && last.field === span.field && span.start < last.end) {
      if (span.end - span.start > last.end - last.start) kept[kept.length - 1] = span;
      continue;
    }
    kept.push(span);
  }
  return kept.length > MAX_EVIDENCE ? kept.slice(0, MAX_EVIDENCE) : kept;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

interface Scored {
  readonly risk: number;
  readonly hits: IndicatorHit[];
  readonly groupWeights: ReadonlyMap<string, number>;
}

function score(
  catalogue: Catalogue,
  codeRank: ReadonlyMap<string, number>,
  found: ReadonlyMap<number, Span[]>,
): Scored {
  const byGroup = new Map<string, Array<[IndicatorDefinition, Span[]]>>();
  for (const [index, evidence] of found) {
    const indicator = catalogue.indicators[index];
    if (!indicator || evidence.length === 0) continue;
    const members = byGroup.get(indicator.group);
    if (members) members.push([indicator, evidence]);
    else byGroup.set(indicator.group, [[indicator, evidence]]);
  }
  let logit = catalogue.bias;
  const hits: IndicatorHit[] = [];
  const groupWeights = new Map<string, number>();
  for (const [group, members] of byGroup) {
    members.sort((a, b) => Math.abs(b[0].weight) - Math.abs(a[0].weight));
    let total = 0;
    members.forEach(([indicator, evidence], rank) => {
      const weight = rank === 0 ? indicator.weight : indicator.weight * catalogue.groupDamping;
      total += weight;
      hits.push({
        code: indicator.code,
        label: indicator.label,
        weight: Math.round(weight * 1000) / 1000,
        evidence: tidyEvidence(evidence),
      });
    });
    groupWeights.set(group, total);
    logit += total;
  }
  hits.sort(
    (a, b) => b.weight - a.weight || (codeRank.get(a.code) ?? 0) - (codeRank.get(b.code) ?? 0),
  );
  return { risk: Math.round(sigmoid(logit) * 10_000) / 10_000, hits, groupWeights };
}

function screenWith(
  compiled: CompiledCatalogue,
  post: Post,
  options: ScreenOptions = {},
): ScreeningResult {
  if (post === null || typeof post !== 'object') {
    throw new ScreeningInputError('post must be an object with a "text" string');
  }
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const none: CheckedText = { text: '', plain: true };
  const checked = checkText(post.text, 'text', maxLength);
  const checkedTitle =
    post.title === undefined || post.title === null
      ? none
      : checkText(post.title, 'title', maxLength);
  const checkedLocation =
    post.location === undefined || post.location === null
      ? none
      : checkText(post.location, 'location', maxLength);
  const text = checked.text;
  const title = checkedTitle.text;
  // (`\S` is any character `trim` keeps, found without copying the text.)
  if (!NOT_BLANK.test(text) && !NOT_BLANK.test(title)) {
    throw new ScreeningInputError(
      'text is empty: give the post text (or at least a title) to screen',
    );
  }
  const thresholds = resolveThresholds(options.thresholds);
  const hinted = typeof post.lang === 'string' ? languageFromTag(post.lang) : null;
  const language = hinted ?? detectLanguage(title ? `${title}\n${text}` : text);

  const selectors = emptySelectors();
  const found = new Map<number, Span[]>();
  const add = (index: number, span: Span) => {
    const list = found.get(index);
    if (list) list.push(span);
    else found.set(index, [span]);
  };
  const fields: Array<[Field, CheckedText]> = [['text', checked]];
  if (title) fields.push(['title', checkedTitle]);
  if (checkedLocation.text) fields.push(['location', checkedLocation]);
  for (const [field, fieldText] of fields) {
    const value = fieldText.text;
    const { matches, digits } = extractInto(compiled, selectors, fieldText, language, field);
    for (const m of matches) {
      if (m.id >= compiled.placeBase) continue;
      const index = compiled.phraseOwner[m.id] as number;
      const indicator = compiled.catalogue.indicators[index] as IndicatorDefinition;
      if (indicator.negatable) {
        if (isNegated(value, m.start)) continue;
      }
      add(index, tag({ start: m.start, end: m.end, text: value.slice(m.start, m.end) }, field));
    }
    let from = 0;
    if (compiled.patternGate) {
      compiled.patternGate.lastIndex = 0;
      from = compiled.patternGate.exec(digits)?.index ?? digits.length + 1;
    }
    for (const [pattern, index] of compiled.patterns) {
      if (from > digits.length) break;
      // matchAll scans with a copy of the pattern that starts at the pattern's lastIndex.
      pattern.lastIndex = from;
      for (const m of digits.matchAll(pattern)) {
        const start = m.index ?? 0;
        const end = start + m[0].length;
        add(index, tag({ start, end, text: value.slice(start, end) }, field));
      }
    }
  }
  for (const [rule, indices] of compiled.derived) {
    const evidence = derivedEvidence(rule, selectors, language);
    if (evidence.length === 0) continue;
    for (const index of indices) for (const span of evidence) add(index, span);
  }

  const { risk, hits, groupWeights } = score(compiled.catalogue, compiled.codeRank, found);
  const decision = decide(risk, thresholds);
  let warning: WarningLabel | null = null;
  if (decision !== 'allow') {
    const reasons = [...groupWeights]
      .filter(([group, weight]) => group !== 'legit' && weight > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, options.maxReasons ?? 3)
      .map(([group]) => group);
    warning = warningLabel(compiled.catalogue, language, reasons, options.helpLine);
  }
  return {
    id: post.id ?? null,
    risk,
    decision,
    language,
    indicators: hits,
    selectors,
    warning,
    fingerprint: fingerprint(title ? `${title}\n${text}` : text),
  };
}

/**
 * Compiles a catalogue (the built-in one unless `options.catalogue` is given) into a reusable
 * screener. Compiling takes a few milliseconds; screening a post then takes well under one.
 *
 * @example
 * const screener = createScreener({ thresholds: { label: 0.4 } });
 * const result = screener.screen({ id: 'p1', text: 'Urgent! CS job in Sihanoukville, free flight, TG @hr_kh' });
 * result.decision; // 'review'
 */
export function createScreener(options: ScreenerOptions = {}): Screener {
  const compiled = compile(options.catalogue ?? defaultCatalogue);
  resolveThresholds(options.thresholds);
  const { catalogue: _ignored, ...defaults } = options;
  return {
    catalogue: compiled.catalogue,
    screen: (post, callOptions) => screenWith(compiled, post, { ...defaults, ...callOptions }),
    extract: (text, extractOptions) => {
      const checked = checkText(text, 'text', Number.POSITIVE_INFINITY);
      const selectors = emptySelectors();
      extractInto(
        compiled,
        selectors,
        checked,
        extractOptions?.language ?? detectLanguage(text),
        'text',
      );
      return selectors;
    },
  };
}

// The built-in catalogue compiled on first use: an immutable, deterministic cache, so repeated
// `screenPost` calls do not rebuild the phrase automaton.
let builtIn: Screener | undefined;
function builtInScreener(): Screener {
  builtIn ??= createScreener();
  return builtIn;
}

/**
 * Screens one post: language, selectors, indicators with evidence spans, calibrated risk,
 * decision, warning label in the post's language and campaign fingerprint. Throws
 * {@link ScreeningInputError} for empty, binary or oversized input.
 *
 * @example
 * const r = screenPost({ id: 1, text: 'Việc nhẹ lương cao ở Campuchia, bao vé máy bay, liên hệ Telegram @tuyendung' });
 * r.language; // 'vi'
 * r.decision; // 'review'
 * r.indicators[0]?.evidence[0]; // { start: …, end: …, text: 'Campuchia' }
 */
export function screenPost(post: Post, options: ScreenerOptions = {}): ScreeningResult {
  if (options.catalogue) return createScreener(options).screen(post);
  return builtInScreener().screen(post, options);
}

/**
 * Extracts selectors (phones, messaging handles, URLs, e-mails, crypto addresses, salaries, ages,
 * typing speeds, hotspot places) with their spans, without scoring.
 *
 * @example
 * extractSelectors('WhatsApp +855 96 123 4567, $1,500/month').phones[0]?.country; // 'KH'
 */
export function extractSelectors(
  text: string,
  options: { readonly language?: Language } = {},
): Selectors {
  return builtInScreener().extract(text, options);
}
