import { formatUnits } from './amount.js';
import { type ChainId, normalizeAddress } from './chains.js';
import { DEFAULT_STOP_CATEGORIES, type DepositAddress } from './deposits.js';
import { MinHeap } from './heap.js';
import type { Label, LabelSet } from './labels.js';
import { getTaintModel } from './models/index.js';
import type { AccountState, Lot, TaintModel, TaintModelName } from './models/taint-model.js';
import { selectAsset } from './select-asset.js';
import type { TransferGraph } from './transfer-graph.js';

/** Options for {@link traceTaint}. */
export interface TraceOptions {
  /** Taint rule (default `haircut`). */
  readonly model?: TaintModelName | TaintModel | string;
  /** Seed addresses: every outgoing transfer after `since` is wholly tainted. */
  readonly seeds?: readonly string[];
  /** Seed transactions (hashes): each such transfer is wholly tainted at its recipient. */
  readonly seedTransactions?: readonly string[];
  /**
   * Addresses whose incoming payments from outside this set (after `since`) are the tainted
   * funds, e.g. victims' payments into scam wallets. The addresses themselves are then traced
   * like any other, so the taint rule decides what their outflows carry.
   */
  readonly seedInflowsOf?: readonly string[];
  readonly chain?: ChainId;
  readonly asset?: string;
  /** Unix seconds; seed outflows before it are not tainted. */
  readonly since?: number;
  /** Longest path followed, in transfers from a seed (default 5). */
  readonly maxHops?: number;
  /** Label categories where taint stops as an endpoint (default: exchange and every service). */
  readonly stopCategories?: readonly string[];
  /** Unlabelled addresses with at least this many outgoing transfers are hubs: taint stops there (default 1000). */
  readonly hubDegree?: number;
  readonly labels?: LabelSet;
  /** Probable deposit addresses (see inferDepositAddresses): endpoints of their exchange. */
  readonly deposits?: readonly DepositAddress[];
  /** Paths listed per endpoint, largest first (default 3). */
  readonly pathsPerEndpoint?: number;
}

/** One transfer on a path from a seed. */
export interface PathStep {
  readonly txHash: string;
  readonly from: string;
  readonly to: string;
  readonly amount: string;
  readonly taint: string;
}

/** A path of tainted transfers from a seed to an endpoint. */
export interface TracePath {
  readonly taint: string;
  readonly steps: readonly PathStep[];
}

/** An address where taint stopped because it is a labelled exchange or service (or an inferred deposit address). */
export interface TraceEndpoint {
  readonly address: string;
  readonly label: string;
  readonly category: string;
  readonly confidence: string;
  readonly confidenceLevel: number;
  readonly attribution: 'label' | 'inferred-deposit';
  /** Tainted amount received. */
  readonly amount: string;
  /** Fewest transfers from a seed. */
  readonly hops: number;
  readonly transfers: number;
  readonly firstTime: string;
  readonly lastTime: string;
  readonly paths: readonly TracePath[];
}

/** The arithmetic of one outflow from a tainted (or seed) address: re-add it by hand. */
export interface TraceHop {
  readonly step: number;
  /** 1 for outflows of seeds, 2 for the next address, … */
  readonly hop: number;
  readonly txHash: string;
  readonly block: number;
  readonly time: string;
  readonly from: string;
  readonly to: string;
  readonly amount: string;
  readonly taint: string;
  /** Sender's balance and tainted balance just before (after any unobserved opening balance). */
  readonly senderBalance: string;
  readonly senderTaint: string;
  /** Clean value credited because the sender spent more than it was seen receiving. */
  readonly unobservedInflow: string;
  readonly arithmetic: string;
  /** What the recipient is: where taint continues or stops. */
  readonly recipient: 'traced' | 'endpoint' | 'hub' | 'hop-limit' | 'seed' | 'clean';
  /** Source file and line of the transfer. */
  readonly source: string;
}

