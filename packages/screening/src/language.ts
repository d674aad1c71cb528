import { foldCode } from './fold.js';
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

const WORD_SCORES: ReadonlyMap<string, ReadonlyArray<LatinLanguage>> = (() => {
  const map = new Map<string, LatinLanguage[]>();
  for (const [language, words] of Object.entries(LATIN_WORDS) as Array<
    [LatinLanguage, readonly string[]]
  >) {
    for (const word of words) {
      const list = map.get(word) ?? [];
      list.push(language);
      map.set(word, list);
    }
  }
  return map;
})();

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
  const counts = new Float64Array(LATIN + 1);
  for (let i = 0; i < length; i++) {
    const script = scriptOf(text.charCodeAt(i));
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
    // About 150 words decide as well as the whole post.
    return detectLatin(text.length > 1000 ? text.slice(0, 1000) : text);
  }
  return best;
}

function detectLatin(text: string): LatinLanguage {
  const scores: Record<LatinLanguage, number> = { en: 0, id: 0, ms: 0, vi: 0, tl: 0, es: 0 };
  scores.vi += (text.match(VIETNAMESE_LETTERS)?.length ?? 0) * 2;
  scores.es += (text.match(SPANISH_LETTERS)?.length ?? 0) * 2;
  // Words of Latin letters, folded (lower case, no diacritics) with the matcher's own table.
  const words: string[] = [];
  for (const m of text.matchAll(/[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+/g)) {
    const raw = m[0];
    let word = '';
    for (let i = 0; i < raw.length; i++) word += String.fromCharCode(foldCode(raw.charCodeAt(i)));
    words.push(word);
  }
  for (const word of words) {
    const languages = WORD_SCORES.get(word);
    if (!languages) continue;
    const share = 1 / languages.length;
    for (const language of languages) scores[language] += share;
  }
  let best: LatinLanguage = 'en';
  let bestScore = 0;
  for (const language of ['en', 'id', 'ms', 'vi', 'tl', 'es'] as const) {
    if (scores[language] > bestScore) {
      best = language;
      bestScore = scores[language];
    }
  }
  return best;
}
