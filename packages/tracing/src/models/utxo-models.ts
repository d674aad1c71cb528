/** A transaction input: its value and how much of it is tainted (base units). */
export interface UtxoInput {
  readonly value: bigint;
  readonly taint: bigint;
}

/** UTXO taint rules (the account rules' counterparts for Bitcoin-like chains). */
export type UtxoModelName = 'poison' | 'haircut' | 'fifo' | 'lifo' | 'tiho';

/**
 * Taint carried by each output of one UTXO transaction. The fee, if any, is an extra last
 * output to the miner (Jaga's convention), so the result has `outputs.length + 1` entries when
 * `fee > 0`. Rules: poison (all outputs wholly tainted if any input is), haircut (pro rata,
 * rounded down, remainder to the last non-zero output), FIFO (input lots in input order cut in
 * output order), LIFO (inputs reversed), TIHO (tainted value to the highest outputs first).
 *
 * @example
 * utxoTaint('fifo', [{ value: 40n, taint: 0n }, { value: 10n, taint: 10n }], [30n, 15n, 5n]);
 * // [0n, 5n, 5n]
 */
export function utxoTaint(
  model: UtxoModelName,
  inputs: readonly UtxoInput[],
  outputs: readonly bigint[],
  fee = 0n,
): bigint[] {
  const outs = fee > 0n ? [...outputs, fee] : [...outputs];
  let totalIn = 0n;
  let totalTaint = 0n;
  for (const i of inputs) {
    if (i.value < 0n || i.taint < 0n || i.taint > i.value) {
      throw new Error(`Invalid input: taint ${i.taint} must be between 0 and its value ${i.value}`);
    }
    totalIn += i.value;
    totalTaint += i.taint;
  }
  let totalOut = 0n;
  for (const o of outs) {
    if (o < 0n) throw new Error(`Invalid output value ${o}: must be non-negative`);
    totalOut += o;
  }
  if (totalOut !== totalIn) {
    throw new Error(`Outputs plus fee (${totalOut}) must equal inputs (${totalIn})`);
  }
  switch (model) {
    case 'poison':
      return outs.map((o) => (totalTaint > 0n ? o : 0n));
    case 'haircut': {
      if (totalIn === 0n) return outs.map(() => 0n);
      const result = outs.map((o) => (o * totalTaint) / totalIn);
      // Rounding residue goes to the outputs in order, never beyond an output's value.
      let residue = totalTaint - result.reduce((a, b) => a + b, 0n);
      for (let j = 0; j < outs.length && residue > 0n; j++) {
        const room = (outs[j] as bigint) - (result[j] as bigint);
        const add = room < residue ? room : residue;
        result[j] = (result[j] as bigint) + add;
        residue -= add;
      }
      return result;
    }
    case 'fifo':
    case 'lifo': {
      const lots = model === 'fifo' ? [...inputs] : [...inputs].reverse();
      const result: bigint[] = [];
      let li = 0;
      let lotLeft = lots[0]?.value ?? 0n;
      let lotTaintLeft = lots[0]?.taint ?? 0n;
      for (const o of outs) {
        let need = o;
        let taint = 0n;
        while (need > 0n) {
          while (lotLeft === 0n) {
            li++;
            lotLeft = lots[li]?.value ?? 0n;
            lotTaintLeft = lots[li]?.taint ?? 0n;
          }
          const take = need < lotLeft ? need : lotLeft;
          const t = lotTaintLeft === lotLeft ? take : (lotTaintLeft * take) / lotLeft;
          taint += t;
          lotLeft -= take;
          lotTaintLeft -= t;
          need -= take;
        }
        result.push(taint);
      }
      return result;
    }
    case 'tiho': {
      const order = outs
        .map((_, j) => j)
        .sort((a, b) => {
          const d = (outs[b] as bigint) - (outs[a] as bigint);
          return d > 0n ? 1 : d < 0n ? -1 : a - b;
        });
      const result = outs.map(() => 0n);
      let left = totalTaint;
      for (const j of order) {
        const o = outs[j] as bigint;
        const t = o < left ? o : left;
        result[j] = t;
        left -= t;
      }
      return result;
    }
  }
}
