/** Unicode scripts that matter for recruitment posts in South-East Asia and beyond. */
export type Script =
  'Latin' | 'Thai' | 'Khmer' | 'Myanmar' | 'Lao' | 'Han' | 'Devanagari' | 'Other';

const SCRIPT_PATTERNS: ReadonlyArray<readonly [Script, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Khmer', /\p{Script=Khmer}/u],
  ['Myanmar', /\p{Script=Myanmar}/u],
  ['Lao', /\p{Script=Lao}/u],
  ['Han', /\p{Script=Han}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
];

/**
 * The script most letters of `text` are written in, or `Other` when it has no letters we know.
 * Scripts such as Thai or Khmer have no spaces between words, so matching must be script-aware.
 *
 * @example
 * dominantScript('งานแอดมิน กัมพูชา'); // 'Thai'
 */
export function dominantScript(text: string): Script {
  const counts = new Map<Script, number>();
  for (const char of text) {
    const match = SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(char));
    if (match) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  }
  let best: Script = 'Other';
  let bestCount = 0;
  for (const [script, count] of counts) {
    if (count > bestCount) {
      best = script;
      bestCount = count;
    }
  }
  return best;
}
