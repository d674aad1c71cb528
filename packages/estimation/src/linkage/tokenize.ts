import type { Comparison } from './schema.js';

/**
 * Splits a normalised field value into the tokens clkhash hashes. N-grams (n > 1) are taken over
 * the value padded with n − 1 spaces at each end; positional n-grams are prefixed with their
 * 1-based position and a space; an `exact` comparison hashes the whole value as one token.
 * Characters are Unicode code points, as in Python. An empty value has no n-grams.
 *
 * @example
 * tokenize('clkhash', { type: 'ngram', n: 2, positional: false });
 * // [' c', 'cl', 'lk', 'kh', 'ha', 'as', 'sh', 'h ']
 */
export function tokenize(value: string, comparison: Comparison): string[] {
  if (comparison.type === 'exact') return [value];
  if (value.length === 0) return [];
  const { n, positional } = comparison;
  const pad = ' '.repeat(Math.max(0, n - 1));
  const chars = Array.from(pad + value + pad);
  const tokens: string[] = [];
  for (let i = 0; i + n <= chars.length; i++) {
    const gram = chars.slice(i, i + n).join('');
    tokens.push(positional ? `${i + 1} ${gram}` : gram);
  }
  return tokens;
}
