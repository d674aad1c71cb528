import type { AgeSelector, TypingSpeedSelector } from '../types.js';
import { matchesAt, spellings } from './cues.js';

const AGE_WORD =
  '(?:ages?|aged|age limit|usia|umur|tuổi|tuoi|độ tuổi|do tuoi|อายุ|edad|edades|edad entre|年龄|年齡|年纪|आयु|उम्र|អាយុ|အသက်|edad:|edad de)';
const YEARS_WORD =
  '(?:years? old|yrs? old|y\\.?o\\.?|tahun|thn|tuổi|tuoi|ปี|岁|歲|周岁|años|anos|taong gulang|taon|साल|वर्ष|ឆ្នាំ|နှစ်)';
const RANGE_SEP = '\\s?(?:-|–|~|～|to|until|đến|den|hingga|sampai|s/d|至|到|ถึง|a|y|hanggang|से)\\s?';
const UNDER =
  '(?:under|below|maximum|max|not over|not older than|up to|dưới|duoi|không quá|di bawah|maksimal|maks|bawah|ไม่เกิน|menos de|máximo|以下|以内|से कम|अधिकतम)';

// Bounded, single-optional separators between fixed words and two-digit numbers: linear-time.
const AGE_RANGE_AFTER_WORD = new RegExp(
  `${AGE_WORD}\\s?[:：]?\\s?(\\d{2})${RANGE_SEP}(\\d{2})(?!\\d)`,
  'giu',
);
const AGE_RANGE_BEFORE_YEARS = new RegExp(
  `(?<!\\d)(\\d{2})${RANGE_SEP}(\\d{2})\\s?${YEARS_WORD}`,
  'giu',
);
const AGE_MAX = new RegExp(
  `(?:${AGE_WORD}\\s?[:：]?\\s?${UNDER}\\s?(\\d{2})(?!\\d))|(?:${UNDER}\\s?(\\d{2})\\s?${YEARS_WORD})|(?:(\\d{2})\\s?(?:岁|歲|周岁)\\s?(?:以下|以内))`,
  'giu',
);
const AGE_MIN = new RegExp(
  `${AGE_WORD}\\s?[:：]?\\s?(\\d{2})\\s?(?:\\+|以上|or above|and above|ke atas|trở lên|tro len|ขึ้นไป)`,
  'giu',
);

// The patterns anchored, to try them only where cues say they can start (see NumberCues).
const anchored = (pattern: RegExp) => new RegExp(pattern.source, 'iuy');
const AGE_RANGE_AFTER_WORD_AT = anchored(AGE_RANGE_AFTER_WORD);
const AGE_RANGE_BEFORE_YEARS_AT = anchored(AGE_RANGE_BEFORE_YEARS);
const AGE_MAX_AT = anchored(AGE_MAX);
const AGE_MIN_AT = anchored(AGE_MIN);

// Each age pattern holds one of two shapes, found with one scan each: an age word shortly before
// a number (AGE_WORD_GATE) or a number just before a years word (YEARS_GATE, which also covers
// 岁 and 歲). A pattern then scans from where its shape first occurs: a pattern led by the age
// word starts where the gate matched; one whose years word comes after the number starts at most
// YEARS_LEAD characters before the gate's digit (`under 30 years`, `18 - 35 tahun`).
const AGE_WORD_GATE = new RegExp(`${AGE_WORD}\\s?[:：]?\\s?(?:${UNDER}\\s?)?\\d`, 'iu');
const YEARS_GATE = new RegExp(`\\d\\s?${YEARS_WORD}`, 'iu');
const YEARS_LEAD = 20;

/**
 * Where a text's age and typing-speed words start, found by a caller that already reads the
 * whole text (the screener's phrase automaton), so the extractors need not scan it for them: for
 * each kind, the offsets (ascending) of every occurrence of one of its {@link NUMBER_CUE_WORDS}.
 * Occurrences must be matched at least as loosely as the patterns match, case-insensitively:
 * folding as the phrase matcher does (case, diacritics, zero-width characters, runs of spaces)
 * is, except for the letters in UNFOLDED_CUE_LETTERS (cues.ts); give no cues for text holding one.
 */
export interface NumberCues {
  /** Age words (`age`, `tuổi`, `อายุ`…), where age ranges, floors and most caps start. */
  readonly age: readonly number[];
  /** Years words (`years old`, `tahun`, `岁`…), 5–15 characters after a range (`18 - 35 tahun`). */
  readonly years: readonly number[];
  /** Cap words (`under`, `maksimal`, `以下`…), where caps before a years word start. */
  readonly under: readonly number[];
  /** Speed units (`wpm`, `từ`…), 2–6 characters after the number of a speed in words. */
  readonly speed: readonly number[];
  /** `打字` and `typing`, where speeds in characters start. */
  readonly typing: readonly number[];
}

