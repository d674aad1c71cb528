import { toBaseUnits } from './amount.js';
import {
  CHAINS,
  type ChainId,
  DEFAULT_ASSET_DECIMALS,
  normalizeAddress,
  parseChain,
} from './chains.js';
import {
  decodeLowerEvmAddress,
  parseAmountBytes,
  parseUintBytes,
  parseUnixTimeBytes,
} from './byte-fields.js';
import { createCsvLineReader } from './csv.js';
import { type RejectedRow, type TransferGraph, TransferGraphBuilder } from './transfer-graph.js';

/** Input formats the importer understands. `auto` picks one from the header line. */
export type TransferFormat = 'auto' | 'canonical' | 'etherscan' | 'tron-trc20';

/** Counts for one input file. */
export interface FileImportReport {
  readonly file: string;
  readonly format: Exclude<TransferFormat, 'auto'>;
  readonly rows: number;
  readonly accepted: number;
  /** Failed transactions (isError = 1, status not SUCCESS): moved no value. */
  readonly failedSkipped: number;
  /** Zero-value rows (contract calls, approvals): they move nothing to trace. */
  readonly zeroValueSkipped: number;
  readonly rejected: number;
}

/** What happened to every row of every file. Nothing is dropped without being counted here. */
export interface ImportReport {
  readonly files: readonly FileImportReport[];
  /** Every rejected row with file, line and reason (in file order). */
  readonly rejected: readonly RejectedRow[];
  /** The same transfer seen in two exports (e.g. sender's and recipient's), merged into one. */
  readonly duplicates: number;
  readonly transfers: number;
  readonly addresses: number;
  readonly assets: ReadonlyArray<{ chain: ChainId; symbol: string; decimals: number }>;
  /** Caveats that affect how the data may be read (e.g. unknown order inside a block). */
  readonly notes: readonly string[];
}

/** Options for {@link createTransferImporter}. */
export interface TransferImporterOptions {
  /** Extra or overriding token decimals, keyed `chain:SYMBOL` (e.g. `{ 'tron:BTT': 18 }`). */
  readonly assetDecimals?: Readonly<Record<string, number>>;
  /** Chain of Etherscan-style exports (default `eth`; `bsc` for BscScan). */
  readonly etherscanChain?: ChainId;
  /** Asset of TRON exports without a token column (default `USDT`). */
  readonly tronAsset?: string;
  /** Expected number of transfers, to size the arrays once. */
  readonly capacityHint?: number;
}

/** A file being imported: push chunks of text or of its UTF-8 bytes, then call end(). */
export interface TransferFileSink {
  /** Feeds the next chunk: bytes as read from the file (fastest) or text; lines may span chunks. */
  push(chunk: string | Uint8Array): void;
  end(): void;
}

/** Streams transfer files into a {@link TransferGraph}. */
export interface TransferImporter {
  /** Opens one input file (name used in reports). */
  file(name: string, format?: TransferFormat): TransferFileSink;
  /** Builds the graph: global order, duplicates merged, per-address indexes. */
  finish(): { graph: TransferGraph; report: ImportReport };
}

const CANONICAL = [
  'chain',
  'asset',
  'tx_hash',
  'block',
  'tx_index',
  'log_index',
  'timestamp',
  'from',
  'to',
  'amount',
];

/**
 * Header of the canonical transfer CSV.
 *
 * @example
 * sink.push(`${CANONICAL_HEADER}\n`);
 */
export const CANONICAL_HEADER = CANONICAL.join(',');

type RowParser = (fields: string[], line: number) => void;
/** Parses one line's bytes `src[start…end)`; false when the row must go to the string path. */
type FastRowParser = (src: Uint8Array, start: number, end: number, line: number) => boolean;

const HASH_FIELD = 1;
const ADDRESS_FIELD = 2;
const CHAIN_INDEX = Object.fromEntries(Object.keys(CHAINS).map((c, i) => [c, i])) as Record<
  ChainId,
  number
