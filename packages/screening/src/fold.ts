/**
 * Length-preserving text folding: each UTF-16 code unit of the input maps to exactly one code unit
 * of the output, so a match found in the folded text has the same offsets in the original.
 *
 * Folding lower-cases, strips Latin diacritics (so `viec nhe luong cao` matches `việc nhẹ lương cao`),
 * maps full-width ASCII to ASCII and whitespace to a space. Characters that recruiters insert to
 * break keyword filters (zero-width spaces and joiners, soft hyphens, combining marks of decomposed
 * text) fold to `SKIP`, which matchers ignore.
 */
export const SKIP = 0;

const TABLE_SIZE = 0x3000;
const NUKTA_BASES = [0x0915, 0x0916, 0x0917, 0x091c, 0x0921, 0x0922, 0x092b, 0x092f];
const NATIVE_ZEROS = [0x0e50, 0x0ed0, 0x17e0, 0x1040, 0x0966];

function buildTable(): Uint16Array {
  const table = new Uint16Array(TABLE_SIZE);
  for (let code = 0; code < TABLE_SIZE; code++) table[code] = foldSlow(code);
  return table;
}

function foldSlow(code: number): number {
  const ch = String.fromCharCode(code);
  if (/\s/u.test(ch)) return 0x20;
  if (code === 0xad || (code >= 0x300 && code <= 0x36f)) return SKIP;
  if (code >= 0x200b && code <= 0x200f) return SKIP;
  // Devanagari nukta: ज़ and ज़ are both written for ज़, so fold to the base letter.
  if (code === 0x093c) return SKIP;
  if (code >= 0x0958 && code <= 0x095f) return NUKTA_BASES[code - 0x0958] as number;
  // Digits of Thai, Lao, Khmer, Burmese and Devanagari fold to ASCII digits.
  for (const zero of NATIVE_ZEROS) if (code >= zero && code <= zero + 9) return 0x30 + code - zero;
  if (code === 0x2060) return SKIP;
  const lower = ch.toLowerCase();
  let out = lower.length === 1 ? lower.charCodeAt(0) : code;
  const isLatinExtended =
    (out >= 0xc0 && out <= 0x24f) || (out >= 0x1e00 && out <= 0x1eff) || out === 0xdf;
  if (isLatinExtended) {
    if (out === 0x111 || out === 0x110) return 0x64; // đ has no decomposition
    const base = String.fromCharCode(out).normalize('NFD').charCodeAt(0);
    if ((base >= 0x61 && base <= 0x7a) || (base >= 0x41 && base <= 0x5a)) out = base | 0x20;
  }
  // Typographic quotes and dashes fold to ASCII so `don't` and `12–14` match either way.
  if (out === 0x2018 || out === 0x2019 || out === 0x2032) return 0x27;
  if (out === 0x201c || out === 0x201d) return 0x22;
  if (out >= 0x2010 && out <= 0x2015) return 0x2d;
  return out;
}

const TABLE = buildTable();

/**
 * The folding table for code units below U+3000, for hot loops that inline the lookup
 * (`code < FOLD_TABLE.length ? FOLD_TABLE[code] : foldCode(code)`).
 */
export const FOLD_TABLE: Readonly<Uint16Array> = TABLE;

/** Folds one UTF-16 code unit. */
export function foldCode(code: number): number {
  if (code < TABLE_SIZE) return TABLE[code] ?? code;
  if (code >= 0xff01 && code <= 0xff5e) {
    const ascii = code - 0xfee0;
    return ascii >= 0x41 && ascii <= 0x5a ? ascii | 0x20 : ascii;
  }
  if (code === 0x3000) return 0x20;
  if (code === 0xfeff) return SKIP;
  return code;
}

/**
 * Folds `text` code unit by code unit (see the module comment); the result has `text.length`.
 *
 * @example
 * foldText('Việc NHẸ'); // 'viec nhe'
 */
export function foldText(text: string): string {
  if (text.length <= 64) {
    // Short texts (the words before a match, say) are cheaper to build one character at a time.
    let result = '';
    for (let i = 0; i < text.length; i++)
      result += String.fromCharCode(foldCode(text.charCodeAt(i)));
    return result;
  }
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = foldCode(text.charCodeAt(i));
  let result = '';
  const chunk = 8192;
  for (let i = 0; i < out.length; i += chunk) {
    result += String.fromCharCode(...out.subarray(i, i + chunk));
  }
  return result;
}

/**
 * Folds a catalogue phrase for matching: folded, `SKIP` removed, whitespace runs collapsed, trimmed.
 *
 * @example
 * foldPhrase('  Việc   nhẹ '); // 'viec nhe'
 */
