import { formatUnits } from './amount.js';
import type { ChainId } from './chains.js';
import type { Label, LabelSet } from './labels.js';
import { selectAsset } from './select-asset.js';
import type { TransferGraph } from './transfer-graph.js';

/** Options for {@link inferDepositAddresses}. */
export interface DepositInferenceOptions {
  readonly chain?: ChainId;
  readonly asset?: string;
  /** A sweep counts if it leaves within this many seconds of the address's latest inflow (default 72 h). */
  readonly windowSeconds?: number;
  /** Share of the address's observed inflow that must be swept to one exchange (default 0.8). */
  readonly minShare?: number;
  /** Label categories that mark an exchange hot wallet (default `exchange`). */
  readonly exchangeCategories?: readonly string[];
  /** Categories that rule a candidate out because it is itself a known service. */
  readonly serviceCategories?: readonly string[];
}

/** One sweep of a probable deposit address into the exchange's wallet. */
export interface SweepEvidence {
  readonly txHash: string;
  readonly time: string;
  readonly to: string;
  readonly toLabel: string;
  readonly amount: string;
  /** Seconds since the deposit address's latest inflow before the sweep. */
  readonly delaySeconds: number;
  readonly source: string;
}

/** An unlabelled address that behaves like a customer deposit address of an exchange. */
export interface DepositAddress {
  readonly address: string;
  /** Exchange (actor id or label of its hot wallet). */
  readonly exchange: string;
  readonly inflow: string;
  readonly swept: string;
  /** swept / inflow, as a decimal with 4 places. */
  readonly share: string;
  readonly inflowTransfers: number;
  readonly sweeps: number;
  /** GraphSense confidence id and level: a heuristic, so low. */
  readonly confidence: 'heuristic';
  readonly confidenceLevel: 10;
  readonly evidence: readonly SweepEvidence[];
}

/**
 * Default label categories that stop a trace: exchanges and every kind of service.
 *
 * @example
 * traceTaint(graph, { seeds, labels, stopCategories: [...DEFAULT_STOP_CATEGORIES, 'mixer'] });
 */
export const DEFAULT_STOP_CATEGORIES: readonly string[] = [
  'exchange',
  'service',
  'wallet_service',
  'mixing_service',
  'payment_processor',
  'gambling',
  'market',
  'mining_service',
  'miner',
  'defi',
  'defi_dex',
  'defi_bridge',
  'defi_lending',
  'defi_derivative',
];

function hasCategory(labels: readonly Label[], categories: readonly string[]): Label | undefined {
  return labels.find((l) => l.categories.some((c) => categories.includes(c)));
}

/**
 * Exchange identity of a hot-wallet label: the actor if known, else the label text.
 *
 * @example
 * exchangeName(label); // 'binance'
 */
export function exchangeName(label: Label): string {
  return label.actor ?? label.label;
}

function share4(part: bigint, whole: bigint): string {
  if (whole === 0n) return '0';
  const scaled = (part * 10000n) / whole;
  return formatUnits(scaled, 4);
}

/**
 * Finds probable exchange deposit addresses: an address that is not itself a labelled service
 * and forwards at least `minShare` of its observed inflow to the hot wallets of one labelled
 * exchange, each sweep within `windowSeconds` of its latest inflow. Exchanges give each
 * customer a deposit address and sweep it to a hot wallet, so without this step exchange
 * exits stay invisible. Results carry the sweep transfers as evidence and the GraphSense
 * confidence `heuristic` (10): a lead for a production order, not proof of ownership.
 *
 * @example
 * const deposits = inferDepositAddresses(graph, labels, { windowSeconds: 86_400 });
 * deposits[0]?.exchange; // e.g. 'binance'
 */
