import { describe, expect, it } from 'vitest';
import { captureHistories, captureHistoriesCsv } from './capture-histories.js';
import { linkLists } from './link-lists.js';
import {
  filterWithBits,
  noisyCopy,
  randomFilter,
  seededRandom,
  setOf,
} from './test/random-clks.js';

describe('linkLists and captureHistories', () => {
  it('counts people by the lists they appear on', () => {
    const random = seededRandom(11);
    const people = Array.from({ length: 40 }, () => randomFilter(random, 1024, 0.45));
    // Planted memberships (list bits police, ngo, consulate) for people 0–39.
    const on = (p: number): [boolean, boolean, boolean] => [p < 25, p >= 10 && p < 32, p % 4 === 0];
    const listOf = (x: 0 | 1 | 2) =>
      setOf(
        people.flatMap((filter, p) => (on(p)[x] ? [noisyCopy(random, filter, 1024, 0.03)] : [])),
      );
    const lists = [listOf(0), listOf(1), listOf(2)];
    const linked = linkLists(lists, { threshold: 0.8 });
    const table = captureHistories(linked, ['police', 'ngo', 'consulate']);

    const expected = new Map<string, number>();
    for (let p = 0; p < 40; p++) {
      const key = on(p)
        .map((b) => (b ? 1 : 0))
        .join('');
      if (key !== '000') expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    for (const row of table.rows) expect(row.count).toBe(expected.get(row.history.join('')) ?? 0);
    expect(table.rows).toHaveLength(7);
    expect(linked.entities).toBe([...expected.values()].reduce((s, n) => s + n, 0));

    const csv = captureHistoriesCsv(table);
    expect(csv.split('\n')[0]).toBe('police,ngo,consulate,count');
    expect(csv.split('\n')[1]).toBe(`0,0,1,${expected.get('001') ?? 0}`);
    expect(csv.endsWith('\n')).toBe(true);
  });

  it('does not chain two dissimilar records through a third when the merge threshold is 1', () => {
    const range = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => from + i);
    // Dice(a, b) = Dice(b, c) = 0.9 but Dice(a, c) = 0.8, below the 0.85 threshold.
    const a = setOf([filterWithBits(1024, range(0, 100))]);
    const b = setOf([filterWithBits(1024, range(10, 110))]);
    const c = setOf([filterWithBits(1024, range(20, 120))]);
    const strict = linkLists([a, b, c], { threshold: 0.85, mergeThreshold: 1 });
    expect(strict.entities).toBe(2);
    const loose = linkLists([a, b, c], { threshold: 0.85, mergeThreshold: 0 });
    expect(loose.entities).toBe(1);
  });

  it('accepts a list with no records', () => {
    const random = seededRandom(12);
    const a = setOf([randomFilter(random, 1024, 0.4), randomFilter(random, 1024, 0.4)]);
    const empty = setOf([]);
    const linked = linkLists([a, empty], { threshold: 0.8, blocking: { seed: 2 } });
    const table = captureHistories(linked, ['police', 'ngo']);
    expect(table.rows.map((r) => r.count)).toEqual([0, 2, 0]);
  });

  it('explains bad arguments', () => {
    const one = setOf([filterWithBits(1024, [1])]);
    expect(() => linkLists([one], { threshold: 0.8 })).toThrow(/at least 2 lists, got 1/);
    const linked = linkLists([one, one], { threshold: 0.8 });
    expect(() => captureHistories(linked, ['a'])).toThrow(/1 list names given for 2 lists/);
    expect(() => captureHistories(linked, ['a', 'a'])).toThrow(/must be distinct/);
    expect(() => captureHistories(linked, ['a', 'count'])).toThrow(/not "count"/);
  });
});
