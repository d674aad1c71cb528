import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('pads bigrams with one space at each end (the clkhash example)', () => {
    expect(tokenize('clkhash', { type: 'ngram', n: 2, positional: false })).toEqual([
      ' c',
      'cl',
      'lk',
      'kh',
      'ha',
      'as',
      'sh',
      'h ',
    ]);
  });

  it('prefixes positional n-grams with their 1-based position', () => {
    expect(tokenize('0812', { type: 'ngram', n: 1, positional: true })).toEqual([
      '1 0',
      '2 8',
      '3 1',
      '4 2',
    ]);
    expect(tokenize('ab', { type: 'ngram', n: 3, positional: true })).toEqual([
      '1   a',
      '2  ab',
      '3 ab ',
      '4 b  ',
    ]);
  });

  it('counts code points, not UTF-16 units, and gives no tokens for an empty value', () => {
    expect(tokenize('𝒜b', { type: 'ngram', n: 1, positional: false })).toEqual(['𝒜', 'b']);
    expect(tokenize('', { type: 'ngram', n: 2, positional: false })).toEqual([]);
    expect(tokenize('M', { type: 'exact' })).toEqual(['M']);
  });
});