export function foldPhrase(phrase: string): string {
  let out = '';
  let lastSpace = true;
  for (let i = 0; i < phrase.length; i++) {
    const code = foldCode(phrase.charCodeAt(i));
    if (code === SKIP) continue;
    if (code === 0x20) {
      if (!lastSpace && optionalSpaceEnd(phrase, i, out.charCodeAt(out.length - 1)) < 0) out += ' ';
      lastSpace = true;
      continue;
    }
    out += String.fromCharCode(code);
    lastSpace = false;
  }
  return out.trimEnd();
}

/**
 * Whether the space at `index` sits between two letters of scripts written without spaces (Thai,
 * Lao, Burmese, Khmer, Chinese…), where writers put spaces as they please: matching ignores it.
 * Returns the index of the next letter when the space (and the run it starts) is optional, or -1.
 * Callers jump to that index, so a run of spaces is scanned once, never once per space.
 */
export function optionalSpaceEnd(text: string, index: number, previous: number): number {
  if (!isUnspacedLetter(previous)) return -1;
  for (let j = index + 1; j < text.length; j++) {
    const next = foldCode(text.charCodeAt(j));
    if (next === SKIP || next === 0x20) continue;
    return isUnspacedLetter(next) ? j : -1;
  }
  return -1;
}

/** Letters of scripts that do not separate words with spaces. */
export function isUnspacedLetter(code: number): boolean {
  return (
    (code >= 0x0e00 && code <= 0x0eff) || // Thai, Lao
    (code >= 0x1000 && code <= 0x109f) || // Myanmar
    (code >= 0x1780 && code <= 0x17ff) || // Khmer
    (code >= 0x3040 && code <= 0x30ff) || // Hiragana, Katakana
    (code >= 0x3400 && code <= 0x9fff) // CJK
  );
}

// Letters, digits and marks of Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Devanagari and the
// other Indic scripts below U+0E00 (Thai): the scripts that separate words with spaces.
const SPACED_WORD = (() => {
  const table = new Uint8Array(0x0e00);
  for (let code = 0; code < table.length; code++) {
    table[code] = /[\p{L}\p{N}\p{M}]/u.test(String.fromCharCode(code)) ? 1 : 0;
  }
  return table;
})();

/** Whether a folded code unit is a letter or digit of a script that separates words with spaces. */
export function isSpacedWordCode(code: number): boolean {
  if (code < 0x0e00) return SPACED_WORD[code] === 1;
  return code >= 0x1e00 && code <= 0x1fff;
}

/**
 * Replaces Thai, Lao, Khmer, Burmese, Devanagari and full-width digits with ASCII digits, keeping
 * the length, so number-reading patterns see `១២` as `12` and their offsets stay valid.
 *
 * @example
 * asciiDigits('ប្រាក់ខែ ១០០០$'); // 'ប្រាក់ខែ 1000$'
 */
export function asciiDigits(text: string): string {
  // Most posts have no native digits: then the text itself is the answer, without a copy.
  if (!NATIVE_DIGIT.test(text)) return text;
  return text.replace(NATIVE_DIGITS, (d) =>
    String.fromCharCode(0x30 + (foldCode(d.charCodeAt(0)) - 0x30)),
  );
}

/** The code units {@link asciiDigits} replaces, as the inside of a regular-expression class. */
export const NATIVE_DIGIT_RANGES =
  '\\u0e50-\\u0e59\\u0ed0-\\u0ed9\\u17e0-\\u17e9\\u1040-\\u1049\\u0966-\\u096f\\uff10-\\uff19';
const NATIVE_DIGIT = new RegExp(`[${NATIVE_DIGIT_RANGES}]`);
const NATIVE_DIGITS = new RegExp(NATIVE_DIGIT.source, 'g');

/**
 * The folding of every UTF-16 code unit (`FOLD_ALL[code] === foldCode(code)`), for hot loops that
 * read a table instead of calling {@link foldCode}. Built once, 128 KiB.
 */
export const FOLD_ALL: Readonly<Uint16Array> = (() => {
  const all = new Uint16Array(0x10000);
  for (let code = 0; code < all.length; code++) all[code] = foldCode(code);
  return all;
})();

/** Bit of {@link FOLDED_CLASS}: a letter or digit of a script that separates words with spaces. */
export const SPACED_WORD_BIT = 1;
/** Bit of {@link FOLDED_CLASS}: a letter of a script written without spaces between words. */
export const UNSPACED_LETTER_BIT = 2;

/**
 * For every folded code unit, {@link SPACED_WORD_BIT} when `isSpacedWordCode` holds and
 * {@link UNSPACED_LETTER_BIT} when `isUnspacedLetter` holds: one table read instead of two tests.
 */
export const FOLDED_CLASS: Readonly<Uint8Array> = (() => {
  const classes = new Uint8Array(0x10000);
  for (let code = 0; code < classes.length; code++) {
    classes[code] =
      (isSpacedWordCode(code) ? SPACED_WORD_BIT : 0) |
      (isUnspacedLetter(code) ? UNSPACED_LETTER_BIT : 0);
  }
  return classes;
})();
