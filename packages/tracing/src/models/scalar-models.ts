import {
  type AccountState,
  type Lot,
  lotsTaint,
  minBig,
  receiveTotals,
  type TaintModel,
} from './taint-model.js';

function scalar(
  name: TaintModel['name'],
  rule: string,
  taintOut: (s: AccountState, v: bigint) => bigint,
  explain: TaintModel['explain'],
): TaintModel {
  return {
    name,
    rule,
    conserves: true,
    create: () => ({ balance: 0n, taint: 0n }),
    receive: receiveTotals,
    receiveClean(state, amount) {
      state.balance += amount;
    },
    receiveOpening(state, amount) {
      state.balance += amount;
    },
    send(state, amount) {
      const taint = taintOut(state, amount);
      state.balance -= amount;
      state.taint -= taint;
      return [{ amount, taint }];
    },
    explain,
  };
}

/**
 * Haircut (pro-rata, pari passu; Barlow Clowes): each outflow carries the sender's current
 * tainted share, τ = v·T/B, rounded down to the base unit; the remainder stays tainted with the
 * sender so totals are exact.
 *
 * @example
 * const s = haircutModel.create();
 * haircutModel.receive(s, [{ amount: 70n, taint: 0n }, { amount: 30n, taint: 30n }]);
 * haircutModel.send(s, 20n); // [{ amount: 20n, taint: 6n }]
 */
export const haircutModel: TaintModel = scalar(
  'haircut',
  'Each outflow carries the sender’s tainted share: τ = v × T / B (rounded down to the base unit).',
  (s, v) => (s.balance === 0n ? 0n : (v * s.taint) / s.balance),
  (before, v, out, f) => {
    const t = lotsTaint(out);
    const exact = before.balance === 0n || (v * before.taint) % before.balance === 0n;
    return `haircut: ${f(v)} × ${f(before.taint)} / ${f(before.balance)} = ${f(t)}${exact ? '' : ' (rounded down)'}`;
  },
);

/**
 * Clean-first (Re Hallett: the wrongdoer spends his own money first); for one pool of
 * victims this is also the lowest-intermediate-balance rule (Roscoe v Winder, LIBR):
 * τ = max(0, v − (B − T)).
 *
 * @example
 * const s = cleanFirstModel.create();
 * cleanFirstModel.receive(s, [{ amount: 7n, taint: 0n }, { amount: 3n, taint: 3n }]);
 * cleanFirstModel.send(s, 8n); // [{ amount: 8n, taint: 1n }]
 */
export const cleanFirstModel: TaintModel = scalar(
  'clean-first',
  'Clean money leaves first: τ = max(0, v − (B − T)); equals LIBR (lowest intermediate balance) for one pool of victims.',
  (s, v) => {
    const t = v - (s.balance - s.taint);
    return t > 0n ? t : 0n;
  },
  (before, v, out, f) =>
    `clean-first: max(0, ${f(v)} − (${f(before.balance)} − ${f(before.taint)})) = ${f(lotsTaint(out))}`,
);

/**
 * Dirty-first (seniority): tainted money leaves first, τ = min(v, T).
 *
 * @example
 * const s = dirtyFirstModel.create();
 * dirtyFirstModel.receive(s, [{ amount: 7n, taint: 0n }, { amount: 3n, taint: 3n }]);
 * dirtyFirstModel.send(s, 2n); // [{ amount: 2n, taint: 2n }]
 */
export const dirtyFirstModel: TaintModel = scalar(
  'dirty-first',
  'Tainted money leaves first: τ = min(v, T).',
  (s, v) => minBig(v, s.taint),
  (before, v, out, f) => `dirty-first: min(${f(v)}, ${f(before.taint)}) = ${f(lotsTaint(out))}`,
);

/** Poison state: the balance, and whether any taint ever arrived. */
interface PoisonState extends AccountState {
  poisoned: boolean;
}

/**
 * Poison: once an address receives any taint, every later outflow is fully tainted and the
 * whole balance counts as tainted; taint never decreases, so it does not conserve.
 *
 * @example
 * const s = poisonModel.create();
 * poisonModel.receive(s, [{ amount: 7n, taint: 0n }, { amount: 3n, taint: 3n }]);
 * poisonModel.send(s, 5n); // [{ amount: 5n, taint: 5n }]
 */
export const poisonModel: TaintModel<PoisonState> = {
  name: 'poison',
  rule: 'Once any taint arrives, every outflow is wholly tainted: τ = v if T > 0, else 0 (does not conserve).',
  conserves: false,
  create: () => ({ balance: 0n, taint: 0n, poisoned: false }),
  receive(state, lots: readonly Lot[]) {
    for (const l of lots) {
      state.balance += l.amount;
      if (l.taint > 0n) state.poisoned = true;
    }
    state.taint = state.poisoned ? state.balance : 0n;
  },
  receiveOpening(state, amount) {
    state.balance += amount;
    state.taint = state.poisoned ? state.balance : 0n;
  },
  receiveClean(state, amount) {
    state.balance += amount;
    state.taint = state.poisoned ? state.balance : 0n;
  },
  send(state, amount) {
    const taint = state.poisoned ? amount : 0n;
    state.balance -= amount;
    state.taint = state.poisoned ? state.balance : 0n;
    return [{ amount, taint }];
  },
  explain: (before, v, _out, f) =>
    before.taint > 0n ? `poison: sender tainted → all ${f(v)} tainted` : 'poison: sender clean → 0',
};
