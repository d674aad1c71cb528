import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { bech32, bech32m, createBase58check } from '@scure/base';
import type { CryptoSelector } from '../types.js';

const base58check = createBase58check(sha256);

// Fixed-length character classes between word boundaries: no nested quantifiers, no backtracking blow-up.
const TRON = /(?<![0-9A-Za-z])T[1-9A-HJ-NP-Za-km-z]{33}(?![0-9A-Za-z])/g;
const ETH = /(?<![0-9A-Za-z])0x[0-9a-fA-F]{40}(?![0-9A-Za-z])/g;
const BTC_BASE58 = /(?<![0-9A-Za-z])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![0-9A-Za-z])/g;
const BTC_BECH32 = /(?<![0-9A-Za-z])(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}(?![0-9A-Za-z])/g;

function base58Version(address: string): number | null {
  try {
    const bytes = base58check.decode(address);
    return bytes.length === 21 ? (bytes[0] as number) : null;
  } catch {
    return null;
  }
}

/**
 * Checks an EIP-55 mixed-case checksum; `null` when the address is all one case (no checksum).
 *
 * @example
 * eip55Valid('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'); // true
 */
export function eip55Valid(address: string): boolean | null {
  const hex = address.slice(2);
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return null;
  const hash = keccak_256(utf8ToBytes(hex.toLowerCase()));
  for (let i = 0; i < 40; i++) {
    const char = hex[i] as string;
    if (!/[a-fA-F]/.test(char)) continue;
    const nibble = ((hash[i >> 1] as number) >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    if (nibble >= 8 !== (char === char.toUpperCase())) return false;
  }
  return true;
}

function bech32Valid(address: string): boolean {
  const lower = address.toLowerCase();
  if (address !== lower && address !== address.toUpperCase()) return false;
  for (const coder of [bech32, bech32m]) {
    try {
      const decoded = coder.decode(lower as `${string}1${string}`, 90);
      if (decoded.prefix === 'bc') return true;
    } catch {
      // try the other encoding
    }
  }
  return false;
}

/**
 * Finds TRON, Ethereum and Bitcoin addresses and validates their checksums. Base58 strings that
 * fail Base58Check are dropped (they are usually not addresses); ETH and Bech32 candidates are
 * kept with `checksumValid: false` because their shape alone is distinctive.
 *
 * @example
 * extractCrypto('USDT TRC20: TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7')[0]?.chain; // 'TRON'
 */
export function extractCrypto(text: string): CryptoSelector[] {
  const found: CryptoSelector[] = [];
  // Every address has a run of at least 25 letters and digits: one simple scan rules most posts out.
  if (!/[0-9A-Za-z]{25}/.test(text)) return found;
  for (const m of text.matchAll(TRON)) {
    if (base58Version(m[0]) !== 0x41) continue;
    found.push(span(m, 'TRON', true));
  }
  for (const m of text.matchAll(ETH)) found.push(span(m, 'ETH', eip55Valid(m[0])));
  for (const m of text.matchAll(BTC_BASE58)) {
    const version = base58Version(m[0]);
    if (version !== 0x00 && version !== 0x05) continue;
    found.push(span(m, 'BTC', true));
  }
  for (const m of text.matchAll(BTC_BECH32)) found.push(span(m, 'BTC', bech32Valid(m[0])));
  return found.sort((a, b) => a.start - b.start);
}

function span(
  m: RegExpMatchArray,
  chain: CryptoSelector['chain'],
  checksumValid: boolean | null,
): CryptoSelector {
  const start = m.index ?? 0;
  return { start, end: start + m[0].length, text: m[0], chain, address: m[0], checksumValid };
}
