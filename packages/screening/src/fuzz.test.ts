import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractSelectors, ScreeningInputError, screenPost } from './screener.js';
import type { Selectors, Span } from './types.js';

// Fragments that exercise every extractor: numbers with separators, currencies, handles, scripts
// without spaces, zero-width characters and the repetitive shapes that make naive regexes backtrack.
const fragment = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom(
    '+855 ',
    '00',
    '1,500',
    '.',
    '$',
    'USD',
    'triệu',
    '万',
    'tháng',
    '/month',
    '@',
    't.me/',
    'wa.me/',
    'http://',
    'www.',
    '.com',
    'bc1q',
    '0x',
    'T',
    'age ',
    '18-30',
    'wpm',
    '12 hours',
    '\u200b',
    '\n',
    'Sihanoukville',
    'กัมพูชา',
    'ប្រាក់ខែ ១០០០$',
    'မြဝတီ',
    '包吃包住',
    'Telegram: ',
    '-',
    '1',
    'a',
    ' ',
  ),
);
const post = fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join(''));

function spans(selectors: Selectors): Span[] {
  return Object.values(selectors).flat() as Span[];
}

describe('extractor and screener fuzzing', () => {
  it('returns spans that point at their own text, for any input', () => {
    fc.assert(
      fc.property(post, (text) => {
        for (const span of spans(extractSelectors(text))) {
          expect(span.start).toBeGreaterThanOrEqual(0);
          expect(span.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(span.start, span.end)).toBe(span.text);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('screens any input or rejects it with a ScreeningInputError, never anything else', () => {
    fc.assert(
      fc.property(post, (text) => {
        try {
          const result = screenPost({ text });
          expect(result.risk).toBeGreaterThanOrEqual(0);
          expect(result.risk).toBeLessThanOrEqual(1);
          for (const hit of result.indicators) {
            for (const e of hit.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(ScreeningInputError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finishes on long adversarial inputs (guards against catastrophic backtracking)', () => {
    // Each of these shapes makes a regex with nested or overlapping quantifiers run for minutes;
    // the suite's timeout fails the test if any extractor backtracks.
    const hostile = [
      `${'1,'.repeat(20_000)}x`,
      `${'a.'.repeat(20_000)}@`,
      `http://${'a'.repeat(50_000)} `,
      `${'0'.repeat(40_000)}`,
      `age ${'1 - '.repeat(10_000)}`,
      `${'@a'.repeat(20_000)}`,
      `${'$1 '.repeat(15_000)}`,
      `${'T'.repeat(40_000)}`,
      // A long run of spaces between Thai letters once made the matcher rescan the run per space.
      `ก${' '.repeat(100_000)}ข`,
      `${'1 2 3 4 5 6 7 8 9 0 '.repeat(5_000)}`,
    ];
    for (const text of hostile) expect(screenPost({ text }).risk).toBeGreaterThanOrEqual(0);
  });
});
