import { describe, expect, it } from 'vitest';
import { estimateRevenue } from './revenue.js';
import { addr, graphOf } from './test/fixtures.js';

describe('estimateRevenue', () => {
  it('counts external inflow once, by period, with distinct payers', () => {
    const { graph } = graphOf([
      [20, 1, '3'],
      [21, 1, '2'],
      [20, 2, '1'],
      [1, 2, '4'], // internal: moved between scam wallets, not new revenue
      [2, 30, '5'], // outflow: not revenue
    ]);
    const r = estimateRevenue(graph, [addr(1), addr(2), addr(99)], { period: 'all' });
    expect(r.totals).toEqual({
      grossInflow: '10',
      internal: '4',
      externalInflow: '6',
      transfers: 3,
      payers: 2,
      medianPerAddress: '3',
    });
    expect(r.periods).toEqual([{ period: 'all', inflow: '6', transfers: 3, payers: 2 }]);
    expect(r).toMatchObject({ addresses: 3, found: 2 });
    expect(r.topAddresses[0]).toEqual({ address: addr(1), inflow: '5', payers: 2 });
  });

  it('buckets by ISO week and rejects bad addresses', () => {
    const { graph } = graphOf([[5, 1, '1']]);
    expect(estimateRevenue(graph, [addr(1)], { period: 'week' }).periods[0]?.period).toBe(
      '2020-W37',
    ); // Sunday 2020-09-13 closes ISO week 37;
    expect(() => estimateRevenue(graph, ['nope'])).toThrow(/Scam address: "nope"/);
  });
});
