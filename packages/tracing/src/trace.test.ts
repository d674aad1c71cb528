import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBaseUnits } from './amount.js';
import { createTransferImporter } from './import-transfers.js';
import type { TaintModelName } from './models/taint-model.js';
import { addr, canonicalCsv, graphOf, hash, labelsOf, type Row } from './test/fixtures.js';
import { traceTaint } from './trace.js';

// Seed 1 pays 3 into mule 2, which already holds 7 clean from 9; the mule then pays 2, 5 and 3
// to three exchange wallets 10, 11, 12: the reference account vector, end to end.
const VECTOR: Row[] = [
  [9, 2, '7'],
  [1, 2, '3'],
  [2, 10, '2'],
  [2, 11, '5'],
  [2, 12, '3'],
];
const EXCHANGES = labelsOf({
  10: ['ExA', 'exchange'],
  11: ['ExB', 'exchange'],
  12: ['ExC', 'exchange'],
});

function endpointAmounts(model: TaintModelName): string[] {
  const { graph } = graphOf(VECTOR);
  const report = traceTaint(graph, { model, seeds: [addr(1)], labels: EXCHANGES });
  return [10, 11, 12].map(
    (n) => report.endpoints.find((e) => e.address === addr(n))?.amount ?? '0',
  );
}

describe('traceTaint on the reference account vector', () => {
  const expected: Record<TaintModelName, string[]> = {
    poison: ['2', '5', '3'],
    haircut: ['0.6', '1.5', '0.9'],
    fifo: ['0', '0', '3'],
    lifo: ['2', '1', '0'],
    'dirty-first': ['2', '1', '0'],
    'clean-first': ['0', '0', '3'],
  };
  for (const [model, amounts] of Object.entries(expected)) {
    it(`${model}: endpoints receive ${amounts.join(', ')}`, () => {
      expect(endpointAmounts(model as TaintModelName)).toEqual(amounts);
    });
  }

  it('shows the arithmetic of every hop and totals that add up', () => {
    const { graph } = graphOf(VECTOR);
    const r = traceTaint(graph, { model: 'haircut', seeds: [addr(1)], labels: EXCHANGES });
    expect(r.hops.map((h) => h.arithmetic)).toEqual([
      'seed: wholly tainted = 3',
      'haircut: 2 × 3 / 10 = 0.6',
      'haircut: 5 × 2.4 / 8 = 1.5',
      'haircut: 3 × 0.9 / 3 = 0.9',
    ]);
    expect(r.hops[1]).toMatchObject({
      hop: 2,
      senderBalance: '10',
      senderTaint: '3',
      recipient: 'endpoint',
      source: 'test.csv:4',
    });
    expect(r.totals).toMatchObject({
      seeded: '3',
      reachedEndpoints: '3',
      held: '0',
      unresolved: '0',
      conserved: true,
    });
    expect(r.byLabel.map((b) => [b.label, b.amount])).toEqual([
      ['exb', '1.5'],
      ['exc', '0.9'],
      ['exa', '0.6'],
    ]);
    expect(r.endpoints[0]?.paths[0]?.steps.map((s) => [s.from, s.to, s.taint])).toEqual([
      [addr(1), addr(2), '3'],
      [addr(2), addr(11), '1.5'],
    ]);
  });
});

