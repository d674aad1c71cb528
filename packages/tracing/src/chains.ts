import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';

/** Chains Jaga can trace with the account model. */
export type ChainId = 'eth' | 'bsc' | 'tron';

/** Everything the importers need to know about one chain. */
export interface ChainInfo {
  readonly id: ChainId;
  readonly name: string;
  /** Native coin symbol and its decimals. */
  readonly nativeAsset: string;
  readonly nativeDecimals: number;
  /** Address format used for validation and normalisation. */
  readonly addressFormat: 'evm' | 'tron';
}

/**
 * The supported chains, by id.
 *
 * @example
 * CHAINS.tron.nativeAsset; // 'TRX'
 */
export const CHAINS: Readonly<Record<ChainId, ChainInfo>> = {
  eth: {
    id: 'eth',
    name: 'Ethereum',
    nativeAsset: 'ETH',
    nativeDecimals: 18,
    addressFormat: 'evm',
  },
  bsc: {
    id: 'bsc',
    name: 'BNB Smart Chain',
    nativeAsset: 'BNB',
    nativeDecimals: 18,
    addressFormat: 'evm',
  },
  tron: { id: 'tron', name: 'TRON', nativeAsset: 'TRX', nativeDecimals: 6, addressFormat: 'tron' },
};

const CHAIN_ALIASES: Readonly<Record<string, ChainId>> = {
  eth: 'eth',
  ethereum: 'eth',
  bsc: 'bsc',
  bnb: 'bsc',
  bep20: 'bsc',
  'binance-smart-chain': 'bsc',
  tron: 'tron',
  trx: 'tron',
  trc20: 'tron',
};

/**
 * Resolves a chain name or alias (`eth`, `Ethereum`, `TRX`, `tron`…) to its id, or undefined.
 *
 * @example
 * parseChain('TRX'); // 'tron'
 */
export function parseChain(name: string): ChainId | undefined {
  return CHAIN_ALIASES[name.trim().toLowerCase()];
}

/**
 * Known token decimals, keyed `chain:SYMBOL`; callers can extend this through options.
 *
 * @example
 * DEFAULT_ASSET_DECIMALS['tron:USDT']; // 6
 */
export const DEFAULT_ASSET_DECIMALS: Readonly<Record<string, number>> = {
  'eth:ETH': 18,
  'eth:USDT': 6,
  'eth:USDC': 6,
  'eth:DAI': 18,
  'eth:WETH': 18,
  'bsc:BNB': 18,
  'bsc:USDT': 18,
  'bsc:USDC': 18,
  'tron:TRX': 6,
  'tron:USDT': 6,
  'tron:USDC': 6,
};

/** Result of validating an address: the normalised form, or the reason it is invalid. */
export type AddressCheck = { ok: true; address: string } | { ok: false; reason: string };

const HEX40 = /^0x[0-9a-fA-F]{40}$/;

/**
 * Computes the EIP-55 mixed-case checksum form of an EVM address.
 *
 * @example
 * toChecksumAddress('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed');
 * // '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
 */
export function toChecksumAddress(address: string): string {
  const lower = address.toLowerCase().replace(/^0x/, '');
  const ascii = new Uint8Array(lower.length);
  for (let i = 0; i < lower.length; i++) ascii[i] = lower.charCodeAt(i);
  const hash = keccak_256(ascii);
  let out = '0x';
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i] as string;
    const nibble = ((hash[i >> 1] as number) >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    out += nibble >= 8 ? ch.toUpperCase() : ch;
  }
  return out;
}

function checkEvm(raw: string): AddressCheck {
  if (!HEX40.test(raw)) {
    return { ok: false, reason: `"${raw}" is not an EVM address (0x followed by 40 hex digits)` };
  }
  // Already lower case (most exports): nothing to check or copy.
  if (!/[A-F]/.test(raw) && raw.charCodeAt(1) === 120) return { ok: true, address: raw };
  const body = raw.slice(2);
  const lower = body.toLowerCase();
  // All-lower or all-upper addresses carry no checksum (EIP-55); mixed case must match it.
  if (body !== lower && body !== body.toUpperCase() && toChecksumAddress(raw) !== raw) {
    return {
      ok: false,
      reason: `"${raw}" fails its EIP-55 checksum (a character was mistyped); expected ${toChecksumAddress(raw)} if the digits are right`,
    };
  }
  return { ok: true, address: `0x${lower}` };
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE58_INDEX = new Map([...BASE58].map((c, i) => [c, i]));

function base58Decode(text: string): Uint8Array | undefined {
  let value = 0n;
  for (const c of text) {
    const digit = BASE58_INDEX.get(c);
    if (digit === undefined) return undefined;
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.push(Number(value & 0xffn));
    value >>= 8n;
  }
  for (const c of text) {
    if (c !== '1') break;
    bytes.push(0);
  }
  return Uint8Array.from(bytes.reverse());
}

function base58Encode(bytes: Uint8Array): string {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  let out = '';
  while (value > 0n) {
    out = (BASE58[Number(value % 58n)] as string) + out;
    value /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = `1${out}`;
  }
  return out;
}

function doubleSha256(bytes: Uint8Array): Uint8Array {
  return sha256(sha256(bytes));
}

function tronFromPayload(payload: Uint8Array): string {
  const check = doubleSha256(payload).subarray(0, 4);
  const full = new Uint8Array(25);
  full.set(payload, 0);
  full.set(check, 21);
  return base58Encode(full);
}

function checkTron(raw: string): AddressCheck {
  // Hex form (41 + 20 bytes) as in TronGrid's raw data: convert to the Base58Check form.
  if (/^41[0-9a-fA-F]{40}$/.test(raw)) {
    const payload = new Uint8Array(21);
    for (let i = 0; i < 21; i++) payload[i] = Number.parseInt(raw.slice(i * 2, i * 2 + 2), 16);
    return { ok: true, address: tronFromPayload(payload) };
  }
  if (!/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(raw)) {
    return {
      ok: false,
      reason: `"${raw}" is not a TRON address (34 Base58 characters starting with T, or 41 + 40 hex digits)`,
    };
  }
  const bytes = base58Decode(raw);
  if (bytes?.length !== 25 || bytes[0] !== 0x41) {
    return { ok: false, reason: `"${raw}" does not decode to a 25-byte TRON address` };
  }
  const check = doubleSha256(bytes.subarray(0, 21));
  for (let i = 0; i < 4; i++) {
    if (check[i] !== bytes[21 + i]) {
      return {
        ok: false,
        reason: `"${raw}" fails its Base58Check checksum (a character was mistyped or the address is made up)`,
      };
    }
  }
  return { ok: true, address: raw };
}

/**
 * Validates an address for a chain and returns its normalised form: lower-case hex for EVM
 * chains (mixed case must pass EIP-55), Base58Check for TRON (hex `41…` is converted).
 *
 * @example
 * normalizeAddress('eth', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed');
 * // { ok: true, address: '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed' }
 */
export function normalizeAddress(chain: ChainId, raw: string): AddressCheck {
  const text = raw.trim();
  return CHAINS[chain].addressFormat === 'evm' ? checkEvm(text) : checkTron(text);
}
