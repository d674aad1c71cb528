import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { bech32, bech32m, createBase58check } from '@scure/base';
import type { CryptoSelector } from '../types.js';

const base58check = createBase58check(sha256);

// Address shapes, each a whole run of letters and digits (the text around it is neither).
const TRON_RUN = /^T[1-9A-HJ-NP-Za-km-z]{33}$/;
const ETH_RUN = /^0x[0-9a-fA-F]{40}$/;
const BTC_BASE58_RUN = /^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/;
const BTC_BECH32_RUN = /^(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}$/;

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
  // Each pattern is bounded by non-alphanumerics on both sides, so a match is a whole run of
  // letters and digits: testing each run against the anchored patterns finds the same matches as
  // scanning the text with each pattern, in one pass. The shortest address has 14 characters,
  // and posts without a run of 25 (the Base58 and hex addresses' minimum) are ruled out.
  const runs: number[] = [];
  let longest = 0;
  // Every run of 14 or more touches one of the probes at offsets 13, 27, 41, … (14 apart), so
  // only the runs around probes that land on a letter or digit are followed to both ends: most
  // characters are never read.
  let from = 0;
  for (let probe = SHORTEST - 1; probe < text.length; probe += SHORTEST) {
    if (probe < from || !isAlphanumeric(text.charCodeAt(probe))) continue;
    let start = probe;
    while (start > from && isAlphanumeric(text.charCodeAt(start - 1))) start--;
    let end = probe + 1;
    while (end < text.length && isAlphanumeric(text.charCodeAt(end))) end++;
    from = end;
    if (end - start < SHORTEST) continue;
    runs.push(start, end);
    if (end - start > longest) longest = end - start;
  }
  if (longest < 25) return found;
  for (let r = 0; r < runs.length; r += 2) {
    const start = runs[r] as number;
    const candidate = text.slice(start, runs[r + 1]);
    const first = candidate.charCodeAt(0);
    if (first === 0x54 /* T */ && TRON_RUN.test(candidate)) {
      if (base58Version(candidate) === 0x41) found.push(span(candidate, start, 'TRON', true));
    } else if (first === 0x30 /* 0 */ && ETH_RUN.test(candidate)) {
      found.push(span(candidate, start, 'ETH', eip55Valid(candidate)));
    } else if ((first === 0x31 || first === 0x33) /* 1, 3 */ && BTC_BASE58_RUN.test(candidate)) {
      const version = base58Version(candidate);
      if (version === 0x00 || version === 0x05) found.push(span(candidate, start, 'BTC', true));
    } else if (BTC_BECH32_RUN.test(candidate)) {
      found.push(span(candidate, start, 'BTC', bech32Valid(candidate)));
    }
  }
  return found;
}

// The shortest address (a Bech32 one) has 14 letters and digits.
const SHORTEST = 14;

function isAlphanumeric(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a)
  );
}

function span(
  address: string,
  start: number,
  chain: CryptoSelector['chain'],
  checksumValid: boolean | null,
): CryptoSelector {
  return { start, end: start + address.length, text: address, chain, address, checksumValid };
}