/** Totals that add up: seeded = reachedEndpoints + held + unresolved (except for poison). */
export interface TraceTotals {
  /** Taint put in: seed outflows (to non-seeds) after `since`, plus seed transactions. */
  readonly seeded: string;
  /** Seed-to-seed transfers, left out of `seeded` so nothing is counted twice. */
  readonly betweenSeeds: string;
  readonly reachedEndpoints: string;
  /** Still held by traced addresses at the end of the data. */
  readonly held: string;
  readonly stoppedAtHubs: string;
  readonly atHopLimit: string;
  readonly returnedToSeeds: string;
  /** stoppedAtHubs + atHopLimit + returnedToSeeds. */
  readonly unresolved: string;
  /** Clean opening balances assumed because addresses spent more than the data shows them receiving. */
  readonly unobservedInflow: string;
  /** Whether seeded = reachedEndpoints + held + unresolved; null for poison, which does not conserve. */
  readonly conserved: boolean | null;
}

/** A full trace report: deterministic for the same inputs. */
export interface TraceReport {
  readonly model: TaintModelName;
  readonly rule: string;
  readonly chain: ChainId;
  readonly asset: string;
  readonly decimals: number;
  readonly parameters: {
    readonly since: string | null;
    readonly maxHops: number;
    readonly stopCategories: readonly string[];
    readonly hubDegree: number;
    readonly inferredDeposits: number;
  };
  readonly seeds: ReadonlyArray<{
    address: string;
    found: boolean;
    tainted: string;
    transfers: number;
  }>;
  readonly seedTransactions: ReadonlyArray<{ txHash: string; found: boolean }>;
  /** Addresses whose incoming payments were the tainted funds (seedInflowsOf). */
  readonly seedInflowsOf: ReadonlyArray<{ address: string; found: boolean }>;
  readonly endpoints: readonly TraceEndpoint[];
  /** Endpoints grouped by label (exchange), largest first. */
  readonly byLabel: ReadonlyArray<{
    label: string;
    category: string;
    amount: string;
    endpoints: number;
  }>;
  readonly totals: TraceTotals;
  readonly hops: readonly TraceHop[];
  readonly hopSummary: ReadonlyArray<{ hop: number; transfers: number; taint: string }>;
  readonly hubs: ReadonlyArray<{
    address: string;
    outDegree: number;
    amount: string;
    hops: number;
  }>;
  /** Traced addresses still holding taint, largest first. */
  readonly held: ReadonlyArray<{ address: string; amount: string; hops: number }>;
  readonly notes: readonly string[];
}

const ROLE_NONE = 0;
const ROLE_ACTIVE = 1;
const ROLE_ENDPOINT = 2;
const ROLE_HUB = 3;
const ROLE_FRONTIER = 4;
const ROLE_SEED = 5;

interface Step {
  t: number;
  hop: number;
  taint: bigint;
  balance: bigint;
  taintBefore: bigint;
  unobserved: bigint;
  lots: Lot[] | undefined;
  recipient: TraceHop['recipient'];
  seed: boolean;
}