export function inferDepositAddresses(
  graph: TransferGraph,
  labels: LabelSet,
  options: DepositInferenceOptions = {},
): DepositAddress[] {
  const asset = selectAsset(graph, options);
  const window = options.windowSeconds ?? 72 * 3600;
  const minShare = options.minShare ?? 0.8;
  if (!(minShare > 0 && minShare <= 1))
    throw new Error(`minShare must be in (0, 1], got ${minShare}`);
  const minShareScaled = BigInt(Math.round(minShare * 1_000_000));
  const exchangeCats = options.exchangeCategories ?? ['exchange'];
  const serviceCats = options.serviceCategories ?? DEFAULT_STOP_CATEGORIES;
  const f = (v: bigint) => formatUnits(v, asset.decimals);

  // Hot wallets present in the data.
  const hot = new Map<number, Label>();
  for (const [key, list] of labels.entries()) {
    const sep = key.indexOf(':');
    if (key.slice(0, sep) !== asset.chain) continue;
    const label = hasCategory(list, exchangeCats);
    if (!label) continue;
    const id = graph.addressId(asset.chain, key.slice(sep + 1));
    if (id !== undefined) hot.set(id, label);
  }
  const candidates = new Set<number>();
  for (const h of hot.keys()) {
    for (const t of graph.incoming(h)) {
      if (graph.assetOf[t] !== asset.id) continue;
      const x = graph.from[t] as number;
      if (hot.has(x)) continue;
      if (hasCategory(labels.get(asset.chain, graph.address(x)), serviceCats)) continue;
      candidates.add(x);
    }
  }
  const result: DepositAddress[] = [];
  for (const x of [...candidates].sort((a, b) => a - b)) {
    let inflow = 0n;
    let inflowTransfers = 0;
    for (const t of graph.incoming(x)) {
      if (graph.assetOf[t] !== asset.id) continue;
      inflow += graph.amount(t);
      inflowTransfers++;
    }
    if (inflow === 0n) continue;
    // Walk inflows and outflows in time order to know the latest inflow before each sweep.
    const ins = graph.incoming(x);
    const outs = graph.outgoing(x);
    let i = 0;
    let lastInTime = -1;
    const swept = new Map<string, { amount: bigint; evidence: SweepEvidence[] }>();
    for (const t of outs) {
      if (graph.assetOf[t] !== asset.id) continue;
      while (i < ins.length && (ins[i] as number) < t) {
        const ti = ins[i] as number;
        if (graph.assetOf[ti] === asset.id) lastInTime = graph.time[ti] as number;
        i++;
      }
      const label = hot.get(graph.to[t] as number);
      if (!label || lastInTime < 0) continue;
      const delay = (graph.time[t] as number) - lastInTime;
      if (delay > window) continue;
      const name = exchangeName(label);
      const entry = swept.get(name) ?? { amount: 0n, evidence: [] };
      entry.amount += graph.amount(t);
      const src = graph.source(t);
      entry.evidence.push({
        txHash: graph.txHash(t),
        time: new Date((graph.time[t] as number) * 1000).toISOString(),
        to: graph.address(graph.to[t] as number),
        toLabel: label.label,
        amount: f(graph.amount(t)),
        delaySeconds: delay,
        source: `${src.file}:${src.line}`,
      });
      swept.set(name, entry);
    }
    let best: [string, { amount: bigint; evidence: SweepEvidence[] }] | undefined;
    for (const e of [...swept.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!best || e[1].amount > best[1].amount) best = e;
    }
    if (!best) continue;
    if (best[1].amount * 1_000_000n < inflow * minShareScaled) continue;
    result.push({
      address: graph.address(x),
      exchange: best[0],
      inflow: f(inflow),
      swept: f(best[1].amount),
      share: share4(best[1].amount, inflow),
      inflowTransfers,
      sweeps: best[1].evidence.length,
      confidence: 'heuristic',
      confidenceLevel: 10,
      evidence: best[1].evidence,
    });
  }
  // Largest sweeps first; address breaks ties so the order never depends on input order.
  return result.sort(
    (a, b) => compareDecimal(b.swept, a.swept) || (a.address < b.address ? -1 : 1),
  );
}

/**
 * Compares two non-negative decimal strings exactly.
 *
 * @example
 * compareDecimal('0.6', '0.60'); // 0
 */
export function compareDecimal(a: string, b: string): number {
  const [ai = '', af = ''] = a.split('.');
  const [bi = '', bf = ''] = b.split('.');
  const len = Math.max(af.length, bf.length);
  const x = BigInt(ai + af.padEnd(len, '0'));
  const y = BigInt(bi + bf.padEnd(len, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}
