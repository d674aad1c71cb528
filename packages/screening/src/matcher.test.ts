import { describe, expect, it } from 'vitest';
import { PhraseMatcher } from './matcher.js';

describe('PhraseMatcher', () => {
  const matcher = new PhraseMatcher([
    { phrase: 'free flight', id: 1 },
    { phrase: 'cs', id: 2 },
    { phrase: 'บินฟรี', id: 3 },
    { phrase: 'recruit*', id: 4 },
    { phrase: '包吃包住', id: 5 },
    { phrase: 'việc nhẹ lương cao', id: 6 },
  ]);

  it('returns offsets into the original text', () => {
    const text = 'We offer FREE   Flight!';
    const [hit] = matcher.findAll(text);
    expect(hit).toMatchObject({ id: 1 });
    expect(text.slice(hit?.start, hit?.end)).toBe('FREE   Flight');
  });

  it('matches Latin phrases as whole words only', () => {
    expect(matcher.findAll('physics and economics')).toEqual([]);
    expect(matcher.findAll('Hiring CS staff').map((m) => m.id)).toEqual([2]);
  });

  it('matches phrases in scripts without spaces anywhere in a word run', () => {
    expect(matcher.findAll('งานดีบินฟรีที่พัก').map((m) => m.id)).toEqual([3]);
    expect(matcher.findAll('西港客服包吃包住月薪').map((m) => m.id)).toEqual([5]);
  });

  it('honours a trailing * as a prefix match', () => {
    expect(matcher.findAll('Recruiting now').map((m) => m.id)).toEqual([4]);
  });

  it('sees through zero-width characters and missing diacritics', () => {
    const text = 'viec nhe\u200b luong cao';
    const [hit] = matcher.findAll(text);
    expect(hit?.id).toBe(6);
    expect(hit?.start).toBe(0);
    expect(hit?.end).toBe(text.length);
  });

  it('rejects a phrase that folds to nothing', () => {
    expect(() => new PhraseMatcher([{ phrase: ' * ', id: 9 }])).toThrow(/empty once folded/);
  });
});