>;
// The WHATWG text codecs exist in every browser and in Node; the package is built without DOM
// types, so only the two members used here are declared.
const codecs = globalThis as unknown as {
  TextDecoder: new (label: string) => { decode(input: Uint8Array): string };
  TextEncoder: new () => { encode(input: string): Uint8Array };
};
const utf8 = new codecs.TextDecoder('utf-8');
const utf8Encoder = new codecs.TextEncoder();

function latin1(src: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(src[i] as number);
  return out;
}

const MAX_AMOUNT = 1n << 128n;

interface ParsedRow {
  chain: ChainId;
  asset: string;
  decimals: number;
  txHash: string;
  block: number;
  txIndex: number;
  logIndex: number;
  timestamp: number;
  from: string;
  to: string;
  amount: bigint;
}

class RowError extends Error {}

function fail(message: string): never {
  throw new RowError(message);
}

function parseUint(value: string | undefined, what: string): number {
  // Hot path (three times per row): a digit loop instead of a regular expression.
  const text = value ?? '';
  let n = 0;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return parseUintSlow(text, what);
    n = n * 10 + d;
  }
  if (len === 0 || len > 10 || n > 0xffffffff) return parseUintSlow(text, what);
  return n;
}

function parseUintSlow(value: string, what: string): number {
  const text = value.trim();
  if (!/^\d+$/.test(text) || Number(text) > 0xffffffff) {
    fail(`${what} "${text}" is not a whole number between 0 and 4294967295`);
  }
  return Number(text);
}

/**
 * Parses unix seconds, unix milliseconds (13+ digits) or ISO 8601 with a zone into unix seconds.
 *
 * @example
 * parseTimestamp('2020-09-13T12:26:40Z'); // 1600000000
 */
export function parseTimestamp(value: string): number {
  if (value.length === 10) {
    let n = 0;
    for (let i = 0; i < 10; i++) {
      const d = value.charCodeAt(i) - 48;
      if (d < 0 || d > 9) {
        n = -1;
        break;
      }
      n = n * 10 + d;
    }
    if (n >= 0) return n;
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    const seconds = text.length >= 13 ? Math.floor(n / 1000) : n;
    if (seconds > 0xffffffff) fail(`timestamp "${text}" is out of range`);
    return seconds;
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T'));
    if (!Number.isNaN(ms) && ms >= 0) return Math.floor(ms / 1000);
  }
  return fail(
    `timestamp "${text}" is neither unix seconds/milliseconds nor ISO 8601 with a time zone (e.g. 2024-03-01T12:00:00Z)`,
  );
}

function parseHash(value: string | undefined): string {
  // Only the shape here: the digits are checked while they are decoded (TransferGraphBuilder.addRaw).
  const text = (value ?? '').trim();
  if (text.length !== 64 && text.length !== 66)
    fail(`transaction hash "${text}" is not 64 hex digits`);
  return text;
}

function address(
  chain: ChainId,
  value: string | undefined,
  role: string,
  known?: (chain: ChainId, address: string) => number | undefined,
): string {
  // An exact spelling already interned was validated when first seen: skip the Base58Check
  // work (EVM lower-case checks are cheaper than the lookup).
  if (chain === 'tron' && value !== undefined && known?.(chain, value) !== undefined) return value;
  const check = normalizeAddress(chain, value ?? '');
  if (!check.ok) fail(`${role} address: ${check.reason}`);
  return check.address;
}

function headerIndex(header: string[]): (names: string[]) => number {
  const norm = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, ' '));
  return (names) => {
    for (const name of names) {
      const i = norm.indexOf(name);
      if (i >= 0) return i;
    }
    return -1;
  };
}

/**
 * Picks a format from a header line, or undefined if none fits.
 *
 * @example
 * detectFormat(['TxHash', 'BlockHeight', 'TimeStamp', 'From', 'To', 'Value']); // 'etherscan'
 */
export function detectFormat(header: string[]): Exclude<TransferFormat, 'auto'> | undefined {
  const find = headerIndex(header);
  if (CANONICAL.every((c) => find([c]) >= 0)) return 'canonical';
  if (find(ETHERSCAN.hash) >= 0 && find(ETHERSCAN.block) >= 0 && find(ETHERSCAN.value) >= 0) {
    return 'etherscan';
  }
  if (find(ETHERSCAN.hash) >= 0 && find(ETHERSCAN.valueIn) >= 0 && find(ETHERSCAN.valueOut) >= 0) {
    return 'etherscan';
  }
  if (find(TRON.hash) >= 0 && find(TRON.value) >= 0 && find(TRON.from) >= 0) return 'tron-trc20';
  return undefined;
}

