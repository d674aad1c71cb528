import { toBaseUnits } from './amount.js';
import {
  CHAINS,
  type ChainId,
  DEFAULT_ASSET_DECIMALS,
  normalizeAddress,
  parseChain,
} from './chains.js';
import { createCsvReader } from './csv.js';
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

/** A file being imported: push text chunks, then call end(). */
export interface TransferFileSink {
  push(chunk: string): void;
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
      const last = new Map<ChainId, [number, number, number]>();
      const reject = (line: number, reason: string): void => {
        counts.rejected++;
        rejected.push({ file: name, line, reason });
      };

      let lastAssetChain = '';
      let lastAssetSymbol = '';
      let lastAssetId = -1;
      const accept = (row: ParsedRow, line: number): void => {
        if (row.amount === 0n) {
          counts.zeroValueSkipped++;
          return;
        }
        // Per-chain position of the previous row, kept in place (no allocation per row).
        let prev = last.get(row.chain);
        if (prev) {
          const [b, ti, li] = prev;
          // Without explicit indexes only the block order can be checked.
          const strict = builder.hasExplicitIndex(fileIndex);
          if (
            row.block < b ||
            (strict &&
              row.block === b &&
              (row.txIndex < ti || (row.txIndex === ti && row.logIndex < li)))
          ) {
            fail(
              `row is out of order (block ${row.block}, tx ${row.txIndex}, log ${row.logIndex} comes after block ${b}, tx ${ti}, log ${li}); sort the file ascending by block, tx_index, log_index`,
            );
          }
        } else {
          prev = [0, 0, 0];
          last.set(row.chain, prev);
        }
        const before0 = prev[0];
        const before1 = prev[1];
        const before2 = prev[2];
        prev[0] = row.block;
        prev[1] = row.txIndex;
        prev[2] = row.logIndex;
        if (row.amount >= MAX_AMOUNT) {
          prev[0] = before0;
          prev[1] = before1;
          prev[2] = before2;
          fail('amount is larger than any real token supply');
        }
        let asset: number;
        if (row.chain === lastAssetChain && row.asset === lastAssetSymbol) asset = lastAssetId;
        else {
          const key = `${row.chain}:${row.asset}`;
          asset = assetIdCache.get(key) ?? builder.asset(row.chain, row.asset, row.decimals);
          assetIdCache.set(key, asset);
          lastAssetChain = row.chain;
          lastAssetSymbol = row.asset;
          lastAssetId = asset;
        }
        const added = builder.addRaw(
          fileIndex,
          line,
          asset,
          builder.addressId(row.chain, row.from),
          builder.addressId(row.chain, row.to),
          row,
        );
        if (!added) {
          // A rejected row must not move the order check on.
          prev[0] = before0;
          prev[1] = before1;
          prev[2] = before2;
          fail(`transaction hash "${row.txHash}" is not 64 hex digits`);
        }
        counts.accepted++;
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
          // Chain and asset repeat on every row: resolve each spelling once.
          let lastChainAsset = '';
          let lastResolved: { chain: ChainId; asset: string; decimals: number } | undefined;
          parse = (f, line) => {
            const chainName = f[idx[0] as number] ?? '';
            const assetName = f[idx[1] as number] ?? '';
            const pairKey = `${chainName},${assetName}`;
            if (pairKey !== lastChainAsset || !lastResolved) {
              const c = parseChain(chainName);
              if (!c)
                fail(`unknown chain "${chainName}" (known: ${Object.keys(CHAINS).join(', ')})`);
              const a = assetName.trim().toUpperCase();
              lastResolved = { chain: c, asset: a, decimals: assetDecimals(c, a) };
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
      const reader = createCsvReader(
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
      return {
        push: (chunk) => reader.push(chunk),
        end: () => {
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
