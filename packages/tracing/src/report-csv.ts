import type { TraceReport } from './trace.js';

const HOP_COLUMNS = [
  'step',
  'hop',
  'tx_hash',
  'block',
  'time',
  'from',
  'to',
  'amount',
  'taint',
  'sender_balance',
  'sender_taint',
  'unobserved_inflow',
  'arithmetic',
  'recipient',
  'source',
] as const;

function cell(value: string | number): string {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The per-hop arithmetic of a trace as CSV (one row per outflow of a tainted address), so the
 * numbers can be re-added in a spreadsheet. Amounts are exact decimals in the asset's units.
 *
 * @example
 * const csv = traceHopsCsv(traceTaint(graph, { seeds, labels }));
 */
export function traceHopsCsv(report: TraceReport): string {
  const lines = [HOP_COLUMNS.join(',')];
  for (const h of report.hops) {
    lines.push(
      [
        h.step,
        h.hop,
        h.txHash,
        h.block,
        h.time,
        h.from,
        h.to,
        h.amount,
        h.taint,
        h.senderBalance,
        h.senderTaint,
        h.unobservedInflow,
        h.arithmetic,
        h.recipient,
        h.source,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
