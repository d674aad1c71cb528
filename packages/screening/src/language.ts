import { FOLD_ALL } from './fold.js';
import type { Language } from './types.js';

/** Languages of Latin-script posts told apart by their frequent words. */
type LatinLanguage = 'en' | 'id' | 'ms' | 'vi' | 'tl' | 'es';

// Frequent function words and job-ad vocabulary, folded (lower case, no diacritics). A word may
// count for two languages (Indonesian and Malay share most of theirs); the distinctive ones decide.
const LATIN_WORDS: Readonly<Record<LatinLanguage, readonly string[]>> = {
  en: [
    'the',
    'and',
    'to',
    'of',
    'for',
    'with',
    'you',
    'your',
    'we',
    'our',
    'is',
    'are',
    'be',
    'will',
    'in',
    'on',
    'job',
    'jobs',
    'salary',
    'work',
    'apply',
    'experience',
    'required',
    'hiring',
    'free',
    'contact',
    'month',
    'per',
    'no',
    'needed',
    'must',
    'can',
    'this',
    'that',
    'from',
    'company',
  ],
  id: [
    'yang',
    'dan',
    'untuk',
    'dengan',
    'di',
    'ke',
    'dari',
    'kami',
    'anda',
    'bisa',
    'sudah',
    'tidak',
    'gaji',
    'kerja',
    'lowongan',
    'karyawan',
    'perusahaan',
    'gratis',
    'saja',
    'uang',
    'kantor',
    'paspor',
    'usia',
    'lulusan',
    'dibutuhkan',
    'butuh',
    'segera',
    'pengalaman',
    'bulan',
    'juta',
    'gak',
    'nggak',
    'aja',
    'banget',
    'minimal',
    'tanpa',
    'hubungi',
    'berminat',
    'ada',
    'akan',
  ],
  ms: [
    'yang',
    'dan',
    'untuk',
    'dengan',
    'di',
    'ke',
    'dari',
    'kami',
    'anda',
    'boleh',
    'tidak',
    'gaji',
    'kerja',
    'jawatan',
    'kekosongan',
    'syarikat',
    'percuma',
    'sahaja',
    'wang',
    'pejabat',
    'umur',
    'sebulan',
    'mahu',
    'nak',
    'tak',
    'kat',
    'ringgit',
    'pasport',
    'pengalaman',
    'bulan',
    'hubungi',
    'berminat',
    'ada',
    'akan',
    'pekerja',
    'segera',
    'sila',
    'elaun',
  ],
  vi: [
    'viec',
    'lam',
    'luong',
    'khong',
    'can',
    'kinh',
    'nghiem',
    'thang',
    'trieu',
    'tuyen',
    'nhan',
    'vien',
    'cong',
    'ty',
    'va',
    'cho',
    'nguoi',
    'duoc',
    'co',
    'la',
    'cua',
    'nhe',
    'cao',
    'lien',
    'he',
    'bao',
    'an',
    'o',
    'di',
    've',
    'may',
    'bay',
    'moi',
    'nhanh',
    'gap',
    'ngay',
    'tieng',
  ],
  tl: [
    'ang',
    'ng',
    'mga',
    'sa',
    'na',
    'po',
    'kayo',
    'trabaho',
    'sahod',
    'buwan',
    'libre',
    'walang',
    'kailangan',
    'pwede',
    'para',
    'ay',
    'at',
    'ito',
    'lang',
    'naman',
    'may',
    'kung',
    'hindi',
    'ka',
    'mo',
    'namin',
    'natin',
    'agad',
    'sweldo',
    'kami',
    'yung',
    'din',
    'rin',
    'ba',
  ],
  es: [
    'de',
    'la',
    'el',
    'que',
    'y',
    'en',
    'los',
    'las',
    'para',
    'con',
    'por',
    'trabajo',
    'salario',
    'empleo',
    'sin',
    'experiencia',
    'mes',
    'se',
    'una',
    'un',
    'del',
    'al',
    'es',
    'su',
    'gratis',
    'sueldo',
    'vuelo',
    'contacto',
    'requisitos',
    'empresa',
    'buscamos',
    'oferta',
  ],
};

const LATIN_LANGUAGES = ['en', 'id', 'ms', 'vi', 'tl', 'es'] as const;

const MAX_WORD = Math.max(
  ...Object.values(LATIN_WORDS).flatMap((words) => words.map((w) => w.length)),
);

/** A listed word and the indexes into LATIN_LANGUAGES of the languages that use it. */
interface ListedWord {
  readonly word: string;
  readonly languages: number[];
}

// Words are looked up by a small-integer hash of their letters in an open-addressing table, so a
// word of the text needs no string: the few words with the same slot are compared letter by letter.
function hashStep(hash: number, code: number): number {
  return (Math.imul(hash, 31) + code) & 0x3fffffff;
}

/** The listed words, each once with all the languages that use it. */
const LISTED: readonly ListedWord[] = (() => {
  const listed = new Map<string, ListedWord>();
  LATIN_LANGUAGES.forEach((language, index) => {
    for (const word of LATIN_WORDS[language]) {
      if (!/^[a-z]+$/.test(word)) {
        throw new Error(`Language word ${JSON.stringify(word)} must be letters a–z`);
      }
      const entry = listed.get(word);
      if (entry) entry.languages.push(index);
      else listed.set(word, { word, languages: [index] });
    }
  });
  return [...listed.values()];
})();

