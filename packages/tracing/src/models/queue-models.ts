import type { AccountState, Lot, TaintModel } from './taint-model.js';

/** Lots in arrival order (a deque: head = oldest). */
interface QueueState extends AccountState {
  lots: Lot[];
  head: number;
}

function push(state: QueueState, lot: Lot): void {
  if (lot.amount === 0n) return;
  const last = state.lots[state.lots.length - 1];
  // Merge with the newest lot when both are wholly clean or wholly tainted: same meaning, less memory.
  if (
    last &&
    state.lots.length > state.head &&
    ((last.taint === 0n && lot.taint === 0n) ||
      (last.taint === last.amount && lot.taint === lot.amount))
  ) {
    state.lots[state.lots.length - 1] = {
      amount: last.amount + lot.amount,
      taint: last.taint + lot.taint,
    };
    return;
  }
  state.lots.push(lot);
}

function take(lot: Lot, amount: bigint): [Lot, Lot] {
  // A mixed lot splits pro rata (rounded down); pure lots split exactly.
  const taint = lot.taint === lot.amount ? amount : (lot.taint * amount) / lot.amount;
  return [
    { amount, taint },
    { amount: lot.amount - amount, taint: lot.taint - taint },
  ];
}

function queueModel(name: 'fifo' | 'lifo'): TaintModel<QueueState> {
  const fromHead = name === 'fifo';
  return {
    name,
    rule: fromHead
      ? 'First in, first out (Clayton’s Case): an outflow consumes the oldest lots of the sender’s balance; they move to the recipient as they are.'
      : 'Last in, first out: an outflow consumes the newest lots of the sender’s balance; they move to the recipient as they are.',
    conserves: true,
    create: () => ({ balance: 0n, taint: 0n, lots: [], head: 0 }),
    receive(state, lots) {
      for (const l of lots) {
        push(state, l);
        state.balance += l.amount;
        state.taint += l.taint;
      }
    },
    receiveClean(state, amount) {
      push(state, { amount, taint: 0n });
      state.balance += amount;
    },
    receiveOpening(state, amount) {
      // Value never seen arriving predates everything seen: it is the oldest lot.
      if (amount === 0n) return;
      const live = state.lots.slice(state.head);
      state.lots = [{ amount, taint: 0n }, ...live];
      state.head = 0;
      state.balance += amount;
    },
    send(state, amount) {
      const out: Lot[] = [];
      let rest = amount;
      while (rest > 0n) {
        if (state.head >= state.lots.length) throw new Error('send exceeds the balance');
        const index = fromHead ? state.head : state.lots.length - 1;
        const lot = state.lots[index] as Lot;
        if (lot.amount <= rest) {
          out.push(lot);
          rest -= lot.amount;
          if (fromHead) state.head++;
          else state.lots.pop();
        } else {
          const [taken, left] = take(lot, rest);
          out.push(taken);
          state.lots[index] = left;
          rest = 0n;
        }
      }
      if (state.head > 64 && state.head * 2 > state.lots.length) {
        state.lots = state.lots.slice(state.head);
        state.head = 0;
      }
      let taint = 0n;
      for (const l of out) taint += l.taint;
      state.balance -= amount;
      state.taint -= taint;
      // Keep the lots in their original time order at the recipient.
      return fromHead ? out : out.reverse();
    },
    explain(_before, v, out, f) {
      const parts = out.map((l) =>
        l.taint === 0n
          ? `${f(l.amount)} clean`
          : l.taint === l.amount
            ? `${f(l.amount)} tainted`
            : `${f(l.amount)} (${f(l.taint)} tainted)`,
      );
      let t = 0n;
      for (const l of out) t += l.taint;
      return `${name}: ${f(v)} from the ${fromHead ? 'oldest' : 'newest'} lots = ${parts.join(' + ')} → ${f(t)} tainted`;
    },
  };
}

/**
 * FIFO (Clayton's Case): outflows consume the oldest lots first.
 *
 * @example
 * const s = fifoModel.create();
 * fifoModel.receive(s, [{ amount: 7n, taint: 0n }, { amount: 3n, taint: 3n }]);
 * fifoModel.send(s, 2n); // [{ amount: 2n, taint: 0n }]
 */
export const fifoModel: TaintModel = queueModel('fifo');

/**
 * LIFO: outflows consume the newest lots first.
 *
 * @example
 * const s = lifoModel.create();
 * lifoModel.receive(s, [{ amount: 7n, taint: 0n }, { amount: 3n, taint: 3n }]);
 * lifoModel.send(s, 2n); // [{ amount: 2n, taint: 2n }]
 */
export const lifoModel: TaintModel = queueModel('lifo');
