import { describe, expect, it } from 'vitest';
import { captureData, parseCaptureCsv } from './capture-data.js';
import { MseError } from './errors.js';

describe('parseCaptureCsv', () => {
  it('reads lists, histories and counts, with unlisted histories at 0', () => {
    const data = parseCaptureCsv('A,B,C,count\r\n1,0,0,40\n0,1,0,30\n\n0,0,1,20\n1,1,0,6\n');
    expect(data.lists).toEqual(['A', 'B', 'C']);
    expect(data.total).toBe(96);
    expect(data.counts[0b001]).toBe(40);
    expect(data.counts[0b011]).toBe(6);
    expect(data.counts[0b111]).toBe(0);
  });

  it('accepts the count column anywhere and a byte-order mark', () => {
    const data = parseCaptureCsv('\uFEFFcount,LA,NG\n5,1,0\n7,0,1\n2,1,1\n');
    expect(data.lists).toEqual(['LA', 'NG']);
    expect(data.counts[0b11]).toBe(2);
  });

  it('names the line and column of a non-binary cell', () => {
    expect(() => parseCaptureCsv('A,B,count\n1,0,4\n2,1,3\n')).toThrow(
      /line 3, column 'A': history cells must be 0 or 1, got '2'/,
    );
  });

  it('requires a count column', () => {
    expect(() => parseCaptureCsv('A,B,n\n1,0,4\n')).toThrow(/no 'count' column/);
  });

  it('rejects duplicate histories, pointing at both lines', () => {
    expect(() => parseCaptureCsv('A,B,count\n1,0,4\n0,1,3\n1,0,2\n')).toThrow(
      /line 4 repeats the history 10 of line 2/,
    );
  });

  it('needs at least two lists', () => {
    expect(() => parseCaptureCsv('A,count\n1,4\n')).toThrow(
      /at least 2 lists to estimate the unobserved, got 1 \(A\)/,
    );
  });

  it('rejects bad counts and ragged rows', () => {
    expect(() => parseCaptureCsv('A,B,count\n1,0,-4\n')).toThrow(/non-negative whole number/);
    expect(() => parseCaptureCsv('A,B,count\n1,0,2.5\n')).toThrow(/non-negative whole number/);
    expect(() => parseCaptureCsv('A,B,count\n1,0\n')).toThrow(
      /line 2: 2 fields but the header has 3/,
    );
  });

  it('refuses a count for the unobservable all-zero history', () => {
    expect(() => parseCaptureCsv('A,B,count\n0,0,9\n1,0,3\n')).toThrow(/all-zero history/);
  });
});

describe('captureData', () => {
  it('throws MseError with code invalid-input', () => {
    try {
      captureData(['A', 'A'], []);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MseError);
      expect((error as MseError).code).toBe('invalid-input');
      expect((error as MseError).message).toMatch(/'A' appears twice/);
    }
  });

  it('rejects data where no one is observed', () => {
    expect(() => captureData(['A', 'B'], [{ history: [1, 0], count: 0 }])).toThrow(
      /every count is 0/,
    );
  });
});