function lowerBound(list: Uint32Array, t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo; // first index with value > t
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** The `k` first entries of `items` in the order of `cmp`, without sorting them all. */
function topK<T>(items: readonly T[], k: number, cmp: (a: T, b: T) => number): T[] {
  if (!(k > 0) || !Number.isInteger(k)) return [...items].sort(cmp).slice(0, k);
  const top: T[] = [];
  for (const item of items) {
    if (top.length === k && cmp(item, top[k - 1] as T) >= 0) continue;
    let i = top.length === k ? k - 1 : top.length;
    while (i > 0 && cmp(item, top[i - 1] as T) < 0) {
      top[i] = top[i - 1] as T;
      i--;
    }
    top[i] = item;
  }
  return top;
}

function cmpBig(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

/**
 * Follows tainted value forward from seed addresses or transactions through the transfer graph
 * in global time order, under one named taint rule. Taint stops at labelled exchanges and
 * services (endpoints), at inferred deposit addresses, at unlabelled high-degree hubs and at
 * `maxHops`. Every outflow from a tainted address is listed with its arithmetic; the totals
 * add up exactly in base units (except under poison, which does not conserve).
 *
 * @example
 * const report = traceTaint(graph, { model: 'fifo', seeds: ['0x…'], labels, maxHops: 5 });
 * report.totals.reachedEndpoints; // e.g. '12.5'
 */
export function traceTaint(graph: TransferGraph, options: TraceOptions): TraceReport {
  const model =
    typeof options.model === 'object' ? options.model : getTaintModel(options.model ?? 'haircut');
  const asset = selectAsset(graph, options);
  const chain = asset.chain;
  const assetId = asset.id;
  const maxHops = options.maxHops ?? 5;
  if (!Number.isInteger(maxHops) || maxHops < 1)
    throw new Error(`maxHops must be a whole number ≥ 1, got ${maxHops}`);
  const hubDegree = options.hubDegree ?? 1000;
  const stopCats = options.stopCategories ?? DEFAULT_STOP_CATEGORIES;
  const since = options.since ?? 0;
  const f = (v: bigint) => formatUnits(v, asset.decimals);
  const notes: string[] = [];
  const nA = graph.addressCount;
  const role = new Uint8Array(nA);
  const hopOf = new Int32Array(nA).fill(-1);
  const parent = new Int32Array(nA).fill(-1);
  const outPtr = new Int32Array(nA);
  const inPtr = new Int32Array(nA);
  const states = new Map<number, AccountState>();
  const processed = new Uint8Array(graph.transferCount);
  const heap = new MinHeap();
  const labels = options.labels;

  // Seeds.
  const seedRows: Array<{
    address: string;
    found: boolean;
    id: number;
    tainted: bigint;
    transfers: number;
  }> = [];
  for (const raw of [...new Set(options.seeds ?? [])]) {
    const check = normalizeAddress(chain, raw);
    if (!check.ok) throw new Error(`Seed address: ${check.reason}`);
    const id = graph.addressId(chain, check.address);
    seedRows.push({
      address: check.address,
      found: id !== undefined,
      id: id ?? -1,
      tainted: 0n,
      transfers: 0,
    });
    if (id !== undefined) {
      role[id] = ROLE_SEED;
      hopOf[id] = 0;
    }
  }
  seedRows.sort((a, b) => (a.address < b.address ? -1 : 1));
  const seedIndex = new Map(seedRows.filter((s) => s.found).map((s) => [s.id, s]));

  // Endpoint classification (lazy, cached).
  const depositById = new Map<number, DepositAddress>();
  for (const d of options.deposits ?? []) {
    const id = graph.addressId(chain, d.address);
    if (id !== undefined) depositById.set(id, d);
  }
  const stopLabel = new Map<number, Label | null>();
  const stopLabelOf = (a: number): Label | null => {
    let l = stopLabel.get(a);
    if (l === undefined) {
      l =
        labels
          ?.get(chain, graph.address(a))
          .find((x) => x.categories.some((c) => stopCats.includes(c))) ?? null;
      stopLabel.set(a, l);
    }
    return l;
  };
  // Scam wallets whose inflows are traced are followed however busy they are.
  const inflowSet = new Set<number>();
  const classify = (a: number): number => {
    if (stopLabelOf(a) || depositById.has(a)) return ROLE_ENDPOINT;
    if (inflowSet.has(a)) return ROLE_NONE;
    if ((graph.outStart[a + 1] as number) - (graph.outStart[a] as number) >= hubDegree)
      return ROLE_HUB;
    return ROLE_NONE;
  };

  const pushOut = (a: number): void => {
    const list = graph.outgoing(a);
    let p = outPtr[a] as number;
    while (p < list.length && graph.assetOf[list[p] as number] !== assetId) p++;
    outPtr[a] = p;
    if (p < list.length) heap.push((list[p] as number) * 4);
  };
  const pushIn = (a: number): void => {
    const list = graph.incoming(a);
    let p = inPtr[a] as number;
    while (p < list.length && graph.assetOf[list[p] as number] !== assetId) p++;
    inPtr[a] = p;
    if (p < list.length) heap.push((list[p] as number) * 4 + 1);
  };

  for (const s of seedRows) {
    if (!s.found) continue;
    const list = graph.outgoing(s.id);
    let p = 0;
    while (p < list.length && (graph.time[list[p] as number] as number) < since) p++;
    outPtr[s.id] = p;
    pushOut(s.id);
  }
  // Seed transactions.
  const seedTxRows: Array<{ txHash: string; found: boolean }> = [];
  const seedTx = new Set<number>();
  if ((options.seedTransactions ?? []).length > 0) {
    const wanted = new Map<string, { txHash: string; found: boolean }>();
    for (const raw of options.seedTransactions ?? []) {
      const hex = raw.trim().toLowerCase().replace(/^0x/, '');
      if (!/^[0-9a-f]{64}$/.test(hex))
        throw new Error(`Seed transaction "${raw}" is not a 64-hex-digit hash`);
      const row = { txHash: chain === 'tron' ? hex : `0x${hex}`, found: false };
      wanted.set(hex, row);
      seedTxRows.push(row);
    }
    for (let t = 0; t < graph.transferCount; t++) {
      if (graph.assetOf[t] !== assetId) continue;
      const hex = graph.txHash(t).replace(/^0x/, '');
      const row = wanted.get(hex);
      if (row) {
        row.found = true;
        seedTx.add(t);
        heap.push(t * 4 + 2);
      }
    }
    seedTxRows.sort((a, b) => (a.txHash < b.txHash ? -1 : 1));
  }

  // Payments into a scam set from outside it: each is a seed transaction.
  const inflowRows: Array<{ address: string; found: boolean }> = [];
  const inflowSeed = new Set<number>();
  for (const raw of [...new Set(options.seedInflowsOf ?? [])]) {
    const check = normalizeAddress(chain, raw);
    if (!check.ok) throw new Error(`Address in seedInflowsOf: ${check.reason}`);
    const id = graph.addressId(chain, check.address);
    inflowRows.push({ address: check.address, found: id !== undefined });
    if (id !== undefined) inflowSet.add(id);
  }
  for (const id of inflowSet) {
    for (const t of graph.incoming(id)) {
      if (graph.assetOf[t] !== assetId || (graph.time[t] as number) < since) continue;
      if (inflowSet.has(graph.from[t] as number) || seedTx.has(t)) continue;
      // If the payer is itself traced by then (money coming back round), its own rule decides:
      // re-tainting it would count the same money twice.
      seedTx.add(t);
      inflowSeed.add(t);
      heap.push(t * 4 + 2);
    }
  }
  inflowRows.sort((a, b) => (a.address < b.address ? -1 : 1));

  let seeded = 0n;
  let betweenSeeds = 0n;
  let reached = 0n;
  let atHubs = 0n;
  let atLimit = 0n;
  let returned = 0n;
  let unobserved = 0n;
  const steps: Step[] = [];
  const stepOfTransfer = new Map<number, Step>();
  const endpointIn = new Map<number, Array<[number, bigint]>>();
  const endpointAmount = new Map<number, bigint>();
  const hubAmount = new Map<number, bigint>();
  const recipientKind: Record<number, TraceHop['recipient']> = {
    [ROLE_ACTIVE]: 'traced',
    [ROLE_ENDPOINT]: 'endpoint',
    [ROLE_HUB]: 'hub',
    [ROLE_FRONTIER]: 'hop-limit',
    [ROLE_SEED]: 'seed',
  };

  const openingBalance = (b: number, t: number): bigint => {
    // Clean balance of b just before transfer t, replaying its history in time order; an
    // outflow larger than the balance means value arrived unseen: count it as unobserved.
    const ins = graph.incoming(b);
    const outs = graph.outgoing(b);
    const ni = lowerBound(ins, t - 1);
    const no = lowerBound(outs, t - 1);
    let i = 0;
    let o = 0;
    // The running balance stays in a double while every amount and the balance are below 2^53
    // (exact there), and moves to a bigint once one is not: no bigint per replayed transfer.
    let small = 0;
    let exact = true;
    let balance = 0n;
    while (i < ni || o < no) {
      const ti = i < ni ? (ins[i] as number) : Number.MAX_SAFE_INTEGER;
      const to = o < no ? (outs[o] as number) : Number.MAX_SAFE_INTEGER;
      const t = ti < to ? ti : to;
      if (ti < to) i++;
      else o++;
      if (graph.assetOf[t] !== assetId) continue;
      if (exact) {
        const x = graph.amountNumber(t);
        if (x >= 0 && (ti < to ? small + x <= Number.MAX_SAFE_INTEGER : true)) {
          if (ti < to) small += x;
          else if (x > small) {
            unobserved += BigInt(x - small);
            small = 0;
          } else small -= x;
          continue;
        }
        exact = false;
        balance = BigInt(small);
      }
      const v = graph.amount(t);
      if (ti < to) balance += v;
      else if (v > balance) {
        unobserved += v - balance;
        balance = 0n;
      } else balance -= v;
    }
    return exact ? BigInt(small) : balance;
  };

  const deliver = (
    t: number,
    lots: Lot[],
    taint: bigint,
    hop: number,
    step: Step | undefined,
  ): void => {
    processed[t] = 1;
    const b = graph.to[t] as number;
    let r = role[b] as number;
    if (r === ROLE_NONE && taint > 0n) {
      r = classify(b);
      if (r === ROLE_NONE) r = hop >= maxHops ? ROLE_FRONTIER : ROLE_ACTIVE;
      role[b] = r;
      hopOf[b] = hop;
      parent[b] = t;
      if (r === ROLE_ACTIVE) {
        const state = model.create();
        model.receiveOpening(state, openingBalance(b, t));
        states.set(b, state);
        outPtr[b] = lowerBound(graph.outgoing(b), t);
        inPtr[b] = lowerBound(graph.incoming(b), t);
        pushOut(b);
        pushIn(b);
      }
    }
    if (step) step.recipient = r === ROLE_NONE ? 'clean' : (recipientKind[r] ?? 'clean');
    switch (r) {
      case ROLE_ACTIVE:
        model.receive(states.get(b) as AccountState, lots);
        break;
      case ROLE_ENDPOINT:
        if (taint > 0n) {
          reached += taint;
          endpointAmount.set(b, (endpointAmount.get(b) ?? 0n) + taint);
          const list = endpointIn.get(b) ?? [];
          list.push([t, taint]);
          endpointIn.set(b, list);
          if (hop < (hopOf[b] as number)) hopOf[b] = hop;
        }
        break;
      case ROLE_HUB:
        atHubs += taint;
        hubAmount.set(b, (hubAmount.get(b) ?? 0n) + taint);
        break;
      case ROLE_FRONTIER:
        atLimit += taint;
        break;
      case ROLE_SEED:
        returned += taint;
        break;
    }
  };

  for (let key = heap.pop(); key !== undefined; key = heap.pop()) {
    const t = Math.floor(key / 4);
    const side = key % 4;
    if (side === 1) {
      const b = graph.to[t] as number;
      inPtr[b] = (inPtr[b] as number) + 1;
      pushIn(b);
      // Already handled as the sender's outflow, or a seed transaction handled just after.
      if (processed[t] || seedTx.has(t)) continue;
      processed[t] = 1;
      const state = states.get(b) as AccountState;
      if (model.receiveClean) model.receiveClean(state, graph.amount(t));
      else model.receive(state, [{ amount: graph.amount(t), taint: 0n }]);
      continue;
    }
    if (side === 2) {
      if (processed[t]) continue;
      const v = graph.amount(t);
      if (role[graph.to[t] as number] === ROLE_SEED) {
        betweenSeeds += v;
        processed[t] = 1;
        continue;
      }
      seeded += v;
      const step: Step = {
        t,
        hop: 1,
        taint: v,
        balance: 0n,
        taintBefore: 0n,
        unobserved: 0n,
        lots: undefined,
        recipient: 'traced',
        seed: true,
      };
      steps.push(step);
      stepOfTransfer.set(t, step);
      deliver(t, [{ amount: v, taint: v }], v, 1, step);
      continue;
    }
    // side 0: outflow of a seed or a traced address.
    const a = graph.from[t] as number;
    outPtr[a] = (outPtr[a] as number) + 1;
    pushOut(a);
    const v = graph.amount(t);
    const hop = (hopOf[a] as number) + 1;
    if (role[a] === ROLE_SEED) {
      const seed = seedIndex.get(a);
      if (role[graph.to[t] as number] === ROLE_SEED) {
        betweenSeeds += v;
        processed[t] = 1;
        continue;
      }
      seeded += v;
      if (seed) {
        seed.tainted += v;
        seed.transfers++;
      }
      const step: Step = {
        t,
        hop,
        taint: v,
        balance: 0n,
        taintBefore: 0n,
        unobserved: 0n,
        lots: undefined,
        recipient: 'traced',
        seed: true,
      };
      steps.push(step);
      stepOfTransfer.set(t, step);
      deliver(t, [{ amount: v, taint: v }], v, hop, step);
      continue;
    }
    const state = states.get(a) as AccountState;
    let shortfall = 0n;
    if (v > state.balance) {
      shortfall = v - state.balance;
      unobserved += shortfall;
      model.receiveOpening(state, shortfall);
    }
    const balance = state.balance;
    const taintBefore = state.taint;
    let lots = model.send(state, v);
    let taint = 0n;
    for (const l of lots) taint += l.taint;
    if (seedTx.has(t) && !inflowSeed.has(t)) {
      // A seed transaction named by the user, sent by a traced address: wholly tainted from here on.
      seeded += v - taint;
      lots = [{ amount: v, taint: v }];
      taint = v;
    }
    let step: Step | undefined;
    if (taint > 0n || taintBefore > 0n) {
      step = {
        t,
        hop,
        taint,
        balance,
        taintBefore,
        unobserved: shortfall,
        lots,
        recipient: 'traced',
        seed: false,
      };
      steps.push(step);
      if (taint > 0n) stepOfTransfer.set(t, step);
    }
    deliver(t, lots, taint, hop, step);
  }

  // Held taint and conservation.
  let held = 0n;
  const heldRows: Array<{ id: number; amount: bigint }> = [];
  for (const [id, s] of states) {
    if (s.taint > 0n) {
      held += s.taint;
      heldRows.push({ id, amount: s.taint });
    }
  }
  const unresolved = atHubs + atLimit + returned;
  const conserved = model.conserves ? seeded === reached + held + unresolved : null;
  if (!model.conserves) {
    notes.push(
      'Poison does not conserve taint: amounts downstream can exceed what the seeds sent.',
    );
  }
  if (unobserved > 0n) {
    notes.push(
      `Traced addresses spent ${f(unobserved)} ${asset.symbol} more than the data shows them receiving; this is counted as a clean opening balance (missing history, fees or internal transfers).`,
    );
  }

  // ISO 8601 of a transfer's time: the date part is made once per day (reports list tens of
  // thousands of hops), the time of day by arithmetic; the same text as Date#toISOString.
  const dayPrefix = new Map<number, string>();
  const iso = (t: number): string => {
    const seconds = graph.time[t] as number;
    const day = Math.floor(seconds / 86400);
    let prefix = dayPrefix.get(day);
    if (prefix === undefined) {
      prefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
      dayPrefix.set(day, prefix);
    }
    const r = seconds - day * 86400;
    return `${prefix}${TWO_DIGITS[Math.floor(r / 3600)]}:${TWO_DIGITS[Math.floor(r / 60) % 60]}:${TWO_DIGITS[r % 60]}.000Z`;
  };
  const pathTo = (t: number, taint: bigint): TracePath => {
    const chainSteps: PathStep[] = [];
    let cur = t;
    for (let guard = 0; guard <= maxHops + 1 && cur >= 0; guard++) {
      const s = stepOfTransfer.get(cur);
      chainSteps.push({
        txHash: graph.txHash(cur),
        from: graph.address(graph.from[cur] as number),
        to: graph.address(graph.to[cur] as number),
        amount: f(graph.amount(cur)),
        taint: f(s?.taint ?? 0n),
      });
      const sender = graph.from[cur] as number;
      if (role[sender] === ROLE_SEED || (s?.seed ?? false)) break;
      cur = parent[sender] as number;
    }
    return { taint: f(taint), steps: chainSteps.reverse() };
  };

  const endpoints: TraceEndpoint[] = [...endpointAmount.entries()]
    .sort(([a, x], [b, y]) => cmpBig(x, y) || (graph.address(a) < graph.address(b) ? -1 : 1))
    .map(([id, amount]) => {
      const label = stopLabelOf(id);
      const deposit = depositById.get(id);
      const incoming = endpointIn.get(id) ?? [];
      const top = topK(
        incoming,
        options.pathsPerEndpoint ?? 3,
        ([ta, xa], [tb, xb]) => cmpBig(xa, xb) || ta - tb,
      );
      return {
        address: graph.address(id),
        label: label ? label.label : `${deposit?.exchange ?? '?'} (probable deposit address)`,
        category: label
          ? (stopCats.find((c) => label.categories.includes(c)) ?? 'service')
          : 'exchange',
        confidence: label ? label.confidence : 'heuristic',
        confidenceLevel: label ? label.confidenceLevel : 10,
        attribution: label ? 'label' : 'inferred-deposit',
        amount: f(amount),
        hops: hopOf[id] as number,
        transfers: incoming.length,
        firstTime: iso(incoming[0]?.[0] ?? 0),
        lastTime: iso(incoming[incoming.length - 1]?.[0] ?? 0),
        paths: top.map(([t, x]) => pathTo(t, x)),
      } satisfies TraceEndpoint;
    });

  const byLabelMap = new Map<
    string,
    { label: string; category: string; amount: bigint; endpoints: number }
  >();
  for (const [id, amount] of endpointAmount) {
    const label = stopLabelOf(id);
    const name = label ? (label.actor ?? label.label) : (depositById.get(id)?.exchange ?? '?');
    const category = label
      ? (stopCats.find((c) => label.categories.includes(c)) ?? 'service')
      : 'exchange';
    const key = `${category}\u0000${name}`;
    const e = byLabelMap.get(key) ?? { label: name, category, amount: 0n, endpoints: 0 };
    e.amount += amount;
    e.endpoints++;
    byLabelMap.set(key, e);
  }
  const byLabel = [...byLabelMap.values()]
    .sort(
      (a, b) => cmpBig(a.amount, b.amount) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
    )
    .map((e) => ({ ...e, amount: f(e.amount) }));

  const hopTotals = new Map<number, { transfers: number; taint: bigint }>();
  for (const s of steps) {
    if (s.taint === 0n) continue;
    const e = hopTotals.get(s.hop) ?? { transfers: 0, taint: 0n };
    e.transfers++;
    e.taint += s.taint;
    hopTotals.set(s.hop, e);
  }

  return {
    model: model.name,
    rule: model.rule,
    chain,
    asset: asset.symbol,
    decimals: asset.decimals,
    parameters: {
      since: options.since === undefined ? null : new Date(since * 1000).toISOString(),
      maxHops,
      stopCategories: [...stopCats],
      hubDegree,
      inferredDeposits: depositById.size,
    },
    seeds: seedRows.map((s) => ({
      address: s.address,
      found: s.found,
      tainted: f(s.tainted),
      transfers: s.transfers,
    })),
    seedTransactions: seedTxRows,
    seedInflowsOf: inflowRows,
    endpoints,
    byLabel,
    totals: {
      seeded: f(seeded),
      betweenSeeds: f(betweenSeeds),
      reachedEndpoints: f(reached),
      held: f(held),
      stoppedAtHubs: f(atHubs),
      atHopLimit: f(atLimit),
      returnedToSeeds: f(returned),
      unresolved: f(unresolved),
      unobservedInflow: f(unobserved),
      conserved,
    },
    hops: steps.map((s, i) => {
      const src = graph.source(s.t);
      const before = { balance: s.balance, taint: s.taintBefore };
      const v = graph.amount(s.t);
      return {
        step: i + 1,
        hop: s.hop,
        txHash: graph.txHash(s.t),
        block: graph.block[s.t] as number,
        time: iso(s.t),
        from: graph.address(graph.from[s.t] as number),
        to: graph.address(graph.to[s.t] as number),
        amount: f(v),
        taint: f(s.taint),
        senderBalance: f(s.balance),
        senderTaint: f(s.taintBefore),
        unobservedInflow: f(s.unobserved),
        arithmetic: s.seed
          ? `seed: wholly tainted = ${f(v)}`
          : model.explain(before, v, s.lots ?? [], f),
        recipient: s.recipient,
        source: `${src.file}:${src.line}`,
      };
    }),
    hopSummary: [...hopTotals.entries()]
      .sort(([a], [b]) => a - b)
      .map(([hop, e]) => ({ hop, transfers: e.transfers, taint: f(e.taint) })),
    hubs: [...hubAmount.entries()]
      .sort(([a, x], [b, y]) => cmpBig(x, y) || (graph.address(a) < graph.address(b) ? -1 : 1))
      .map(([id, amount]) => ({
        address: graph.address(id),
        outDegree: (graph.outStart[id + 1] as number) - (graph.outStart[id] as number),
        amount: f(amount),
        hops: hopOf[id] as number,
      })),
    held: heldRows
      .sort(
        (a, b) =>
          cmpBig(a.amount, b.amount) || (graph.address(a.id) < graph.address(b.id) ? -1 : 1),
      )
      .map((r) => ({
        address: graph.address(r.id),
        amount: f(r.amount),
        hops: hopOf[r.id] as number,
      })),
    notes,
  };
}
