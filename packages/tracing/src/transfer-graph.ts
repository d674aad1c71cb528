import { AddressTable } from './address-table.js';
import { CHAINS, type ChainId } from './chains.js';

/** One token (or native coin) on one chain; taint never moves between assets. */
export interface AssetInfo {
  readonly id: number;
  readonly chain: ChainId;
  readonly symbol: string;
  readonly decimals: number;
}

/** A transfer in plain objects: what importers produce and what reports cite. */
export interface Transfer {
  readonly chain: ChainId;
  readonly asset: string;
  readonly txHash: string;
  readonly block: number;
  readonly txIndex: number;
  readonly logIndex: number;
  /** Unix seconds (UTC). */
  readonly timestamp: number;
  readonly from: string;
  readonly to: string;
  /** Integer base units of the asset. */
  readonly amount: bigint;
}

/** Where a transfer was read from, for the audit trail. */
export interface TransferSource {
  readonly file: string;
  readonly line: number;
}

/** A row that could not be used, with where it was and why. */
export interface RejectedRow {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

const CHAIN_IDS = Object.keys(CHAINS) as ChainId[];
const CHAIN_EVM = CHAIN_IDS.map((c) => CHAINS[c].addressFormat === 'evm');
// Amounts below 2^64 are written as two 32-bit halves through a view, without a bigint.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LO_WORD = LITTLE_ENDIAN ? 0 : 1;
const HI_WORD = 1 - LO_WORD;
const MASK64 = (1n << 64n) - 1n;
const MAX_AMOUNT = 1n << 128n;

class Column<T extends Uint32Array | Uint16Array | Uint8Array | BigUint64Array> {
  data: T;
  constructor(
    private readonly make: (n: number) => T,
    capacity: number,
  ) {
    this.data = make(capacity);
  }
  grow(capacity: number): void {
    const next = this.make(capacity);
    (next as unknown as { set(a: T): void }).set(this.data);
    this.data = next;
  }
}

/**
 * Collects transfers row by row into growable typed arrays, then sorts them into global time
 * order, merges duplicates (the same transfer seen in two account exports) and indexes them by
 * address. About 80 bytes per transfer plus the address table.
 *
 * @example
 * const builder = new TransferGraphBuilder();
 * const file = builder.addFile('payments.csv');
 * builder.add(file, 2, { chain: 'eth', asset: 'ETH', txHash: '0x' + 'ab'.repeat(32), block: 1,
 *   txIndex: 0, logIndex: 0, timestamp: 1_600_000_000, from: '0x' + '1'.repeat(40),
 *   to: '0x' + '2'.repeat(40), amount: 10n ** 18n });
 * const { graph } = builder.build();
 */
export class TransferGraphBuilder {
  private count = 0;
  private capacity: number;
  private readonly fromCol: Column<Uint32Array>;
  private readonly toCol: Column<Uint32Array>;
  private readonly blockCol: Column<Uint32Array>;
  private readonly txIndexCol: Column<Uint32Array>;
  private readonly logIndexCol: Column<Uint32Array>;
  private readonly timeCol: Column<Uint32Array>;
  private readonly lineCol: Column<Uint32Array>;
  private readonly fileCol: Column<Uint16Array>;
  private readonly assetCol: Column<Uint16Array>;
  private readonly amountLo: Column<BigUint64Array>;
  private readonly amountHi: Column<BigUint64Array>;
  private readonly hashCol: Column<Uint8Array>;
  private amountLo32: Uint32Array;
  private amountHi32: Uint32Array;
  /** Interned addresses (ids in first-seen order). */
  readonly addresses: AddressTable;
  private readonly assets: AssetInfo[] = [];
  private readonly assetIds = new Map<string, number>();
  private readonly files: string[] = [];

