import { describe, expect, it } from 'vitest';
import { suppressSmallCells } from './estimates.disclosure.js';

describe('minimum cell size', () => {
  it('hides every cell below the minimum, zero included, and keeps the others exact', () => {
    expect(suppressSmallCells([40, 4, 0, 12, 5], 5)).toEqual({
      counts: [40, '<5', '<5', 12, 5],
      small: 2,
      secondary: 0,
    });
  });

  it('hides the smallest other cell too when only one is small, so the total does not reveal it', () => {
    const { counts } = suppressSmallCells([40, 3, 12, 9], 5);
    expect(counts).toEqual([40, '<5', 12, 'suppressed']);
    const known = counts.filter((c): c is number => typeof c === 'number');
    // Two unknown cells summing to 12: the small one is no longer determined.
    expect(known.reduce((a, b) => a + b, 0)).toBe(52);
  });

  it('follows a configured minimum', () => {
    expect(suppressSmallCells([10, 9, 30], 10).counts).toEqual(['suppressed', '<10', 30]);
    expect(suppressSmallCells([1, 2, 3], 1)).toEqual({ counts: [1, 2, 3], small: 0, secondary: 0 });
  });
});
