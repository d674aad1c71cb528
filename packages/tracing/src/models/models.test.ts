import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getTaintModel, TAINT_MODELS } from './index.js';
import type { TaintModelName } from './taint-model.js';
import { utxoTaint } from './utxo-models.js';

// Amounts in tenths so the reference's decimals are exact integers.
function accountVector(name: TaintModelName): bigint[] {
  const m = TAINT_MODELS[name];
  const s = m.create();
  m.receive(s, [{ amount: 70n, taint: 0n }]);
  m.receive(s, [{ amount: 30n, taint: 30n }]);
  return [20n, 50n, 30n].map((v) => m.send(s, v).reduce((a, l) => a + l.taint, 0n));
}

describe('account test vector: +7 clean, +3 tainted, then 2, 5, 3 out', () => {
  const expected: Record<TaintModelName, bigint[]> = {
    poison: [20n, 50n, 30n],
    haircut: [6n, 15n, 9n],
    fifo: [0n, 0n, 30n],
    lifo: [20n, 10n, 0n],
    'dirty-first': [20n, 10n, 0n],
    'clean-first': [0n, 0n, 30n],
  };
  for (const [name, taints] of Object.entries(expected)) {
    it(`${name} gives the reference amounts`, () => {
      expect(accountVector(name as TaintModelName)).toEqual(taints);
    });
  }

  it('every model except poison conserves the 3 tainted', () => {
    for (const name of Object.keys(TAINT_MODELS) as TaintModelName[]) {
      const total = accountVector(name).reduce((a, b) => a + b, 0n);
      if (name === 'poison') expect(total).toBe(100n);
      else expect(total).toBe(30n);
    }
  });
});

describe("Anderson's example: 3 stolen + 7 mined coins", () => {
  it('poison taints all 10, haircut 30% of each coin, FIFO only the first 3 out', () => {
    const spendOneByOne = (name: TaintModelName) => {
      const m = TAINT_MODELS[name];
      const s = m.create();
      m.receive(s, [{ amount: 3n, taint: 3n }]);
      m.receive(s, [{ amount: 7n, taint: 0n }]);
      return Array.from({ length: 10 }, () => m.send(s, 1n)[0]?.taint);
    };
    expect(spendOneByOne('poison')).toEqual(Array(10).fill(1n));
    expect(spendOneByOne('fifo')).toEqual([1n, 1n, 1n, 0n, 0n, 0n, 0n, 0n, 0n, 0n]);
    const m = TAINT_MODELS.haircut;
    const s = m.create();
    m.receive(s, [{ amount: 30n, taint: 30n }]);
    m.receive(s, [{ amount: 70n, taint: 0n }]);
    expect(Array.from({ length: 10 }, () => m.send(s, 10n)[0]?.taint)).toEqual(Array(10).fill(3n));
  });
});