  constructor(options: { capacity?: number } = {}) {
    this.capacity = Math.max(16, options.capacity ?? 1024);
    const c = this.capacity;
    this.fromCol = new Column((n) => new Uint32Array(n), c);
    this.toCol = new Column((n) => new Uint32Array(n), c);
    this.blockCol = new Column((n) => new Uint32Array(n), c);
    this.txIndexCol = new Column((n) => new Uint32Array(n), c);
    this.logIndexCol = new Column((n) => new Uint32Array(n), c);
    this.timeCol = new Column((n) => new Uint32Array(n), c);
    this.lineCol = new Column((n) => new Uint32Array(n), c);
    this.fileCol = new Column((n) => new Uint16Array(n), c);
    this.assetCol = new Column((n) => new Uint16Array(n), c);
    this.amountLo = new Column((n) => new BigUint64Array(n), c);
    this.amountHi = new Column((n) => new BigUint64Array(n), c);
    this.hashCol = new Column((n) => new Uint8Array(n * 32), c);
    this.amountLo32 = new Uint32Array(this.amountLo.data.buffer);
    this.amountHi32 = new Uint32Array(this.amountHi.data.buffer);
    this.addresses = new AddressTable(Math.ceil(c / 8));
  }

  private readonly explicitIndex: boolean[] = [];

  /**
   * Registers a source file name and returns its index for {@link add}. `explicitIndex` says
   * whether its rows carry a real log/event index: if not (Etherscan exports), two different
   * transfers may share a transaction hash (a call and its internal transfers) and are kept
   * apart by content instead of being reported as conflicting copies.
   */
  addFile(name: string, options: { explicitIndex?: boolean } = {}): number {
    if (this.files.length >= 0xffff) throw new Error('Too many input files (at most 65,535)');
    this.files.push(name);
    this.explicitIndex.push(options.explicitIndex ?? true);
    return this.files.length - 1;
  }

  /** Whether rows of this file carry real transaction and log indexes. */
  hasExplicitIndex(file: number): boolean {
    return this.explicitIndex[file] ?? true;
  }

  /** Number of transfers added so far (before merging duplicates). */
  get size(): number {
    return this.count;
  }

  /** Returns the asset id, registering the asset on first use. */
  asset(chain: ChainId, symbol: string, decimals: number): number {
    const key = `${chain}:${symbol}`;
    let id = this.assetIds.get(key);
    if (id === undefined) {
      id = this.assets.length;
      this.assets.push({ id, chain, symbol, decimals });
      this.assetIds.set(key, id);
    }
    return id;
  }

  /** Returns the address id of an already normalised address, interning it on first use. */
  addressId(chain: ChainId, address: string): number {
    const c = CHAIN_IDS.indexOf(chain);
    return this.addresses.internString(c, CHAIN_EVM[c] as boolean, address);
  }

  /** The id of an address already interned in exactly this (normalised) spelling, if any. */
  knownAddress(chain: ChainId, address: string): number | undefined {
    const c = CHAIN_IDS.indexOf(chain);
    const id = this.addresses.findString(c, CHAIN_EVM[c] as boolean, address);
    return id < 0 ? undefined : id;
  }

  /**
   * Decodes 64 hex digits at `src[start…]` into the hash slot of the next transfer, without
   * adding it yet; returns false if they are not hex. Importers reading bytes call this first,
   * then {@link addDecoded}, so a bad hash leaves nothing behind.
   */
  stageHash(src: Uint8Array, start: number): boolean {
    if (this.count === this.capacity) this.growAll();
    const h = this.hashCol.data;
    const base = this.count * 32;
    for (let k = 0; k < 32; k++) {
      const hi = HEX_VALUE[src[start + 2 * k] as number] as number;
      const lo = HEX_VALUE[src[start + 2 * k + 1] as number] as number;
      if ((hi | lo) < 0) return false;
      h[base + k] = (hi << 4) | lo;
    }
    return true;
  }

  /**
   * Adds a transfer whose hash was staged with {@link stageHash}; the amount (below 2^64 base
   * units) is given as its high and low 32-bit halves, so no bigint is made per row.
   */
  addDecoded(
    file: number,
    line: number,
    asset: number,
    from: number,
    to: number,
    block: number,
    txIndex: number,
    logIndex: number,
    time: number,
    amountHi32: number,
    amountLo32: number,
  ): void {
    const i = this.count++;
    this.fromCol.data[i] = from;
    this.toCol.data[i] = to;
    this.blockCol.data[i] = block;
    this.txIndexCol.data[i] = txIndex;
    this.logIndexCol.data[i] = logIndex;
    this.timeCol.data[i] = time;
    this.lineCol.data[i] = line;
    this.fileCol.data[i] = file;
    this.assetCol.data[i] = asset;
    this.amountLo32[2 * i + LO_WORD] = amountLo32;
    this.amountLo32[2 * i + HI_WORD] = amountHi32;
    this.amountHi32[2 * i + LO_WORD] = 0;
    this.amountHi32[2 * i + HI_WORD] = 0;
  }

