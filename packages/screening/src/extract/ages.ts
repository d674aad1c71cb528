import type { AgeSelector, TypingSpeedSelector } from '../types.js';

const AGE_WORD =
  '(?:ages?|aged|age limit|usia|umur|tuổi|tuoi|độ tuổi|do tuoi|อายุ|edad|edades|edad entre|年龄|年齡|年纪|आयु|उम्र|អាយុ|အသက်|edad:|edad de)';
const YEARS_WORD =
  '(?:years? old|yrs? old|y\\.?o\\.?|tahun|thn|tuổi|tuoi|ปี|岁|歲|周岁|años|anos|taong gulang|taon|साल|वर्ष|ឆ្នាំ|နှစ်)';
const RANGE_SEP = '\\s?(?:-|–|~|～|to|until|đến|den|hingga|sampai|s/d|至|到|ถึง|a|y|hanggang|से)\\s?';
const UNDER =
  '(?:under|below|max(?:imum)?|not over|not older than|up to|dưới|duoi|không quá|di bawah|maksimal|maks|bawah|ไม่เกิน|menos de|máximo|以下|以内|से कम|अधिकतम)';

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

// Each age pattern holds one of two shapes, found with one scan each: an age word shortly before
// a number (AGE_WORD_GATE) or a number just before a years word (YEARS_GATE, which also covers
// 岁 and 歲). A pattern then scans from where its shape first occurs: a pattern led by the age
// word starts where the gate matched; one whose years word comes after the number starts at most
// YEARS_LEAD characters before the gate's digit (`under 30 years`, `18 - 35 tahun`).
const AGE_WORD_GATE = new RegExp(`${AGE_WORD}\\s?[:：]?\\s?(?:${UNDER}\\s?)?\\d`, 'iu');
const YEARS_GATE = new RegExp(`\\d\\s?${YEARS_WORD}`, 'iu');
const YEARS_LEAD = 20;
// The gates anchored, to try them where the cues say their words are (see NumberCues).
const AGE_WORD_AT = new RegExp(AGE_WORD_GATE.source, 'iuy');
const YEARS_AT = new RegExp(YEARS_GATE.source, 'iuy');

/**
 * Where a text's age and typing-speed words start, found by a caller that already reads the
 * whole text (the screener's phrase automaton), so the extractors need not scan it for them: for
 * each kind, the offsets (ascending) of every occurrence of one of its {@link NUMBER_CUE_WORDS}.
 * Occurrences must be matched at least as loosely as the patterns match, case-insensitively:
 * folding as the phrase matcher does (case, diacritics, zero-width characters, runs of spaces)
 * is, except for the letters in {@link UNFOLDED_CUE_LETTERS}; give no cues for text holding one.
 */
export interface NumberCues {
  /** Age words (`age`, `tuổi`, `อายุ`…): each AGE_WORD_GATE match starts at one. */
  readonly age: readonly number[];
  /** Years words (`years old`, `tahun`, `岁`…): each YEARS_GATE match starts 1–2 before one. */
  readonly years: readonly number[];
  /** Speed units (`wpm`, `từ`…): each WPM_GATE match starts 1–4 before one. */
  readonly speed: readonly number[];
  /** `打字` and `typing`: each CPM_GATE match starts at one. */
  readonly typing: readonly number[];
}

/**
 * The spellings of a flat alternation such as `(?:ages?|y\\.?o\\.?|edad:)`: each alternative
 * with every optional character (`s?`, `\\.?`) present and absent.
 */
function spellings(group: string): string[] {
  const body = group.replace(/^\(\?:/, '').replace(/\)$/, '');
  return body.split('|').flatMap((alternative) => {
    let words = [''];
    for (let i = 0; i < alternative.length; i++) {
      let char = alternative[i] as string;
      if ('()[]{}*+^$|'.includes(char)) {
        throw new Error(`Cannot spell out ${JSON.stringify(alternative)}: only ? is supported`);
      }
      if (char === '\\') char = alternative[++i] as string;
      const optional = alternative[i + 1] === '?';
      if (optional) i++;
      words = optional ? words.flatMap((word) => [word + char, word]) : words.map((w) => w + char);
    }
    return words;
  });
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
  const afterWord = cues
    ? firstMatchAt(AGE_WORD_AT, text, cues.age)
    : (AGE_WORD_GATE.exec(text)?.index ?? -1);
  const yearsAt = cues
    ? firstMatchAt(YEARS_AT, text, before(cues.years, 2))
    : (YEARS_GATE.exec(text)?.index ?? -1);
  if (afterWord < 0 && yearsAt < 0) return found;
  const beforeYears = yearsAt < 0 ? -1 : Math.max(0, yearsAt - YEARS_LEAD);
  const eitherShape =
    afterWord < 0 ? beforeYears : beforeYears < 0 ? afterWord : Math.min(afterWord, beforeYears);
  const taken = (start: number, end: number) => found.some((a) => start < a.end && a.start < end);
  for (const [pattern, from] of [
    [AGE_RANGE_AFTER_WORD, afterWord],
    [AGE_RANGE_BEFORE_YEARS, beforeYears],
  ] as const) {
    for (const m of matchesFrom(pattern, text, from)) {
      const low = Number(m[1]);
      const high = Number(m[2]);
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (!plausible(low) || !plausible(high) || low > high || taken(start, end)) continue;
      found.push({ start, end, text: m[0], min: low, max: high });
    }
  }
  for (const m of matchesFrom(AGE_MAX, text, eitherShape)) {
    const max = Number(m[1] ?? m[2] ?? m[3]);
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (!plausible(max) || taken(start, end)) continue;
    found.push({ start, end, text: m[0], min: null, max });
  }
  for (const m of matchesFrom(AGE_MIN, text, afterWord)) {
    const min = Number(m[1]);
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (!plausible(min) || taken(start, end)) continue;
    found.push({ start, end, text: m[0], min, max: null });
  }
  return found.sort((a, b) => a.start - b.start);
}