/** The matches of a global `pattern` from offset `from` on (none when `from` is negative). */
function matchesFrom(
  pattern: RegExp,
  text: string,
  from: number,
): IterableIterator<RegExpMatchArray> | [] {
  if (from < 0) return [];
  // matchAll scans with a copy of the pattern that starts at the pattern's lastIndex.
  pattern.lastIndex = from;
  return text.matchAll(pattern);
}

function plausible(age: number): boolean {
  return age >= 14 && age <= 75;
}

/**
 * Finds age requirements: ranges (`Age 18-30`, `tuổi 20-35`, `18至35岁`), caps (`under 35`,
 * `35岁以下`, `maksimal 30 tahun`) and floors (`age 18+`). Values outside 14–75 are ignored.
 *
 * @example
 * extractAges('Age 18–30, female')[0]; // { min: 18, max: 30, … }
 */
export function extractAges(text: string, cues?: NumberCues): AgeSelector[] {
  const found: AgeSelector[] = [];
  const matches = cues ? ageMatchesAtCues(text, cues) : ageMatchesFromGates(text);
  if (!matches) return found;
  const taken = (start: number, end: number) => found.some((a) => start < a.end && a.start < end);
  for (const m of [...matches.rangeAfterWord, ...matches.rangeBeforeYears]) {
    const low = Number(m[1]);
    const high = Number(m[2]);
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (!plausible(low) || !plausible(high) || low > high || taken(start, end)) continue;
    found.push({ start, end, text: m[0], min: low, max: high });
  }
  for (const m of matches.max) {
    const max = Number(m[1] ?? m[2] ?? m[3]);
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (!plausible(max) || taken(start, end)) continue;
    found.push({ start, end, text: m[0], min: null, max });
  }
  for (const m of matches.min) {
    const min = Number(m[1]);
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (!plausible(min) || taken(start, end)) continue;
    found.push({ start, end, text: m[0], min, max: null });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Each age pattern's matches, in text order, as a global scan of the text finds them. */
interface AgeMatches {
  readonly rangeAfterWord: Iterable<RegExpMatchArray>;
  readonly rangeBeforeYears: Iterable<RegExpMatchArray>;
  readonly max: Iterable<RegExpMatchArray>;
  readonly min: Iterable<RegExpMatchArray>;
}

/** The age patterns' matches, each scanned from where its gate shows it can first match. */
function ageMatchesFromGates(text: string): AgeMatches | null {
  const afterWord = AGE_WORD_GATE.exec(text)?.index ?? -1;
  const yearsAt = YEARS_GATE.exec(text)?.index ?? -1;
  if (afterWord < 0 && yearsAt < 0) return null;
  const beforeYears = yearsAt < 0 ? -1 : Math.max(0, yearsAt - YEARS_LEAD);
  const eitherShape =
    afterWord < 0 ? beforeYears : beforeYears < 0 ? afterWord : Math.min(afterWord, beforeYears);
  return {
    rangeAfterWord: matchesFrom(AGE_RANGE_AFTER_WORD, text, afterWord),
    rangeBeforeYears: matchesFrom(AGE_RANGE_BEFORE_YEARS, text, beforeYears),
    max: matchesFrom(AGE_MAX, text, eitherShape),
    min: matchesFrom(AGE_MIN, text, afterWord),
  };
}

/**
 * The age patterns' matches, each tried only where it can start: at an age word (ranges and
 * floors after one, caps after one), at a cap word (`under 35 years`), at a number 5–15
 * characters before a years word (`18 - 35 tahun`) or 2–3 before one (`35岁以下`).
 */
function ageMatchesAtCues(text: string, cues: NumberCues): AgeMatches {
  return {
    rangeAfterWord: matchesAt(AGE_RANGE_AFTER_WORD_AT, text, cues.age),
    rangeBeforeYears: matchesAt(
      AGE_RANGE_BEFORE_YEARS_AT,
      text,
      numbersBefore(text, cues.years, 5, 15),
    ),
    max: matchesAt(
      AGE_MAX_AT,
      text,
      ascending([...cues.age, ...cues.under, ...digitsBefore(text, cues.years, 2, 3)]),
    ),
    min: matchesAt(AGE_MIN_AT, text, cues.age),
  };
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** The offsets `near` to `far` characters before each of `offsets` that hold an ASCII digit, ascending. */
function digitsBefore(
  text: string,
  offsets: readonly number[],
  near: number,
  far: number,
): number[] {
  const out: number[] = [];
  for (const offset of offsets) {
    for (let at = Math.max(0, offset - far); at <= offset - near; at++) {
      if (isDigit(text.charCodeAt(at))) out.push(at);
    }
  }
  return ascending(out);
}

/** Like digitsBefore, but only where a number starts (the digit follows no digit). */
function numbersBefore(
  text: string,
  offsets: readonly number[],
  near: number,
  far: number,
): number[] {
  return digitsBefore(text, offsets, near, far).filter(
    (at) => at === 0 || !isDigit(text.charCodeAt(at - 1)),
  );
}

/** The offsets sorted ascending, each once. */
function ascending(offsets: number[]): number[] {
  offsets.sort((a, b) => a - b);
  let kept = 0;
  for (const offset of offsets)
    if (kept === 0 || offsets[kept - 1] !== offset) offsets[kept++] = offset;
  offsets.length = kept;
  return offsets;
}

// A speed in words holds a number just before a unit (WPM_GATE matches at the number's last
// digit, at most two after the match's start); a speed in characters starts with 打字 or
// "typing". Each pattern runs only when its gate matches, and scans from there.
const SPEED_UNIT = '(?:wpm|w\\.p\\.m|words|từ|kata|patah|คำ|palabras|ppm|शब्द)';
const TYPING_WORD = '(?:打字|typing)';
const WPM_GATE = new RegExp(`\\d\\s?\\+?\\s?${SPEED_UNIT}`, 'iu');
const CPM_GATE = new RegExp(TYPING_WORD, 'iu');
const WPM =
  /(?<!\d)(\d{2,3})\s?\+?\s?(?:wpm|w\.p\.m|words per minute|words\/min|words a minute|từ\/phút|từ mỗi phút|kata per menit|kata\/menit|patah perkataan seminit|คำ\/นาที|คำต่อนาที|palabras por minuto|ppm|शब्द प्रति मिनट)/giu;
const CPM =
  /(?:打字|打字速度|typing)[^\d\n]{0,8}(\d{2,3})\s?\+?\s?(?:字|字\/分|字每分钟|字\/分钟|cpm)/giu;
const WPM_AT = anchored(WPM);
const CPM_AT = anchored(CPM);

/** The words {@link NumberCues} locates, by kind: every spelling of the patterns' words. */
export const NUMBER_CUE_WORDS: Readonly<Record<keyof NumberCues, readonly string[]>> = {
  age: spellings(AGE_WORD),
  years: spellings(YEARS_WORD),
  under: spellings(UNDER),
  speed: spellings(SPEED_UNIT),
  typing: spellings(TYPING_WORD),
};

/**
 * Finds typing-speed requirements (`40 wpm`, `打字速度60字/分`, `30 từ/phút`).
 *
 * @example
 * extractTypingSpeeds('Typing 40 wpm+')[0]?.perMinute; // 40
 */
export function extractTypingSpeeds(text: string, cues?: NumberCues): TypingSpeedSelector[] {
  const found: TypingSpeedSelector[] = [];
  let inWords: Iterable<RegExpMatchArray>;
  let inCharacters: Iterable<RegExpMatchArray>;
  if (cues) {
    // A speed in words starts at a number 2–6 characters before its unit.
    inWords = matchesAt(WPM_AT, text, numbersBefore(text, cues.speed, 2, 6));
    inCharacters = matchesAt(CPM_AT, text, cues.typing);
  } else {
    const words = WPM_GATE.exec(text)?.index ?? -1;
    inWords = matchesFrom(WPM, text, words < 0 ? -1 : Math.max(0, words - 2));
    inCharacters = matchesFrom(CPM, text, CPM_GATE.exec(text)?.index ?? -1);
  }
  for (const m of inWords) {
    const start = m.index ?? 0;
    found.push({
      start,
      end: start + m[0].length,
      text: m[0],
      perMinute: Number(m[1]),
      unit: 'wpm',
    });
  }
  for (const m of inCharacters) {
    const start = m.index ?? 0;
    found.push({
      start,
      end: start + m[0].length,
      text: m[0],
      perMinute: Number(m[1]),
      unit: 'cpm',
    });
  }
  return found.sort((a, b) => a.start - b.start);
}