  /**
   * Adds one validated transfer (addresses already normalised, hash as 64 hex digits with or
   * without 0x). Throws on a bad hash or an amount of 2^128 or more, which no real token reaches.
   */
  add(file: number, line: number, t: Transfer, decimals?: number): void {
    if (t.amount < 0n || t.amount >= MAX_AMOUNT) {
      throw new Error(`amount ${t.amount} is outside 0 … 2^128 base units`);
    }
    const asset = this.asset(t.chain, t.asset, decimals ?? 18);
    const ok = this.addRaw(
      file,
      line,
      asset,
      this.addressId(t.chain, t.from),
      this.addressId(t.chain, t.to),
      t,
    );
    if (!ok) throw new Error(`transaction hash "${t.txHash}" is not 64 hex digits`);
  }

  /**
   * Fast path used by the importers: ids already resolved. Returns false, adding nothing, when
   * the hash is not 64 hex digits (the importers validate it here to read it only once).
   */
  addRaw(
    file: number,
    line: number,
    asset: number,
    from: number,
    to: number,
    t: Pick<Transfer, 'txHash' | 'block' | 'txIndex' | 'logIndex' | 'timestamp' | 'amount'>,
  ): boolean {
    if (this.count === this.capacity) this.growAll();
    const i = this.count;
    if (!writeHash(this.hashCol.data, i * 32, t.txHash)) return false;
    this.count++;
    this.fromCol.data[i] = from;
    this.toCol.data[i] = to;
    this.blockCol.data[i] = t.block;
    this.txIndexCol.data[i] = t.txIndex;
    this.logIndexCol.data[i] = t.logIndex;
    this.timeCol.data[i] = t.timestamp;
    this.lineCol.data[i] = line;
    this.fileCol.data[i] = file;
    this.assetCol.data[i] = asset;
    // Almost every amount fits 64 bits: skip the two extra bigint operations then.
    if (t.amount <= MASK64) {
      this.amountLo.data[i] = t.amount;
      this.amountHi.data[i] = 0n;
    } else {
      this.amountLo.data[i] = t.amount & MASK64;
      this.amountHi.data[i] = t.amount >> 64n;
    }
    return true;
  }

  private growAll(): void {
    const c = this.capacity * 2;
    for (const col of [
      this.fromCol,
      this.toCol,
      this.blockCol,
      this.txIndexCol,
      this.logIndexCol,
      this.timeCol,
      this.lineCol,
    ]) {
      col.grow(c);
    }
    this.fileCol.grow(c);
    this.assetCol.grow(c);
    this.amountLo.grow(c);
    this.amountHi.grow(c);
    this.hashCol.grow(c * 32);
    this.amountLo32 = new Uint32Array(this.amountLo.data.buffer);
    this.amountHi32 = new Uint32Array(this.amountHi.data.buffer);
    this.capacity = c;
  }

