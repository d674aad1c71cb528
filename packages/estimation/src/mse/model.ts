import type { CaptureData } from './capture-data.js';
import { MseError } from './errors.js';

/**
 * An interaction term of a log-linear model, as the bitmask of the lists it joins
 * (`0b011` = lists 1 and 2). Main effects and the intercept are always in the model.
 */
export type Term = number;

export function popcount(mask: number): number {
  let m = mask;
  let c = 0;
  while (m) {
    m &= m - 1;
    c++;
  }
  return c;
}

/** Sum of counts over every history that contains all lists of `mask` (N* of the term). */
export function marginalCount(data: CaptureData, mask: number): number {
  let s = 0;
  const { counts } = data;
  for (let c = 1; c < counts.length; c++) {
    if ((c & mask) === mask) s += counts[c] ?? 0;
  }
  return s;
}

/**
 * `LA:NG`-style name of a term.
 *
 * @example
 * termName(0b101, ['A', 'B', 'C']); // 'A:C'
 */
export function termName(term: Term, lists: readonly string[]): string {
  const names: string[] = [];
  for (let i = 0; i < lists.length; i++) if (term & (1 << i)) names.push(lists[i] ?? String(i + 1));
  return names.join(':');
}

/**
 * Parse `LA:NG` (list names or 1-based list numbers) into a term.
 *
 * @example
 * parseTerm('A:C', ['A', 'B', 'C']); // 0b101
 */
export function parseTerm(text: string, lists: readonly string[]): Term {
  const parts = text.split(':').map((p) => p.trim());
  let mask = 0;
  for (const part of parts) {
    let i = lists.indexOf(part);
    if (i < 0 && /^\d+$/.test(part)) i = Number(part) - 1;
    if (i < 0 || i >= lists.length) {
      throw new MseError(
        'invalid-input',
        `interaction '${text}': '${part}' is not one of the lists (${lists.join(', ')})`,
      );
    }
    mask |= 1 << i;
  }
  if (popcount(mask) < 2) {
    throw new MseError(
      'invalid-input',
      `interaction '${text}' must join at least two different lists`,
    );
  }
  return mask;
}

/** Sort terms by order then by their lists, the order the reference packages print them. */
export function sortTerms(terms: Iterable<Term>): Term[] {
  return [...new Set(terms)].sort((a, b) => popcount(a) - popcount(b) || lexKey(b) - lexKey(a));
}

// Lexicographic order on the list indices: reverse the bits so list 1 is most significant.
function lexKey(mask: number): number {
  let r = 0;
  for (let i = 0; i < 31; i++) if (mask & (1 << i)) r |= 1 << (30 - i);
  return r;
}

/**
 * The Poisson regression a model reduces to on given data. Parameters whose margin is empty
 * (N* = 0, e.g. a pair of lists with no one in common) sit at −∞: they are left out and every
 * history containing them is removed, as in Chan, Silverman and Vincent (2021).
 */
export interface Design {
  readonly t: number;
  /** Histories (cells) kept, as masks. */
  readonly cells: readonly number[];
  /** Estimated parameters as masks: 0 = intercept, one bit = main effect, more = interaction. */
  readonly params: readonly number[];
  /** Parameters of the model fixed at −∞ because their margin is empty. */
  readonly negInf: readonly number[];
  /** Row-major 0/1 design, cells × params. */
  readonly x: Float64Array;
  readonly y: Float64Array;
}

export function buildDesign(data: CaptureData, terms: readonly Term[]): Design {
  const t = data.lists.length;
  const all: number[] = [0];
  for (let i = 0; i < t; i++) all.push(1 << i);
  for (const term of terms) all.push(term);
  const params: number[] = [];
  const negInf: number[] = [];
  for (const p of all) {
    if (p !== 0 && marginalCount(data, p) === 0) negInf.push(p);
    else params.push(p);
  }
  const cells: number[] = [];
  for (let c = 1; c < 1 << t; c++) {
    if (!negInf.some((p) => (c & p) === p)) cells.push(c);
  }
  const x = new Float64Array(cells.length * params.length);
  const y = new Float64Array(cells.length);
  for (const [r, c] of cells.entries()) {
    y[r] = data.counts[c] ?? 0;
    for (const [j, p] of params.entries()) x[r * params.length + j] = (c & p) === p ? 1 : 0;
  }
  return { t, cells, params, negInf, x, y };
}
