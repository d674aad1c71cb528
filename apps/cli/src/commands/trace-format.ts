import type { DepositAddress, RevenueReport, TraceReport } from '@jaga/tracing';

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A human-readable summary of a trace (the JSON has every hop). */
export function formatTraceTable(r: TraceReport): string {
  const t = r.totals;
  const lines = [
    `Model       ${r.model}: ${r.rule}`,
    `Asset       ${r.chain}:${r.asset}   max hops ${r.parameters.maxHops}   ${r.seedInflowsOf.length > 0 ? `scam wallets ${r.seedInflowsOf.length} (${r.seedInflowsOf.filter((s) => s.found).length} in data), their outside inflows tainted` : `seeds ${r.seeds.length} (${r.seeds.filter((s) => s.found).length} in data)`}   inferred deposits ${r.parameters.inferredDeposits}`,
    `Seeded      ${t.seeded}   (between seeds, not counted: ${t.betweenSeeds})`,
    `Endpoints   ${t.reachedEndpoints}`,
    `Held        ${t.held}`,
    `Unresolved  ${t.unresolved}   (hubs ${t.stoppedAtHubs}, hop limit ${t.atHopLimit}, back to seeds ${t.returnedToSeeds})`,
    `Conserved   ${t.conserved === null ? 'n/a (poison)' : t.conserved ? 'yes' : 'NO'}`,
    '',
    'By label',
    table([
      ['label', 'category', 'amount', 'endpoints'],
      ...r.byLabel.slice(0, 20).map((b) => [b.label, b.category, b.amount, String(b.endpoints)]),
    ]),
    '',
    'Top endpoints',
    table([
      ['address', 'label', 'amount', 'hops', 'attribution'],
      ...r.endpoints
        .slice(0, 20)
        .map((e) => [e.address, e.label, e.amount, String(e.hops), e.attribution]),
    ]),
  ];
  if (r.hubs.length > 0) {
    lines.push(
      '',
      'Hubs (stopped)',
      table([
        ['address', 'out-degree', 'amount'],
        ...r.hubs.slice(0, 10).map((h) => [h.address, String(h.outDegree), h.amount]),
      ]),
    );
  }
  for (const n of r.notes) lines.push(`Note: ${n}`);
  return `${lines.join('\n')}\n`;
}

/** A human-readable revenue summary. */
export function formatRevenueTable(r: RevenueReport): string {
  const t = r.totals;
  return `${[
    `Asset            ${r.chain}:${r.asset}   addresses ${r.addresses} (${r.found} in data)`,
    `Gross inflow     ${t.grossInflow}`,
    `Internal         ${t.internal} (between the set's own addresses, excluded)`,
    `External inflow  ${t.externalInflow} from ${t.payers} payers in ${t.transfers} transfers`,
    '',
    table([
      ['period', 'inflow', 'transfers', 'payers'],
      ...r.periods.map((p) => [p.period, p.inflow, String(p.transfers), String(p.payers)]),
    ]),
  ].join('\n')}\n`;
}

/** A human-readable list of probable deposit addresses. */
export function formatDepositsTable(deposits: readonly DepositAddress[]): string {
  return `${table([
    ['address', 'exchange', 'inflow', 'swept', 'share', 'sweeps'],
    ...deposits.map((d) => [d.address, d.exchange, d.inflow, d.swept, d.share, String(d.sweeps)]),
  ])}\n`;
}