// Slot of each listed word (its index in LISTED, -1 for an empty slot) and the word's hash; a
// word sits at the first free slot from its hash on. The table is kept at most a quarter full.
const SLOTS = (() => {
  let size = 1;
  while (size < 4 * LISTED.length) size <<= 1;
  return size;
})();
const SLOT_WORD = new Int32Array(SLOTS).fill(-1);
const SLOT_HASH = new Int32Array(SLOTS);
LISTED.forEach((entry, index) => {
  let hash = 0;
  for (let i = 0; i < entry.word.length; i++) hash = hashStep(hash, entry.word.charCodeAt(i));
  let slot = hash & (SLOTS - 1);
  while ((SLOT_WORD[slot] as number) >= 0) slot = (slot + 1) & (SLOTS - 1);
  SLOT_WORD[slot] = index;
  SLOT_HASH[slot] = hash;
});

/** The listed word whose letters, hashed to `hash`, are `text`'s folded code units from `start` to `end`. */
function listedWord(
  hash: number,
  text: string,
  start: number,
  end: number,
): ListedWord | undefined {
  const fold = FOLD_ALL;
  for (let slot = hash & (SLOTS - 1); ; slot = (slot + 1) & (SLOTS - 1)) {
    const index = SLOT_WORD[slot] as number;
    if (index < 0) return undefined;
    if (SLOT_HASH[slot] !== hash) continue;
    const entry = LISTED[index] as ListedWord;
    if (entry.word.length !== end - start) continue;
    let same = true;
    for (let i = start; i < end && same; i++) {
      same = fold[text.charCodeAt(i)] === entry.word.charCodeAt(i - start);
    }
    if (same) return entry;
  }
}

// Letters only Vietnamese uses among the languages above (ă â đ ê ô ơ ư and tone-marked vowels).
const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/giu;
const SPANISH_LETTERS = /[ñ¿¡]/giu;

// Script → language, and how much one character of it weighs: a Chinese character carries about
// a word, so it weighs more than a letter. Indexes into SCRIPT_COUNT below.
const SCRIPT_LANGUAGE: readonly Language[] = [
  'th',
  'km',
  'my',
  'lo',
  'zh',
  'ja',
  'ko',
  'hi',
  'ru',
  'ar',
];
const SCRIPT_WEIGHT = [1, 1, 1, 1, 2.5, 3, 2, 1, 1, 1];
const LATIN = 10;

/** Which script a code unit belongs to (an index into SCRIPT_LANGUAGE, LATIN, or -1). */
function scriptOf(code: number): number {
  if (code < 0x41) return -1;
  if (code <= 0x24f) {
    if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code >= 0xc0)
      return LATIN;
    return -1;
  }
  if (code >= 0x0e00 && code <= 0x0e7f) return 0;
  if (code >= 0x1780 && code <= 0x17ff) return 1;
  if (code >= 0x1000 && code <= 0x109f) return 2;
  if (code >= 0x0e80 && code <= 0x0eff) return 3;
  if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) return 4;
  if (code >= 0x3040 && code <= 0x30ff) return 5;
  if (code >= 0xac00 && code <= 0xd7af) return 6;
  if (code >= 0x0900 && code <= 0x097f) return 7;
  if (code >= 0x0400 && code <= 0x04ff) return 8;
  if (code >= 0x0600 && code <= 0x06ff) return 9;
  if (code >= 0x1e00 && code <= 0x1eff) return LATIN;
  return -1;
}

// Per UTF-16 code unit, one byte: its script (`scriptOf` + 1, 0 for none) in SCRIPT_BITS, then
// VIETNAMESE for a Vietnamese letter and SPANISH for a Spanish one (the classes above, case
// included), and WORD_CHAR for a code unit of a Latin word (A–Z, a–z, U+00C0–U+024F,
// U+1E00–U+1EFF; all of Latin script). The letter classes hold no astral character, so counting
// code units counts the classes' matches.
const SCRIPT_BITS = 0x0f;
const VIETNAMESE = 0x10;
const SPANISH = 0x20;
const WORD_CHAR = 0x40;
const CHAR_INFO = (() => {
  const table = new Uint8Array(0x10000);
  const vietnamese = new RegExp(VIETNAMESE_LETTERS.source, 'iu');
  const spanish = new RegExp(SPANISH_LETTERS.source, 'iu');
  for (let code = 0; code < table.length; code++) {
    const ch = String.fromCharCode(code);
    const word =
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0xc0 && code <= 0x24f) ||
      (code >= 0x1e00 && code <= 0x1eff);
    const script = scriptOf(code);
    if (word && script !== LATIN)
      throw new Error(`U+${code.toString(16)} is a word letter but not Latin`);
    table[code] =
      (script + 1) |
      (vietnamese.test(ch) ? VIETNAMESE : 0) |
      (spanish.test(ch) ? SPANISH : 0) |
      (word ? WORD_CHAR : 0);
  }
  return table;
})();