describe('traceTaint stopping rules', () => {
  it('stops at max hops and reports the taint there as unresolved', () => {
    const { graph } = graphOf([
      [1, 2, '4'],
      [2, 3, '4'],
      [3, 4, '4'],
    ]);
    const r = traceTaint(graph, { model: 'fifo', seeds: [addr(1)], maxHops: 2 });
    expect(r.totals).toMatchObject({ seeded: '4', atHopLimit: '4', held: '0', conserved: true });
    expect(r.hops.map((h) => h.recipient)).toEqual(['traced', 'hop-limit']);
  });

  it('stops at unlabelled high-degree hubs and lists them', () => {
    const rows: Row[] = [[1, 2, '5']];
    for (let i = 0; i < 4; i++) rows.push([2, 20 + i, '1']);
    rows.push([5, 2, '1']);
    const { graph } = graphOf(rows);
    const r = traceTaint(graph, { model: 'haircut', seeds: [addr(1)], hubDegree: 4 });
    expect(r.hubs).toEqual([{ address: addr(2), outDegree: 4, amount: '5', hops: 1 }]);
    expect(r.totals).toMatchObject({ stoppedAtHubs: '5', unresolved: '5', conserved: true });
  });

  it('counts spending beyond the seen inflow as a clean opening balance', () => {
    const { graph } = graphOf([
      [1, 2, '1'],
      [2, 3, '5'],
    ]);
    const r = traceTaint(graph, { model: 'haircut', seeds: [addr(1)] });
    expect(r.totals.unobservedInflow).toBe('4');
    expect(r.hops[1]?.arithmetic).toBe('haircut: 5 × 1 / 5 = 1');
    expect(r.notes.join(' ')).toMatch(/clean opening balance/);
  });

  it('ignores seed outflows before since and seed-to-seed transfers', () => {
    const { graph } = graphOf([
      [1, 3, '2'],
      [1, 5, '7'],
      [1, 4, '1'],
    ]);
    const since = 1_600_000_000 + 30;
    const r = traceTaint(graph, { seeds: [addr(1), addr(5)], since });
    expect(r.totals).toMatchObject({ seeded: '1', betweenSeeds: '7', held: '1' });
    expect(r.seeds).toEqual([
      { address: addr(1), found: true, tainted: '1', transfers: 1 },
      { address: addr(5), found: true, tainted: '0', transfers: 0 },
    ]);
  });

  it('traces from a seed transaction', () => {
    const { graph } = graphOf([
      [7, 2, '6'],
      [2, 3, '3'],
    ]);
    const r = traceTaint(graph, { model: 'fifo', seedTransactions: [hash(1)] });
    expect(r.totals).toMatchObject({ seeded: '6', held: '6', conserved: true });
    expect(r.seedTransactions).toEqual([{ txHash: hash(1), found: true }]);
  });

  it('rejects bad seeds clearly', () => {
    const { graph } = graphOf([[1, 2, '1']]);
    expect(() => traceTaint(graph, { seeds: ['0xabc'] })).toThrow(
      /Seed address: "0xabc" is not an EVM address/,
    );
    expect(() => traceTaint(graph, { seeds: [addr(1)], model: 'nope' })).toThrow(
      /Unknown taint model/,
    );
  });
});

describe('traceTaint properties', () => {
  const rowsArb = fc.array(
    fc.tuple(
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 1000 }),
    ),
    { minLength: 1, maxLength: 60 },
  );

  it('conserves taint on random graphs for every model except poison', () => {
    fc.assert(
      fc.property(
        rowsArb,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 6 }),
        (raw, nSeeds, maxHops) => {
          const rows: Row[] = raw
            .filter(([a, b]) => a !== b)
            .map(([a, b, v]) => [a, b, (v / 10).toString()]);
          if (rows.length === 0) return;
          const { graph } = graphOf(rows);
          const labels = labelsOf({ 8: ['Ex', 'exchange'] });
          const seeds = Array.from({ length: nSeeds }, (_, i) => addr(i + 1));
          for (const model of ['haircut', 'fifo', 'lifo', 'dirty-first', 'clean-first'] as const) {
            const r = traceTaint(graph, { model, seeds, labels, maxHops, hubDegree: 6 });
            expect(r.totals.conserved).toBe(true);
            const t = r.totals;
            const units = (x: string) => toBaseUnits(x, 18);
            expect(units(t.seeded)).toBe(
              units(t.reachedEndpoints) + units(t.held) + units(t.unresolved),
            );
            const heldSum = r.held.reduce((a, h) => a + units(h.amount), 0n);
            expect(heldSum).toBe(units(t.held));
            for (const h of r.hops) expect(units(h.taint) <= units(h.amount)).toBe(true);
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it('gives byte-identical JSON for the same data in any file order or chunking', () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 1, max: 50 }), (raw, chunk) => {
        const rows: Row[] = raw.filter(([a, b]) => a !== b).map(([a, b, v]) => [a, b, String(v)]);
        if (rows.length < 2) return;
        const csv = canonicalCsv(rows);
        const lines = csv.trimEnd().split('\n');
        const half = Math.floor(lines.length / 2);
        const build = (parts: string[], size: number) => {
          const importer = createTransferImporter();
          parts.forEach((p, i) => {
            const sink = importer.file(`part${i}.csv`);
            for (let k = 0; k < p.length; k += size) sink.push(p.slice(k, k + size));
            sink.end();
          });
          return importer.finish().graph;
        };
        const header = lines[0] as string;
        const a = build([csv], 1 << 20);
        const b = build(
          [
            `${[header, ...lines.slice(half + 1)].join('\n')}\n`,
            `${lines.slice(0, half + 1).join('\n')}\n`,
          ],
          chunk,
        );
        const opts = {
          model: 'fifo' as const,
          seeds: [addr(1), addr(2)],
          labels: labelsOf({ 8: ['Ex', 'exchange'] }),
        };
        const ja = JSON.stringify(traceTaint(a, opts)).replaceAll(
          /part\d\.csv:\d+|test\.csv:\d+/g,
          '',
        );
        const jb = JSON.stringify(traceTaint(b, opts)).replaceAll(
          /part\d\.csv:\d+|test\.csv:\d+/g,
          '',
        );
        expect(jb).toBe(ja);
        expect(JSON.stringify(traceTaint(a, opts))).toBe(JSON.stringify(traceTaint(a, opts)));
      }),
      { numRuns: 60 },
    );
  });
});

