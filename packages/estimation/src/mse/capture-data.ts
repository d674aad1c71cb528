import { MseError } from './errors.js';

/**
 * The most lists an estimate accepts: 2^t − 1 cells grow fast and sparse data stop informing.
 *
 * @example
 * if (lists.length > MAX_LISTS) mergeRelatedLists(lists);
 */
export const MAX_LISTS = 12;

/**
 * Capture-history counts for t lists. `counts[h]` is the number of people whose history has bit
 * `1 << i` set for every list i they appear on (so `counts[0]`, the unobserved, is always 0).
 */
export interface CaptureData {
  readonly lists: readonly string[];
  readonly counts: readonly number[];
  /** Number of distinct people observed, n. */
  readonly total: number;
  /**
   * The histories of the input rows in their input order, empty ones included (the all-zero row
   * left out). R's SparseMSE bootstrap resamples the rows of the table as given, in this order.
   */
  readonly rowOrder?: readonly number[];
}

/** One row of a capture-history table: which lists (0/1 each, in list order) and how many people. */
export interface HistoryRow {
  readonly history: readonly number[];
  readonly count: number;
}

/**
 * Validate and assemble capture-history counts. Unlisted histories count 0.
 *
 * @example
 * const data = captureData(['A', 'B'], [
 *   { history: [1, 0], count: 30 },
 *   { history: [0, 1], count: 20 },
 *   { history: [1, 1], count: 10 },
 * ]);
 * data.total; // 60
 */
export function captureData(lists: readonly string[], rows: readonly HistoryRow[]): CaptureData {
  const t = lists.length;
  if (t < 2) {
    throw new MseError(
      'invalid-input',
      `need at least 2 lists to estimate the unobserved, got ${t}${t === 1 ? ` (${lists[0]})` : ''}: add the other agencies' lists as columns`,
    );
  }
  if (t > MAX_LISTS) {
    throw new MseError(
      'invalid-input',
      `${t} lists is more than the ${MAX_LISTS} supported: merge related lists first`,
    );
  }
  const seen = new Set<string>();
  for (const [i, name] of lists.entries()) {
    if (name.trim() === '') throw new MseError('invalid-input', `list ${i + 1} has an empty name`);
    if (seen.has(name)) throw new MseError('invalid-input', `list name '${name}' appears twice`);
    seen.add(name);
  }
  const counts = new Array<number>(1 << t).fill(0);
  const rowOf = new Map<number, number>();
  const rowOrder: number[] = [];
  for (const [r, row] of rows.entries()) {
    const where = `row ${r + 1}`;
    if (row.history.length !== t) {
      throw new MseError(
        'invalid-input',
        `${where} has ${row.history.length} history cells but there are ${t} lists`,
      );
    }
    let mask = 0;
    for (const [i, cell] of row.history.entries()) {
      if (cell !== 0 && cell !== 1) {
        throw new MseError(
          'invalid-input',
          `${where}, list '${lists[i]}': history cells must be 0 or 1, got ${String(cell)}`,
        );
      }
      if (cell === 1) mask |= 1 << i;
    }
    if (!Number.isInteger(row.count) || row.count < 0) {
      throw new MseError(
        'invalid-input',
        `${where}: count must be a non-negative whole number of people, got ${String(row.count)}`,
      );
    }
    if (mask === 0) {
      if (row.count === 0) continue;
      throw new MseError(
        'invalid-input',
        `${where}: the all-zero history (on no list) cannot be observed; remove it, it is what is being estimated`,
      );
    }
    const previous = rowOf.get(mask);
    if (previous !== undefined) {
      throw new MseError(
        'invalid-input',
        `${where} repeats the history ${historyLabel(mask, t)} of row ${previous + 1}: give each history once with its total count`,
      );
    }
    rowOf.set(mask, r);
    rowOrder.push(mask);
    counts[mask] = row.count;
  }
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) {
    throw new MseError('invalid-input', 'no one is observed: every count is 0');
  }
  return { lists: [...lists], counts, total, rowOrder };
}

/**
 * `0110`-style label of a history, first list first.
 *
 * @example
 * historyLabel(0b0110, 4); // '0110'
 */
export function historyLabel(mask: number, t: number): string {
  let s = '';
  for (let i = 0; i < t; i++) s += mask & (1 << i) ? '1' : '0';
  return s;
}

/**
 * Parse a capture-history CSV: a header naming the lists then `count`, each row a 0/1 history and
 * its count. Line numbers in errors are 1-based file lines.
 *
 * @example
 * const data = parseCaptureCsv('A,B,count\n1,0,30\n0,1,20\n1,1,10\n');
 * data.lists; // ['A', 'B']
 */
export function parseCaptureCsv(text: string): CaptureData {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0)
    throw new MseError(
      'invalid-input',
      'the CSV is empty: expected a header line like "A,B,C,count"',
    );
  const header = splitCsvLine(lines[headerIndex] ?? '');
  const countColumn = header.findIndex((h) => h.toLowerCase() === 'count');
  if (countColumn < 0) {
    throw new MseError(
      'invalid-input',
      `line ${headerIndex + 1}: the header has no 'count' column (got ${header.join(', ')}); name the lists then 'count', e.g. "A,B,C,count"`,
    );
  }
  if (header.filter((h) => h.toLowerCase() === 'count').length > 1) {
    throw new MseError(
      'invalid-input',
      `line ${headerIndex + 1}: the header has more than one 'count' column`,
    );
  }
  const lists = header.filter((_, i) => i !== countColumn);
  const rows: HistoryRow[] = [];
  const lineOfRow: number[] = [];
  for (let l = headerIndex + 1; l < lines.length; l++) {
    const line = lines[l] ?? '';
    if (line.trim() === '') continue;
    const cells = splitCsvLine(line);
    if (cells.length !== header.length) {
      throw new MseError(
        'invalid-input',
        `line ${l + 1}: ${cells.length} fields but the header has ${header.length}`,
      );
    }
    const history: number[] = [];
    for (const [i, cell] of cells.entries()) {
      if (i === countColumn) continue;
      if (cell !== '0' && cell !== '1') {
        throw new MseError(
          'invalid-input',
          `line ${l + 1}, column '${header[i]}': history cells must be 0 or 1, got '${cell}'`,
        );
      }
      history.push(Number(cell));
    }
    const countText = cells[countColumn] ?? '';
    if (!/^\d+$/.test(countText)) {
      throw new MseError(
        'invalid-input',
        `line ${l + 1}: count must be a non-negative whole number, got '${countText}'`,
      );
    }
    rows.push({ history, count: Number(countText) });
    lineOfRow.push(l + 1);
  }
  try {
    return captureData(lists, rows);
  } catch (error) {
    // Point at file lines rather than row numbers.
    if (error instanceof MseError) {
      const message = error.message.replace(
        /\brow (\d+)/g,
        (_, r: string) => `line ${lineOfRow[Number(r) - 1]}`,
      );
      throw new MseError(error.code, message, { cause: error });
    }
    throw error;
  }
}

function splitCsvLine(line: string): string[] {
  return line.split(',').map((cell) =>
    cell
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim(),
  );
}
