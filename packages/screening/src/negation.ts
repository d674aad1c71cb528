import { FOLD_ALL, SKIP } from './fold.js';

// Words that, just before a fee phrase, turn it into a promise ("no placement fee").
const NEGATIONS = [
  'no',
  'zero',
  'free of',
  'without',
  'never',
  'not',
  'non',
  'khong',
  'ko',
  'mien',
  'tidak ada',
  'tidak',
  'tanpa',
  'tak',
  'tiada',
  'bebas',
  'walang',
  'hindi',
  'sin',
  'libre',
  'gratis',
  'free',
  '免',
  '无',
  '無',
  '不收',
  '不需',
  '零',
  'ไม่มี',
  'ไม่เก็บ',
  'ไม่ต้องเสีย',
  'ฟรี',
  'គ្មាន',
  'មិនយក',
  'មិនគិត',
  'မယူ',
  'မရှိ',
  'बिना',
  'कोई',
  'नहीं',
  'no hay',
];

// Characters stripped from the end of the text before a fee phrase before looking for a
// negation (`no fee:`, `không - phí`), as folded code units.
const NEGATION_GAP = (() => {
  const table = new Uint8Array(0x10000);
  const gap = /[\s:：\-–,.(]/u;
  for (let code = 0; code < table.length; code++) {
    table[code] = gap.test(String.fromCharCode(code)) ? 1 : 0;
  }
  return table;
})();
// Latin negations must be whole words ("piano" does not end in the negation "no").
const NEGATION_WORDS = NEGATIONS.map((word) => ({ word, latin: /^[a-z]/.test(word) }));

// How many folded characters before a fee phrase are read for a negation, and how far back in
// the text they are looked for (characters that fold away, such as zero-width spaces and
// combining accents, are passed over but bounded).
const NEGATION_WINDOW = 16;
const NEGATION_REACH = 64;

/**
 * Whether a negation ends the 16 folded characters before `start`, once the gap characters at
 * their end are dropped. Characters that fold away are passed over, so `Khong\u200b placement
 * fee` and a decomposed `Không` read as the plain text does. No string is built: the folded
 * characters go into `before`, nearest first.
 */
export function isNegated(text: string, start: number): boolean {
  const fold = FOLD_ALL;
  const before = NEGATION_BEFORE;
  let count = 0;
  let i = start;
  const reach = Math.max(0, start - NEGATION_REACH);
  while (i > reach && count < NEGATION_WINDOW) {
    const folded = fold[text.charCodeAt(--i)] as number;
    if (folded !== SKIP) before[count++] = folded;
  }
  let gap = 0;
  while (gap < count && NEGATION_GAP[before[gap] as number] === 1) gap++;
  for (const { word, latin } of NEGATION_WORDS) {
    const after = gap + word.length;
    if (after > count) continue;
    let same = true;
    // before[gap] is the word's last character, before[after - 1] its first.
    for (let k = 0; k < word.length && same; k++) {
      same = before[after - 1 - k] === word.charCodeAt(k);
    }
    if (!same) continue;
    // A word filling the window to its start is taken as whole, as at the text's start.
    if (!latin || after === count) return true;
    const prev = before[after] as number;
    if (!((prev >= 0x61 && prev <= 0x7a) || (prev >= 0x30 && prev <= 0x39))) return true;
  }
  return false;
}
const NEGATION_BEFORE = new Uint16Array(NEGATION_WINDOW);