describe('traceTaint from payments into scam wallets', () => {
  it('taints outside payments into the set and lets the rule decide what the wallets pass on', () => {
    // 2 and 3 are scam wallets; 21 paid before `since` (clean), victim 20 after; 10 is an exchange.
    const { graph } = graphOf([
      [21, 2, '6'],
      [20, 2, '4'],
      [2, 3, '5'], // internal move: not a new payment
      [3, 10, '5'],
    ]);
    const labels = labelsOf({ 10: ['Ex', 'exchange'] });
    const since = 1_600_000_000 + 30;
    const run = (model: 'fifo' | 'haircut' | 'lifo') =>
      traceTaint(graph, { model, seedInflowsOf: [addr(2), addr(3)], labels, since });
    const fifo = run('fifo');
    expect(fifo.totals).toMatchObject({
      seeded: '4',
      reachedEndpoints: '0',
      held: '4',
      conserved: true,
    });
    expect(run('haircut').totals).toMatchObject({
      seeded: '4',
      reachedEndpoints: '2',
      held: '2',
      conserved: true,
    });
    const lifo = run('lifo');
    expect(lifo.totals).toMatchObject({ reachedEndpoints: '4', held: '0' });
    expect(lifo.seedInflowsOf).toEqual([
      { address: addr(2), found: true },
      { address: addr(3), found: true },
    ]);
    expect(lifo.endpoints[0]?.paths[0]?.steps.map((s) => [s.from, s.taint])).toEqual([
      [addr(20), '4'],
      [addr(2), '4'],
      [addr(3), '4'],
    ]);
    expect(lifo.endpoints[0]?.hops).toBe(3);
  });
});

describe('traceTaint seeding rules', () => {
  it('does not re-seed money that comes back into the scam set through a traced address', () => {
    // Victim 20 pays scam wallet 2; 2 pays mule 5; 5 pays 2 back: that is the same money.
    const { graph } = graphOf([
      [20, 2, '4'],
      [2, 5, '4'],
      [5, 2, '4'],
    ]);
    const r = traceTaint(graph, { model: 'fifo', seedInflowsOf: [addr(2)] });
    expect(r.totals).toMatchObject({ seeded: '4', held: '4', conserved: true });
  });

  it('wholly taints a named seed transaction even when its sender is traced', () => {
    const { graph } = graphOf([
      [1, 2, '1'],
      [9, 2, '3'],
      [2, 3, '4'],
    ]);
    // Seed 1 taints 1 of 2's 4; naming the 2 → 3 transaction taints all 4 of it.
    const r = traceTaint(graph, { model: 'fifo', seeds: [addr(1)], seedTransactions: [hash(3)] });
    expect(r.totals).toMatchObject({ seeded: '4', held: '4', conserved: true });
  });
});
