import { describe, expect, it } from 'vitest';
import { inferDepositAddresses } from './deposits.js';
import { addr, graphOf, labelsOf, type Row } from './test/fixtures.js';
import { traceTaint } from './trace.js';

// Rows are one minute apart. 10 is an exchange hot wallet.
const ROWS: Row[] = [
  [1, 2, '5'], // victim-side money into 2
  [2, 3, '5'], // 2 passes it to 3
  [3, 4, '4.5'], // 3 → 4, a customer deposit address…
  [4, 10, '4.5'], // …swept to the hot wallet a minute later
  [5, 6, '10'], // 6 receives 10…
  [6, 10, '2'], // …but sweeps only 2 (20%): not a deposit address
  [7, 10, '1'], // 7 sends without any seen inflow: no evidence
];
const LABELS = labelsOf({ 10: ['Binance', 'exchange'] });

describe('inferDepositAddresses', () => {
  it('flags an address that sweeps most of its inflow to one exchange, with evidence', () => {
    const { graph } = graphOf(ROWS);
    const found = inferDepositAddresses(graph, LABELS);
    expect(found.map((d) => [d.address, d.exchange, d.share, d.confidence])).toEqual([
      [addr(4), 'binance', '1', 'heuristic'],
    ]);
    expect(found[0]?.evidence).toEqual([
      expect.objectContaining({
        to: addr(10),
        amount: '4.5',
        delaySeconds: 60,
        toLabel: 'Binance',
      }),
    ]);
  });

  it('respects the sweep window and the share threshold', () => {
    const { graph } = graphOf(ROWS);
    expect(inferDepositAddresses(graph, LABELS, { windowSeconds: 30 })).toEqual([]);
    expect(inferDepositAddresses(graph, LABELS, { minShare: 0.2 }).map((d) => d.address)).toEqual([
      addr(4),
      addr(6),
    ]);
    expect(() => inferDepositAddresses(graph, LABELS, { minShare: 0 })).toThrow(/minShare/);
  });

  it('lets a trace stop at the inferred deposit address as an exchange endpoint', () => {
    const { graph } = graphOf(ROWS);
    const deposits = inferDepositAddresses(graph, LABELS);
    const r = traceTaint(graph, { model: 'fifo', seeds: [addr(1)], labels: LABELS, deposits });
    expect(r.endpoints.map((e) => [e.address, e.label, e.attribution, e.amount, e.hops])).toEqual([
      [addr(4), 'binance (probable deposit address)', 'inferred-deposit', '4.5', 3],
    ]);
    expect(r.totals).toMatchObject({ reachedEndpoints: '4.5', held: '0.5', conserved: true });
  });
});
