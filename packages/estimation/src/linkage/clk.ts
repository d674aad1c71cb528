import { base64 } from '@scure/base';
import { type ClkSet, clkSetFromBytes } from './bits.js';
import { formatFieldValue, normaliseFieldValue } from './field-value.js';
import { deriveFeatureKeys } from './keys.js';
import { LinkageError } from './linkage-error.js';
import type { LinkageSchema } from './schema.js';
import { bitsPerToken, blakeHashToken, doubleHashToken, encodeToken } from './token-hashing.js';
import { tokenize } from './tokenize.js';

/**
 * Encodes records of one agency's list into CLKs; holds the derived keys, never exposes them.
 *
 * @example
 * const encoder: ClkEncoder = createClkEncoder(schema, secret);
 * encoder.encode(['7', 'SITI RAHAYU', '1998-04-02']);
 */
export interface ClkEncoder {
  /** CLK length in bits. */
  readonly bits: number;
  /**
   * The CLK of one record: its values in schema feature order (ignored features included), as
   * MSB-first bytes. Throws a {@link LinkageError} naming the feature when a value is invalid.
   */
  encode(record: readonly string[]): Uint8Array;
}

function fold(filter: Uint8Array, folds: number): Uint8Array {
  let current = filter;
  for (let f = 0; f < folds; f++) {
    const half = current.length / 2;
    const next = current.slice(0, half);
    for (let i = 0; i < half; i++) next[i] = (next[i] ?? 0) ^ (current[half + i] ?? 0);
    current = next;
  }
  return current;
}

/**
 * Builds an encoder for a schema and the linkage secret, producing cryptographic long-term keys
 * (CLKs) bit-for-bit identical to clkhash's: every hashed feature's value is validated, normalised,
 * tokenised and hashed into one Bloom filter of l × 2^xorFolds bits, then XOR-folded to l bits.
 *
 * @example
 * const encoder = createClkEncoder(schema, new TextEncoder().encode(secret));
 * const clk = encoder.encode(['17', 'SITI', 'RAHAYU', '1998-04-02']);
 * clkToBase64(clk); // 'gMA…'
 */
export function createClkEncoder(
  schema: LinkageSchema,
  secret: Uint8Array,
  options: {
    /** Tidy each value with {@link normaliseFieldValue} before validating it (default false). */
    normalise?: boolean;
  } = {},
): ClkEncoder {
  const keys = deriveFeatureKeys(secret, schema);
  const hashL = schema.l * 2 ** schema.xorFolds;
  return {
    bits: schema.l,
    encode(record) {
      if (record.length !== schema.features.length) {
        throw new LinkageError(
          'invalid-record',
          `record has ${record.length} values but the schema has ${schema.features.length} features (${schema.features.map((f) => f.identifier).join(', ')})`,
        );
      }
      const filter = new Uint8Array(hashL / 8);
      schema.features.forEach((feature, f) => {
        if (feature.ignored) return;
        const raw = options.normalise
          ? normaliseFieldValue(record[f] ?? '', feature)
          : (record[f] ?? '');
        let value: string;
        try {
          value = formatFieldValue(raw, feature);
        } catch (cause) {
          if (cause instanceof LinkageError) {
            throw new LinkageError(
              cause.code,
              `feature "${feature.identifier}": ${cause.message}`,
              {
                cause,
              },
            );
          }
          throw cause;
        }
        const tokens = tokenize(value, feature.comparison);
        const ks = bitsPerToken(feature.strategy, tokens.length);
        const [key0, key1] = keys[f] ?? [];
        if (key0 === undefined || key1 === undefined) return;
        tokens.forEach((token, t) => {
          const bytes = encodeToken(token, feature.format.encoding);
          const k = ks[t] ?? 0;
          if (feature.hash.type === 'blakeHash') blakeHashToken(filter, hashL, bytes, key0, k);
          else
            doubleHashToken(filter, hashL, bytes, [key0, key1], k, feature.hash.preventSingularity);
        });
      });
      return fold(filter, schema.xorFolds);
    },
  };
}

/**
 * A CLK as clkhash and the anonlink entity service exchange it: base64 of the MSB-first bytes.
 *
 * @example
 * clkToBase64(Uint8Array.of(0xff, 0)); // '/wA='
 */
export function clkToBase64(clk: Uint8Array): string {
  return base64.encode(clk);
}

/**
 * Reads a list of encoded records as written by `clkutil hash` or `jaga link encode`
 * (`{"clks": ["base64", …]}`) into a packed {@link ClkSet}. Throws a {@link LinkageError}
 * (`invalid-clk`) naming the first bad entry.
 *
 * @example
 * const list = clkSetFromJson(JSON.parse(text), 'agency-a.json');
 * list.size; // number of records
 */
export function clkSetFromJson(json: unknown, label = 'CLK list'): ClkSet {
  const clks =
    typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as { clks?: unknown }).clks
      : undefined;
  if (!Array.isArray(clks)) {
    throw new LinkageError(
      'invalid-clk',
      `${label}: expected a JSON object {"clks": ["<base64>", …]} as written by "jaga link encode" or clkhash`,
    );
  }
  const filters = clks.map((entry, i) => {
    if (typeof entry !== 'string') {
      throw new LinkageError('invalid-clk', `${label}: clks[${i}] is not a base64 string`);
    }
    try {
      return base64.decode(entry);
    } catch (cause) {
      throw new LinkageError('invalid-clk', `${label}: clks[${i}] is not valid base64`, { cause });
    }
  });
  const first = filters[0];
  filters.forEach((bytes, i) => {
    if (first !== undefined && bytes.length !== first.length) {
      throw new LinkageError(
        'invalid-clk',
        `${label}: clks[${i}] has ${bytes.length * 8} bits but clks[0] has ${first.length * 8}; every CLK must come from the same schema`,
      );
    }
  });
  return clkSetFromBytes(filters);
}