const ETHERSCAN = {
  hash: ['txhash', 'transaction hash', 'hash'],
  block: ['blockheight', 'blockno', 'blocknumber', 'block'],
  time: ['timestamp', 'unixtimestamp', 'timestamp(unix)'],
  from: ['from'],
  to: ['to'],
  contract: ['contractaddress'],
  value: ['value(eth)', 'value', 'value(bnb)'],
  valueIn: ['value_in(eth)', 'value_in(bnb)'],
  valueOut: ['value_out(eth)', 'value_out(bnb)'],
  error: ['iserror'],
  status: ['status'],
  txIndex: ['transactionindex', 'tx_index'],
};

const TRON = {
  hash: ['transaction_id', 'txid', 'hash', 'transaction hash', 'txhash', 'tx_hash'],
  block: ['block', 'block_number', 'blocknumber', 'block_num'],
  time: ['block_timestamp', 'block_ts', 'timestamp', 'time'],
  from: ['from', 'from_address'],
  to: ['to', 'to_address'],
  value: ['value', 'amount', 'quant'],
  symbol: ['token_symbol', 'symbol', 'token', 'token_abbr'],
  decimals: ['token_decimals', 'decimals'],
  logIndex: ['event_index', 'log_index'],
  status: ['contractret', 'contract_ret', 'finalresult', 'final_result', 'status', 'result'],
};

/**
 * Creates an importer for transfer exports: the canonical CSV
 * (`chain,asset,tx_hash,block,tx_index,log_index,timestamp,from,to,amount`, amount as a decimal in
 * token units), Etherscan/BscScan account exports and TRON TRC-20 transfer exports. Every row is
 * validated (addresses per chain with checksums, non-negative exact amounts, known assets, file
 * order); bad rows are rejected with file, line and reason and the rest is imported.
 *
 * @example
 * const importer = createTransferImporter();
 * const sink = importer.file('victim.csv');
 * sink.push('chain,asset,tx_hash,block,tx_index,log_index,timestamp,from,to,amount\n' + rows);
 * sink.end();
 * const { graph, report } = importer.finish();
 */
