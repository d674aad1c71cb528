import { utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';

/** A value that has one RFC 8785 canonical form. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * RFC 8785 (JCS) canonical JSON: sorted keys, no whitespace, ECMAScript number form. The same entry
 * always gives the same bytes, so anyone can recompute a leaf hash from the entry alone.
 *
 * Rejects what JSON cannot carry faithfully (`undefined` inside arrays, non-finite numbers,
 * functions, lone surrogates, cycles) with a `TypeError` naming where it is, instead of silently
 * dropping or rewriting it as `JSON.stringify` would.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  assertJson(value, '$', new Set());
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('$ has no JSON form');
  return text;
}

/**
 * The UTF-8 bytes of {@link canonicalJson}: exactly what a custody leaf hashes.
 *
 * @example
 * const text = canonicalJson(entry);
  const data = utf8ToBytes(text); // leafHash(data) is the entry's leaf hash
 */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return utf8ToBytes(canonicalJson(value));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertJson(value: unknown, where: string, seen: Set<object>): void {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    if (typeof value === 'string' && LONE_SURROGATE.test(value)) {
      throw new TypeError(`${where} holds a lone UTF-16 surrogate, which has no UTF-8 form`);
    }
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new TypeError(`${where} is ${value}, which JSON cannot carry`);
    return;
  }
  if (typeof value !== 'object') {
    throw new TypeError(`${where} is a ${typeof value}, which JSON cannot carry`);
  }
  if (seen.has(value)) throw new TypeError(`${where} refers back to itself (a cycle)`);
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      assertJson(item, `${where}[${index}]`, seen);
    });
  } else {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      throw new TypeError(
        `${where} is a ${prototype?.constructor?.name ?? 'class instance'}; convert it to plain JSON first (e.g. a Date to an ISO string)`,
      );
    }
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      if (LONE_SURROGATE.test(key)) throw new TypeError(`${where} has a key with a lone surrogate`);
      assertJson(item, `${where}.${key}`, seen);
    }
  }
  seen.delete(value);
}
