import { FOLD_ALL, FOLDED_CLASS, SKIP, UNSPACED_LETTER_BIT } from './fold.js';

const EMPTY = '0000000000000000';

// What the fingerprint reads of each UTF-16 code unit, in one table: SKIPPED for code units that
// fold to SKIP, else the folded code unit (digits as 0) shifted left by 2, with its FOLDED_CLASS
// bits (spaced word, unspaced letter) below.
const SKIPPED = -1;
const FINGERPRINT_CHAR = (() => {
  const table = new Int32Array(0x10000);
  for (let code = 0; code < table.length; code++) {
    let folded = FOLD_ALL[code] as number;
    if (folded === SKIP) {
      table[code] = SKIPPED;
      continue;
    }
    if (folded >= 0x30 && folded <= 0x39) folded = 0x30;
    table[code] = (folded << 2) | ((FOLDED_CLASS[folded] as number) & 3);
  }
  return table;
})();

function mix(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * A 64-bit SimHash of the post's normalised text, as 16 hex digits: folded (case, diacritics,
 * full-width forms), digits replaced by 0 (so a changed phone number or salary does not change
 * the campaign), tokenised into words — or characters in Thai, Khmer, Burmese, Lao and Chinese —
 * and hashed as token bigrams. Re-posts with small edits land within a few bits of each other;
 * compare fingerprints with {@link similarity}.
 *
 * @example
 * fingerprint('Urgent hiring in Sihanoukville, $1500/month'); // e.g. '9c1f0a…' (16 hex digits)
 */
export function fingerprint(text: string): string {
  // Ones per bit position over all features (a feature sets about half its bits). Counting is
  // SIMD-within-a-register: lane k of `lanes` holds four byte-wide counters, for bits k, k+8,
  // k+16 and k+24 of a half, so one feature costs 16 additions instead of 64. The byte counters
  // are moved into `ones` before any of them can pass 255.
  const ones = new Int32Array(64);
  const lanes = new Int32Array(16);
  let pending = 0;
  let features = 0;
  let prevLo = 0;
  let prevHi = 0;
  let hasPrev = false;
  let tokenLo = FNV_OFFSET;
  let tokenHi = HI_OFFSET;
  let inToken = false;
  let unspaced = false;
  const chars = FINGERPRINT_CHAR;
  // One extra iteration (code -1, neither word nor letter) flushes the last token.
  for (let i = 0; i <= text.length; i++) {
    let code = -1;
    let kind = 0;
    if (i < text.length) {
      const info = chars[text.charCodeAt(i)] as number;
      if (info === SKIPPED) continue;
      code = info >>> 2;
      kind = info & 3;
    }
    const isUnspaced = (kind & UNSPACED_LETTER_BIT) !== 0;
    const isWord = kind !== 0;
    // A token ends at a non-word character, and after every character of an unspaced script.
    if (inToken && (!isWord || isUnspaced || unspaced)) {
      const lo = mix(tokenLo);
      const hi = mix(tokenHi ^ 0x9e3779b9);
      if (hasPrev) {
        const fLo = mix(prevLo * 31 + lo);
        // In Thai, Khmer, Burmese, Lao and Chinese every character starts a feature; keeping the
        // quarter whose hash ends in 00 (the same quarter in every post) bounds the cost and keeps
        // similar texts similar.
        if (!unspaced || (fLo & 3) === 0) {
          const fHi = mix(prevHi ^ Math.imul(hi, 0x27d4eb2d));
          features++;
          for (let k = 0; k < 8; k++) {
            lanes[k] = (lanes[k] as number) + ((fLo >>> k) & 0x01010101);
            lanes[k + 8] = (lanes[k + 8] as number) + ((fHi >>> k) & 0x01010101);
          }
          if (++pending === 255) {
            flushLanes(lanes, ones);
            pending = 0;
          }
        }
      }
      prevLo = lo;
      prevHi = hi;
      hasPrev = true;
      tokenLo = FNV_OFFSET;
      tokenHi = HI_OFFSET;
      inToken = false;
    }
    if (isWord) {
      tokenLo = Math.imul(tokenLo ^ code, 0x01000193);
      tokenHi = Math.imul(tokenHi ^ code, 0x5bd1e995);
      inToken = true;
      unspaced = isUnspaced;
    }
  }
  if (pending > 0) flushLanes(lanes, ones);
  if (features === 0) {
    // One token only: use it as the single feature so short texts still get a fingerprint.
    if (!hasPrev) return EMPTY;
    features = 1;
    for (let bit = 0; bit < 32; bit++) {
      ones[bit] = (prevLo >>> bit) & 1;
      ones[bit + 32] = (prevHi >>> bit) & 1;
    }
  }
  let lo = 0;
  let hi = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (2 * (ones[bit] as number) > features) lo |= 1 << bit;
    if (2 * (ones[bit + 32] as number) > features) hi |= 1 << bit;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** Adds the byte-wide counters of `lanes` to `ones` (bit k + 8j of each half is byte j of lane k) and clears them. */
function flushLanes(lanes: Int32Array, ones: Int32Array): void {
  for (let k = 0; k < 8; k++) {
    const lo = lanes[k] as number;
    const hi = lanes[k + 8] as number;
    for (let j = 0; j < 4; j++) {
      const bit = k + 8 * j;
      ones[bit] = (ones[bit] as number) + ((lo >>> (8 * j)) & 0xff);
      ones[bit + 32] = (ones[bit + 32] as number) + ((hi >>> (8 * j)) & 0xff);
    }
    lanes[k] = 0;
    lanes[k + 8] = 0;
  }
}

const FNV_OFFSET = 0x811c9dc5;
const HI_OFFSET = 0x01000193;

const FINGERPRINT = /^[0-9a-f]{16}$/i;

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * Similarity of two fingerprints from {@link fingerprint}: 1 − Hamming distance / 64, so 1 means
 * identical normalised text and about 0.5 unrelated text. Re-posts of one campaign with small
 * edits typically score ≥ 0.85.
 *
 * @example
 * similarity(fingerprint('Hiring CS, Bavet, $1200'), fingerprint('Hiring CS in Bavet, $1300!')); // ≈ 0.9
 */
export function similarity(a: string, b: string): number {
  for (const [name, value] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (typeof value !== 'string' || !FINGERPRINT.test(value)) {
      throw new TypeError(
        `similarity(): argument ${name} must be a fingerprint of 16 hex digits (from fingerprint() or a screening result), got ${JSON.stringify(String(value).slice(0, 40))}`,
      );
    }
  }
  const distance =
    popcount(Number.parseInt(a.slice(0, 8), 16) ^ Number.parseInt(b.slice(0, 8), 16)) +
    popcount(Number.parseInt(a.slice(8), 16) ^ Number.parseInt(b.slice(8), 16));
  return 1 - distance / 64;
}
