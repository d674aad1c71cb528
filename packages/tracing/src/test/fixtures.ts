import { createTransferImporter } from '../import-transfers.js';
import { LabelSet } from '../labels.js';

/** A readable EVM address for tests: addr(1) = 0x000…001. */
export function addr(n: number): string {
  return `0x${n.toString(16).padStart(40, '0')}`;
}

/** A transaction hash for tests. */
export function hash(n: number): string {
  return `0x${n.toString(16).padStart(64, '0')}`;
}

/** One transfer row: [from, to, amount in ETH as decimal]. Rows are taken in order, one block each. */
export type Row = readonly [number, number, string];

/** Canonical CSV for rows, one block per row starting at block 100, one minute apart. */
export function canonicalCsv(rows: readonly Row[], asset = 'ETH'): string {
  const lines = ['chain,asset,tx_hash,block,tx_index,log_index,timestamp,from,to,amount'];
  rows.forEach(([from, to, amount], i) => {
    lines.push(
      `eth,${asset},${hash(i + 1)},${100 + i},0,0,${1_600_000_000 + 60 * i},${addr(from)},${addr(to)},${amount}`,
    );
  });
  return `${lines.join('\n')}\n`;
}

/** Builds a graph from rows. */
export function graphOf(rows: readonly Row[]) {
  const importer = createTransferImporter();
  const sink = importer.file('test.csv');
  sink.push(canonicalCsv(rows));
  sink.end();
  return importer.finish();
}

/** Labels: address number → [label, category]. */
export function labelsOf(entries: Record<number, [string, string]>): LabelSet {
  const set = new LabelSet();
  set.addAll(
    Object.entries(entries).map(([n, [label, category]]) => ({
      chain: 'eth' as const,
      address: addr(Number(n)),
      label,
      category,
      categories: [category],
      confidence: 'service_data',
      confidenceLevel: 50,
      source: 'test',
      actor: label.toLowerCase(),
      origin: { file: 'labels.csv', line: Number(n) },
    })),
  );
  return set;
}

/** The shared crypto data folder (`../shared/data/crypto` from the repository root). */
export const SHARED_CRYPTO = new URL('../../../../../shared/data/crypto/', import.meta.url)
  .pathname;
