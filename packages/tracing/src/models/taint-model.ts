/** A slice of value with the part of it that is tainted (0 ≤ taint ≤ amount), in base units. */
export interface Lot {
  readonly amount: bigint;
  readonly taint: bigint;
}

/** Names of the account-model taint rules. `libr` is an alias of `clean-first` for one pool. */
export type TaintModelName = 'poison' | 'haircut' | 'fifo' | 'lifo' | 'dirty-first' | 'clean-first';

/** Mutable per-address state a model keeps (opaque to callers). */
export interface AccountState {
  balance: bigint;
  taint: bigint;
}

/**
 * A named, pure taint rule for the account model (ETH, TRON; each token separately).
 * Incoming value arrives as lots; an outflow returns the lots it carries, whose taint is τ_out.
 * Every model except poison conserves taint exactly: taint in = taint out + taint held.
 */
export interface TaintModel<S extends AccountState = AccountState> {
  readonly name: TaintModelName;
  /** One sentence: the rule, as a reader of a report needs it. */
  readonly rule: string;
  /** Whether taint in = taint out + taint held (false only for poison). */
  readonly conserves: boolean;
  /** A new address with zero balance. */
  create(): S;
  /** Credits incoming lots. */
  receive(state: S, lots: readonly Lot[]): void;
  /** Credits clean value that was spent but never seen arriving (an opening balance). */
  receiveOpening(state: S, amount: bigint): void;
  /**
   * Credits one clean incoming transfer: the same as `receive(state, [{ amount, taint: 0n }])`,
   * without making a lot for it (traces credit many). Optional for models written elsewhere.
   */
  receiveClean?(state: S, amount: bigint): void;
  /** Debits `amount` (≤ balance) and returns the lots it carries (amounts sum to `amount`). */
  send(state: S, amount: bigint): Lot[];
  /** Human-readable arithmetic of one outflow, e.g. `haircut: 5 × 2.4 / 8 = 1.5`. */
  explain(
    before: { balance: bigint; taint: bigint },
    amount: bigint,
    out: readonly Lot[],
    format: (v: bigint) => string,
  ): string;
}

/**
 * Sums the taint of lots.
 *
 * @example
 * lotsTaint([{ amount: 5n, taint: 2n }, { amount: 1n, taint: 1n }]); // 3n
 */
export function lotsTaint(lots: readonly Lot[]): bigint {
  let t = 0n;
  for (const l of lots) t += l.taint;
  return t;
}

/**
 * Sums the amounts of lots.
 *
 * @example
 * lotsAmount([{ amount: 5n, taint: 2n }]); // 5n
 */
export function lotsAmount(lots: readonly Lot[]): bigint {
  let t = 0n;
  for (const l of lots) t += l.amount;
  return t;
}

/**
 * Shared receive logic for models that only track balance and taint totals.
 *
 * @example
 * receiveTotals(state, [{ amount: 3n, taint: 3n }]);
 */
export function receiveTotals(state: AccountState, lots: readonly Lot[]): void {
  for (const l of lots) {
    state.balance += l.amount;
    state.taint += l.taint;
  }
}

/**
 * The smaller of two bigints (Math.min does not take bigints).
 *
 * @example
 * minBig(2n, 3n); // 2n
 */
export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