export function createTransferImporter(options: TransferImporterOptions = {}): TransferImporter {
  const builder = new TransferGraphBuilder({ capacity: options.capacityHint ?? 1024 });
  const decimalsOf: Record<string, number> = {
    ...DEFAULT_ASSET_DECIMALS,
    ...options.assetDecimals,
  };
  const etherscanChain = options.etherscanChain ?? 'eth';
  const tronAsset = options.tronAsset ?? 'USDT';
  const files: FileImportReport[] = [];
  const rejected: RejectedRow[] = [];
  const notes = new Set<string>();
  const assetIdCache = new Map<string, number>();
  const known = (chain: ChainId, a: string) => builder.knownAddress(chain, a);

  function assetDecimals(chain: ChainId, symbol: string): number {
    const d = decimalsOf[`${chain}:${symbol}`];
    if (d === undefined) {
      fail(
        `unknown asset ${symbol} on ${chain}: give its decimals (e.g. assetDecimals { "${chain}:${symbol}": 18 }, CLI --asset-decimals ${chain}:${symbol}=18)`,
      );
    }
    return d;
  }

  return {
    file(name, format = 'auto') {
      let fileIndex = -1;
      const counts = { rows: 0, accepted: 0, failedSkipped: 0, zeroValueSkipped: 0, rejected: 0 };
      let resolved: Exclude<TransferFormat, 'auto'> | undefined =
        format === 'auto' ? undefined : format;
      let parse: RowParser | undefined;
      let fast: FastRowParser | undefined;
      const last = new Map<ChainId, [number, number, number]>();
      const reject = (line: number, reason: string): void => {
        counts.rejected++;
        rejected.push({ file: name, line, reason });
      };

      let lastAssetChain = '';
      let lastAssetSymbol = '';
      let lastAssetId = -1;
      const assetId = (chain: ChainId, symbol: string, decimals: number): number => {
        if (chain === lastAssetChain && symbol === lastAssetSymbol) return lastAssetId;
        const key = `${chain}:${symbol}`;
        const id = assetIdCache.get(key) ?? builder.asset(chain, symbol, decimals);
        assetIdCache.set(key, id);
        lastAssetChain = chain;
        lastAssetSymbol = symbol;
        lastAssetId = id;
        return id;
      };
      // Per-chain position of the previous accepted row, kept in place (no allocation per row).
      // Returns it, or undefined when the row is out of order.
      const position = (
        chain: ChainId,
        block: number,
        txIndex: number,
        logIndex: number,
      ): [number, number, number] | undefined => {
        let prev = last.get(chain);
        if (!prev) {
          prev = [0, 0, 0];
          last.set(chain, prev);
          return prev;
        }
        const [b, ti, li] = prev;
        // Without explicit indexes only the block order can be checked.
        const strict = builder.hasExplicitIndex(fileIndex);
        if (
          block < b ||
          (strict && block === b && (txIndex < ti || (txIndex === ti && logIndex < li)))
        ) {
          return undefined;
        }
        return prev;
      };
      const accept = (row: ParsedRow, line: number): void => {
        if (row.amount === 0n) {
          counts.zeroValueSkipped++;
          return;
        }
        const prev = position(row.chain, row.block, row.txIndex, row.logIndex);
        if (!prev) {
          const [b, ti, li] = last.get(row.chain) ?? [0, 0, 0];
          fail(
            `row is out of order (block ${row.block}, tx ${row.txIndex}, log ${row.logIndex} comes after block ${b}, tx ${ti}, log ${li}); sort the file ascending by block, tx_index, log_index`,
          );
        }
        if (row.amount >= MAX_AMOUNT) fail('amount is larger than any real token supply');
        const added = builder.addRaw(
          fileIndex,
          line,
          assetId(row.chain, row.asset, row.decimals),
          builder.addressId(row.chain, row.from),
          builder.addressId(row.chain, row.to),
          row,
        );
        // A rejected row does not move the order check on.
        if (!added) fail(`transaction hash "${row.txHash}" is not 64 hex digits`);
        prev[0] = row.block;
        prev[1] = row.txIndex;
        prev[2] = row.logIndex;
        counts.accepted++;
      };

      // Fast path for plain canonical rows, straight from the bytes: no strings, no bigint, no
      // per-row objects. It handles only rows that are valid in their common spelling and
      // returns false, having changed nothing, for anything else; the string parsers then
      // take the row and accept it or reject it with the reason.
      const canonicalFastPath = (
        idx: number[],
        resolve: (
          chainName: string,
          assetName: string,
        ) => {
          chain: ChainId;
          asset: string;
          decimals: number;
        },
      ): FastRowParser => {
        const need = Math.max(...idx) + 1;
        const starts = new Int32Array(need);
        const ends = new Int32Array(need);
        const kinds = new Uint8Array(need);
        kinds[idx[2] as number] = HASH_FIELD;
        kinds[idx[7] as number] = ADDRESS_FIELD;
        kinds[idx[8] as number] = ADDRESS_FIELD;
        const [iChain, iAsset, iHash, iBlock, iTx, iLog, iTime, iFrom, iTo, iAmount] = idx as [
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
        ];
        const keys = new Uint8Array(40); // decoded EVM keys of from (0…19) and to (20…39)
        const value = new Float64Array(2);
        const table = builder.addresses;
        let cachedChain = new Uint8Array(0);
        let cachedAsset = new Uint8Array(0);
        let chain: ChainId = 'eth';
        let chainIndex = 0;
        let evm = true;
        let asset = '';
        let decimals = 0;
        const same = (cached: Uint8Array, src: Uint8Array, s: number, e: number): boolean => {
          if (cached.length !== e - s) return false;
          for (let k = 0; k < cached.length; k++) if (cached[k] !== src[s + k]) return false;
          return true;
        };
        // A TRON address in its Base58Check form: id if known, -2 if new and valid, -1 if not.
        const tronAddress = (src: Uint8Array, s: number, e: number): number => {
          if (e - s !== 34) return -1;
          const id = table.find(chainIndex, src, s, 34);
          if (id >= 0) return id;
          const text = latin1(src, s, e);
          const check = normalizeAddress('tron', text);
          return check.ok && check.address === text ? -2 : -1;
        };
        return (src, s, e, line) => {
          // Split at commas. Hashes and addresses have fixed widths: when a comma stands where
          // one would end, jump there instead of reading every byte. Those fields are later
          // checked to be hex or Base58 throughout, so a jump over a comma or a quote can
          // never pass as valid; such rows go to the string path.
          let field = 0;
          for (let i = s; ;) {
            let j = i;
            const kind = field < need ? (kinds[field] as number) : 0;
            const w =
              kind === HASH_FIELD
                ? src[i + 1] === 120 || src[i + 1] === 88
                  ? 66
                  : 64
                : kind === ADDRESS_FIELD
                  ? src[i + 1] === 120
                    ? 42
                    : src[i] === 84
                      ? 34
                      : 0
                  : 0;
            if (w !== 0 && i + w < e && src[i + w] === 44) j = i + w;
            else {
              for (; j < e; j++) {
                const c = src[j] as number;
                if (c === 44) break;
                if (c === 34) return false; // quoted fields: the CSV reader's job
              }
            }
            if (field < need) {
              starts[field] = i;
              ends[field] = j;
            }
            field++;
            if (j >= e) break;
            i = j + 1;
          }
          if (field < need) return false;
          const cs = starts[iChain] as number;
          const ce = ends[iChain] as number;
          const as = starts[iAsset] as number;
          const ae = ends[iAsset] as number;
          if (!same(cachedChain, src, cs, ce) || !same(cachedAsset, src, as, ae)) {
            let resolved: ReturnType<typeof resolve>;
            try {
              resolved = resolve(
                utf8.decode(src.subarray(cs, ce)),
                utf8.decode(src.subarray(as, ae)),
              );
            } catch (error) {
              if (error instanceof RowError) return false;
              throw error;
            }
            chain = resolved.chain;
            chainIndex = CHAIN_INDEX[chain];
            evm = CHAINS[chain].addressFormat === 'evm';
            asset = resolved.asset;
            decimals = resolved.decimals;
            cachedChain = src.slice(cs, ce);
            cachedAsset = src.slice(as, ae);
          }
          let hs = starts[iHash] as number;
          const he = ends[iHash] as number;
          if (he - hs === 66 && src[hs] === 48 && (src[hs + 1] === 120 || src[hs + 1] === 88)) {
            hs += 2;
          } else if (he - hs !== 64) return false;
          const block = parseUintBytes(src, starts[iBlock] as number, ends[iBlock] as number);
          const txIndex = parseUintBytes(src, starts[iTx] as number, ends[iTx] as number);
          const logIndex = parseUintBytes(src, starts[iLog] as number, ends[iLog] as number);
          const time = parseUnixTimeBytes(src, starts[iTime] as number, ends[iTime] as number);
          if (block < 0 || txIndex < 0 || logIndex < 0 || time < 0) return false;
          const fs = starts[iFrom] as number;
          const fe = ends[iFrom] as number;
          const ts = starts[iTo] as number;
          const te = ends[iTo] as number;
          if (evm) {
            if (!decodeLowerEvmAddress(src, fs, fe, keys, 0)) return false;
            if (!decodeLowerEvmAddress(src, ts, te, keys, 20)) return false;
          } else if (tronAddress(src, fs, fe) === -1 || tronAddress(src, ts, te) === -1) {
            return false;
          }
          if (
            !parseAmountBytes(
              src,
              starts[iAmount] as number,
              ends[iAmount] as number,
              decimals,
              value,
            )
          )
            return false;
          const hi = value[0] as number;
          const lo = value[1] as number;
          if (hi === 0 && lo === 0) {
            counts.rows++;
            counts.zeroValueSkipped++;
            return true;
          }
          const prev = position(chain, block, txIndex, logIndex);
          if (!prev || !builder.stageHash(src, hs)) return false;
          // Valid: from here on the row is added.
          const a = assetId(chain, asset, decimals);
          const fromId = evm
            ? table.intern(chainIndex, keys, 0, 20)
            : table.intern(chainIndex, src, fs, 34);
          const toId = evm
            ? table.intern(chainIndex, keys, 20, 20)
            : table.intern(chainIndex, src, ts, 34);
          builder.addDecoded(
            fileIndex,
            line,
            a,
            fromId,
            toId,
            block,
            txIndex,
            logIndex,
            time,
            hi,
            lo,
          );
          prev[0] = block;
          prev[1] = txIndex;
          prev[2] = logIndex;
          counts.rows++;
          counts.accepted++;
          return true;
        };
      };

      const setup = (header: string[]): void => {
        const detected = detectFormat(header);
        if (!resolved) resolved = detected;
        if (!resolved) {
          fail(
            `cannot tell the format from the header "${header.join(',')}"; expected the canonical header "${CANONICAL_HEADER}", an Etherscan export (TxHash, BlockHeight, TimeStamp, From, To, Value) or a TRON TRC-20 export (transaction_id, block, block_timestamp, from, to, value)`,
          );
        }
        const find = headerIndex(header);
        fileIndex = builder.addFile(name, {
          explicitIndex:
            resolved === 'canonical' || (resolved === 'tron-trc20' && find(TRON.logIndex) >= 0),
        });
        const need = (names: string[], what: string): number => {
          const i = find(names);
          if (i < 0) fail(`header has no ${what} column (one of: ${names.join(', ')})`);
          return i;
        };
        if (resolved === 'canonical') {
          const idx = CANONICAL.map((c) => need([c], c));
          const resolve = (chainName: string, assetName: string) => {
            const c = parseChain(chainName);
            if (!c) fail(`unknown chain "${chainName}" (known: ${Object.keys(CHAINS).join(', ')})`);
            const a = assetName.trim().toUpperCase();
            return { chain: c, asset: a, decimals: assetDecimals(c, a) };
          };
          // Chain and asset repeat on every row: resolve each spelling once.
          let lastChainAsset = '';
          let lastResolved: { chain: ChainId; asset: string; decimals: number } | undefined;
          fast = canonicalFastPath(idx, resolve);
          parse = (f, line) => {
            const chainName = f[idx[0] as number] ?? '';
            const assetName = f[idx[1] as number] ?? '';
            const pairKey = `${chainName},${assetName}`;
            if (pairKey !== lastChainAsset || !lastResolved) {
              lastResolved = resolve(chainName, assetName);
              lastChainAsset = pairKey;
            }
            const { chain, asset, decimals } = lastResolved;
            accept(
              {
                chain,
                asset,
                decimals,
                txHash: parseHash(f[idx[2] as number]),
                block: parseUint(f[idx[3] as number], 'block'),
                txIndex: parseUint(f[idx[4] as number], 'tx_index'),
                logIndex: parseUint(f[idx[5] as number], 'log_index'),
                timestamp: parseTimestamp(f[idx[6] as number] ?? ''),
                from: address(chain, f[idx[7] as number], 'from', known),
                to: address(chain, f[idx[8] as number], 'to', known),
                amount: amount(f[idx[9] as number], decimals),
              },
              line,
            );
          };
        } else if (resolved === 'etherscan') {
          const chain = etherscanChain;
          const symbol = CHAINS[chain].nativeAsset;
          const decimals = CHAINS[chain].nativeDecimals;
          const iHash = need(ETHERSCAN.hash, 'transaction hash');
          const iBlock = need(ETHERSCAN.block, 'block number');
          const iTime = need(ETHERSCAN.time, 'unix timestamp');
          const iFrom = need(ETHERSCAN.from, 'From');
          const iTo = need(ETHERSCAN.to, 'To');
          const iContract = find(ETHERSCAN.contract);
          const iValue = find(ETHERSCAN.value);
          const iIn = find(ETHERSCAN.valueIn);
          const iOut = find(ETHERSCAN.valueOut);
          const iError = find(ETHERSCAN.error);
          const iStatus = find(ETHERSCAN.status);
          const iTx = find(ETHERSCAN.txIndex);
          const iInput = find(['input']);
          const iType = find(['type']);
          if (iTx < 0) {
            notes.add(
              'Etherscan exports carry no transaction index: transfers inside one block are ordered by transaction hash, which may differ from the real order within that block.',
            );
          }
          parse = (f, line) => {
            const err = iError >= 0 ? (f[iError] ?? '').trim() : '';
            const status = iStatus >= 0 ? (f[iStatus] ?? '').trim() : '';
            if (err === '1' || /^error/i.test(status)) {
              counts.failedSkipped++;
              return;
            }
            // Contract creations have an empty (or "NULL") To; the value goes to the new contract.
            const blank = (v: string | undefined) => {
              const x = (v ?? '').trim();
              return x === '' || x.toUpperCase() === 'NULL' ? '' : x;
            };
            let toRaw = blank(f[iTo]);
            if (toRaw === '' && iContract >= 0) toRaw = blank(f[iContract]);
            if (toRaw === '') fail('no recipient (To and ContractAddress are empty)');
            let value: bigint;
            if (iValue >= 0) value = amount(f[iValue], decimals);
            else {
              const vin = amount(f[iIn], decimals);
              value = vin > 0n ? vin : amount(f[iOut], decimals);
            }
            accept(
              {
                chain,
                asset: symbol,
                decimals,
                txHash: parseHash(f[iHash]),
                block: parseUint(f[iBlock], 'block'),
                txIndex: iTx >= 0 ? parseUint(f[iTx], 'transaction index') : 0,
                // Internal transfers (Input "NULL" in crawled exports, Type "call") happen
                // inside the call that carries the transaction's own value: order them after it.
                logIndex:
                  (iInput >= 0 && (f[iInput] ?? '').trim().toUpperCase() === 'NULL') ||
                  (iType >= 0 && /^(call|create)/i.test((f[iType] ?? '').trim()))
                    ? 1
                    : 0,
                timestamp: parseTimestamp(f[iTime] ?? ''),
                from: address(chain, f[iFrom], 'From', known),
                to: address(chain, toRaw, 'To', known),
                amount: value,
              },
              line,
            );
          };
        } else {
          const chain: ChainId = 'tron';
          const iHash = need(TRON.hash, 'transaction id');
          const iBlock = need(TRON.block, 'block number');
          const iTime = need(TRON.time, 'block timestamp');
          const iFrom = need(TRON.from, 'from');
          const iTo = need(TRON.to, 'to');
          const iValue = need(TRON.value, 'value');
          const iSymbol = find(TRON.symbol);
          const iDecimals = find(TRON.decimals);
          const iLog = find(TRON.logIndex);
          const iStatus = find(TRON.status);
          if (iLog < 0) {
            notes.add(
              'TRON exports without an event index: transfers inside one block are ordered by transaction id.',
            );
          }
          parse = (f, line) => {
            const status = iStatus >= 0 ? (f[iStatus] ?? '').trim().toUpperCase() : '';
            if (
              status !== '' &&
              status !== 'SUCCESS' &&
              status !== 'CONFIRMED' &&
              status !== 'TRUE'
            ) {
              counts.failedSkipped++;
              return;
            }
            const symbol = iSymbol >= 0 ? (f[iSymbol] ?? '').trim().toUpperCase() : tronAsset;
            if (symbol === '') fail('empty token symbol');
            let decimals: number;
            let value: bigint;
            if (iDecimals >= 0) {
              // With a decimals column the value is in base units, as TronGrid reports it.
              decimals = parseUint(f[iDecimals], 'token decimals');
              const known = decimalsOf[`${chain}:${symbol}`];
              if (known !== undefined && known !== decimals) {
                fail(`token ${symbol} has ${decimals} decimals here but ${known} elsewhere`);
              }
              const text = (f[iValue] ?? '').trim();
              if (text.startsWith('-'))
                fail(`amount "${text}" is negative: amounts must be non-negative`);
              if (!/^\d+$/.test(text))
                fail(`value "${text}" must be whole base units when a decimals column is present`);
              value = BigInt(text);
            } else {
              decimals = assetDecimals(chain, symbol);
              value = amount(f[iValue], decimals);
            }
            accept(
              {
                chain,
                asset: symbol,
                decimals,
                txHash: parseHash(f[iHash]),
                block: parseUint(f[iBlock], 'block'),
                txIndex: 0,
                logIndex: iLog >= 0 ? parseUint(f[iLog], 'event index') : 0,
                timestamp: parseTimestamp(f[iTime] ?? ''),
                from: address(chain, f[iFrom], 'from', known),
                to: address(chain, f[iTo], 'to', known),
                amount: value,
              },
              line,
            );
          };
        }
      };

      let headerSeen = false;
      let fatal = false;
      const reader = createCsvLineReader(
        (fields, line) => {
          if (fatal) return;
          if (!headerSeen) {
            headerSeen = true;
            try {
              setup(fields);
            } catch (error) {
              if (!(error instanceof RowError)) throw error;
              fatal = true;
              reject(line, `${error.message}; the whole file was skipped`);
            }
            return;
          }
          counts.rows++;
          try {
            (parse as RowParser)(fields, line);
          } catch (error) {
            if (!(error instanceof RowError)) throw error;
            reject(line, error.message);
          }
        },
        (message, line) => {
          counts.rows++;
          reject(line, message);
        },
      );
      // Lines are split on bytes; the fast path takes plain canonical rows, every other line
      // (header, quoted fields, other formats, anything unusual) is decoded and read as text.
      let lineNo = 0;
      let carry: Uint8Array | undefined;
      const handleLine = (src: Uint8Array, s: number, e: number): void => {
        lineNo++;
        if (
          lineNo === 1 &&
          e - s >= 3 &&
          src[s] === 0xef &&
          src[s + 1] === 0xbb &&
          src[s + 2] === 0xbf
        )
          s += 3;
        if (fast && !fatal && !reader.pending) {
          const end = e > s && src[e - 1] === 13 ? e - 1 : e;
          if (end === s) return; // empty line
          if (fast(src, s, end, lineNo)) return;
        }
        reader.line(utf8.decode(src.subarray(s, e)), lineNo);
      };
      const pushBytes = (bytes: Uint8Array): void => {
        let start = 0;
        if (carry) {
          const nl = bytes.indexOf(10);
          const joined = new Uint8Array(carry.length + (nl < 0 ? bytes.length : nl));
          joined.set(carry);
          joined.set(nl < 0 ? bytes : bytes.subarray(0, nl), carry.length);
          if (nl < 0) {
            carry = joined;
            return;
          }
          carry = undefined;
          handleLine(joined, 0, joined.length);
          start = nl + 1;
        }
        for (;;) {
          const nl = bytes.indexOf(10, start);
          if (nl < 0) break;
          handleLine(bytes, start, nl);
          start = nl + 1;
        }
        if (start < bytes.length) carry = bytes.slice(start);
      };
      return {
        push: (chunk) => pushBytes(typeof chunk === 'string' ? utf8Encoder.encode(chunk) : chunk),
        end: () => {
          if (carry) {
            const last = carry;
            carry = undefined;
            handleLine(last, 0, last.length);
          }
          reader.end();
          if (!headerSeen) reject(0, 'the file is empty (no header line)');
          files.push({ file: name, format: resolved ?? 'canonical', ...counts });
        },
      };
    },

    finish() {
      const { graph, duplicates, rejected: conflicts } = builder.build();
      return {
        graph,
        report: {
          files,
          rejected: [...rejected, ...conflicts],
          duplicates,
          transfers: graph.transferCount,
          addresses: graph.addressCount,
          assets: graph.assets.map(({ chain, symbol, decimals }) => ({ chain, symbol, decimals })),
          notes: [...notes],
        },
      };
    },
  };
}

function amount(value: string | undefined, decimals: number): bigint {
  const text = (value ?? '').trim();
  if (text.startsWith('-')) fail(`amount "${text}" is negative: amounts must be non-negative`);
  try {
    return toBaseUnits(text, decimals);
  } catch (error) {
    return fail((error as Error).message);
  }
}
