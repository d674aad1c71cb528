import { describe, expect, it } from 'vitest';
import { chapman } from './lincoln-petersen.js';

describe('chapman', () => {
  it('estimates a closed population from two overlapping lists', () => {
    expect(chapman(100, 80, 20)).toBeCloseTo((101 * 81) / 21 - 1, 10);
    // Identical complete lists: the estimate is the list size.
    expect(chapman(50, 50, 50)).toBeCloseTo(50, 10);
  });

  it('rejects impossible counts', () => {
    expect(() => chapman(10, 5, 6)).toThrow(/cannot exceed/);
    expect(() => chapman(-1, 5, 0)).toThrow(/n1 must be/);
  });
});
