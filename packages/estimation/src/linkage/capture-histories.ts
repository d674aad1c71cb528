import type { LinkedLists } from './link-lists.js';
import { LinkageError } from './linkage-error.js';

/**
 * Counts of people by the set of lists they appear on: the input of multiple systems estimation.
 *
 * @example
 * const table: CaptureHistoryTable = { lists: ['a', 'b'], rows: [{ history: [1, 1], count: 4 }] };
 */
export interface CaptureHistoryTable {
  readonly lists: readonly string[];
  /** Every observable history (2^k − 1 rows, zeros included), first list as the most significant bit. */
  readonly rows: readonly { readonly history: readonly (0 | 1)[]; readonly count: number }[];
}

/**
 * Turns linked lists into capture-history counts: each linked person contributes one to the row of
 * the lists they appear on. Rows run 0…01, 0…10, 0…11, …, 1…1.
 *
 * @example
 * const table = captureHistories(linkLists([a, b, c], { threshold: 0.8 }), ['police', 'ngo', 'consulate']);
 * captureHistoriesCsv(table); // 'police,ngo,consulate,count\n0,0,1,41\n…'
 */
export function captureHistories(
  linked: LinkedLists,
  names: readonly string[],
): CaptureHistoryTable {
  const k = linked.entityOf.length;
  if (names.length !== k) {
    throw new LinkageError('invalid-option', `${names.length} list names given for ${k} lists`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '' || name === 'count' || /[",\r\n]/.test(name) || seen.has(name)) {
      throw new LinkageError(
        'invalid-option',
        `list name ${JSON.stringify(name)} cannot be used: names must be distinct, non-empty, not "count", without commas, quotes or line breaks`,
      );
    }
    seen.add(name);
  }
  const masks = new Uint32Array(linked.entities);
  linked.entityOf.forEach((entities, x) => {
    const bit = 1 << (k - 1 - x);
    for (const e of entities) masks[e] = (masks[e] as number) | bit;
  });
  const counts = new Array<number>(2 ** k).fill(0);
  for (const m of masks) counts[m] = (counts[m] as number) + 1;
  const rows = [];
  for (let m = 1; m < 2 ** k; m++) {
    const history = Array.from({ length: k }, (_, x) => ((m >>> (k - 1 - x)) & 1) as 0 | 1);
    rows.push({ history, count: counts[m] as number });
  }
  return { lists: [...names], rows };
}

/**
 * The table as the CSV `jaga estimate` reads: header = list names then `count`, one row per history.
 *
 * @example
 * captureHistoriesCsv({ lists: ['a', 'b'], rows: [{ history: [0, 1], count: 3 }] }); // 'a,b,count\n0,1,3\n'
 */
export function captureHistoriesCsv(table: CaptureHistoryTable): string {
  const lines = [[...table.lists, 'count'].join(',')];
  for (const row of table.rows) lines.push([...row.history, row.count].join(','));
  return `${lines.join('\n')}\n`;
}
