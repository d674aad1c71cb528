import { blake2b } from '@noble/hashes/blake2.js';
import { hmac } from '@noble/hashes/hmac.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { BitStrategy, TextEncodingName } from './schema.js';

const utf8 = { encode: utf8ToBytes };

/**
 * The bytes a token is hashed as, matching Python's `str.encode(encoding)`: UTF-16 and UTF-32 carry
 * a little-endian byte-order mark, as Python writes them.
 *
 * @example
 * encodeToken('ab', 'utf-16'); // Uint8Array [0xff, 0xfe, 0x61, 0x00, 0x62, 0x00]
 */
export function encodeToken(token: string, encoding: TextEncodingName): Uint8Array {
  if (encoding === 'utf-8' || encoding === 'ascii') return utf8.encode(token);
  if (encoding === 'utf-16') {
    const out = new Uint8Array(2 + token.length * 2);
    out[0] = 0xff;
    out[1] = 0xfe;
    for (let i = 0; i < token.length; i++) {
      const unit = token.charCodeAt(i);
      out[2 + 2 * i] = unit & 0xff;
      out[3 + 2 * i] = unit >>> 8;
    }
    return out;
  }
  const points = Array.from(token, (c) => c.codePointAt(0) ?? 0);
  const out = new Uint8Array(4 + points.length * 4);
  out.set([0xff, 0xfe, 0, 0]);
  points.forEach((p, i) => {
    out[4 + 4 * i] = p & 0xff;
    out[5 + 4 * i] = (p >>> 8) & 0xff;
    out[6 + 4 * i] = (p >>> 16) & 0xff;
  });
  return out;
}

/**
 * How many bits each of a field's `tokenCount` tokens sets. A per-feature budget B is spread as
 * ⌊B/T⌋ with the first B mod T tokens getting one more, so the field sets exactly B bit draws.
 *
 * @example
 * bitsPerToken({ kind: 'bitsPerFeature', bits: 10 }, 4); // [3, 3, 2, 2]
 */
export function bitsPerToken(strategy: BitStrategy, tokenCount: number): number[] {
  if (tokenCount === 0) return [];
  if (strategy.kind === 'bitsPerToken') return new Array<number>(tokenCount).fill(strategy.bits);
  const k = Math.floor(strategy.bits / tokenCount);
  const residue = strategy.bits % tokenCount;
  return Array.from({ length: tokenCount }, (_, i) => (i < residue ? k + 1 : k));
}

/** A big-endian digest taken as an unsigned integer, modulo `l`. */
function digestMod(digest: Uint8Array, l: number): number {
  let r = 0;
  for (const byte of digest) r = (r * 256 + byte) % l;
  return r;
}

function setBit(filter: Uint8Array, index: number): void {
  filter[index >>> 3] = (filter[index >>> 3] ?? 0) | (0x80 >>> (index & 7));
}

/**
 * Sets a token's bits by Schnell's double hashing: h1 = HMAC-SHA1(key0) mod l,
 * h2 = HMAC-MD5(key1) mod l, bits (h1 + i·h2) mod l for i < k. With `preventSingularity`, an h2 of
 * 0 (which would put all k bits on one position) is re-drawn from HMAC-MD5 over the token followed
 * by the UTF-8 bytes of code point 0, 1, … until it is non-zero, as clkhash does.
 *
 * @example
 * const filter = new Uint8Array(128);
 * doubleHashToken(filter, 1024, bytes, [key0, key1], 20, false);
 */
export function doubleHashToken(
  filter: Uint8Array,
  l: number,
  token: Uint8Array,
  keys: readonly [Uint8Array, Uint8Array],
  k: number,
  preventSingularity: boolean,
): void {
  if (k === 0) return;
  const h1 = digestMod(hmac(sha1, keys[0], token), l);
  let h2 = digestMod(hmac(md5, keys[1], token), l);
  for (let i = 0; preventSingularity && h2 === 0; i++) {
    const suffix = utf8.encode(String.fromCodePoint(i));
    const salted = new Uint8Array(token.length + suffix.length);
    salted.set(token);
    salted.set(suffix, token.length);
    h2 = digestMod(hmac(md5, keys[1], salted), l);
  }
  for (let i = 0; i < k; i++) setBit(filter, (h1 + i * h2) % l);
}

/**
 * Sets a token's bits with keyed BLAKE2b, clkhash's default: for each block of 32 bits, a 64-byte
 * BLAKE2b digest keyed with key0 and salted with the block number in ASCII is read as 32
 * little-endian unsigned 16-bit integers; the i-th integer mod l is the i-th bit. `l` must be a
 * power of two.
 *
 * @example
 * const filter = new Uint8Array(128);
 * blakeHashToken(filter, 1024, bytes, key0, 30);
 */
export function blakeHashToken(
  filter: Uint8Array,
  l: number,
  token: Uint8Array,
  key: Uint8Array,
  k: number,
): void {
  const blocks = Math.ceil(k / 32);
  for (let b = 0; b < blocks; b++) {
    const salt = new Uint8Array(16);
    salt.set(utf8.encode(String(b)));
    const digest = blake2b(token, { key, salt, dkLen: 64 });
    const count = Math.min(32, k - 32 * b);
    for (let i = 0; i < count; i++) {
      const short = (digest[2 * i] ?? 0) | ((digest[2 * i + 1] ?? 0) << 8);
      setBit(filter, short % l);
    }
  }
}