describe('UTXO test vector: inputs [clean 4.0, tainted 1.0], outputs [3.0, 1.5, 0.5]', () => {
  const inputs = [
    { value: 40n, taint: 0n },
    { value: 10n, taint: 10n },
  ];
  const outputs = [30n, 15n, 5n];
  it('matches the reference for poison, haircut, FIFO and TIHO', () => {
    expect(utxoTaint('poison', inputs, outputs)).toEqual([30n, 15n, 5n]);
    expect(utxoTaint('haircut', inputs, outputs)).toEqual([6n, 3n, 1n]);
    expect(utxoTaint('fifo', inputs, outputs)).toEqual([0n, 5n, 5n]);
    expect(utxoTaint('tiho', inputs, outputs)).toEqual([10n, 0n, 0n]);
    expect(utxoTaint('lifo', inputs, outputs)).toEqual([10n, 0n, 0n]);
  });

  it('treats the fee as a last output and rejects unbalanced transactions', () => {
    expect(utxoTaint('fifo', inputs, [30n, 15n], 5n)).toEqual([0n, 5n, 5n]);
    expect(() => utxoTaint('fifo', inputs, [30n])).toThrow(/must equal inputs/);
  });

  it('conserves taint for every model but poison, on random transactions', () => {
    const input = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }))
      .map(([a, b]) => (a >= b ? { value: a, taint: b } : { value: b, taint: a }));
    fc.assert(
      fc.property(
        fc.array(input, { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
        (ins, weights) => {
          const total = ins.reduce((a, i) => a + i.value, 0n);
          const sumW = BigInt(weights.reduce((a, b) => a + b, 0));
          const outs = weights.map((w) => (total * BigInt(w)) / sumW);
          outs[0] = (outs[0] as bigint) + total - outs.reduce((a, b) => a + b, 0n);
          const taintIn = ins.reduce((a, i) => a + i.taint, 0n);
          for (const model of ['haircut', 'fifo', 'lifo', 'tiho'] as const) {
            const t = utxoTaint(model, ins, outs);
            expect(t.reduce((a, b) => a + b, 0n)).toBe(taintIn);
            t.forEach((x, j) => {
              expect(x >= 0n && x <= (outs[j] as bigint)).toBe(true);
            });
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('account models on random histories', () => {
  it('conserve taint and keep 0 ≤ T ≤ B (all but poison)', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('in' as const),
        amount: fc.bigInt({ min: 1n, max: 10n ** 9n }),
        tainted: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('out' as const), share: fc.integer({ min: 1, max: 100 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        for (const name of ['haircut', 'fifo', 'lifo', 'dirty-first', 'clean-first'] as const) {
          const m = TAINT_MODELS[name];
          const s = m.create();
          let taintIn = 0n;
          let taintOut = 0n;
          for (const o of ops) {
            if (o.kind === 'in') {
              const taint = o.tainted ? o.amount : 0n;
              m.receive(s, [{ amount: o.amount, taint }]);
              taintIn += taint;
            } else {
              const v = (s.balance * BigInt(o.share)) / 100n;
              if (v === 0n) continue;
              const lots = m.send(s, v);
              expect(lots.reduce((a, l) => a + l.amount, 0n)).toBe(v);
              for (const l of lots) expect(l.taint >= 0n && l.taint <= l.amount).toBe(true);
              taintOut += lots.reduce((a, l) => a + l.taint, 0n);
            }
            expect(s.taint >= 0n && s.taint <= s.balance).toBe(true);
          }
          expect(taintOut + s.taint).toBe(taintIn);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('resolves aliases and explains unknown names', () => {
    expect(getTaintModel('LIBR').name).toBe('clean-first');
    expect(getTaintModel('pro-rata').name).toBe('haircut');
    expect(() => getTaintModel('magic')).toThrow(/Unknown taint model "magic": use one of/);
  });
});

describe('receiveClean', () => {
  it('credits a clean transfer exactly as receive with one clean lot, under every rule', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom('clean', 'tainted', 'send'),
            amount: fc.bigInt({ min: 1n, max: 10n ** 20n }),
          }),
          { maxLength: 30 },
        ),
        (events) => {
          for (const name of Object.keys(TAINT_MODELS) as TaintModelName[]) {
            const m = TAINT_MODELS[name];
            const viaLots = m.create();
            const viaClean = m.create();
            for (const e of events) {
              if (e.kind === 'send') {
                const v = e.amount % (viaLots.balance + 1n);
                if (v === 0n) continue;
                expect(m.send(viaClean, v)).toEqual(m.send(viaLots, v));
              } else if (e.kind === 'tainted') {
                const lot = { amount: e.amount, taint: e.amount / 2n };
                m.receive(viaLots, [lot]);
                m.receive(viaClean, [lot]);
              } else {
                m.receive(viaLots, [{ amount: e.amount, taint: 0n }]);
                m.receiveClean?.(viaClean, e.amount);
              }
              expect(viaClean).toEqual(viaLots);
            }
          }
        },
      ),
    );
  });
});