  /**
   * Call once: the builder hands its arrays to the graph.
   * Sorts into global order (chain, block, tx index, tx hash, log index), merges exact
   * duplicates and rejects conflicting ones (same transfer key, different content), then
   * indexes by address.
   */
  build(): { graph: TransferGraph; duplicates: number; rejected: RejectedRow[] } {
    const n = this.count;
    const table = this.addresses;
    const chainOf = (i: number): number => table.chain(this.fromCol.data[i] as number);
    const cmp = (a: number, b: number): number => {
      const d =
        chainOf(a) - chainOf(b) ||
        (this.blockCol.data[a] as number) - (this.blockCol.data[b] as number) ||
        (this.txIndexCol.data[a] as number) - (this.txIndexCol.data[b] as number);
      if (d !== 0) return d;
      // Hash before log index: without transaction indexes (Etherscan) a transaction's
      // transfers must stay together.
      const h = this.hashCol.data;
      for (let k = 0; k < 32; k++) {
        const x = (h[a * 32 + k] as number) - (h[b * 32 + k] as number);
        if (x !== 0) return x;
      }
      const l = (this.logIndexCol.data[a] as number) - (this.logIndexCol.data[b] as number);
      if (l !== 0) return l;
      // Same transaction and index: order by content (never by file order or interning
      // order) so the result is the same whatever order the files come in.
      return (
        (this.assetCol.data[a] as number) - (this.assetCol.data[b] as number) ||
        table.compare(this.fromCol.data[a] as number, this.fromCol.data[b] as number) ||
        table.compare(this.toCol.data[a] as number, this.toCol.data[b] as number) ||
        compareBig(this.amountHi.data[a] as bigint, this.amountHi.data[b] as bigint) ||
        compareBig(this.amountLo.data[a] as bigint, this.amountLo.data[b] as bigint) ||
        (this.timeCol.data[a] as number) - (this.timeCol.data[b] as number) ||
        (this.fileCol.data[a] as number) - (this.fileCol.data[b] as number) ||
        (this.lineCol.data[a] as number) - (this.lineCol.data[b] as number)
      );
    };
    let sorted = true;
    for (let i = 1; i < n; i++) {
      if (cmp(i - 1, i) > 0) {
        sorted = false;
        break;
      }
    }
    let order: Uint32Array | undefined;
    if (!sorted) {
      // Radix sort on (chain, block, tx index), then the full comparison only inside runs
      // that tie on those: several exports interleave millions of rows, and a comparison sort
      // over all of them spends most of its time in the comparator.
      const chains = new Uint8Array(n);
      for (let i = 0; i < n; i++) chains[i] = chainOf(i);
      order = radixOrder(n, chains, this.blockCol.data, this.txIndexCol.data);
      const block = this.blockCol.data;
      const tx = this.txIndexCol.data;
      for (let k = 0; k < n;) {
        const i = order[k] as number;
        let j = k + 1;
        while (
          j < n &&
          chains[order[j] as number] === chains[i] &&
          block[order[j] as number] === block[i] &&
          tx[order[j] as number] === tx[i]
        )
          j++;
        if (j - k > 1) order.subarray(k, j).sort(cmp);
        k = j;
      }
    }
    const at = (k: number): number => (order ? (order[k] as number) : k);
    // Merge duplicates: same key (chain, block, tx, log, hash, asset).
    const keep = new Uint32Array(n);
    let kept = 0;
    let duplicates = 0;
    const rejected: RejectedRow[] = [];
    const sameKey = (a: number, b: number): boolean => {
      if (
        chainOf(a) !== chainOf(b) ||
        this.blockCol.data[a] !== this.blockCol.data[b] ||
        this.txIndexCol.data[a] !== this.txIndexCol.data[b] ||
        this.logIndexCol.data[a] !== this.logIndexCol.data[b] ||
        this.assetCol.data[a] !== this.assetCol.data[b]
      ) {
        return false;
      }
      const h = this.hashCol.data;
      for (let k = 0; k < 32; k++) if (h[a * 32 + k] !== h[b * 32 + k]) return false;
      return true;
    };
    const sameContent = (a: number, b: number): boolean =>
      this.fromCol.data[a] === this.fromCol.data[b] &&
      this.toCol.data[a] === this.toCol.data[b] &&
      this.amountLo.data[a] === this.amountLo.data[b] &&
      this.amountHi.data[a] === this.amountHi.data[b] &&
      this.timeCol.data[a] === this.timeCol.data[b];
    let groupStart = -1;
    for (let k = 0; k < n; k++) {
      const i = at(k);
      if (kept > 0 && groupStart >= 0 && sameKey(groupStart, i)) {
        if (sameContent(groupStart, i)) duplicates++;
        else if (
          !this.explicitIndex[this.fileCol.data[i] as number] ||
          !this.explicitIndex[this.fileCol.data[groupStart] as number]
        ) {
          // Without a log index a transaction may hold several different transfers.
          groupStart = i;
          keep[kept++] = i;
        } else {
          const first = this.files[this.fileCol.data[groupStart] as number];
          rejected.push({
            file: this.files[this.fileCol.data[i] as number] as string,
            line: this.lineCol.data[i] as number,
            reason: `conflicts with ${first} line ${this.lineCol.data[groupStart]}: same transaction, index and asset but different from/to/amount/time; one of the exports is wrong or the log index is missing`,
          });
        }
        continue;
      }
      groupStart = i;
      keep[kept++] = i;
    }
    const identity = sorted && kept === n;
    // Without reordering and with little spare capacity, views avoid copying 80 bytes per
    // transfer; otherwise copy column by column and drop each source at once, so the peak is
    // the old columns plus one new one.
    const view = identity && this.capacity - kept <= kept / 8;
    const take = <T extends Uint32Array | Uint16Array | BigUint64Array>(
      col: Column<T>,
      make: (m: number) => T,
    ): T => {
      const src = col.data;
      col.data = make(0);
      if (view) return src.subarray(0, kept) as T;
      const out = make(kept);
      if (identity) (out as unknown as { set(a: T): void }).set(src.subarray(0, kept) as T);
      else for (let k = 0; k < kept; k++) out[k] = src[keep[k] as number] as never;
      return out;
    };
    const u32 = (m: number) => new Uint32Array(m);
    const u16 = (m: number) => new Uint16Array(m);
    const u64 = (m: number) => new BigUint64Array(m);
    let hashes: Uint8Array;
    const hashSrc = this.hashCol.data;
    this.hashCol.data = new Uint8Array(0);
    if (view) hashes = hashSrc.subarray(0, kept * 32);
    else {
      hashes = new Uint8Array(kept * 32);
      if (identity) hashes.set(hashSrc.subarray(0, kept * 32));
      else
        for (let k = 0; k < kept; k++) {
          const i = keep[k] as number;
          hashes.set(hashSrc.subarray(i * 32, i * 32 + 32), k * 32);
        }
    }
    table.trim();
    const graph = new TransferGraph({
      from: take(this.fromCol, u32),
      to: take(this.toCol, u32),
      block: take(this.blockCol, u32),
      txIndex: take(this.txIndexCol, u32),
      logIndex: take(this.logIndexCol, u32),
      time: take(this.timeCol, u32),
      line: take(this.lineCol, u32),
      file: take(this.fileCol, u16),
      asset: take(this.assetCol, u16),
      amountLo: take(this.amountLo, u64),
      amountHi: take(this.amountHi, u64),
      hashes,
      addresses: table,
      assets: this.assets,
      files: this.files,
    });
    this.count = 0;
    this.capacity = 0;
    return { graph, duplicates, rejected };
  }
}

/**
 * Transfer positions ordered by (chain, block, tx index), stable: a least-significant-digit
 * radix sort in 16-bit digits, skipping digits that are the same for every transfer.
 */
function radixOrder(
  n: number,
  chains: Uint8Array,
  block: Uint32Array,
  tx: Uint32Array,
): Uint32Array {
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  // Digits from least to most significant: tx low, tx high, block low, block high, chain.
  for (let d = 0; d < 5; d++) {
    const digit = (i: number): number =>
      d === 0
        ? (tx[i] as number) & 0xffff
        : d === 1
          ? (tx[i] as number) >>> 16
          : d === 2
            ? (block[i] as number) & 0xffff
            : d === 3
              ? (block[i] as number) >>> 16
              : (chains[i] as number);
    counts.fill(0);
    for (let k = 0; k < n; k++) (counts[digit(order[k] as number)] as number)++;
    if (counts[digit(order[0] as number)] === n) continue; // one value: nothing to reorder
    let sum = 0;
    for (let v = 0; v < 65536; v++) {
      const c = counts[v] as number;
      counts[v] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const i = order[k] as number;
      const v = digit(i);
      next[counts[v] as number] = i;
      counts[v] = (counts[v] as number) + 1;
    }
    const swap = order;
    order = next;
    next = swap;
  }
  return order;
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** Hex digit value by byte (either case), -1 for anything else. */
const HEX_VALUE = Int8Array.from({ length: 256 }, (_, b) => hexValue(b));

/**
 * Writes a 64-hex-digit hash (optional 0x) into 32 bytes; returns false if it is not one.
 *
 * @example
 * writeHash(new Uint8Array(32), 0, '0x' + 'ab'.repeat(32)); // true
 */
export function writeHash(target: Uint8Array, offset: number, hash: string): boolean {
  const start = hash.startsWith('0x') || hash.startsWith('0X') ? 2 : 0;
  if (hash.length - start !== 64) return false;
  for (let k = 0; k < 32; k++) {
    const hi = hexValue(hash.charCodeAt(start + 2 * k));
    const lo = hexValue(hash.charCodeAt(start + 2 * k + 1));
    if (hi < 0 || lo < 0) return false;
    target[offset + k] = (hi << 4) | lo;
  }
  return true;
}

interface GraphColumns {
  from: Uint32Array;
  to: Uint32Array;
  block: Uint32Array;
  txIndex: Uint32Array;
  logIndex: Uint32Array;
  time: Uint32Array;
  line: Uint32Array;
  file: Uint16Array;
  asset: Uint16Array;
  amountLo: BigUint64Array;
  amountHi: BigUint64Array;
  hashes: Uint8Array;
  addresses: AddressTable;
  assets: AssetInfo[];
  files: string[];
}

/**
 * Transfers in global time order, stored column-wise in typed arrays, with compressed-sparse-row
 * indexes of each address's outgoing and incoming transfers (each list in time order).
 * Transfer ids are positions in global order, so comparing ids compares time.
 *
 * @example
 * const { graph } = builder.build();
 * const a = graph.addressId('eth', '0x' + '1'.repeat(40));
 * for (const t of graph.outgoing(a ?? -1)) graph.amount(t);
 */
export class TransferGraph {
  readonly from: Uint32Array;
  readonly to: Uint32Array;
  readonly block: Uint32Array;
  readonly txIndex: Uint32Array;
  readonly logIndex: Uint32Array;
  /** Unix seconds. */
  readonly time: Uint32Array;
  readonly assetOf: Uint16Array;
  readonly assets: readonly AssetInfo[];
  readonly files: readonly string[];
  /** CSR: outgoing transfers of address a are outList[outStart[a] … outStart[a+1]). */
  readonly outStart: Uint32Array;
  readonly outList: Uint32Array;
  readonly inStart: Uint32Array;
  readonly inList: Uint32Array;
  private readonly cols: GraphColumns;
  private readonly texts = new Map<number, string>();
  private readonly hashCodes: number[] = new Array<number>(64).fill(48);
  private readonly prefixedHashCodes: number[] = [48, 120, ...new Array<number>(64).fill(48)];
  private readonly amountWords: Uint32Array;
  private readonly highWords: Uint32Array;

  constructor(cols: GraphColumns) {
    this.cols = cols;
    this.from = cols.from;
    this.to = cols.to;
    this.block = cols.block;
    this.txIndex = cols.txIndex;
    this.logIndex = cols.logIndex;
    this.time = cols.time;
    this.assetOf = cols.asset;
    this.assets = cols.assets;
    this.files = cols.files;
    this.amountWords = new Uint32Array(
      cols.amountLo.buffer,
      cols.amountLo.byteOffset,
      cols.amountLo.length * 2,
    );
    this.highWords = new Uint32Array(
      cols.amountHi.buffer,
      cols.amountHi.byteOffset,
      cols.amountHi.length * 2,
    );
    const nA = cols.addresses.size;
    const nT = cols.from.length;
    this.outStart = new Uint32Array(nA + 1);
    this.inStart = new Uint32Array(nA + 1);
    for (let t = 0; t < nT; t++) {
      (this.outStart[(cols.from[t] as number) + 1] as number)++;
      (this.inStart[(cols.to[t] as number) + 1] as number)++;
    }
    for (let a = 0; a < nA; a++) {
      this.outStart[a + 1] = (this.outStart[a + 1] as number) + (this.outStart[a] as number);
      this.inStart[a + 1] = (this.inStart[a + 1] as number) + (this.inStart[a] as number);
    }
    this.outList = new Uint32Array(nT);
    this.inList = new Uint32Array(nT);
    const outFill = this.outStart.slice(0, nA);
    const inFill = this.inStart.slice(0, nA);
    for (let t = 0; t < nT; t++) {
      const f = cols.from[t] as number;
      const r = cols.to[t] as number;
      this.outList[(outFill[f] as number)++] = t;
      this.inList[(inFill[r] as number)++] = t;
    }
  }

  /** Number of distinct transfers. */
  get transferCount(): number {
    return this.from.length;
  }

  /** Number of distinct addresses (over all chains). */
  get addressCount(): number {
    return this.cols.addresses.size;
  }

  /** The normalised address string of an address id. */
  address(id: number): string {
    // Texts are made on demand (most addresses are never shown) and kept once made.
    let text = this.texts.get(id);
    if (text === undefined) {
      text = this.cols.addresses.text(id, CHAIN_EVM[this.cols.addresses.chain(id)] as boolean);
      this.texts.set(id, text);
    }
    return text;
  }

  /** The chain of an address id. */
  chainOfAddress(id: number): ChainId {
    return CHAIN_IDS[this.cols.addresses.chain(id)] as ChainId;
  }

  /** The id of a normalised address, or undefined if it never transacts in the data. */
  addressId(chain: ChainId, address: string): number | undefined {
    const c = CHAIN_IDS.indexOf(chain);
    const id = this.cols.addresses.findString(c, CHAIN_EVM[c] as boolean, address);
    return id < 0 ? undefined : id;
  }

  /** Finds an asset by chain and symbol. */
  findAsset(chain: ChainId, symbol: string): AssetInfo | undefined {
    return this.assets.find((a) => a.chain === chain && a.symbol === symbol);
  }

  /**
   * The amount as a double when it is exactly one (below 2^53 base units), else -1: lets hot
   * loops add amounts without making a bigint for each.
   */
  amountNumber(t: number): number {
    if (this.highWords[2 * t] !== 0 || this.highWords[2 * t + 1] !== 0) return -1;
    const hi = this.amountWords[2 * t + HI_WORD] as number;
    if (hi >= 0x200000) return -1;
    return hi * 4294967296 + (this.amountWords[2 * t + LO_WORD] as number);
  }

  /** Exact amount of a transfer in base units. */
  amount(t: number): bigint {
    const hi = this.cols.amountHi[t] as bigint;
    const lo = this.cols.amountLo[t] as bigint;
    return hi === 0n ? lo : (hi << 64n) | lo;
  }

  /** Transaction hash as lower-case hex (0x-prefixed on EVM chains, bare on TRON). */
  txHash(t: number): string {
    // One flat string from character codes: reports list a hash per hop, and 32 concatenations
    // would leave a rope of 32 pieces for each.
    const tron = this.chainOfAddress(this.from[t] as number) === 'tron';
    const codes = tron ? this.hashCodes : this.prefixedHashCodes;
    const h = this.cols.hashes;
    for (let k = 0, o = tron ? 0 : 2; k < 32; k++, o += 2) {
      const b = h[t * 32 + k] as number;
      codes[o] = HEX_CODES[b >> 4] as number;
      codes[o + 1] = HEX_CODES[b & 15] as number;
    }
    return String.fromCharCode.apply(null, codes);
  }

  /** Raw hash bytes (a view, do not modify). */
  txHashBytes(t: number): Uint8Array {
    return this.cols.hashes.subarray(t * 32, t * 32 + 32);
  }

  /** The file and line this transfer was first read from. */
  source(t: number): TransferSource {
    return {
      file: this.files[this.cols.file[t] as number] as string,
      line: this.cols.line[t] as number,
    };
  }

  /** Outgoing transfer ids of an address, in time order. */
  outgoing(address: number): Uint32Array {
    return this.outList.subarray(this.outStart[address], this.outStart[address + 1]);
  }

  /** Incoming transfer ids of an address, in time order. */
  incoming(address: number): Uint32Array {
    return this.inList.subarray(this.inStart[address], this.inStart[address + 1]);
  }

  /** The transfer as a plain object. */
  transfer(t: number): Transfer {
    const asset = this.assets[this.assetOf[t] as number] as AssetInfo;
    return {
      chain: asset.chain,
      asset: asset.symbol,
      txHash: this.txHash(t),
      block: this.block[t] as number,
      txIndex: this.txIndex[t] as number,
      logIndex: this.logIndex[t] as number,
      timestamp: this.time[t] as number,
      from: this.address(this.from[t] as number),
      to: this.address(this.to[t] as number),
      amount: this.amount(t),
    };
  }
}