const HINTS: Readonly<Record<string, Language>> = {
  en: 'en',
  id: 'id',
  in: 'id',
  ms: 'ms',
  zsm: 'ms',
  vi: 'vi',
  th: 'th',
  tl: 'tl',
  fil: 'tl',
  zh: 'zh',
  cmn: 'zh',
  yue: 'zh',
  km: 'km',
  my: 'my',
  hi: 'hi',
  es: 'es',
  lo: 'lo',
  ja: 'ja',
  ko: 'ko',
  ru: 'ru',
  ar: 'ar',
};

/**
 * Maps a BCP 47 tag (`fil-PH`, `zh-Hant`, `in`) to an engine language, or `null` when unknown.
 *
 * @example
 * languageFromTag('fil-PH'); // 'tl'
 */
export function languageFromTag(tag: string): Language | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return HINTS[primary] ?? null;
}

/**
 * Detects the language of a post from its script and, for Latin-script text, its frequent words.
 * Thai, Khmer, Burmese, Lao, Chinese and Hindi are told by script; English, Indonesian, Malay,
 * Vietnamese (also written without diacritics), Tagalog/Taglish and Spanish by word counts.
 * Returns `und` when the text has no letters.
 *
 * @example
 * detectLanguage('Tuyển nhân viên CSKH, lương 20 triệu/tháng'); // 'vi'
 * detectLanguage('柬埔寨高薪招聘客服'); // 'zh'
 */
export function detectLanguage(text: string): Language {
  const length = Math.min(text.length, 4000);
  // About 150 words decide a Latin-script post as well as the whole post: its first 1,000 code units.
  const latinLength = Math.min(text.length, 1000);
  const counts = new Float64Array(LATIN + 1);
  const info = CHAR_INFO;
  const fold = FOLD_ALL;
  let vietnamese = 0;
  let spanish = 0;
  const words: ListedWord[] = [];
  // The first 1,000 code units give their scripts and, in one pass, what tells Latin-script
  // languages apart (used only if Latin wins): Vietnamese and Spanish letters, and the listed
  // words among words of Latin letters, folded (lower case, no diacritics) with the matcher's own
  // table. A word with a letter outside a–z once folded, or longer than any listed word, is not
  // listed.
  let i = 0;
  while (i < latinLength) {
    const kind = info[text.charCodeAt(i)] as number;
    if ((kind & WORD_CHAR) === 0) {
      const script = (kind & SCRIPT_BITS) - 1;
      if (script >= 0) counts[script] = (counts[script] as number) + 1;
      if (kind & VIETNAMESE) vietnamese++;
      if (kind & SPANISH) spanish++;
      i++;
      continue;
    }
    let hash = 0;
    let listed = true;
    const start = i;
    for (; i < latinLength; i++) {
      const letter = info[text.charCodeAt(i)] as number;
      if ((letter & WORD_CHAR) === 0) break;
      if (letter & VIETNAMESE) vietnamese++;
      if (letter & SPANISH) spanish++;
      const code = fold[text.charCodeAt(i)] as number;
      if (code < 0x61 || code > 0x7a) listed = false;
      else hash = hashStep(hash, code);
    }
    counts[LATIN] = (counts[LATIN] as number) + (i - start);
    if (!listed || i - start > MAX_WORD) continue;
    const word = listedWord(hash, text, start, i);
    if (word) words.push(word);
  }
  for (; i < length; i++) {
    const script = ((info[text.charCodeAt(i)] as number) & SCRIPT_BITS) - 1;
    if (script >= 0) counts[script] = (counts[script] as number) + 1;
  }
  let best: Language = 'und';
  let bestCount = 0;
  for (let script = 0; script < LATIN; script++) {
    const count = (counts[script] as number) * (SCRIPT_WEIGHT[script] as number);
    if (count > bestCount) {
      best = SCRIPT_LANGUAGE[script] as Language;
      bestCount = count;
    }
  }
  const latinCount = counts[LATIN] as number;
  // URLs, handles and English job titles are common in other scripts' posts: Latin must clearly
  // dominate before it decides.
  if (latinCount > bestCount * 1.5 || (bestCount === 0 && latinCount > 0)) {
    return latinLanguage(vietnamese, spanish, words);
  }
  return best;
}

/** The Latin-script language with the most Vietnamese or Spanish letters and listed words. */
function latinLanguage(
  vietnamese: number,
  spanish: number,
  words: readonly ListedWord[],
): LatinLanguage {
  const scores = new Float64Array(LATIN_LANGUAGES.length);
  scores[3] = vietnamese * 2;
  scores[5] = spanish * 2;
  for (const { languages } of words) {
    const share = 1 / languages.length;
    for (const language of languages) scores[language] = (scores[language] as number) + share;
  }
  let best = 0;
  let bestScore = 0;
  for (let language = 0; language < LATIN_LANGUAGES.length; language++) {
    if ((scores[language] as number) > bestScore) {
      best = language;
      bestScore = scores[language] as number;
    }
  }
  return LATIN_LANGUAGES[best] as LatinLanguage;
}