// A speed in words holds a number just before a unit (WPM_GATE matches at the number's last
// digit, at most two after the match's start); a speed in characters starts with 打字 or
// "typing". Each pattern runs only when its gate matches, and scans from there.
const SPEED_UNIT = '(?:wpm|w\\.p\\.m|words|từ|kata|patah|คำ|palabras|ppm|शब्द)';
const TYPING_WORD = '(?:打字|typing)';
const WPM_GATE = new RegExp(`\\d\\s?\\+?\\s?${SPEED_UNIT}`, 'iu');
const CPM_GATE = new RegExp(TYPING_WORD, 'iu');
const WPM_AT = new RegExp(WPM_GATE.source, 'iuy');
const CPM_AT = new RegExp(CPM_GATE.source, 'iuy');

/** The words {@link NumberCues} locates, by kind: every spelling of the gates' words. */
export const NUMBER_CUE_WORDS: Readonly<Record<keyof NumberCues, readonly string[]>> = {
  age: spellings(AGE_WORD),
  years: spellings(YEARS_WORD),
  speed: spellings(SPEED_UNIT),
  typing: spellings(TYPING_WORD),
};

/**
 * Letters the patterns match case-insensitively that the phrase matcher's folding does not turn
 * into the cue words' letters (ſ, a long s, matches `s`): cues found by folding can miss them.
 */
export const UNFOLDED_CUE_LETTERS: readonly string[] = ['ſ'];

/** The first of `offsets` (ascending) where the anchored `pattern` matches, or -1. */
function firstMatchAt(pattern: RegExp, text: string, offsets: readonly number[]): number {
  for (const offset of offsets) {
    pattern.lastIndex = offset;
    if (pattern.test(text)) return offset;
  }
  return -1;
}

/** The offsets 1 to `lead` before each of `offsets` (ascending, within the text), ascending. */
function before(offsets: readonly number[], lead: number): number[] {
  const out: number[] = [];
  for (const offset of offsets) {
    for (let at = Math.max(0, offset - lead); at < offset; at++) out.push(at);
  }
  return out.sort((a, b) => a - b);
}
const WPM =
  /(?<!\d)(\d{2,3})\s?\+?\s?(?:wpm|w\.p\.m|words per minute|words\/min|words a minute|từ\/phút|từ mỗi phút|kata per menit|kata\/menit|patah perkataan seminit|คำ\/นาที|คำต่อนาที|palabras por minuto|ppm|शब्द प्रति मिनट)/giu;
const CPM =
  /(?:打字|打字速度|typing)[^\d\n]{0,8}(\d{2,3})\s?\+?\s?(?:字|字\/分|字每分钟|字\/分钟|cpm)/giu;

/**
 * Finds typing-speed requirements (`40 wpm`, `打字速度60字/分`, `30 từ/phút`).
 *
 * @example
 * extractTypingSpeeds('Typing 40 wpm+')[0]?.perMinute; // 40
 */
export function extractTypingSpeeds(text: string, cues?: NumberCues): TypingSpeedSelector[] {
  const found: TypingSpeedSelector[] = [];
  const words = cues
    ? firstMatchAt(WPM_AT, text, before(cues.speed, 4))
    : (WPM_GATE.exec(text)?.index ?? -1);
  const characters = cues
    ? firstMatchAt(CPM_AT, text, cues.typing)
    : (CPM_GATE.exec(text)?.index ?? -1);
  for (const m of matchesFrom(WPM, text, words < 0 ? -1 : Math.max(0, words - 2))) {
    const start = m.index ?? 0;
    found.push({
      start,
      end: start + m[0].length,
      text: m[0],
      perMinute: Number(m[1]),
      unit: 'wpm',
    });
  }
  for (const m of matchesFrom(CPM, text, characters)) {
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
