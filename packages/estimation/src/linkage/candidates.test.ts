import { describe, expect, it } from 'vitest';
import { findCandidates } from './candidates.js';
import { dice } from './dice.js';
import { greedyMatch } from './greedy-match.js';
import { noisyCopy, randomFilter, seededRandom, setOf } from './test/random-clks.js';

/** Two lists where B[k] is a noisy copy of A[k] for k < shared, plus unrelated records. */
function lists(seed: number, sizeA: number, sizeB: number, shared: number) {
  const random = seededRandom(seed);
  const a = Array.from({ length: sizeA }, () => randomFilter(random, 1024, 0.3 + 0.3 * random()));
  const b = Array.from({ length: sizeB }, (_, k) => {
    const source = a[k];
    return k < shared && source
      ? noisyCopy(random, source, 1024, 0.05)
      : randomFilter(random, 1024, 0.45);
  });
  return { a: setOf(a), b: setOf(b) };
}

describe('findCandidates', () => {
  it('returns exactly the pairs at or above the threshold, most similar first', () => {
    const { a, b } = lists(1, 60, 70, 40);
    for (const threshold of [0.5, 0.8]) {
      const expected: string[] = [];
      for (let i = 0; i < a.size; i++) {
        for (let j = 0; j < b.size; j++)
          if (dice(a, i, b, j) >= threshold) expected.push(`${i},${j}`);
      }
      const pairs = findCandidates(a, b, { threshold });
      const found = Array.from(pairs.left, (i, k) => `${i},${pairs.right[k]}`);
      expect(found.sort()).toEqual(expected.sort());
      for (let k = 1; k < pairs.size; k++) {
        expect(pairs.similarity[k - 1]).toBeGreaterThanOrEqual(pairs.similarity[k] as number);
      }
      const k0 = 0;
      expect(pairs.similarity[k0]).toBe(
        dice(a, pairs.left[k0] as number, b, pairs.right[k0] as number),
      );
    }
  });

  it('prunes by popcount without losing pairs, and the TypeScript kernel gives the same answer', () => {
    const { a, b } = lists(2, 80, 80, 50);
    const wasm = findCandidates(a, b, { threshold: 0.8 });
    const js = findCandidates(a, b, { threshold: 0.8, useWasm: false });
    expect(wasm.comparisons).toBeLessThan(a.size * b.size);
    expect([...js.left]).toEqual([...wasm.left]);
    expect([...js.right]).toEqual([...wasm.right]);
  });

  it('with bit blocking compares fewer pairs, reports each pair once, and keeps the close matches', () => {
    const { a, b } = lists(3, 300, 300, 150);
    const all = findCandidates(a, b, { threshold: 0.8 });
    const blocked = findCandidates(a, b, {
      threshold: 0.8,
      blocking: { projections: 24, bitsPerProjection: 10, seed: 5 },
    });
    expect(blocked.comparisons).toBeLessThan(all.comparisons / 2);
    const keys = Array.from(blocked.left, (i, k) => `${i},${blocked.right[k]}`);
    expect(new Set(keys).size).toBe(keys.length);
    const allKeys = new Set(Array.from(all.left, (i, k) => `${i},${all.right[k]}`));
    for (const key of keys) expect(allKeys.has(key)).toBe(true);
    expect(blocked.size).toBeGreaterThanOrEqual(0.98 * all.size);
  });

  it('reports progress up to the size of the first list', () => {
    const { a, b } = lists(4, 30, 10, 5);
    const calls: [number, number][] = [];
    findCandidates(a, b, {
      threshold: 0.7,
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(calls.at(-1)).toEqual([30, 30]);
  });

  it('rejects a threshold outside (0, 1]', () => {
    const { a, b } = lists(5, 2, 2, 1);
    expect(() => findCandidates(a, b, { threshold: 0 })).toThrow(/threshold must be in \(0, 1\]/);
    expect(() => findCandidates(a, b, { threshold: 1.2 })).toThrow(/got 1.2/);
  });
});

describe('greedyMatch', () => {
  it('links each record at most once, taking the most similar pairs first', () => {
    const pairs = {
      size: 4,
      left: Uint32Array.of(0, 1, 0, 2),
      right: Uint32Array.of(5, 5, 6, 6),
      similarity: Float64Array.of(0.95, 0.9, 0.85, 0.82),
      comparisons: 4,
    };
    expect(greedyMatch(pairs)).toEqual([
      { left: 0, right: 5, similarity: 0.95 },
      { left: 2, right: 6, similarity: 0.82 },
    ]);
  });

  it('recovers planted duplicates', () => {
    const { a, b } = lists(6, 100, 120, 60);
    const matches = greedyMatch(findCandidates(a, b, { threshold: 0.75 }));
    expect(matches).toHaveLength(60);
    for (const m of matches) expect(m.right).toBe(m.left);
  });
});
